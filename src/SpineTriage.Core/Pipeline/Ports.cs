using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Pipeline;

/// <summary>Where one queue message came from: its id and how often it has been delivered.</summary>
/// <param name="MessageId">The queue's id of the message (stable across redeliveries).</param>
/// <param name="DequeueCount">How many times the message has been delivered, this time included.</param>
public sealed record QueueMessageContext(string MessageId, long DequeueCount);

/// <summary>A triage result with what the store needs beside it.</summary>
/// <param name="Result">The result.</param>
/// <param name="ReceivedAt">When the referral was received (from the message).</param>
/// <param name="Message">The message exactly as received, kept in the referral's audit trail.</param>
public sealed record TriageDecision(TriageResult Result, DateTimeOffset ReceivedAt, ReadOnlyMemory<byte> Message = default);

/// <summary>What storing a decision did.</summary>
public enum SaveOutcome
{
    /// <summary>The decision is now the referral's current result.</summary>
    Stored,

    /// <summary>The same sequence was already stored (a redelivery): nothing changed.</summary>
    Duplicate,

    /// <summary>A higher sequence is already stored: the older message changed nothing.</summary>
    Superseded,
}

/// <summary>A message that broke the contract, kept with its reason so an operator can see and replay it.</summary>
/// <param name="MessageId">The queue's id of the message.</param>
/// <param name="ReferralId">The referral id when it could be read, else null.</param>
/// <param name="Reason">Why it was rejected: each bad field, never a value.</param>
/// <param name="Body">The raw body (up to 64 KiB).</param>
/// <param name="ReceivedAt">When it was rejected.</param>
/// <param name="DequeueCount">How many times it had been delivered.</param>
public sealed record RejectedMessage(string MessageId, string? ReferralId, string Reason, ReadOnlyMemory<byte> Body, DateTimeOffset ReceivedAt, long DequeueCount);

/// <summary>Stores triage decisions: the current result per referral, its history, and the postponed cases per region.</summary>
public interface ITriageStore
{
    /// <summary>
    /// Stores a decision unless a decision with the same or a higher sequence is stored already.
    /// Safe to call again with the same decision (redelivery) and from racing workers.
    /// </summary>
    Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default);
}

/// <summary>Keeps rejected messages.</summary>
public interface IRejectedMessageStore
{
    /// <summary>Keeps a rejected message; keeping the same message id again changes nothing.</summary>
    Task SaveAsync(RejectedMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Reads a region's current status.</summary>
public interface IRegionStatusReader
{
    /// <summary>The region's status, or the configured default when none is set.</summary>
    ValueTask<RegionStatus> GetStatusAsync(string region, CancellationToken cancellationToken = default);
}
