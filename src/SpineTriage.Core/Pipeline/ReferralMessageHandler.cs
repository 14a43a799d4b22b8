using Microsoft.Extensions.Logging;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Pipeline;

/// <summary>What handling one message did.</summary>
public enum HandleOutcome
{
    /// <summary>Classified, and the result is the referral's current one.</summary>
    Stored,

    /// <summary>Classified, but the same sequence was stored already (a redelivery).</summary>
    Duplicate,

    /// <summary>Classified, but a higher sequence was stored already.</summary>
    Superseded,

    /// <summary>It broke the contract and was kept as a rejected message.</summary>
    Rejected,
}

/// <summary>
/// The pipeline's one step per message, shared by every host (the queue worker and the Azure
/// Functions app): parse, validate, classify with the region's status, store. An invalid message is
/// kept as rejected and the call returns normally, so the host completes it (never retried
/// forever, never lost). Any failure of the stores (storage down, throttling) propagates, so the
/// host leaves the message on its queue to be delivered again.
/// </summary>
public sealed partial class ReferralMessageHandler
{
    private readonly TriageClassifier _classifier;
    private readonly IRegionStatusReader _regions;
    private readonly ITriageStore _results;
    private readonly IRejectedMessageStore _rejects;
    private readonly TimeProvider _time;
    private readonly ILogger<ReferralMessageHandler> _logger;
    private readonly int _maxMessageBytes;

    /// <summary>Creates the handler.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="regions">Region statuses.</param>
    /// <param name="results">The result store.</param>
    /// <param name="rejects">The rejected messages.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="transport">The transport's message limit (a Storage queue's when not given).</param>
    public ReferralMessageHandler(
        TriageClassifier classifier,
        IRegionStatusReader regions,
        ITriageStore results,
        IRejectedMessageStore rejects,
        TimeProvider time,
        ILogger<ReferralMessageHandler> logger,
        MessageTransport? transport = null)
    {
        _classifier = classifier;
        _regions = regions;
        _results = results;
        _rejects = rejects;
        _time = time;
        _logger = logger;
        _maxMessageBytes = (transport ?? MessageTransport.StorageQueue).MaxBytes;
    }

    /// <summary>Handles one message body.</summary>
    public async Task<HandleOutcome> HandleAsync(ReadOnlyMemory<byte> body, QueueMessageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var read = ReferralReader.Read(body.Span, _maxMessageBytes);
        if (!read.IsValid || read.Referral is not { } referral)
        {
            await _rejects.SaveAsync(
                new RejectedMessage(context.MessageId, read.ReferralId, read.ErrorMessage, body, _time.GetUtcNow(), context.DequeueCount),
                cancellationToken).ConfigureAwait(false);

            // The reason names fields, never values: safe to log.
            LogRejected(context.MessageId, read.ReferralId, read.ErrorMessage);
            return HandleOutcome.Rejected;
        }

        var status = await _regions.GetStatusAsync(referral.Region!, cancellationToken).ConfigureAwait(false);
        var result = _classifier.Classify(referral, status, _time.GetUtcNow());
        var saved = await _results.SaveAsync(new TriageDecision(result, referral.ReceivedAt!.Value, body), cancellationToken).ConfigureAwait(false);
        LogDecided(result.ReferralId, result.Sequence, result.Category, result.Disposition, saved);
        return saved switch
        {
            SaveOutcome.Stored => HandleOutcome.Stored,
            SaveOutcome.Duplicate => HandleOutcome.Duplicate,
            SaveOutcome.Superseded => HandleOutcome.Superseded,
            _ => throw new InvalidOperationException($"Unknown save outcome {saved}."),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected message {MessageId} (referral {ReferralId}): {Reason}")]
    private partial void LogRejected(string messageId, string? referralId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} sequence {Sequence}: {Category}, {Disposition} ({Outcome})")]
    private partial void LogDecided(string referralId, long sequence, TriageCategory category, Disposition disposition, SaveOutcome outcome);
}

/// <summary>The transport a message came on, and so its size limit (<see cref="Contract.ReferralReader"/>).</summary>
/// <param name="Name">The transport's name.</param>
/// <param name="MaxBytes">The largest message body it carries.</param>
public sealed record MessageTransport(string Name, int MaxBytes)
{
    /// <summary>A Storage queue (the worker): 48 KiB of JSON, as the body is Base64.</summary>
    public static MessageTransport StorageQueue { get; } = new("Storage queue", Contract.ReferralReader.StorageQueueMaxBytes);

    /// <summary>Service Bus Standard (the Functions app): 256 KiB.</summary>
    public static MessageTransport ServiceBus { get; } = new("Service Bus", Contract.ReferralReader.ServiceBusMaxBytes);
}
