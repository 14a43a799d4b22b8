using System.Globalization;
using System.Text;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Reporting;

/// <summary>How a figure or badge should catch the eye.</summary>
internal enum Tone
{
    Neutral,
    Good,
    Warning,
    Alert,
}

/// <summary>One headline number.</summary>
internal sealed record Figure(string Label, int Value, Tone Tone);

/// <summary>A referral id, with a note in brackets when the group is about time ("52 days").</summary>
internal sealed record ReferralItem(string ReferralId, string? Note);

/// <summary>A group of referrals that need someone's attention (ids listed, the rest counted).</summary>
internal sealed record AttentionGroup(string Title, string Explanation, int Count, IReadOnlyList<ReferralItem> Shown, Tone Tone)
{
    public int NotShown => Count - Shown.Count;
}

/// <summary>A row of the by-category table.</summary>
internal sealed record CategoryRow(string Category, int Postponed, string Recommendation);

/// <summary>A row of the by-criterion table.</summary>
internal sealed record CriterionRow(string Id, string Guidance, string Category, int Postponed);

/// <summary>One case of the review backlog list: id, region (rollup only), category, disposition now, how long it has waited, its criterion ids.</summary>
internal sealed record BacklogRow(string ReferralId, string? Region, string Category, string Disposition, string Waiting, IReadOnlyList<string> Criteria, bool OverLimit);

/// <summary>
/// One line of the rollup's per-region table: the figures the region's own email headlines, its
/// status and its longest wait; the last line (<paramref name="IsTotal"/>) is all regions together.
/// </summary>
internal sealed record RegionRow(
    string Region, string? Status, Tone StatusTone, int Postponed, int New, int AwaitingReview, int AwaitingReviewOverLimit,
    int PastReevaluation, int Eligible, string LongestWait, bool IsTotal);

/// <summary>One region's line of the rollup's review backlog.</summary>
internal sealed record BacklogRegionRow(string Region, int AwaitingReview, int OverLimit, string Oldest);

/// <summary>
/// The review backlog section: how many await a clinician, by category, the oldest, how many wait
/// longer than the limit, per region (rollup only), and the cases (Emergent first, then longest waiting).
/// </summary>
internal sealed record BacklogContent(
    int Count,
    string Overview,
    IReadOnlyList<KeyValuePair<string, int>> ByCategory,
    IReadOnlyList<BacklogRegionRow> ByRegion,
    IReadOnlyList<BacklogRow> Shown,
    string Limit)
{
    public int NotShown => Count - Shown.Count;
}

