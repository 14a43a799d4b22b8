using System.Buffers;
using System.Buffers.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace SpineTriage.Storage;

/// <summary>The referral queue and its poison queue (<c>&lt;queue&gt;-poison</c>), Base64-encoded as the Functions trigger expects.</summary>
public sealed class ReferralQueues
{
    /// <summary>Creates the queue clients from the configured names.</summary>
    public ReferralQueues(StorageClients clients, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        Queue = clients.Queues.GetQueueClient(options.Value.QueueName);
        RawQueue = clients.RawQueues.GetQueueClient(options.Value.QueueName);
        Poison = clients.Queues.GetQueueClient(options.Value.PoisonQueueName);
        RawPoison = clients.RawQueues.GetQueueClient(options.Value.PoisonQueueName);
    }

    /// <summary>The referral queue.</summary>
    public QueueClient Queue { get; }

    /// <summary>The referral queue read as stored (no decoding): the worker receives with it and decodes each message itself.</summary>
    public QueueClient RawQueue { get; }

    /// <summary>The poison queue: messages that failed <c>maxDequeueCount</c> times, original body.</summary>
    public QueueClient Poison { get; }

    /// <summary>The poison queue without encoding: the worker moves a message there as stored.</summary>
    public QueueClient RawPoison { get; }

    /// <summary>Creates both queues if they do not exist.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken = default)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one referral message (UTF-8 JSON).</summary>
    public Task SendAsync(BinaryData body, CancellationToken cancellationToken = default) =>
        Queue.SendMessageAsync(body, cancellationToken: cancellationToken);

    /// <summary>
    /// The body a producer sent, from a message read as stored (<see cref="RawQueue"/>, <see cref="RawPoison"/>):
    /// the stored text, Base64-decoded. False when the text is not Base64 (another producer's message).
    /// </summary>
    public static bool TryDecode(BinaryData stored, out ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var text = stored.ToMemory().Span;
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Base64.DecodeFromUtf8(text, decoded, out _, out var written) == OperationStatus.Done)
        {
            body = decoded.AsMemory(0, written);
            return true;
        }

        body = default;
        return false;
    }
}
