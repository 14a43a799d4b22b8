using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Summaries;

/// <summary>
/// Builds the summary figures from the cases postponed now and the cases awaiting review now (pure:
/// the caller reads them, its cost follows the number of those cases, never the history).
/// </summary>
public static class SummaryCalculator
{
    /// <summary>Builds one region's summary.</summary>
    /// <param name="region">The region.</param>
    /// <param name="status">Its status now.</param>
    /// <param name="cases">Its cases postponed now.</param>
    /// <param name="backlog">Its cases awaiting review now.</param>
    /// <param name="now">The time of the summary.</param>
    /// <param name="previousSummaryAt">The previous summary's time, if any.</param>
    /// <param name="options">The settings.</param>
    public static RegionSummary Build(
        string region, RegionStatus? status, IReadOnlyList<PostponedCase> cases, IReadOnlyList<ReviewCase> backlog,
        DateTimeOffset now, DateTimeOffset? previousSummaryAt, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(options);
        var byCategory = new Dictionary<TriageCategory, int> { [TriageCategory.Urgent] = 0, [TriageCategory.Elective] = 0 };
        foreach (var item in cases)
        {
            byCategory[item.Category] = byCategory.GetValueOrDefault(item.Category) + 1;
        }

        var byCriterion = cases
            .SelectMany(c => c.Criteria)
            .GroupBy(id => id, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();

        var newSince = cases
            .Where(c => previousSummaryAt is null || c.PostponedSince > previousSummaryAt)
            .OrderBy(c => c.PostponedSince).ThenBy(c => c.ReferralId, StringComparer.Ordinal)
            .Select(c => c.ReferralId).ToList();

        var longestWaits = cases
            .Select(c => new CaseDays(c.ReferralId, WholeDays(now - c.ReceivedAt)))
            .OrderByDescending(w => w.Days).ThenBy(w => w.ReferralId, StringComparer.Ordinal)
            .Take(options.LongestWaitsShown).ToList();

        var pastReevaluation = cases
            .Where(c => now - c.PostponedSince > options.ReevaluationAge)
            .Select(c => new CaseDays(c.ReferralId, WholeDays(now - c.PostponedSince)))
            .OrderByDescending(w => w.Days).ThenBy(w => w.ReferralId, StringComparer.Ordinal)
            .ToList();

        var eligible = status == RegionStatus.Normal
            ? cases.Where(c => c.Category == TriageCategory.Urgent).Select(c => c.ReferralId).Order(StringComparer.Ordinal).ToList()
            : [];

        return new RegionSummary(
            region, status, now, previousSummaryAt, cases.Count, byCategory, byCriterion, newSince, longestWaits,
            pastReevaluation, eligible, Trend(cases, now, options.TrendDays), options.ReevaluationAge,
            Backlog(backlog, [region], now, options.ReviewWaitLimit));
    }

    /// <summary>
    /// The rollup across regions: every figure summed or merged, eligible cases kept per their region's
    /// status, and the review backlog broken down per region (every region summarised, in order).
    /// </summary>
    public static RegionSummary Rollup(
        IReadOnlyList<RegionSummary> regions, IReadOnlyList<PostponedCase> allCases, IReadOnlyList<ReviewCase> allBacklog,
        DateTimeOffset now, DateTimeOffset? previousSummaryAt, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(allBacklog);
        ArgumentNullException.ThrowIfNull(options);
        var merged = Build(RegionSummary.AllRegions, status: null, allCases, allBacklog, now, previousSummaryAt, options);
        return merged with
        {
            // Eligibility depends on each case's own region's status.
            EligibleToProceed = regions.SelectMany(r => r.EligibleToProceed).Order(StringComparer.Ordinal).ToList(),
            Backlog = Backlog(allBacklog, regions.Select(r => r.Region), now, options.ReviewWaitLimit),
        };
    }

    /// <summary>
    /// The review backlog's figures: count, by category, the oldest, those waiting longer than
    /// <paramref name="waitLimit"/> (longest first), every case (Emergent first, then longest waiting),
    /// and a line per region of <paramref name="regions"/> and of every region a case is in.
    /// </summary>
    public static ReviewBacklog Backlog(IReadOnlyList<ReviewCase> backlog, IEnumerable<string> regions, DateTimeOffset now, TimeSpan waitLimit)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(regions);
        var byCategory = new Dictionary<TriageCategory, int>
        {
            [TriageCategory.Emergent] = 0, [TriageCategory.Urgent] = 0, [TriageCategory.Elective] = 0, [TriageCategory.Unclassified] = 0,
        };
        foreach (var item in backlog)
        {
            byCategory[item.Category] = byCategory.GetValueOrDefault(item.Category) + 1;
        }

        var items = backlog
            .Select(c => new ReviewItem(c.ReferralId, c.Region, c.Category, c.Disposition, c.Criteria, Positive(now - c.WaitingSince)))
            .ToList();
        var longestFirst = items
            .OrderByDescending(i => i.Waiting).ThenBy(i => i.ReferralId, StringComparer.Ordinal)
            .ToList();
        var emergentFirst = longestFirst.Where(i => i.Category == TriageCategory.Emergent)
            .Concat(longestFirst.Where(i => i.Category != TriageCategory.Emergent))
            .ToList();
        var overLimit = longestFirst.Where(i => i.Waiting > waitLimit).ToList();

        var byRegion = regions.Concat(items.Select(i => i.Region))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(region =>
            {
                var here = longestFirst.Where(i => i.Region == region).ToList();
                return new RegionBacklog(region, here.Count, here.Count(i => i.Waiting > waitLimit), here.FirstOrDefault());
            })
            .ToList();

        return new ReviewBacklog(items.Count, byCategory, longestFirst.FirstOrDefault(), overLimit, emergentFirst, waitLimit, byRegion);
    }

    /// <summary>
    /// Postponed cases per category at the end of each of the last days, from the cases postponed
    /// now and their postponed-since times. (A case postponed then but not now is not counted: the
    /// trend shows how today's backlog built up.)
    /// </summary>
    public static IReadOnlyList<TrendPoint> Trend(IReadOnlyList<PostponedCase> cases, DateTimeOffset now, int days)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var points = new List<TrendPoint>(days);
        for (var offset = days - 1; offset >= 0; offset--)
        {
            var day = today.AddDays(-offset);
            var endOfDay = offset == 0 ? now : new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var urgent = 0;
            var elective = 0;
            foreach (var item in cases)
            {
                if (item.PostponedSince <= endOfDay)
                {
                    if (item.Category == TriageCategory.Urgent)
                    {
                        urgent++;
                    }
                    else if (item.Category == TriageCategory.Elective)
                    {
                        elective++;
                    }
                }
            }

            points.Add(new TrendPoint(day, urgent, elective));
        }

        return points;
    }

    private static int WholeDays(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (int)span.TotalDays;

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
