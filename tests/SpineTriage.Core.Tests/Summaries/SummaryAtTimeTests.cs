using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Summaries;

/// <summary>
/// A summary at a time T (the scheduler's now, or <c>spinetriage summary --now T</c>) counts a case as
/// postponed when the decision that postponed it was made at or before T and it was still postponed
/// then: the headline, every figure, the waits and every day of the trend count by that one rule, so
/// the headline is always the trend's last day. Likewise for the review backlog.
/// </summary>
public sealed class SummaryAtTimeTests
{
    private const string Myelopathy = "urgent.progressive-myelopathy";
    private const string Manageable = "elective.manageable-without-procedure";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private static readonly SummaryOptions Defaults = new();

    private static PostponedCase Case(string id, TriageCategory category, DateTimeOffset received, DateTimeOffset decided, string criterion) =>
        new(id, "central", Sequence: 0, category, [criterion], NeedsReview: false, received, PostponedSince: decided, DecidedAt: decided);

    // Decided before now: B1 (20 Nov, waiting 60 days), B2 (exactly at now). After now: A1 (one second
    // after), A2 (26 Nov, received 40 days before now). A summary at now counts B1 and B2 only.
    private static readonly PostponedCase B1 = Case("B1", TriageCategory.Urgent, Now.AddDays(-60), new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), Myelopathy);
    private static readonly PostponedCase B2 = Case("B2", TriageCategory.Elective, Now.AddHours(-5), Now, Manageable);
    private static readonly PostponedCase A1 = Case("A1", TriageCategory.Elective, Now.AddHours(-5), Now.AddSeconds(1), Manageable);
    private static readonly PostponedCase A2 = Case("A2", TriageCategory.Urgent, Now.AddDays(-40), new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), "urgent.intractable-pain");
    private static readonly PostponedCase[] BeforeAndAfter = [A2, B2, A1, B1];

    [Fact]
    public void Build_CasesDecidedBeforeAndAfterNow_OnlyThoseDecidedByNowCountInAnyFigure()
    {
        var summary = SummaryCalculator.Build("central", RegionStatus.Normal, BeforeAndAfter, [], Now, previousSummaryAt: null, Defaults);

        Assert.Equal(2, summary.Postponed);
        Assert.Equal((1, 1), (summary.ByCategory[TriageCategory.Urgent], summary.ByCategory[TriageCategory.Elective]));
        Assert.Equal([new(Manageable, 1), new KeyValuePair<string, int>(Myelopathy, 1)], summary.ByCriterion);
        Assert.Equal(["B1", "B2"], summary.NewSincePrevious);
        Assert.Equal([new("B1", 60), new CaseDays("B2", 0)], summary.LongestWaits);
        Assert.Equal([new CaseDays("B1", 60)], summary.PastReevaluation); // A2 waited 40 days, but was not postponed yet
        Assert.Equal(["B1"], summary.EligibleToProceed);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 24), 1, 1), summary.Trend[^1]);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 20), 1, 0), summary.Trend[^5]);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 19), 0, 0), summary.Trend[^6]);
    }

    [Fact]
    public void Build_EveryCaseDecidedAfterNow_HeadlinesZeroLikeTheTrend()
    {
        // The reported run: `summary --now 2026-11-24T06:00:00Z` over cases all decided on 1 Dec
        // headlined 507 postponed beside a trend of 0.
        var decided = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
        var cases = Enumerable.Range(0, 507)
            .Select(i => Case($"R{i:000}", i % 3 == 0 ? TriageCategory.Urgent : TriageCategory.Elective, Now.AddDays(-(i % 50)), decided, Manageable))
            .ToList();

        var summary = SummaryCalculator.Build("central", RegionStatus.Normal, cases, [], Now, Now.AddDays(-1), Defaults);

        Assert.Equal(0, summary.Postponed);
        Assert.All(summary.Trend, p => Assert.Equal(0, p.Total));
        Assert.Empty(summary.ByCriterion);
        Assert.Empty(summary.NewSincePrevious);
        Assert.Empty(summary.LongestWaits);
        Assert.Empty(summary.PastReevaluation);
        Assert.Empty(summary.EligibleToProceed);

        // A week later they all count, today and on 1 Dec.
        var later = SummaryCalculator.Build("central", RegionStatus.Normal, cases, [], decided.AddDays(7), null, Defaults);
        Assert.Equal(507, later.Postponed);
        Assert.Equal(507, later.Trend[^1].Total);
        Assert.Equal(507, later.Trend.Single(p => p.Day == new DateOnly(2026, 12, 1)).Total);
        Assert.Equal(0, later.Trend.Single(p => p.Day == new DateOnly(2026, 11, 30)).Total);
    }

    [Fact]
    public void Rollup_CasesDecidedBeforeAndAfterNow_OnlyThoseDecidedByNowCount()
    {
        var central = SummaryCalculator.Build("central", RegionStatus.Normal, BeforeAndAfter, [], Now, null, Defaults);

        var rollup = SummaryCalculator.Rollup([central], BeforeAndAfter, [], Now, null, Defaults);

        Assert.Equal(2, rollup.Postponed);
        Assert.Equal(rollup.Postponed, rollup.Trend[^1].Total);
        Assert.Equal(["B1"], rollup.EligibleToProceed);
        Assert.Equal(["B1", "B2"], rollup.NewSincePrevious);
    }

    [Fact]
    public void Build_Backlog_CasesAwaitingReviewSinceAfterNow_AreNotCounted()
    {
        ReviewCase Waiting(string id, DateTimeOffset since) =>
            new(id, "central", 1, TriageCategory.Urgent, Disposition.Review, [Myelopathy], since.AddHours(-1), since, since);
        ReviewCase[] backlog = [Waiting("W1", Now.AddHours(-30)), Waiting("W2", Now), Waiting("W3", Now.AddSeconds(1)), Waiting("W4", Now.AddDays(3))];

        var summary = SummaryCalculator.Build("central", RegionStatus.Normal, [], backlog, Now, null, Defaults);

        Assert.Equal(2, summary.Backlog.Count);
        Assert.Equal(["W1", "W2"], summary.Backlog.Cases.Select(c => c.ReferralId));
        Assert.Equal(["W1"], summary.Backlog.OverLimit.Select(c => c.ReferralId));
        Assert.Equal(2, Assert.Single(summary.Backlog.ByRegion).Count);
        Assert.Equal(2, summary.Backlog.ByCategory[TriageCategory.Urgent]);
    }

    [Fact]
    public void IsPostponedAt_IsPostponedSinceAtOrBefore()
    {
        Assert.True(SummaryCalculator.IsPostponedAt(B2, Now));
        Assert.False(SummaryCalculator.IsPostponedAt(A1, Now));
        Assert.True(SummaryCalculator.IsPostponedAt(A1, Now.AddSeconds(1)));

        // Postponed since 20 Nov by an earlier decision, decided again (still postponed) on 26 Nov: postponed on 24 Nov.
        var again = B1 with { DecidedAt = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero) };
        Assert.True(SummaryCalculator.IsPostponedAt(again, Now));
    }

    /// <summary>Cases postponed from up to 20 days before now to 3 days after it, received up to 60 days before that; any category.</summary>
    internal static Gen<PostponedCase[]> Cases() =>
        Gen.Choose(0, 40).SelectMany(count => Gen.ArrayOf(
            Gen.Choose(-20 * 24 * 60, 3 * 24 * 60).SelectMany(sinceMinutes =>
                Gen.Choose(0, 60 * 24 * 60).SelectMany(waitedMinutes =>
                    Gen.Elements(TriageCategory.Urgent, TriageCategory.Elective).Select(category => (sinceMinutes, waitedMinutes, category)))),
            count))
        .Select(items => items.Select((c, i) =>
        {
            var since = Now.AddMinutes(c.sinceMinutes);
            return new PostponedCase($"P{i:00}", "central", 0, c.category, [c.category == TriageCategory.Urgent ? Myelopathy : Manageable], false,
                since.AddMinutes(-c.waitedMinutes), since, since);
        }).ToArray());

    [Property(MaxTest = 300)]
    public Property Build_AnyCases_TheHeadlineIsTheTrendsLastDay() =>
        Prop.ForAll(Cases().ToArbitrary(), Gen.Choose(-3 * 24 * 60, 3 * 24 * 60).ToArbitrary(), (cases, shift) =>
        {
            var at = Now.AddMinutes(shift);
            var summary = SummaryCalculator.Build("central", RegionStatus.Normal, cases, [], at, null, Defaults);
            var today = summary.Trend[^1];

            Assert.Equal(summary.Postponed, today.Total);
            Assert.Equal(summary.ByCategory[TriageCategory.Urgent], today.Urgent);
            Assert.Equal(summary.ByCategory[TriageCategory.Elective], today.Elective);
            Assert.Equal(summary.Postponed, summary.NewSincePrevious.Count);
            Assert.Equal(Math.Min(summary.Postponed, Defaults.LongestWaitsShown), summary.LongestWaits.Count);
            Assert.All(summary.LongestWaits.Concat(summary.PastReevaluation), w =>
                Assert.True(cases.Single(c => c.ReferralId == w.ReferralId).PostponedSince <= at, $"{w.ReferralId} was not postponed at {at:O}"));
        });
}
