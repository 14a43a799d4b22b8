using Azure;
using Azure.Data.Tables;

namespace SpineTriage.Storage;

// Table entities. Keys: referral ids and regions keep to the contract's characters (A-Z a-z 0-9
// - _ . and a-z 0-9 -), none of which Table Storage forbids in keys (/ \ # ? and control
// characters); TableKeys still checks every key it builds.

/// <summary>The current result of one referral (partition: referral id, row: empty).</summary>
public sealed class TriageResultEntity : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The referral id.</summary>
    public string ReferralId { get; set; } = string.Empty;

    /// <summary>The message's sequence.</summary>
    public long Sequence { get; set; }

    /// <summary>The region.</summary>
    public string Region { get; set; } = string.Empty;

    /// <summary>Emergent, Urgent, Elective or Unclassified.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>proceed, postpone or review.</summary>
    public string Disposition { get; set; } = string.Empty;

    /// <summary>The guidance's recommendation.</summary>
    public string Recommendation { get; set; } = string.Empty;

    /// <summary>The matched criterion ids, as a JSON array.</summary>
    public string Criteria { get; set; } = "[]";

    /// <summary>Whether a clinician must review.</summary>
    public bool NeedsReview { get; set; }

    /// <summary>The reasons, as a JSON array.</summary>
    public string Reasons { get; set; } = "[]";

    /// <summary>The region status used.</summary>
    public string RegionStatus { get; set; } = string.Empty;

    /// <summary>The rule-set version.</summary>
    public string GuidelineVersion { get; set; } = string.Empty;

    /// <summary>When the decision was made.</summary>
    public DateTimeOffset DecidedAt { get; set; }

    /// <summary>When the referral was received.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Since when the referral has been postponed without a break (null when it is not postponed).</summary>
    public DateTimeOffset? PostponedSince { get; set; }

    /// <summary>
    /// Since when the referral has awaited a clinician's review without a break: disposition review or
    /// needsReview (null when it does not await review; also null on results stored before this was kept).
    /// </summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>
    /// How many entries the referral's audit trail has: every write of this row appends one in the same
    /// transaction, so it also fences the index rows (<see cref="IIndexRow.Revision"/>).
    /// </summary>
    public long TrailLength { get; set; }

    /// <summary>The disposition that applies now: the clinician's when one decided on this sequence, else the machine's.</summary>
    public string CurrentDisposition { get; set; } = string.Empty;

    /// <summary>The clinician's decision on this sequence: confirm or override (null: none yet).</summary>
    public string? ReviewAction { get; set; }

    /// <summary>The category the clinician decided.</summary>
    public string? ReviewCategory { get; set; }

    /// <summary>The disposition the clinician decided.</summary>
    public string? ReviewDisposition { get; set; }

    /// <summary>Who decided.</summary>
    public string? ReviewBy { get; set; }

    /// <summary>Why.</summary>
    public string? ReviewReason { get; set; }

    /// <summary>When the clinician decided.</summary>
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>Whether this result calls for a review alert (see the alerts index and its ledger).</summary>
    public bool AlertPending { get; set; }

    /// <summary>A copy to change (the one read stays as it was, for the index updates).</summary>
    internal TriageResultEntity Copy() => (TriageResultEntity)MemberwiseClone();
}

/// <summary>
/// One entry of a referral's append-only audit trail (results table; partition: referral id, row: "t" +
/// 19-digit index): a machine decision with the message as received, or a clinician's decision.
/// Added in the same transaction as the change of the current result it explains; never updated or deleted.
/// </summary>
public sealed class TrailEntryEntity : ITableEntity
{
    /// <summary>The largest part of the message one binary property holds (Table Storage's limit).</summary>
    public const int MessagePartBytes = 64 * 1024;

    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>Its position in the trail.</summary>
    public long Index { get; set; }

    /// <summary>machine or clinician.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The sequence it is about.</summary>
    public long Sequence { get; set; }

    /// <summary>When it was recorded.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Machine: the region.</summary>
    public string? Region { get; set; }

    /// <summary>Machine: the category.</summary>
    public string? Category { get; set; }

    /// <summary>Machine: the disposition.</summary>
    public string? Disposition { get; set; }

    /// <summary>Machine: the recommendation.</summary>
    public string? Recommendation { get; set; }

    /// <summary>Machine: the criterion ids, as a JSON array.</summary>
    public string? Criteria { get; set; }

    /// <summary>Machine: whether a clinician must review.</summary>
    public bool NeedsReview { get; set; }

    /// <summary>Machine: the reasons, as a JSON array.</summary>
    public string? Reasons { get; set; }

    /// <summary>Machine: the region status used.</summary>
    public string? RegionStatus { get; set; }

    /// <summary>Machine: the rule-set version.</summary>
    public string? GuidelineVersion { get; set; }

    /// <summary>Machine: when the classifier decided.</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>Machine: whether the result became the current one (false: a higher sequence was stored already).</summary>
    public bool BecameCurrent { get; set; }

    /// <summary>Machine: the message's length in bytes.</summary>
    public int MessageLength { get; set; }

    /// <summary>Machine: the message as received, first 64 KiB.</summary>
    public byte[]? Message0 { get; set; }

    /// <summary>Machine: the message, second 64 KiB.</summary>
    public byte[]? Message1 { get; set; }

    /// <summary>Machine: the message, third 64 KiB.</summary>
    public byte[]? Message2 { get; set; }

