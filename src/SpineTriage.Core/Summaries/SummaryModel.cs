using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Summaries;

/// <summary>A case currently postponed, as the summary reads it (no patient fields, no notes).</summary>
/// <param name="ReferralId">The referral id.</param>
/// <param name="Region">The region.</param>
/// <param name="Sequence">The sequence of the current result.</param>
/// <param name="Category">The category.</param>
/// <param name="Criteria">The matched criterion ids.</param>
/// <param name="NeedsReview">Whether a clinician must review.</param>
/// <param name="ReceivedAt">When the referral was received.</param>
/// <param name="PostponedSince">Since when it has been postponed without a break.</param>
/// <param name="DecidedAt">When the current decision was made.</param>
public sealed record PostponedCase(
    string ReferralId, string Region, long Sequence, TriageCategory Category, IReadOnlyList<string> Criteria,
    bool NeedsReview, DateTimeOffset ReceivedAt, DateTimeOffset PostponedSince, DateTimeOffset DecidedAt);

/// <summary>
/// A case awaiting a clinician's review (the review backlog), as the summary and a worklist read it:
/// its current result's disposition is review, or it carries needsReview while it proceeds or is
/// postponed. No patient fields, no notes.
/// </summary>
/// <param name="ReferralId">The referral id.</param>
/// <param name="Region">The region.</param>
/// <param name="Sequence">The sequence of the current result.</param>
/// <param name="Category">The category.</param>
/// <param name="Disposition">The current disposition (review, or proceed/postpone with needsReview).</param>
/// <param name="Criteria">The matched criterion ids.</param>
/// <param name="ReceivedAt">When the referral was received.</param>
/// <param name="WaitingSince">Since when it has awaited review without a break (kept while successive results keep needing review).</param>
/// <param name="DecidedAt">When the current decision was made.</param>
public sealed record ReviewCase(
    string ReferralId, string Region, long Sequence, TriageCategory Category, Disposition Disposition, IReadOnlyList<string> Criteria,
    DateTimeOffset ReceivedAt, DateTimeOffset WaitingSince, DateTimeOffset DecidedAt);

