using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Summaries;

/// <summary>
/// Every summary figure on a small data set whose answers are worked out by hand (in the comments),
/// with the boundaries: postponed exactly at the previous summary, waiting exactly the re-evaluation
/// age, exactly the end of a day.
/// </summary>
public sealed class SummaryCalculatorTests
{
    private const string Myelopathy = "urgent.progressive-myelopathy";
    private const string SignificantDeficit = "urgent.persistent-significant-deficit";
    private const string IntractablePain = "urgent.intractable-pain";
    private const string Manageable = "elective.manageable-without-procedure";
    private const string Hardware = "elective.hardware-or-pseudarthrosis";
    private const string Deformity = "elective.deformity-correction";

    private static readonly DateTimeOffset Now = Utc(2026, 11, 24, 6, 0, 0);
    private static readonly DateTimeOffset Previous = Utc(2026, 11, 23, 6, 0, 0);
    private static readonly SummaryOptions Defaults = new();

    // north-east. Waits (now - received): A 54 d, B 34 d 18 h, C 1 d, D 23 h, E 1 h.
    // A, B: waiting longer than 28 days: past re-evaluation (A postponed exactly 28 days before now,
    // B 28 days and 1 second: the wait counts from the referral, not from the postponement).
    // C: postponed exactly at the previous summary: not new (that summary counted it).
    // D: postponed 1 second after the previous summary: new.
    // E: postponed today: new.
    private static readonly PostponedCase A = Case("A", TriageCategory.Urgent, received: Utc(2026, 10, 1, 6, 0, 0), since: Utc(2026, 10, 27, 6, 0, 0), review: false, Myelopathy, SignificantDeficit);
    private static readonly PostponedCase B = Case("B", TriageCategory.Urgent, received: Utc(2026, 10, 20, 12, 0, 0), since: Utc(2026, 10, 27, 5, 59, 59), review: true, Myelopathy);
    private static readonly PostponedCase C = Case("C", TriageCategory.Elective, received: Utc(2026, 11, 23, 6, 0, 0), since: Previous, review: false, Manageable);
    private static readonly PostponedCase D = Case("D", TriageCategory.Elective, received: Utc(2026, 11, 23, 7, 0, 0), since: Previous.AddSeconds(1), review: false, Manageable, Hardware);
    private static readonly PostponedCase E = Case("E", TriageCategory.Elective, received: Utc(2026, 11, 24, 5, 0, 0), since: Utc(2026, 11, 24, 5, 30, 0), review: true, Deformity);
    private static readonly PostponedCase[] NorthEast = [E, C, A, D, B]; // any order: the figures sort

    // central: F, Urgent, postponed two days before the previous summary.
    private static readonly PostponedCase F = Case("F", TriageCategory.Urgent, received: Utc(2026, 11, 20, 6, 0, 0), since: Utc(2026, 11, 22, 6, 0, 0), review: false, IntractablePain) with { Region = "central" };

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static PostponedCase Case(string id, TriageCategory category, DateTimeOffset received, DateTimeOffset since, bool review, params string[] criteria) =>
        new(id, "north-east", Sequence: 0, category, criteria, review, received, since, DecidedAt: since);

    private static RegionSummary NorthEastSummary(RegionStatus? status = RegionStatus.Crisis, DateTimeOffset? previous = null, SummaryOptions? options = null) =>
        SummaryCalculator.Build("north-east", status, NorthEast, [], Now, previous ?? Previous, options ?? Defaults);

    [Fact]
    public void Build_CopiesRegionStatusTimesAndReevaluationAge()
    {
        var summary = NorthEastSummary();

        Assert.Equal("north-east", summary.Region);
        Assert.Equal(RegionStatus.Crisis, summary.Status);
        Assert.Equal(Now, summary.Now);
        Assert.Equal(Previous, summary.PreviousSummaryAt);
        Assert.Equal(TimeSpan.FromDays(28), summary.ReevaluationAge);
        Assert.False(summary.IsRollup);
    }

    [Fact]
    public void Build_Postponed_CountsEveryCase() => Assert.Equal(5, NorthEastSummary().Postponed);

    [Fact]
    public void Build_ByCategory_CountsUrgentAndElective()
    {
        var summary = NorthEastSummary();

        Assert.Equal(2, summary.ByCategory[TriageCategory.Urgent]);
        Assert.Equal(3, summary.ByCategory[TriageCategory.Elective]);
        Assert.Equal(2, summary.ByCategory.Count);
    }

