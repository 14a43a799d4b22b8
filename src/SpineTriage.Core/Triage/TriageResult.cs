namespace SpineTriage.Core.Triage;

/// <summary>The decision for one referral: what, why, and under which rule-set version.</summary>
/// <param name="ReferralId">The referral's id.</param>
/// <param name="Sequence">The message's sequence (0 when not given).</param>
/// <param name="Region">The referral's region.</param>
/// <param name="Category">Emergent, Urgent, Elective or Unclassified.</param>
/// <param name="Disposition">proceed, postpone or review.</param>
/// <param name="Recommendation">The guidance's recommendation for the category.</param>
/// <param name="Criteria">The ids of every matched criterion, in the guidance's order.</param>
/// <param name="NeedsReview">Whether a clinician must review the decision.</param>
/// <param name="Reasons">Plain-words reasons: each match, each review flag, the disposition rule.</param>
/// <param name="RegionStatus">The region's status the disposition used.</param>
/// <param name="GuidelineVersion">The rule-set version that decided.</param>
/// <param name="DecidedAt">When the decision was made.</param>
public sealed record TriageResult(
    string ReferralId,
    long Sequence,
    string Region,
    TriageCategory Category,
    Disposition Disposition,
    string Recommendation,
    IReadOnlyList<string> Criteria,
    bool NeedsReview,
    IReadOnlyList<string> Reasons,
    RegionStatus RegionStatus,
    string GuidelineVersion,
    DateTimeOffset DecidedAt);
