using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Summaries;

/// <summary>
/// Builds the summary figures from the cases postponed now and the cases awaiting review now (pure:
/// the caller reads them, its cost follows the number of those cases, never the history).
/// </summary>
/// <remarks>
/// <para>One definition of "postponed at a time" (<see cref="IsPostponedAt"/>) is used by every
/// figure of a summary at <c>now</c>: the headline, the categories and criteria, the new cases, the
/// waits, the re-evaluation list, the eligible cases, and every day of the trend. Likewise for
/// "awaiting review at a time" (<see cref="IsAwaitingReviewAt"/>) and the review backlog. So a
/// summary at a past <c>now</c> (<c>spinetriage summary --now</c>) does not count the cases
/// decided after it, and its headline is the trend's last day.</para>
/// <para>One wait (<see cref="Wait"/>: since the referral was received) is used by the longest waits
/// and by re-evaluation: a case that has waited longer than
/// <see cref="SummaryOptions.ReevaluationAge"/> is past re-evaluation, so the longest wait is over
/// the re-evaluation age only when at least one case is past it.</para>
/// </remarks>
public static class SummaryCalculator
{
    /// <summary>
    /// Whether a case counts as postponed at <paramref name="at"/>: the decision that postponed it was
    /// made at or before then, and it was still postponed then. A case read from the postponed index
    /// has been postponed without a break from <see cref="PostponedCase.PostponedSince"/> until the
    /// index was read, so it was postponed at every time from then on: it counts at
    /// <paramref name="at"/> when <see cref="PostponedCase.PostponedSince"/> is at or before it.
    /// </summary>
    /// <remarks>The index holds only the cases postponed when it is read: at a past time, a case
    /// postponed then but no longer postponed is not among them, and a case counts with its current
    /// category and criteria.</remarks>
    public static bool IsPostponedAt(PostponedCase item, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.PostponedSince <= at;
    }

    /// <summary>
    /// Whether a case counts as awaiting review at <paramref name="at"/>: it has awaited review
    /// without a break since <see cref="ReviewCase.WaitingSince"/>, at or before <paramref name="at"/>
    /// (the same rule as <see cref="IsPostponedAt"/>).
    /// </summary>
    public static bool IsAwaitingReviewAt(ReviewCase item, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.WaitingSince <= at;
    }

    /// <summary>
    /// How long a postponed case has waited at <paramref name="now"/>: since its referral was received
    /// (the latest referral message, whose findings the decision read), never negative. The longest
    /// waits show it, and a case is past re-evaluation when it is longer than
    /// <see cref="SummaryOptions.ReevaluationAge"/>.
    /// </summary>
    public static TimeSpan Wait(PostponedCase item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Positive(now - item.ReceivedAt);
    }

    /// <summary>Builds one region's summary.</summary>
    /// <param name="region">The region.</param>
    /// <param name="status">Its status now.</param>
    /// <param name="cases">Its cases postponed when read; those postponed at <paramref name="now"/> (<see cref="IsPostponedAt"/>) count.</param>
    /// <param name="backlog">Its cases awaiting review when read; those awaiting review at <paramref name="now"/> (<see cref="IsAwaitingReviewAt"/>) count.</param>
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

        // Every figure counts the cases postponed at now, by one definition (the trend too).
        cases = cases.Where(c => IsPostponedAt(c, now)).ToList();
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