    [Fact]
    public void Build_ByCategory_NoCases_ShowsBothCategoriesAtZero()
    {
        var summary = SummaryCalculator.Build("highlands", RegionStatus.Crisis, [], [], Now, Previous, Defaults);

        Assert.Equal(0, summary.Postponed);
        Assert.Equal(0, summary.ByCategory[TriageCategory.Urgent]);
        Assert.Equal(0, summary.ByCategory[TriageCategory.Elective]);
        Assert.Empty(summary.ByCriterion);
        Assert.Empty(summary.NewSincePrevious);
        Assert.Empty(summary.LongestWaits);
        Assert.Empty(summary.PastReevaluation);
        Assert.Equal(0, summary.Backlog.Count);
        Assert.Empty(summary.Backlog.Cases);
        Assert.Empty(summary.EligibleToProceed);
        Assert.All(summary.Trend, p => Assert.Equal(0, p.Total));
    }

    [Fact]
    public void Build_ByCriterion_CountsEachCaseOncePerCriterion_MostFirstThenById()
    {
        // Myelopathy: A, B. Manageable: C, D. One each: Deformity (E), Hardware (D), SignificantDeficit (A).
        Assert.Equal(
            [new(Manageable, 2), new(Myelopathy, 2), new(Deformity, 1), new(Hardware, 1), new KeyValuePair<string, int>(SignificantDeficit, 1)],
            NorthEastSummary().ByCriterion);
    }

    [Fact]
    public void Build_NewSincePrevious_IsPostponedStrictlyAfterThePreviousSummary_OldestFirst()
    {
        // C was postponed exactly at the previous summary: that summary already counted it.
        Assert.Equal(["D", "E"], NorthEastSummary().NewSincePrevious);
    }

    [Fact]
    public void Build_NewSincePrevious_NoPreviousSummary_IsEveryCaseOldestFirst()
    {
        var summary = SummaryCalculator.Build("north-east", RegionStatus.Crisis, NorthEast, [], Now, previousSummaryAt: null, Defaults);

        Assert.Null(summary.PreviousSummaryAt);
        Assert.Equal(["B", "A", "C", "D", "E"], summary.NewSincePrevious);
    }

    [Fact]
    public void Build_LongestWaits_AreWholeDaysSinceReceived_LongestFirstThenById()
    {
        // A: 1 Oct 06:00 -> 24 Nov 06:00 = 54 days. B: 34 days 18 hours. C: 1 day. D and E: under a day.
        Assert.Equal(
            [new("A", 54), new("B", 34), new("C", 1), new("D", 0), new CaseDays("E", 0)],
            NorthEastSummary().LongestWaits);
    }

    [Fact]
    public void Build_LongestWaits_ShowsOnlyTheConfiguredNumber()
    {
        var summary = NorthEastSummary(options: new SummaryOptions { LongestWaitsShown = 2 });

        Assert.Equal([new("A", 54), new CaseDays("B", 34)], summary.LongestWaits);
    }

    [Fact]
    public void Build_LongestWaits_ReceivedAfterNow_IsZeroDays()
    {
        var early = Case("G", TriageCategory.Elective, received: Now.AddHours(2), since: Now.AddHours(-1), review: false, Manageable);

        Assert.Equal([new CaseDays("G", 0)], SummaryCalculator.Build("north-east", RegionStatus.Crisis, [early], [], Now, null, Defaults).LongestWaits);
    }

    [Fact]
    public void Build_PastReevaluation_IsWaitingLongerThan28DaysSinceReceived_LongestFirst()
    {
        // A waited 54 days, B 34 days: both longer than 28 days, whenever they were postponed.
        Assert.Equal([new("A", 54), new CaseDays("B", 34)], NorthEastSummary().PastReevaluation);
    }

    [Fact]
    public void Build_PastReevaluation_WaitingExactly28Days_IsNot_OneSecondMore_Is()
    {
        var exactly = Case("X", TriageCategory.Urgent, received: Now.AddDays(-28), since: Now.AddHours(-1), review: false, Myelopathy);
        var longer = Case("Y", TriageCategory.Urgent, received: Now.AddDays(-28).AddSeconds(-1), since: Now.AddHours(-1), review: false, Myelopathy);

        var summary = SummaryCalculator.Build("north-east", RegionStatus.Crisis, [exactly, longer], [], Now, Previous, Defaults);

        Assert.Equal([new CaseDays("Y", 28)], summary.PastReevaluation);
        Assert.Equal([new("X", 28), new CaseDays("Y", 28)], summary.LongestWaits);
    }