/// <summary>Summary settings (configuration section <c>SpineTriage:Summary</c>).</summary>
public sealed class SummaryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Summary";

    /// <summary>
    /// Waiting longer than this while postponed: due for re-evaluation. Default 28 days. The wait is
    /// the one the longest waits show: since the referral was received (<see cref="SummaryCalculator.Wait"/>).
    /// </summary>
    public TimeSpan ReevaluationAge { get; set; } = TimeSpan.FromDays(28);

    /// <summary>How many of the longest waits are listed.</summary>
    public int LongestWaitsShown { get; set; } = 10;

    /// <summary>How many days the trend covers, today included.</summary>
    public int TrendDays { get; set; } = 14;

    /// <summary>Awaiting a clinician's review longer than this: overdue. Default 24 hours.</summary>
    public TimeSpan ReviewWaitLimit { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>A case of the review backlog as a summary lists it: referral id, category, criterion ids and how long it has waited.</summary>
/// <param name="ReferralId">The referral id.</param>
/// <param name="Region">The region.</param>
/// <param name="Category">The category.</param>
/// <param name="Disposition">The current disposition.</param>
/// <param name="Criteria">The matched criterion ids.</param>
/// <param name="Waiting">How long it has awaited review (since <see cref="ReviewCase.WaitingSince"/>; never negative).</param>
public sealed record ReviewItem(string ReferralId, string Region, TriageCategory Category, Disposition Disposition, IReadOnlyList<string> Criteria, TimeSpan Waiting);

/// <summary>One region's line of the review backlog in the rollup.</summary>
/// <param name="Region">The region.</param>
/// <param name="Count">Cases awaiting review.</param>
/// <param name="OverLimit">Of which waiting longer than the limit.</param>
/// <param name="Oldest">The longest waiting, if any.</param>
public sealed record RegionBacklog(string Region, int Count, int OverLimit, ReviewItem? Oldest);

/// <summary>The review backlog of a summary: the cases awaiting a clinician. Referral ids, criterion ids and counts only.</summary>
/// <param name="Count">How many cases await review.</param>
/// <param name="ByCategory">By category (all four, zeros included).</param>
/// <param name="Oldest">The longest waiting case, if any.</param>
/// <param name="OverLimit">Waiting longer than <paramref name="WaitLimit"/>, longest first.</param>
/// <param name="Cases">Every case: Emergent first, then longest waiting (then by referral id).</param>
/// <param name="WaitLimit">The limit used.</param>
/// <param name="ByRegion">Per region, in region order (the rollup: every region summarised; a region: its own line).</param>
public sealed record ReviewBacklog(
    int Count,
    IReadOnlyDictionary<TriageCategory, int> ByCategory,
    ReviewItem? Oldest,
    IReadOnlyList<ReviewItem> OverLimit,
    IReadOnlyList<ReviewItem> Cases,
    TimeSpan WaitLimit,
    IReadOnlyList<RegionBacklog> ByRegion);

/// <summary>
/// One region's line of the rollup: the figures that region's own email headlines (postponed, new,
/// awaiting review, past re-evaluation, eligible to proceed), its status, and its longest wait.
/// Counts and one referral id only.
/// </summary>
/// <param name="Region">The region.</param>
/// <param name="Status">Its status now (null when none is set and none was given).</param>
/// <param name="Postponed">Cases postponed.</param>
/// <param name="NewSincePrevious">Of which postponed since the rollup's previous summary (all, when there was none).</param>
/// <param name="AwaitingReview">Cases awaiting a clinician's review.</param>
/// <param name="AwaitingReviewOverLimit">Of which waiting longer than the review wait limit.</param>
/// <param name="PastReevaluation">Postponed cases waiting longer than the re-evaluation age.</param>
/// <param name="EligibleToProceed">Postponed Urgent cases that may proceed (the region's status is normal).</param>
/// <param name="LongestWait">The postponed case that has waited longest, and for how many whole days (null when none is postponed).</param>
public sealed record RegionLine(
    string Region, RegionStatus? Status, int Postponed, int NewSincePrevious, int AwaitingReview, int AwaitingReviewOverLimit,
    int PastReevaluation, int EligibleToProceed, CaseDays? LongestWait);

/// <summary>A referral id with a number of whole days (a wait, or time postponed).</summary>
/// <param name="ReferralId">The referral id.</param>
/// <param name="Days">Whole days.</param>
public sealed record CaseDays(string ReferralId, int Days);

/// <summary>How many cases of each category were postponed at the end of one day.</summary>
/// <param name="Day">The day (in UTC).</param>
/// <param name="Urgent">Urgent cases postponed.</param>
/// <param name="Elective">Elective cases postponed.</param>
public sealed record TrendPoint(DateOnly Day, int Urgent, int Elective)
{
    /// <summary>All postponed cases that day.</summary>
    public int Total => Urgent + Elective;
}

/// <summary>One region's summary of its postponed cases and its review backlog. Referral ids and counts only.</summary>
/// <param name="Region">The region ("all regions" for the rollup).</param>
/// <param name="Status">The region's status now (null for the rollup).</param>
/// <param name="Now">When the summary was made.</param>
/// <param name="PreviousSummaryAt">When the previous summary was made, if any.</param>
/// <param name="Postponed">How many cases are postponed at <paramref name="Now"/> (the trend's last day).</param>
/// <param name="ByCategory">Postponed now, by category (Urgent, Elective).</param>
/// <param name="ByCriterion">Postponed now, by criterion id (a case counts once per criterion it matched).</param>
/// <param name="NewSincePrevious">Referral ids postponed since the previous summary (all, when there was none).</param>
/// <param name="LongestWaits">The longest waits (since the referral was received), longest first.</param>
/// <param name="PastReevaluation">Every case whose wait (the same as in <paramref name="LongestWaits"/>) is longer than the re-evaluation age, longest first.</param>
/// <param name="EligibleToProceed">Postponed Urgent cases in a region whose status is now normal.</param>
/// <param name="Trend">Postponed cases per category over the last days, oldest first.</param>
/// <param name="ReevaluationAge">The re-evaluation age used.</param>
/// <param name="Backlog">The cases awaiting a clinician's review (whatever their disposition).</param>
public sealed record RegionSummary(
    string Region,
    RegionStatus? Status,
    DateTimeOffset Now,
    DateTimeOffset? PreviousSummaryAt,
    int Postponed,
    IReadOnlyDictionary<TriageCategory, int> ByCategory,
    IReadOnlyList<KeyValuePair<string, int>> ByCriterion,
    IReadOnlyList<string> NewSincePrevious,
    IReadOnlyList<CaseDays> LongestWaits,
    IReadOnlyList<CaseDays> PastReevaluation,
    IReadOnlyList<string> EligibleToProceed,
    IReadOnlyList<TrendPoint> Trend,
    TimeSpan ReevaluationAge,
    ReviewBacklog Backlog)
{
    /// <summary>The rollup's region name.</summary>
    public const string AllRegions = "all regions";

    /// <summary>Whether this is the rollup across regions.</summary>
    public bool IsRollup => Region == AllRegions;

    /// <summary>The rollup: a line per region, in region order (their figures add up to the rollup's). A region's summary: empty.</summary>
    public IReadOnlyList<RegionLine> Regions { get; init; } = [];
}