    /// <summary>Machine: the message, fourth 64 KiB (a Service Bus message is at most 256 KiB).</summary>
    public byte[]? Message3 { get; set; }

    /// <summary>Clinician: confirm or override.</summary>
    public string? Action { get; set; }

    /// <summary>Clinician: the category decided.</summary>
    public string? ReviewCategory { get; set; }

    /// <summary>Clinician: the disposition decided.</summary>
    public string? ReviewDisposition { get; set; }

    /// <summary>Clinician: who.</summary>
    public string? By { get; set; }

    /// <summary>Clinician: why.</summary>
    public string? Reason { get; set; }
}

/// <summary>
/// A row of a per-region index of current results (partition: region, row: referral id), fenced by
/// the sequence of the result it reflects: see <see cref="FencedIndex{TRow}"/>.
/// </summary>
public interface IIndexRow : ITableEntity
{
    /// <summary>The sequence of the result this row reflects.</summary>
    long Sequence { get; set; }

    /// <summary>The revision of the current result this row reflects (its trail length): the fence.</summary>
    long Revision { get; set; }
}

/// <summary>A case currently postponed (partition: region, row: referral id). Exists exactly while the current result is postpone.</summary>
public sealed class PostponedCaseEntity : IIndexRow
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The sequence of the result this row reflects.</summary>
    public long Sequence { get; set; }

    /// <summary>The revision of the current result this row reflects.</summary>
    public long Revision { get; set; }

    /// <summary>The category.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>The matched criterion ids, as a JSON array.</summary>
    public string Criteria { get; set; } = "[]";

    /// <summary>Whether a clinician must review.</summary>
    public bool NeedsReview { get; set; }

    /// <summary>When the referral was received.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Since when it has been postponed.</summary>
    public DateTimeOffset PostponedSince { get; set; }

    /// <summary>When the current decision was made.</summary>
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>
/// A case awaiting a clinician's review (partition: region, row: referral id): exists exactly while
/// the current result's disposition is review or it carries needsReview. No patient fields, no notes.
/// </summary>
public sealed class ReviewCaseEntity : IIndexRow
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The sequence of the result this row reflects.</summary>
    public long Sequence { get; set; }

    /// <summary>The revision of the current result this row reflects.</summary>
    public long Revision { get; set; }

    /// <summary>Emergent, Urgent, Elective or Unclassified.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>proceed, postpone or review.</summary>
    public string Disposition { get; set; } = string.Empty;

    /// <summary>The matched criterion ids, as a JSON array.</summary>
    public string Criteria { get; set; } = "[]";

    /// <summary>When the referral was received.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Since when it has awaited review without a break.</summary>
    public DateTimeOffset WaitingSince { get; set; }

    /// <summary>The machine's reasons, as a JSON array (rule and concept names, never the referral's text).</summary>
    public string Reasons { get; set; } = "[]";

    /// <summary>When the current decision was made.</summary>
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>
/// A result that calls for a review alert not yet sent (partition: region, row: referral id): a red flag,
/// a conflict, or an Emergent result that needs review. Ids, category and criterion ids only.
/// </summary>
public sealed class AlertCaseEntity : IIndexRow
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The sequence of the result this row reflects.</summary>
    public long Sequence { get; set; }

    /// <summary>The revision of the current result this row reflects.</summary>
    public long Revision { get; set; }

    /// <summary>The category.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>The disposition.</summary>
    public string Disposition { get; set; } = string.Empty;

    /// <summary>The criterion ids and review-reason codes, as a JSON array.</summary>
    public string Codes { get; set; } = "[]";

    /// <summary>When the result was decided (the alert's clock starts here).</summary>
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>A rejected message (partition: "rejected", row: queue message id).</summary>
public sealed class RejectedMessageEntity : ITableEntity
{
    /// <summary>The one partition of rejected messages.</summary>
    public const string Partition = "rejected";

    /// <inheritdoc />
    public string PartitionKey { get; set; } = Partition;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The referral id when readable.</summary>
    public string? ReferralId { get; set; }

    /// <summary>Why it was rejected.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The raw body (binary property, at most 64 KiB).</summary>
    public byte[] Body { get; set; } = [];

    /// <summary>When it was rejected.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>How often it had been delivered.</summary>
    public long DequeueCount { get; set; }
}

/// <summary>A region's status (partition: "region", row: region).</summary>
public sealed class RegionStatusEntity : ITableEntity
{
    /// <summary>The one partition of region statuses.</summary>
    public const string Partition = "region";

    /// <inheritdoc />
    public string PartitionKey { get; set; } = Partition;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>normal, constrained or crisis.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Who set it.</summary>
    public string SetBy { get; set; } = string.Empty;

    /// <summary>When it was set.</summary>
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>Table key rules: forbidden characters and the 1 KiB limit are refused, not silently mangled.</summary>
public static class TableKeys
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\#?");

    /// <summary>Returns the key when Table Storage accepts it, else throws <see cref="ArgumentException"/> naming the key's role.</summary>
    public static string Check(string key, string role)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > 512 || key.AsSpan().ContainsAny(Forbidden) || key.Any(char.IsControl))
        {
            throw new ArgumentException($"The {role} cannot be a Table Storage key: at most 512 characters, none of / \\ # ? or control characters.", role);
        }

        return key;
    }

    /// <summary>The row key of a sequence: 19 digits, so that rows sort by sequence.</summary>
    public static string Sequence(long sequence) => sequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