        // One wait for both lists: a case whose wait is longer than the re-evaluation age is past it.
        var waits = LongestFirst(cases, now);
        var longestWaits = waits
            .Take(Math.Max(0, options.LongestWaitsShown))
            .Select(w => new CaseDays(w.ReferralId, WholeDays(w.Wait)))
            .ToList();
        var pastReevaluation = waits
            .Where(w => w.Wait > options.ReevaluationAge)
            .Select(w => new CaseDays(w.ReferralId, WholeDays(w.Wait)))
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
    /// status, the review backlog broken down per region, and a line per region with the figures its
    /// own email headlines (<see cref="RegionSummary.Regions"/>). The regions are those of
    /// <paramref name="regions"/> and every region a case is in, in order.
    /// </summary>
    /// <param name="regions">The regions' summaries: their names and statuses are used.</param>
    /// <param name="allCases">Every region's postponed cases.</param>
    /// <param name="allBacklog">Every region's cases awaiting review.</param>
    /// <param name="now">The time of the summary.</param>
    /// <param name="previousSummaryAt">The previous rollup's time, if any: every line's new cases count from it, so they add up to the rollup's.</param>
    /// <param name="options">The settings.</param>
    public static RegionSummary Rollup(
        IReadOnlyList<RegionSummary> regions, IReadOnlyList<PostponedCase> allCases, IReadOnlyList<ReviewCase> allBacklog,
        DateTimeOffset now, DateTimeOffset? previousSummaryAt, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(allCases);
        ArgumentNullException.ThrowIfNull(allBacklog);
        ArgumentNullException.ThrowIfNull(options);
        var statuses = new Dictionary<string, RegionStatus?>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            statuses[region.Region] = region.Status;
        }

        var casesByRegion = allCases.ToLookup(c => c.Region, StringComparer.Ordinal);
        var backlogByRegion = allBacklog.ToLookup(c => c.Region, StringComparer.Ordinal);
        var names = statuses.Keys.Concat(casesByRegion.Select(g => g.Key)).Concat(backlogByRegion.Select(g => g.Key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        // Each region summarised by the same rules, at the same time and from the same previous summary as the rollup.
        var lines = new List<RegionLine>(names.Count);
        var eligible = new List<string>();
        foreach (var name in names)
        {
            var here = Build(
                name, statuses.GetValueOrDefault(name), casesByRegion[name].ToList(), backlogByRegion[name].ToList(), now, previousSummaryAt,
                options);
            var longest = LongestFirst(casesByRegion[name].Where(c => IsPostponedAt(c, now)), now).Take(1)
                .Select(w => new CaseDays(w.ReferralId, WholeDays(w.Wait))).FirstOrDefault();
            lines.Add(new RegionLine(
                name, here.Status, here.Postponed, here.NewSincePrevious.Count, here.Backlog.Count, here.Backlog.OverLimit.Count,
                here.PastReevaluation.Count, here.EligibleToProceed.Count, longest));

            // Eligibility depends on each case's own region's status.
            eligible.AddRange(here.EligibleToProceed);
        }

        var merged = Build(RegionSummary.AllRegions, status: null, allCases, allBacklog, now, previousSummaryAt, options);
        return merged with
        {
            EligibleToProceed = eligible.Order(StringComparer.Ordinal).ToList(),
            Backlog = Backlog(allBacklog, names, now, options.ReviewWaitLimit),
            Regions = lines,
        };
    }

    /// <summary>
    /// The review backlog's figures at <paramref name="now"/>, of the cases awaiting review then
    /// (<see cref="IsAwaitingReviewAt"/>): count, by category, the oldest, those waiting longer than
    /// <paramref name="waitLimit"/> (longest first), every case (Emergent first, then longest waiting),
    /// and a line per region of <paramref name="regions"/> and of every region a case is in.
    /// </summary>
    public static ReviewBacklog Backlog(IReadOnlyList<ReviewCase> backlog, IEnumerable<string> regions, DateTimeOffset now, TimeSpan waitLimit)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(regions);
        backlog = backlog.Where(c => IsAwaitingReviewAt(c, now)).ToList();
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
    /// Postponed cases per category at the end of each of the last days (UTC; today: at
    /// <paramref name="now"/>), each day counting the cases postponed then by <see cref="IsPostponedAt"/>,
    /// the rule the headline counts with: the last day is the headline. (A case postponed then but not
    /// when the cases were read is not among them: the trend shows how the backlog built up.)
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
                if (IsPostponedAt(item, endOfDay))
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

    // Every case's wait, longest first in whole days (as the email shows them), then by referral id.
    private static List<(string ReferralId, TimeSpan Wait)> LongestFirst(IEnumerable<PostponedCase> cases, DateTimeOffset now) =>
        cases
            .Select(c => (c.ReferralId, Wait: Wait(c, now)))
            .OrderByDescending(w => WholeDays(w.Wait)).ThenBy(w => w.ReferralId, StringComparer.Ordinal)
            .ToList();

    private static int WholeDays(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (int)span.TotalDays;

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