    [Fact]
    public void Build_LongWaitPostponedYesterday_IsPastReevaluation_TheLongestWaitAndTheListAgree()
    {
        // The reported email: "longest wait 52 days" beside "past re-evaluation 0". Received 52 days
        // ago, decided (postponed) only yesterday: its findings are 52 days old, so it is due.
        var late = Case("L", TriageCategory.Elective, received: Now.AddDays(-52), since: Now.AddDays(-1), review: false, Manageable);

        var summary = SummaryCalculator.Build("north-east", RegionStatus.Crisis, [late], [], Now, Previous, Defaults);

        Assert.Equal([new CaseDays("L", 52)], summary.LongestWaits);
        Assert.Equal([new CaseDays("L", 52)], summary.PastReevaluation);
    }

    [Fact]
    public void Build_PastReevaluation_FollowsTheConfiguredAge_LongestFirstThenById()
    {
        // 40 days: only A (54 d); B (34 d) and C, D, E are under it.
        var summary = NorthEastSummary(options: new SummaryOptions { ReevaluationAge = TimeSpan.FromDays(40) });

        Assert.Equal([new CaseDays("A", 54)], summary.PastReevaluation);
        Assert.Equal(TimeSpan.FromDays(40), summary.ReevaluationAge);

        // 34 whole days each: by referral id.
        var twins = new[] { "Q", "P" }.Select(id => Case(id, TriageCategory.Urgent, received: Now.AddDays(-34), since: Now.AddDays(-2), review: false, Myelopathy)).ToArray();
        Assert.Equal([new("P", 34), new CaseDays("Q", 34)], SummaryCalculator.Build("north-east", null, twins, [], Now, null, Defaults).PastReevaluation);
    }

    [Fact]
    public void Build_PastReevaluation_ShorterAge_IncludesEveryCaseOlderThanIt()
    {
        // 1 day: A (54 d), B (34 d); C (waiting exactly 1 day: not longer) is out; D, E under a day are out.
        var summary = NorthEastSummary(options: new SummaryOptions { ReevaluationAge = TimeSpan.FromDays(1) });

        Assert.Equal(["A", "B"], summary.PastReevaluation.Select(c => c.ReferralId));
    }

    [Fact]
    public void Build_EligibleToProceed_InANormalRegion_IsEveryUrgentCase() =>
        Assert.Equal(["A", "B"], NorthEastSummary(RegionStatus.Normal).EligibleToProceed);

    [Theory]
    [InlineData(RegionStatus.Constrained)]
    [InlineData(RegionStatus.Crisis)]
    [InlineData(null)]
    public void Build_EligibleToProceed_InARegionThatIsNotNormal_IsEmpty(RegionStatus? status) =>
        Assert.Empty(NorthEastSummary(status).EligibleToProceed);

    [Fact]
    public void Build_EligibleToProceed_NeverIncludesElectiveCases() =>
        Assert.DoesNotContain(NorthEastSummary(RegionStatus.Normal).EligibleToProceed, id => id is "C" or "D" or "E");

