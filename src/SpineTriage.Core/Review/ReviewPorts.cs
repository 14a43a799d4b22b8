namespace SpineTriage.Core.Review;

/// <summary>
/// What the review use case needs from storage: the per-region worklist index, a referral as it
/// stands, recording a clinician's decision (with its trail entry, atomically), and the trail.
/// </summary>
public interface IReviewStore
{
    /// <summary>The regions that may have referrals on the worklist, in order (the index's partitions: no table scan).</summary>
    IAsyncEnumerable<string> GetWorklistRegionsAsync(CancellationToken cancellationToken = default);

    /// <summary>A region's worklist, in no particular order: one partition of the index, each row checked against the current result.</summary>
    Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(string region, CancellationToken cancellationToken = default);

    /// <summary>A referral as it stands, or null when no referral has that id.</summary>
    Task<ReferralCase?> GetCaseAsync(string referralId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a clinician's decision on the referral's current sequence and appends it to the
    /// trail in the same transaction; refuses it when the current sequence is another one.
    /// </summary>
    Task<DecisionReceipt> RecordDecisionAsync(ClinicianDecision decision, CancellationToken cancellationToken = default);

    /// <summary>The referral's audit trail, oldest entry first (empty when the referral is unknown).</summary>
    IAsyncEnumerable<TrailEntry> GetTrailAsync(string referralId, CancellationToken cancellationToken = default);
}
