using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Summaries;

/// <summary>
/// The rollup's line per region: the figures each region's own email headlines (postponed, new,
/// awaiting review, past re-evaluation, eligible to proceed), its status and its longest wait; the
/// lines add up to the rollup's headline.
/// </summary>
public sealed class RollupRegionLinesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Previous = Now.AddDays(-1);
    private static readonly SummaryOptions Defaults = new();

    private static PostponedCase Postponed(string id, string region, TriageCategory category, double waitedDays, double postponedDaysAgo) =>
        new(id, region, 0, category, ["urgent.progressive-myelopathy"], false, Now.AddDays(-waitedDays), Now.AddDays(-postponedDaysAgo), Now.AddDays(-postponedDaysAgo));

    private static ReviewCase Review(string id, string region, double hours) =>
        new(id, region, 1, TriageCategory.Urgent, Disposition.Review, [], Now.AddHours(-hours - 1), Now.AddHours(-hours), Now.AddHours(-hours));

    // central (normal): C1 Urgent waiting 40 d (postponed 10 d ago), C2 Elective 2 d (new), C3 decided
    // after now (not counted). north-east (crisis): N1 Urgent 30 d 1 h (new). islands (no status
    // given): nothing postponed, one case awaiting review for 30 hours. highlands (crisis): nothing.
    private static readonly PostponedCase[] Cases =
    [
        Postponed("C1", "central", TriageCategory.Urgent, 40, 10),
        Postponed("C2", "central", TriageCategory.Elective, 2, 0.5),
        Postponed("C3", "central", TriageCategory.Urgent, 3, -1),
        Postponed("N1", "north-east", TriageCategory.Urgent, 30.05, 0.2),
    ];

    private static readonly ReviewCase[] Backlog = [Review("I1", "islands", 30), Review("C9", "central", 2)];

    private static RegionSummary RollupOf(IReadOnlyList<PostponedCase> cases, IReadOnlyList<ReviewCase> backlog)
    {
        var regions = new (string Region, RegionStatus Status)[] { ("central", RegionStatus.Normal), ("north-east", RegionStatus.Crisis), ("highlands", RegionStatus.Crisis) }
            .Select(r => SummaryCalculator.Build(
                r.Region, r.Status, cases.Where(c => c.Region == r.Region).ToList(), backlog.Where(c => c.Region == r.Region).ToList(), Now, null, Defaults))
            .ToList();
        return SummaryCalculator.Rollup(regions, cases, backlog, Now, Previous, Defaults);
    }

    [Fact]
    public void Rollup_HasALinePerRegionWithItsHeadlineFigures_InRegionOrder()
    {
        var rollup = RollupOf(Cases, Backlog);

        Assert.Equal(
            [
                new RegionLine("central", RegionStatus.Normal, 2, 1, 1, 0, 1, 1, new CaseDays("C1", 40)),
                new RegionLine("highlands", RegionStatus.Crisis, 0, 0, 0, 0, 0, 0, null),
                new RegionLine("islands", null, 0, 0, 1, 1, 0, 0, null),
                new RegionLine("north-east", RegionStatus.Crisis, 1, 1, 0, 0, 1, 0, new CaseDays("N1", 30)),
            ],
            rollup.Regions);
    }

    [Fact]
    public void Rollup_RegionLines_AddUpToTheRollupsHeadline()
    {
        var rollup = RollupOf(Cases, Backlog);

        Assert.Equal(rollup.Postponed, rollup.Regions.Sum(l => l.Postponed));
        Assert.Equal(rollup.NewSincePrevious.Count, rollup.Regions.Sum(l => l.NewSincePrevious));
        Assert.Equal(rollup.Backlog.Count, rollup.Regions.Sum(l => l.AwaitingReview));
        Assert.Equal(rollup.Backlog.OverLimit.Count, rollup.Regions.Sum(l => l.AwaitingReviewOverLimit));
        Assert.Equal(rollup.PastReevaluation.Count, rollup.Regions.Sum(l => l.PastReevaluation));
        Assert.Equal(rollup.EligibleToProceed.Count, rollup.Regions.Sum(l => l.EligibleToProceed));
        Assert.Equal(rollup.LongestWaits[0], rollup.Regions.Select(l => l.LongestWait).OfType<CaseDays>().MaxBy(w => w.Days));
    }

    [Fact]
    public void Build_RegionSummary_HasNoRegionLines() =>
        Assert.Empty(SummaryCalculator.Build("central", RegionStatus.Normal, Cases, Backlog, Now, Previous, Defaults).Regions);

    [Property(MaxTest = 200)]
    public Property Rollup_AnyCases_RegionLinesAddUpToTheHeadline() =>
        Prop.ForAll(SummaryAtTimeTests.Cases().ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (cases, seed) =>
        {
            string[] names = ["central", "coastal", "north-east"];
            var spread = cases.Select((c, i) => c with { Region = names[(i + seed) % names.Length] }).ToList();
            var rollup = RollupOf(spread, []);

            Assert.Equal(rollup.Postponed, rollup.Regions.Sum(l => l.Postponed));
            Assert.Equal(rollup.NewSincePrevious.Count, rollup.Regions.Sum(l => l.NewSincePrevious));
            Assert.Equal(rollup.PastReevaluation.Count, rollup.Regions.Sum(l => l.PastReevaluation));
            Assert.Equal(rollup.EligibleToProceed.Count, rollup.Regions.Sum(l => l.EligibleToProceed));
            Assert.Equal(rollup.LongestWaits.Count > 0 ? rollup.LongestWaits[0].Days : null, rollup.Regions.Select(l => l.LongestWait?.Days).Max());
        });
}