/// <summary>
/// Everything one summary email says, worded once: the HTML and plain-text writers only lay it out,
/// so both parts carry the same content. Referral ids and counts only.
/// </summary>
internal sealed record SummaryEmailContent(
    string Title,
    string Subject,
    string Preheader,
    string Region,
    bool IsRollup,
    string? StatusName,
    Tone StatusTone,
    string Timing,
    IReadOnlyList<Figure> Headline,
    IReadOnlyList<RegionRow> Regions,
    string PastReevaluationLabel,
    IReadOnlyList<AttentionGroup> Attention,
    IReadOnlyList<CategoryRow> Categories,
    IReadOnlyList<CriterionRow> Criteria,
    BacklogContent Backlog,
    IReadOnlyList<CaseDays> LongestWaits,
    IReadOnlyList<TrendPoint> Trend,
    string ChartTitle,
    string ChartAlt,
    string PeriodKey)
{
    public const string Product = "SpineTriage";
    public const string Heading = "Postponed spine procedures";
    public const string Footer = "Decision support: a clinician decides. Referral ids only; no patient data.";
    public const string ByCategoryTitle = "Postponed by category";
    public const string ByCriterionTitle = "Postponed by guideline criterion";
    public const string ByCriterionNote = "A case that matched several criteria counts under each.";
    public const string LongestWaitsTitle = "Longest waits";
    public const string LongestWaitsNote = "Days since the referral was received: the wait that re-evaluation counts.";
    public const string TrendTitle = "Trend";
    public const string TrendNote = "Cases postponed at the end of each day (UTC); today is at the time of this summary, as in the headline.";
    public const string ByRegionTitle = "By region";
    public const string ByRegionNote = "Each region's own headline figures, its status and its longest wait; new cases count from this email's previous summary. The last line is all regions together.";
    public const string AllRegionsRow = "All regions";
    public const string None = "None.";
    public const string RollupNote = "All regions together: every figure covers the postponed cases and the review backlog of every region.";
    public const string BacklogTitle = "Awaiting clinician review";
    public const string BacklogNote = "Cases held for a clinician: disposition review, or flagged for review while they proceed or are postponed. Emergent first, then longest waiting; criterion ids under each referral.";
    public const string BacklogByRegionTitle = "Awaiting review per region";

    public static SummaryEmailContent From(RegionSummary summary, string periodKey, int maxIdsPerList)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var date = FormatDate(summary.Now);
        var region = summary.Region;
        var reevaluation = FormatAge(summary.ReevaluationAge);
        var newCount = summary.NewSincePrevious.Count;
        var backlog = summary.Backlog;
        var reviewCount = backlog.Count;
        var limit = FormatLimit(backlog.WaitLimit);

        var subject = Clean(string.Create(CultureInfo.InvariantCulture,
            $"{Product}: {summary.Postponed} postponed in {region} ({newCount} new, {reviewCount} {(reviewCount == 1 ? "needs" : "need")} review) — {date}"));

        var timing = summary.PreviousSummaryAt is { } previous
            ? $"Summary of {FormatTime(summary.Now)}. Previous summary: {FormatTime(previous)}."
            : $"Summary of {FormatTime(summary.Now)}. This is the first summary.";

        var headline = new List<Figure>
        {
            new("Postponed now", summary.Postponed, Tone.Neutral),
            new(summary.PreviousSummaryAt is null ? "New (first summary)" : "New since last summary", newCount, Tone.Neutral),
            new("Awaiting review", reviewCount, backlog.OverLimit.Count > 0 ? Tone.Alert : reviewCount > 0 ? Tone.Warning : Tone.Neutral),
            new(PastReevaluationTitle(summary), summary.PastReevaluation.Count, summary.PastReevaluation.Count > 0 ? Tone.Alert : Tone.Neutral),
            new("Eligible to proceed", summary.EligibleToProceed.Count, summary.EligibleToProceed.Count > 0 ? Tone.Good : Tone.Neutral),
        };

        var attention = new List<AttentionGroup>
        {
            Group("Eligible to proceed",
                summary.IsRollup
                    ? "Urgent cases still postponed in regions whose status is now normal: the guidance allows them to proceed. A clinician confirms each one."
                    : "Urgent cases still postponed while the region's status is now normal: the guidance allows them to proceed. A clinician confirms each one.",
                summary.EligibleToProceed.Select(id => new ReferralItem(id, null)).ToList(), maxIdsPerList, Tone.Good),
            Group($"Awaiting review longer than {limit}",
                $"Held for a clinician for more than {limit}, whatever the disposition. Time waiting in brackets, longest first.",
                backlog.OverLimit.Select(c => new ReferralItem(c.ReferralId, FormatWait(c.Waiting))).ToList(), maxIdsPerList, Tone.Alert),
            Group(PastReevaluationTitle(summary),
                $"Postponed and waiting more than {reevaluation} since the referral was received: due for re-evaluation. Days waiting in brackets, longest first.",
                summary.PastReevaluation.Select(c => new ReferralItem(c.ReferralId, Days(c.Days))).ToList(), maxIdsPerList, Tone.Alert),
            Group(summary.PreviousSummaryAt is null ? "New (first summary)" : "New since last summary",
                summary.PreviousSummaryAt is { } since
                    ? $"Postponed since the previous summary of {FormatTime(since)}."
                    : "There was no previous summary: every postponed case is listed.",
                summary.NewSincePrevious.Select(id => new ReferralItem(id, null)).ToList(), maxIdsPerList, Tone.Neutral),
        };

        var categories = summary.ByCategory
            .OrderByDescending(p => p.Key)
            .Select(p => new CategoryRow(p.Key.ToString(), p.Value, NassGuideline.Recommendation(p.Key)))
            .ToList();

        var criteria = summary.ByCriterion
            .Select(p => Criterion(p.Key, p.Value))
            .ToList();

        var trendFrom = summary.Trend.Count > 0 ? summary.Trend[0] : null;
        var trendTo = summary.Trend.Count > 0 ? summary.Trend[^1] : null;
        var chartTitle = SummaryChart.Title(summary);
        var chartAlt = trendFrom is null || trendTo is null
            ? $"Bar chart: postponed cases per day in {region}: no days to show."
            : string.Create(CultureInfo.InvariantCulture,
                $"Bar chart of postponed cases per day in {region}, {FormatDay(trendFrom.Day)} to {FormatDay(trendTo.Day)}: " +
                $"{trendFrom.Total} ({trendFrom.Urgent} Urgent, {trendFrom.Elective} Elective) on the first day, " +
                $"{trendTo.Total} ({trendTo.Urgent} Urgent, {trendTo.Elective} Elective) today.");

        var preheader = string.Create(CultureInfo.InvariantCulture,
            $"{summary.Postponed} postponed, {newCount} new, {reviewCount} awaiting review ({backlog.OverLimit.Count} longer than {limit}), {summary.PastReevaluation.Count} past re-evaluation, {summary.EligibleToProceed.Count} eligible to proceed.");

        return new SummaryEmailContent(
            Title: $"{Heading} — {region} — {date}",
            Subject: subject,
            Preheader: preheader,
            Region: region,
            IsRollup: summary.IsRollup,
            StatusName: summary.IsRollup ? null : summary.Status?.Name() ?? "not set",
            StatusTone: StatusToneOf(summary.Status),
            Timing: timing,
            Headline: headline,
            Regions: RegionsOf(summary),
            PastReevaluationLabel: PastReevaluationTitle(summary),
            Attention: attention,
            Categories: categories,
            Criteria: criteria,
            Backlog: BacklogOf(summary, maxIdsPerList),
            LongestWaits: summary.LongestWaits,
            Trend: summary.Trend,
            ChartTitle: chartTitle,
            ChartAlt: chartAlt,
            PeriodKey: periodKey);
    }

    /// <summary>"24 Nov 2026".</summary>
    public static string FormatDate(DateTimeOffset time) => time.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"24 Nov".</summary>
    public static string FormatDay(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>"24 Nov 2026, 06:00 UTC", or with its offset when it is not UTC.</summary>
    public static string FormatTime(DateTimeOffset time) => time.Offset == TimeSpan.Zero
        ? time.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC"
        : time.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (UTC" + time.ToString("zzz", CultureInfo.InvariantCulture) + ")";

    /// <summary>"28 days", "1 day", or hours when the age is not whole days.</summary>
    public static string FormatAge(TimeSpan age)
    {
        if (age.Ticks % TimeSpan.TicksPerDay == 0)
        {
            var days = (long)age.TotalDays;
            return string.Create(CultureInfo.InvariantCulture, $"{days} {(days == 1 ? "day" : "days")}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0.#} hours");
    }

    /// <summary>The guidance's wording without its asides: every "(eg, ...)" and other bracketed part is left out.</summary>
    public static string ShortGuidance(string guidance)
    {
        ArgumentNullException.ThrowIfNull(guidance);
        var kept = new StringBuilder(guidance.Length);
        var depth = 0;
        foreach (var c in guidance)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                kept.Append(c);
            }
        }

        return string.Join(' ', kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(" ,", ",", StringComparison.Ordinal);
    }

    public static string Days(int days) => string.Create(CultureInfo.InvariantCulture, $"{days} {(days == 1 ? "day" : "days")}");

    /// <summary>How long a case has waited: "under 1 hour", whole hours under two days ("1 hour", "47 hours"), else whole days.</summary>
    public static string FormatWait(TimeSpan waiting)
    {
        if (waiting < TimeSpan.FromHours(1))
        {
            return "under 1 hour";
        }

        if (waiting < TimeSpan.FromDays(2))
        {
            var hours = (int)waiting.TotalHours;
            return string.Create(CultureInfo.InvariantCulture, $"{hours} {(hours == 1 ? "hour" : "hours")}");
        }

        return Days((int)waiting.TotalDays);
    }

    /// <summary>A wait limit: in hours under three days ("24 hours", "1.5 hours"), else as <see cref="FormatAge"/>.</summary>
    public static string FormatLimit(TimeSpan limit)
    {
        if (limit >= TimeSpan.FromDays(3))
        {
            return FormatAge(limit);
        }

        return limit == TimeSpan.FromHours(1) ? "1 hour" : string.Create(CultureInfo.InvariantCulture, $"{limit.TotalHours:0.#} hours");
    }

    private static string PastReevaluationTitle(RegionSummary summary) => $"Past re-evaluation ({FormatAge(summary.ReevaluationAge)})";

    // The rollup's table: a row per region, then all regions together (the headline's figures). No region: no table.
    private static List<RegionRow> RegionsOf(RegionSummary summary)
    {
        if (!summary.IsRollup || summary.Regions.Count == 0)
        {
            return [];
        }

        var rows = summary.Regions
            .Select(line => new RegionRow(
                line.Region, line.Status?.Name() ?? "not set", StatusToneOf(line.Status), line.Postponed, line.NewSincePrevious,
                line.AwaitingReview, line.AwaitingReviewOverLimit, line.PastReevaluation, line.EligibleToProceed,
                line.LongestWait is { } wait ? Days(wait.Days) : "—", IsTotal: false))
            .ToList();
        var longest = summary.Regions.Where(l => l.LongestWait is not null).Select(l => l.LongestWait!.Days)
            .Concat(summary.LongestWaits.Select(w => w.Days))
            .DefaultIfEmpty(-1).Max();
        rows.Add(new RegionRow(
            AllRegionsRow, null, Tone.Neutral, summary.Postponed, summary.NewSincePrevious.Count, summary.Backlog.Count,
            summary.Backlog.OverLimit.Count, summary.PastReevaluation.Count, summary.EligibleToProceed.Count,
            longest < 0 ? "—" : Days(longest), IsTotal: true));
        return rows;
    }

    private static Tone StatusToneOf(RegionStatus? status) => status switch
    {
        RegionStatus.Normal => Tone.Good,
        RegionStatus.Constrained => Tone.Warning,
        RegionStatus.Crisis => Tone.Alert,
        _ => Tone.Neutral,
    };

    private static BacklogContent BacklogOf(RegionSummary summary, int maxIdsPerList)
    {
        var backlog = summary.Backlog;
        var limit = FormatLimit(backlog.WaitLimit);
        var overview = backlog.Oldest is { } oldest
            ? string.Create(CultureInfo.InvariantCulture,
                $"{backlog.Count} awaiting review; the longest waiting is {oldest.ReferralId} ({FormatWait(oldest.Waiting)}); {backlog.OverLimit.Count} waiting longer than {limit}.")
            : "No case is awaiting review.";
        var byCategory = backlog.ByCategory
            .OrderByDescending(p => p.Key)
            .Select(p => new KeyValuePair<string, int>(p.Key.ToString(), p.Value))
            .ToList();
        var byRegion = summary.IsRollup
            ? backlog.ByRegion.Select(r => new BacklogRegionRow(
                r.Region, r.Count, r.OverLimit, r.Oldest is { } o ? $"{o.ReferralId} ({FormatWait(o.Waiting)})" : "—")).ToList()
            : [];
        var shown = backlog.Cases
            .Take(Math.Max(0, maxIdsPerList))
            .Select(c => new BacklogRow(
                c.ReferralId, summary.IsRollup ? c.Region : null, c.Category.ToString(), Dispositions.Name(c.Disposition), FormatWait(c.Waiting), c.Criteria, c.Waiting > backlog.WaitLimit))
            .ToList();
        return new BacklogContent(backlog.Count, overview, byCategory, byRegion, shown, limit);
    }

    private static CriterionRow Criterion(string id, int count)
    {
        // A stored result may cite a criterion of an older guideline version: show it, never fail.
        var criterion = NassGuideline.Criteria.FirstOrDefault(c => c.Id == id);
        return criterion is null
            ? new CriterionRow(id, "Not in the current guideline version", "", count)
            : new CriterionRow(id, ShortGuidance(criterion.Guidance), criterion.Category.ToString(), count);
    }

    private static AttentionGroup Group(string title, string explanation, List<ReferralItem> items, int max, Tone tone) =>
        new(title, explanation, items.Count, items.Take(Math.Max(0, max)).ToList(), tone);

    // Headers must not carry line breaks or other control characters, whatever a region is called.
    private static string Clean(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