    [Fact]
    public void Build_Trend_Covers14DaysEndingToday_OldestFirst()
    {
        var trend = NorthEastSummary().Trend;

        Assert.Equal(14, trend.Count);
        Assert.Equal(new DateOnly(2026, 11, 11), trend[0].Day);
        Assert.Equal(new DateOnly(2026, 11, 24), trend[^1].Day);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => new DateOnly(2026, 11, 11).AddDays(i)), trend.Select(p => p.Day));
    }

    [Fact]
    public void Build_Trend_CountsTheCasesPostponedByTheEndOfEachDay()
    {
        // 11-22 Nov: A and B (postponed 27 Oct). 23 Nov: + C and D. 24 Nov (until now): + E.
        var trend = NorthEastSummary().Trend;

        Assert.All(trend.Take(12), p => Assert.Equal((2, 0, 2), (p.Urgent, p.Elective, p.Total)));
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 23), 2, 2), trend[12]);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 24), 2, 3), trend[13]);
    }

    [Fact]
    public void Trend_CasePostponedAtMidnight_CountsForTheDayThatEnds()
    {
        var midnight = Case("M", TriageCategory.Elective, received: Utc(2026, 11, 20, 0, 0, 0), since: Utc(2026, 11, 23, 0, 0, 0), review: false, Manageable);

        var trend = SummaryCalculator.Trend([midnight], Now, 3);

        Assert.Equal([new(new DateOnly(2026, 11, 22), 0, 1), new(new DateOnly(2026, 11, 23), 0, 1), new TrendPoint(new DateOnly(2026, 11, 24), 0, 1)], trend);
    }

    [Fact]
    public void Trend_CasePostponedAfterNow_IsNotCountedToday()
    {
        var later = Case("L", TriageCategory.Urgent, received: Now, since: Now.AddMinutes(1), review: false, Myelopathy);

        Assert.Equal(0, SummaryCalculator.Trend([later], Now, 1).Single().Total);
    }

    [Fact]
    public void Build_Trend_FollowsTheConfiguredNumberOfDays()
    {
        var trend = NorthEastSummary(options: new SummaryOptions { TrendDays = 3 }).Trend;

        Assert.Equal([new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24)], trend.Select(p => p.Day));
    }

    [Fact]
    public void Rollup_SumsEveryFigureAcrossRegions()
    {
        var northEast = NorthEastSummary(RegionStatus.Crisis);
        var central = SummaryCalculator.Build("central", RegionStatus.Normal, [F], [], Now, Previous, Defaults);

        var rollup = SummaryCalculator.Rollup([northEast, central], [.. NorthEast, F], [], Now, Previous, Defaults);

        Assert.True(rollup.IsRollup);
        Assert.Equal(RegionSummary.AllRegions, rollup.Region);
        Assert.Null(rollup.Status);
        Assert.Equal(6, rollup.Postponed);
        Assert.Equal(northEast.Postponed + central.Postponed, rollup.Postponed);
        Assert.Equal(3, rollup.ByCategory[TriageCategory.Urgent]);
        Assert.Equal(3, rollup.ByCategory[TriageCategory.Elective]);
        Assert.Equal(
            [new(Manageable, 2), new(Myelopathy, 2), new(Deformity, 1), new(Hardware, 1), new(IntractablePain, 1), new KeyValuePair<string, int>(SignificantDeficit, 1)],
            rollup.ByCriterion);
        Assert.Equal(["D", "E"], rollup.NewSincePrevious); // F was postponed before the previous summary
        Assert.Equal(["A", "B", "F", "C", "D", "E"], rollup.LongestWaits.Select(w => w.ReferralId)); // F: 4 days
        Assert.Equal(4, rollup.LongestWaits.Single(w => w.ReferralId == "F").Days);
        Assert.Equal([new("A", 54), new CaseDays("B", 34)], rollup.PastReevaluation);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 24), 3, 3), rollup.Trend[^1]);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 21), 2, 0), rollup.Trend[10]);
        Assert.Equal(new TrendPoint(new DateOnly(2026, 11, 22), 3, 0), rollup.Trend[11]);
    }

    [Fact]
    public void Rollup_EligibleToProceed_FollowsEachCasesOwnRegionStatus()
    {
        // Urgent A and B are in north-east (crisis): not eligible. Urgent F is in central (normal): eligible.
        var northEast = NorthEastSummary(RegionStatus.Crisis);
        var central = SummaryCalculator.Build("central", RegionStatus.Normal, [F], [], Now, Previous, Defaults);

        var rollup = SummaryCalculator.Rollup([northEast, central], [.. NorthEast, F], [], Now, Previous, Defaults);

        Assert.Equal(["F"], central.EligibleToProceed);
        Assert.Equal(["F"], rollup.EligibleToProceed);
    }

    [Fact]
    public void Rollup_EveryRegionNormal_ListsEveryUrgentCaseById()
    {
        var northEast = NorthEastSummary(RegionStatus.Normal);
        var central = SummaryCalculator.Build("central", RegionStatus.Normal, [F], [], Now, Previous, Defaults);

        var rollup = SummaryCalculator.Rollup([central, northEast], [F, .. NorthEast], [], Now, Previous, Defaults);

        Assert.Equal(["A", "B", "F"], rollup.EligibleToProceed);
    }

    [Fact]
    public void Rollup_NoRegions_IsEmpty()
    {
        var rollup = SummaryCalculator.Rollup([], [], [], Now, null, Defaults);

        Assert.Equal(0, rollup.Postponed);
        Assert.Empty(rollup.EligibleToProceed);
        Assert.Equal(14, rollup.Trend.Count);
    }
}
