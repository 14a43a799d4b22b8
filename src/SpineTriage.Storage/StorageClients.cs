using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SpineTriage.Storage;

/// <summary>
/// The Table and Queue service clients of one storage account, from a connection string or from an
/// account URI with <see cref="DefaultAzureCredential"/> (managed identity in Azure: no keys).
/// Queue messages are Base64-encoded, as the Azure Functions queue trigger expects by default; a
/// received message that is not (another producer's) is moved, as received, to the queue's poison
/// queue, as the Functions trigger does, instead of failing the whole batch.
/// </summary>
public sealed partial class StorageClients
{
    /// <summary>The suffix of a queue's poison queue.</summary>
    public const string PoisonSuffix = "-poison";

    private readonly ILogger _logger;

    /// <summary>Creates the clients for a connection string or an https account URI.</summary>
    public StorageClients(string connection, TokenCredential? credential = null, ILogger<StorageClients>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.MessageDecodingFailed += MoveUndecodableToPoisonAsync;
        if (connection.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(connection);
            var match = AccountHost().Match(uri.Host);
            if (!match.Success)
            {
                throw new ArgumentException(
                    "A storage account URI looks like https://<account>.<blob|queue|table>.core.windows.net.", nameof(connection));
            }

            var account = match.Groups["account"].Value;
            var suffix = match.Groups["suffix"].Value;
            credential ??= new DefaultAzureCredential();
            Tables = new TableServiceClient(new Uri($"https://{account}.table.{suffix}"), credential);
            Queues = new QueueServiceClient(new Uri($"https://{account}.queue.{suffix}"), credential, queueOptions);
            Description = $"https://{account}.(table|queue).{suffix} (DefaultAzureCredential)";
        }
        else
        {
            Tables = new TableServiceClient(connection);
            Queues = new QueueServiceClient(connection, queueOptions);
            Description = connection == StorageOptions.DevelopmentStorage ? "local emulator (UseDevelopmentStorage=true)" : Redact(connection);
        }
    }

    /// <summary>The Table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The Queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The storage in words for logs and the console: never a key.</summary>
    public string Description { get; }

    // The SDK leaves an undecodable message out of the received batch and on the queue; it comes
    // back after its visibility timeout. Moving it to the poison queue (send, then delete) keeps
    // it for an operator and unblocks the queue.
    private async Task MoveUndecodableToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message || args.Queue.Name.EndsWith(PoisonSuffix, StringComparison.Ordinal))
        {
            return; // a peek, or already a poison queue: nothing to move
        }

        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(args.Queue.Name + PoisonSuffix);
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
        }
        else
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken).ConfigureAwait(false);
            await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken).ConfigureAwait(false);
            await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken).ConfigureAwait(false);
        }

        LogUndecodable(message.MessageId, args.Queue.Name, poison.Name);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} is not Base64-encoded: moved, as received, to {PoisonQueue}")]
    private partial void LogUndecodable(string messageId, string queue, string poisonQueue);

    // Endpoints of a connection string without its secrets, for messages.
    private static string Redact(string connection) =>
        string.Join("; ", connection.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => part.StartsWith("AccountName=", StringComparison.OrdinalIgnoreCase)
                || part.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex(@"^(?<account>[a-z0-9]{3,24})\.(blob|queue|table|dfs|file)\.(?<suffix>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccountHost();
}
