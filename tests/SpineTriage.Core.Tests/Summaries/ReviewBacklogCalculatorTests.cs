using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Summaries;

/// <summary>
/// The review backlog's figures on a small data set worked out by hand, with the boundary of the
/// wait limit (exactly 24 hours is not longer than 24 hours).
/// </summary>
public sealed class ReviewBacklogCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private static readonly SummaryOptions Defaults = new();

    // north-east. Waits (now - waitingSince): R1 72 h, R2 2 h, R3 exactly 24 h, R4 24 h 1 s, R5 30 h.
    // R6 awaits review only since after now: not yet at now, so no figure of this summary counts it.
    private static readonly ReviewCase R1 = Case("R1", TriageCategory.Elective, Disposition.Postpone, Now.AddHours(-72), "elective.manageable-without-procedure");
    private static readonly ReviewCase R2 = Case("R2", TriageCategory.Emergent, Disposition.Proceed, Now.AddHours(-2), "emergent.instability");
    private static readonly ReviewCase R3 = Case("R3", TriageCategory.Unclassified, Disposition.Review, Now.AddHours(-24));
    private static readonly ReviewCase R4 = Case("R4", TriageCategory.Urgent, Disposition.Review, Now.AddHours(-24).AddSeconds(-1), "urgent.progressive-myelopathy", "urgent.intractable-pain");
    private static readonly ReviewCase R5 = Case("R5", TriageCategory.Emergent, Disposition.Review, Now.AddHours(-30), "emergent.severe-or-progressive-deficit");
    private static readonly ReviewCase R6 = Case("R6", TriageCategory.Unclassified, Disposition.Review, Now.AddHours(1));
    private static readonly ReviewCase[] NorthEast = [R3, R6, R1, R5, R2, R4]; // any order: the figures sort

    // central: C1, Urgent, waiting 100 hours.
    private static readonly ReviewCase C1 = Case("C1", TriageCategory.Urgent, Disposition.Postpone, Now.AddHours(-100), "urgent.intractable-pain") with { Region = "central" };

    private static ReviewCase Case(string id, TriageCategory category, Disposition disposition, DateTimeOffset waitingSince, params string[] criteria) =>
        new(id, "north-east", Sequence: 1, category, disposition, criteria, ReceivedAt: waitingSince.AddHours(-1), waitingSince, DecidedAt: waitingSince);

    private static RegionSummary NorthEastSummary(SummaryOptions? options = null) =>
        SummaryCalculator.Build("north-east", RegionStatus.Crisis, [], NorthEast, Now, null, options ?? Defaults);

    [Fact]
    public void Build_Backlog_CountsEveryCaseWhateverItsDisposition()
    {
        var summary = NorthEastSummary();

        Assert.Equal(5, summary.Backlog.Count);
        Assert.Equal(0, summary.Postponed);
        Assert.Equal(TimeSpan.FromHours(24), summary.Backlog.WaitLimit);
    }

    [Fact]
    public void Build_Backlog_ByCategory_CountsAllFourCategories()
    {
        var byCategory = NorthEastSummary().Backlog.ByCategory;

        Assert.Equal(4, byCategory.Count);
        Assert.Equal(2, byCategory[TriageCategory.Emergent]);
        Assert.Equal(1, byCategory[TriageCategory.Urgent]);
        Assert.Equal(1, byCategory[TriageCategory.Elective]);
        Assert.Equal(1, byCategory[TriageCategory.Unclassified]); // R3; R6 not yet
    }

    [Fact]
    public void Build_Backlog_Oldest_IsTheLongestWaiting()
    {
        var oldest = NorthEastSummary().Backlog.Oldest;

        Assert.NotNull(oldest);
        Assert.Equal(("R1", TimeSpan.FromHours(72)), (oldest.ReferralId, oldest.Waiting));
    }

    [Fact]
    public void Build_Backlog_OverLimit_IsWaitingLongerThan24Hours_NotExactly24_LongestFirst()
    {
        // R1 72 h, R5 30 h, R4 24 h 1 s; R3 exactly 24 h is not longer.
        var overLimit = NorthEastSummary().Backlog.OverLimit;

        Assert.Equal(["R1", "R5", "R4"], overLimit.Select(c => c.ReferralId));
        Assert.Equal(TimeSpan.FromHours(24).Add(TimeSpan.FromSeconds(1)), overLimit[2].Waiting);
    }

    [Fact]
    public void Build_Backlog_OverLimit_FollowsTheConfiguredLimit()
    {
        var backlog = NorthEastSummary(new SummaryOptions { ReviewWaitLimit = TimeSpan.FromHours(1) }).Backlog;

        Assert.Equal(["R1", "R5", "R4", "R3", "R2"], backlog.OverLimit.Select(c => c.ReferralId));
        Assert.Equal(TimeSpan.FromHours(1), backlog.WaitLimit);
    }

    [Fact]
    public void Build_Backlog_Cases_AreEmergentFirstThenLongestWaiting()
    {
        // Emergent: R5 (30 h), R2 (2 h). Then R1 (72 h), R4 (24 h 1 s), R3 (24 h).
        Assert.Equal(["R5", "R2", "R1", "R4", "R3"], NorthEastSummary().Backlog.Cases.Select(c => c.ReferralId));
    }

    [Fact]
    public void Build_Backlog_Cases_CarryCategoryDispositionCriteriaAndWait()
    {
        var r4 = NorthEastSummary().Backlog.Cases.Single(c => c.ReferralId == "R4");

        Assert.Equal(("north-east", TriageCategory.Urgent, Disposition.Review), (r4.Region, r4.Category, r4.Disposition));
        Assert.Equal(["urgent.progressive-myelopathy", "urgent.intractable-pain"], r4.Criteria);
        Assert.DoesNotContain(NorthEastSummary().Backlog.Cases, c => c.ReferralId == "R6");
    }

    [Fact]
    public void Build_Backlog_SameWait_OrdersByReferralId()
    {
        var since = Now.AddHours(-5);
        ReviewCase[] cases = [Case("B", TriageCategory.Urgent, Disposition.Review, since), Case("A", TriageCategory.Urgent, Disposition.Review, since)];

        var summary = SummaryCalculator.Build("north-east", null, [], cases, Now, null, Defaults);

        Assert.Equal(["A", "B"], summary.Backlog.Cases.Select(c => c.ReferralId));
    }

    [Fact]
    public void Build_Backlog_RegionSummary_HasItsOwnLine()
    {
        Assert.Equal([new RegionBacklog("north-east", 5, 3, NorthEastSummary().Backlog.Oldest)], NorthEastSummary().Backlog.ByRegion);
    }

    [Fact]
    public void Build_NoBacklog_IsEmptyWithEveryCategoryAtZero()
    {
        var backlog = SummaryCalculator.Build("highlands", RegionStatus.Crisis, [], [], Now, null, Defaults).Backlog;

        Assert.Equal(0, backlog.Count);
        Assert.Null(backlog.Oldest);
        Assert.Empty(backlog.OverLimit);
        Assert.Empty(backlog.Cases);
        Assert.All(backlog.ByCategory.Values, v => Assert.Equal(0, v));
        Assert.Equal([new RegionBacklog("highlands", 0, 0, null)], backlog.ByRegion);
    }

    [Fact]
    public void Rollup_Backlog_MergesEveryRegionAndBreaksItDownPerRegion()
    {
        var northEast = NorthEastSummary();
        var central = SummaryCalculator.Build("central", RegionStatus.Normal, [], [C1], Now, null, Defaults);
        var highlands = SummaryCalculator.Build("highlands", RegionStatus.Crisis, [], [], Now, null, Defaults);

        var rollup = SummaryCalculator.Rollup([northEast, central, highlands], [], [.. NorthEast, C1], Now, null, Defaults);

        var backlog = rollup.Backlog;
        Assert.Equal(6, backlog.Count);
        Assert.Equal("C1", backlog.Oldest!.ReferralId);
        Assert.Equal(["C1", "R1", "R5", "R4"], backlog.OverLimit.Select(c => c.ReferralId));
        Assert.Equal(["R5", "R2", "C1", "R1", "R4", "R3"], backlog.Cases.Select(c => c.ReferralId));
        Assert.Equal(2, backlog.ByCategory[TriageCategory.Urgent]);
        Assert.Equal(
            [("central", 1, 1, "C1"), ("highlands", 0, 0, null), ("north-east", 5, 3, "R1")],
            backlog.ByRegion.Select(r => (r.Region, r.Count, r.OverLimit, r.Oldest?.ReferralId)));
    }
}
