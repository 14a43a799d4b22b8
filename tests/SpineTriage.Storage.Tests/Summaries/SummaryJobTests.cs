using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Summaries;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;
using static SpineTriage.Storage.Tests.Builders.DecisionBuilder;

namespace SpineTriage.Storage.Tests.Summaries;

/// <summary>
/// The summary job end to end on Azurite (real stores and ledger; a renderer and a mailer that
/// capture): one email per region and period, the rollup, idempotency, failures and the crash
/// between sending and recording.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class SummaryJobTests(AzuriteFixture azurite)
{
    private const string Period = "20261124T060000Z";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 5, TimeSpan.Zero);
    private static readonly string[] AllTargets = ["central", "coastal", "highlands", "north-east", RegionSummary.AllRegions];

    // north-east (crisis): an Urgent and an Elective (review) postponed, one proceeding; central
    // (normal): an Urgent postponed earlier, so eligible to proceed; coastal (no status: the
    // default, constrained): an Elective postponed; highlands (crisis): nothing postponed.
    private async Task<SummaryHarness> ScenarioAsync(Dictionary<string, string[]>? recipients = null)
    {
        var harness = await SummaryHarness.CreateAsync(azurite, recipients ?? SummaryHarness.HeadsOf("central", "coastal", "highlands", "north-east"));
        var storage = harness.Storage;
        await storage.Regions.SetAsync("north-east", RegionStatus.Crisis, "test");
        await storage.Regions.SetAsync("central", RegionStatus.Normal, "test");
        await storage.Regions.SetAsync("highlands", RegionStatus.Crisis, "test");
        await storage.Triage.SaveAsync(Decision().For("NE-1").InRegion("north-east").Postponed()
            .WithCategory(TriageCategory.Urgent, "urgent.progressive-myelopathy").ReceivedAt(new(2026, 11, 9, 8, 0, 0, TimeSpan.Zero))
            .DecidedAt(new(2026, 11, 10, 9, 0, 0, TimeSpan.Zero)).Build());
        await storage.Triage.SaveAsync(Decision().For("NE-2").InRegion("north-east").Postponed().NeedingReview()
            .ReceivedAt(new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)).DecidedAt(new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)).Build());
        await storage.Triage.SaveAsync(Decision().For("NE-3").InRegion("north-east").Proceeding().Build());
        await storage.Triage.SaveAsync(Decision().For("C-1").InRegion("central").Postponed()
            .WithCategory(TriageCategory.Urgent, "urgent.intractable-pain").DecidedAt(new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)).Build());
        await storage.Triage.SaveAsync(Decision().For("CO-1").InRegion("coastal").Postponed().DecidedAt(new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)).Build());
        return harness;
    }

    private static RegionSummary SummaryOf(SummaryHarness harness, string region) =>
        harness.Renderer.Summaries.Last(s => s.Region == region);

    [Fact]
    public async Task Run_FirstTime_SendsOneEmailPerRegionAndTheRollup()
    {
        var harness = await ScenarioAsync();

        var report = await harness.Job.RunAsync(Now);

        Assert.True(report.Succeeded);
        Assert.Equal(Period, report.PeriodKey);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), report.PeriodStart);
        Assert.Equal(AllTargets, report.Deliveries.Select(d => d.Region));
        Assert.All(report.Deliveries, d => Assert.Equal(SummaryOutcome.Sent, d.Outcome));
        Assert.Equal(AllTargets.Order(StringComparer.Ordinal), harness.Mailer.Sent.Select(e => e.Region).Order(StringComparer.Ordinal));
        Assert.All(harness.Mailer.Sent, e => Assert.Equal(Period, e.PeriodKey));
        Assert.Equal(["head.north-east@example.org", "deputy.north-east@example.org"], harness.Mailer.To("north-east").Single().To);
        Assert.Equal(["leads@example.org"], harness.Mailer.To(RegionSummary.AllRegions).Single().To);
        Assert.Equal(2, report.Deliveries.Single(d => d.Region == "north-east").Recipients);
        Assert.Equal(1, report.Deliveries.Single(d => d.Region == RegionSummary.AllRegions).Recipients);
        Assert.Equal(2, report.Deliveries.Single(d => d.Region == "north-east").Postponed);
        Assert.Equal(4, report.Deliveries.Single(d => d.Region == RegionSummary.AllRegions).Postponed);
    }

    [Fact]
    public async Task Run_FirstTime_BuildsEachRegionsFiguresFromItsPostponedCases()
    {
        var harness = await ScenarioAsync();

        await harness.Job.RunAsync(Now);

        var northEast = SummaryOf(harness, "north-east");
        Assert.Equal(RegionStatus.Crisis, northEast.Status);
        Assert.Equal(2, northEast.Postponed);
        Assert.Equal(1, northEast.ByCategory[TriageCategory.Urgent]);
        Assert.Equal(1, northEast.ByCategory[TriageCategory.Elective]);
        Assert.Equal(["NE-2"], northEast.Backlog.Cases.Select(c => c.ReferralId)); // postponed and flagged: awaiting review
        Assert.Equal(["NE-1", "NE-2"], northEast.NewSincePrevious);
        Assert.Null(northEast.PreviousSummaryAt);
        Assert.Equal(Now, northEast.Now);
        Assert.Empty(northEast.EligibleToProceed);
        Assert.Equal(new CaseDays("NE-1", 14), northEast.LongestWaits[0]); // received 9 Nov 08:00, now 24 Nov 06:00

        var central = SummaryOf(harness, "central");
        Assert.Equal(RegionStatus.Normal, central.Status);
        Assert.Equal(["C-1"], central.EligibleToProceed);

        // No status set: the default (constrained).
        Assert.Equal(RegionStatus.Constrained, SummaryOf(harness, "coastal").Status);
        Assert.Equal(0, SummaryOf(harness, "highlands").Postponed);

        var rollup = SummaryOf(harness, RegionSummary.AllRegions);
        Assert.Null(rollup.Status);
        Assert.Equal(4, rollup.Postponed);
        Assert.Equal(2, rollup.ByCategory[TriageCategory.Urgent]);
        Assert.Equal(2, rollup.ByCategory[TriageCategory.Elective]);
        Assert.Equal(["C-1"], rollup.EligibleToProceed);
    }

    [Fact]
    public async Task Run_AtATimeBeforeSomeDecisions_EveryFigureCountsOnlyTheCasesPostponedByThen()
    {
        // NE-9 and NE-10 were decided after the summary's time (received long before it): at that
        // time they were not postponed, so neither the headline, the trend, the waits nor the
        // re-evaluation list counts them. The same goes for a case awaiting review only since then.
        var harness = await ScenarioAsync();
        await harness.Storage.Triage.SaveAsync(Decision().For("NE-9").InRegion("north-east").Postponed()
            .WithCategory(TriageCategory.Urgent, "urgent.progressive-myelopathy").ReceivedAt(new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero))
            .DecidedAt(Now.AddDays(2)).Build());
        await harness.Storage.Triage.SaveAsync(Decision().For("NE-10").InRegion("north-east").Postponed().NeedingReview()
            .ReceivedAt(new(2026, 10, 2, 8, 0, 0, TimeSpan.Zero)).DecidedAt(Now.AddSeconds(1)).Build());

        var report = await harness.Job.RunAsync(Now);

        var northEast = SummaryOf(harness, "north-east");
        Assert.Equal(2, northEast.Postponed);
        Assert.Equal(northEast.Postponed, northEast.Trend[^1].Total);
        Assert.Equal(["NE-1", "NE-2"], northEast.LongestWaits.Select(w => w.ReferralId));
        Assert.Empty(northEast.PastReevaluation);
        Assert.Equal(["NE-1", "NE-2"], northEast.NewSincePrevious);
        Assert.Equal(["NE-2"], northEast.Backlog.Cases.Select(c => c.ReferralId));
        Assert.Equal((2, 1), (report.Deliveries.Single(d => d.Region == "north-east").Postponed, report.Deliveries.Single(d => d.Region == "north-east").AwaitingReview));
        var rollup = SummaryOf(harness, RegionSummary.AllRegions);
        Assert.Equal(4, rollup.Postponed);
        Assert.Equal(rollup.Postponed, rollup.Trend[^1].Total);
        Assert.Equal(2, (await harness.Ledger.GetAsync("north-east", Period))!.Postponed);

        // Two days later both count.
        var later = await harness.Job.RunAsync(Now.AddDays(2));
        Assert.Equal((4, 2), (later.Deliveries.Single(d => d.Region == "north-east").Postponed, later.Deliveries.Single(d => d.Region == "north-east").AwaitingReview));
        Assert.Equal(["NE-10", "NE-9"], SummaryOf(harness, "north-east").PastReevaluation.Select(p => p.ReferralId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_FirstTime_RecordsEveryEmailInTheLedger()
    {
        var harness = await ScenarioAsync();

        await harness.Job.RunAsync(Now);

        foreach (var region in AllTargets)
        {
            var run = await harness.Ledger.GetAsync(region, Period);
            Assert.NotNull(run);
            Assert.Equal(Now, run.SummarisedAt);
            Assert.Equal($"memory:{region}/{Period}", run.Where);
        }

        var northEast = await harness.Ledger.GetAsync("north-east", Period);
        Assert.Equal((2, 1, 1, 2), (northEast!.Postponed, northEast.Urgent, northEast.Elective, northEast.Recipients));
    }

    [Fact]
    public async Task Run_TwiceInTheSamePeriod_SendsNothingTheSecondTime()
    {
        var harness = await ScenarioAsync();
        await harness.Job.RunAsync(Now);

        var again = await harness.Job.RunAsync(Now);
        var later = await harness.Job.RunAsync(Now.AddHours(20));

        Assert.Equal(5, harness.Mailer.Sent.Count);
        Assert.All(again.Deliveries.Concat(later.Deliveries), d => Assert.Equal(SummaryOutcome.AlreadySent, d.Outcome));
        Assert.Equal(Period, later.PeriodKey);
        Assert.Equal($"memory:north-east/{Period}", again.Deliveries.Single(d => d.Region == "north-east").Where);
        Assert.True(again.Succeeded);
    }

    [Fact]
    public async Task Run_NextPeriod_SendsAgainAndCountsNewCasesFromThePreviousSummary()
    {
        var harness = await ScenarioAsync();
        await harness.Job.RunAsync(Now);
        await harness.Storage.Triage.SaveAsync(Decision().For("NE-4").InRegion("north-east").Postponed().DecidedAt(Now.AddHours(3)).Build());

        var report = await harness.Job.RunAsync(Now.AddDays(1));

        Assert.Equal("20261125T060000Z", report.PeriodKey);
        Assert.All(report.Deliveries, d => Assert.Equal(SummaryOutcome.Sent, d.Outcome));
        Assert.Equal(10, harness.Mailer.Sent.Count);
        var northEast = SummaryOf(harness, "north-east");
        Assert.Equal(Now, northEast.PreviousSummaryAt);
        Assert.Equal(["NE-4"], northEast.NewSincePrevious);
        Assert.Equal(["NE-4"], SummaryOf(harness, RegionSummary.AllRegions).NewSincePrevious);
        Assert.Empty(SummaryOf(harness, "central").NewSincePrevious);
    }

    [Fact]
    public async Task Run_MailerFailsForOneRegion_ReportsItRecordsNothingAndTheNextRunSendsIt()
    {
        var harness = await ScenarioAsync();
        harness.Mailer.FailFor = "north-east";

        var failed = await harness.Job.RunAsync(Now);

        Assert.False(failed.Succeeded);
        var delivery = failed.Deliveries.Single(d => d.Region == "north-east");
        Assert.Equal(SummaryOutcome.Failed, delivery.Outcome);
        Assert.Contains("not sent", delivery.Error, StringComparison.Ordinal);
        Assert.Null(await harness.Ledger.GetAsync("north-east", Period));
        Assert.Equal(4, failed.Deliveries.Count(d => d.Outcome == SummaryOutcome.Sent));

        harness.Mailer.FailFor = null;
        var retried = await harness.Job.RunAsync(Now.AddMinutes(1));

        Assert.True(retried.Succeeded);
        Assert.Equal(SummaryOutcome.Sent, retried.Deliveries.Single(d => d.Region == "north-east").Outcome);
        Assert.Equal(4, retried.Deliveries.Count(d => d.Outcome == SummaryOutcome.AlreadySent));
        Assert.Single(harness.Mailer.To("north-east"));
        Assert.Equal(5, harness.Mailer.Sent.Count);
    }

    [Fact]
    public async Task Run_SentButTheLedgerFails_TheNextRunSendsItAgain_ADuplicateNotALoss()
    {
        var harness = await ScenarioAsync();
        harness.Flaky.FailNextRecords = 1; // the first email (central) is sent, then recording it fails

        var crashed = await harness.Job.RunAsync(Now);

        var central = crashed.Deliveries.Single(d => d.Region == "central");
        Assert.Equal(SummaryOutcome.Failed, central.Outcome);
        Assert.Contains("sent", central.Error, StringComparison.Ordinal);
        Assert.Contains("not recorded", central.Error, StringComparison.Ordinal);
        Assert.Equal($"memory:central/{Period}", central.Where);
        Assert.Single(harness.Mailer.To("central"));
        Assert.Null(await harness.Ledger.GetAsync("central", Period));

        var next = await harness.Job.RunAsync(Now.AddMinutes(1));
        var third = await harness.Job.RunAsync(Now.AddMinutes(2));

        Assert.Equal(SummaryOutcome.Sent, next.Deliveries.Single(d => d.Region == "central").Outcome);
        Assert.Equal(2, harness.Mailer.To("central").Count);
        Assert.All(third.Deliveries, d => Assert.Equal(SummaryOutcome.AlreadySent, d.Outcome));
        Assert.All(AllTargets.Where(r => r != "central"), r => Assert.Single(harness.Mailer.To(r)));
    }

    [Fact]
    public async Task Run_RegionWithoutRecipients_IsNotSentNorRecorded_AndIsSentOnceRecipientsAreConfigured()
    {
        var harness = await ScenarioAsync(new() { ["north-east"] = ["head.north-east@example.org"] });

        var report = await harness.Job.RunAsync(Now);

        Assert.True(report.Succeeded);
        Assert.Equal(SummaryOutcome.Sent, report.Deliveries.Single(d => d.Region == "north-east").Outcome);
        Assert.All(report.Deliveries.Where(d => d.Region != "north-east"), d =>
        {
            Assert.Equal(SummaryOutcome.NoRecipients, d.Outcome);
            Assert.Equal(0, d.Recipients);
        });
        Assert.Single(harness.Mailer.Sent);
        Assert.Null(await harness.Ledger.GetAsync("central", Period));
        Assert.Null(await harness.Ledger.GetAsync(RegionSummary.AllRegions, Period));

        harness.Recipients.Recipients["central"] = ["head.central@example.org"];
        harness.Recipients.Recipients[SummaryRecipientsOptions.RollupKey] = ["  ", "leads@example.org "];
        var later = await harness.Job.RunAsync(Now.AddHours(1));

        Assert.Equal(SummaryOutcome.Sent, later.Deliveries.Single(d => d.Region == "central").Outcome);
        Assert.Equal(["leads@example.org"], harness.Mailer.To(RegionSummary.AllRegions).Single().To);
        Assert.Equal(SummaryOutcome.AlreadySent, later.Deliveries.Single(d => d.Region == "north-east").Outcome);
    }

    [Fact]
    public async Task Run_OneRegion_SendsOnlyThatRegion()
    {
        var harness = await ScenarioAsync();

        var report = await harness.Job.RunAsync(Now, "coastal");

        var delivery = Assert.Single(report.Deliveries);
        Assert.Equal(("coastal", SummaryOutcome.Sent, 1), (delivery.Region, delivery.Outcome, delivery.Postponed));
        Assert.Equal("coastal", Assert.Single(harness.Mailer.Sent).Region);

        // The whole run later sends the others, and not coastal again.
        var all = await harness.Job.RunAsync(Now);
        Assert.Equal(SummaryOutcome.AlreadySent, all.Deliveries.Single(d => d.Region == "coastal").Outcome);
        Assert.Equal(5, harness.Mailer.Sent.Count);
    }

    [Fact]
    public async Task Run_RegionWithNothing_SendsAnEmptySummary()
    {
        var harness = await ScenarioAsync(SummaryHarness.HeadsOf("south-west"));

        var report = await harness.Job.RunAsync(Now, "south-west");

        Assert.Equal((SummaryOutcome.Sent, 0), (report.Deliveries.Single().Outcome, report.Deliveries.Single().Postponed));
        Assert.Equal(RegionStatus.Constrained, SummaryOf(harness, "south-west").Status);
    }

    [Fact]
    public async Task Run_RollupOnly_SendsTheRollupOfEveryRegion()
    {
        var harness = await ScenarioAsync();

        var report = await harness.Job.RunAsync(Now, SummaryJob.RollupOnly);

        Assert.Equal(RegionSummary.AllRegions, Assert.Single(report.Deliveries).Region);
        Assert.Equal(4, SummaryOf(harness, RegionSummary.AllRegions).Postponed);
        Assert.Equal(["C-1"], SummaryOf(harness, RegionSummary.AllRegions).EligibleToProceed);
        Assert.Single(harness.Mailer.Sent);
    }

    [Theory]
    [InlineData("2026-11-24T06:00:00Z", "20261124T060000Z")]
    [InlineData("2026-11-24T05:59:59Z", "20261123T060000Z")]
    [InlineData("2026-11-25T01:00:00-05:00", "20261125T060000Z")]
    public async Task Run_Period_IsTheLatestOccurrenceAtOrBeforeNow(string now, string period)
    {
        var harness = await SummaryHarness.CreateAsync(azurite, SummaryHarness.HeadsOf());

        var report = await harness.Job.RunAsync(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(period, report.PeriodKey);
        Assert.Equal(period, Assert.Single(harness.Mailer.Sent).PeriodKey); // no region: the rollup only
    }

    [Fact]
    public async Task Run_RegionThatCannotBeAKey_Throws()
    {
        var harness = await SummaryHarness.CreateAsync(azurite, SummaryHarness.HeadsOf());

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Job.RunAsync(Now, "north/east"));
    }

    [Fact]
    public async Task Run_RegionWithOnlyReviewBacklogRows_GetsItsEmailWithTheBacklog()
    {
        // islands: no status set, nothing postponed, two cases held for a clinician.
        var harness = await SummaryHarness.CreateAsync(azurite, SummaryHarness.HeadsOf("islands"));
        await harness.Storage.Triage.SaveAsync(Decision().For("IS-1").InRegion("islands").Proceeding()
            .WithCategory(TriageCategory.Emergent, "emergent.instability").NeedingReview().DecidedAt(Now.AddHours(-30)).Build());
        await harness.Storage.Triage.SaveAsync(Decision().For("IS-2").InRegion("islands").ForReview().DecidedAt(Now.AddHours(-50)).Build());

        var report = await harness.Job.RunAsync(Now);

        Assert.Equal(["islands", RegionSummary.AllRegions], report.Deliveries.Select(d => d.Region));
        var islands = report.Deliveries[0];
        Assert.Equal((SummaryOutcome.Sent, 0, 2), (islands.Outcome, islands.Postponed, islands.AwaitingReview));
        var summary = SummaryOf(harness, "islands");
        Assert.Equal(0, summary.Postponed);
        Assert.Equal(2, summary.Backlog.Count);
        Assert.Equal(["IS-1", "IS-2"], summary.Backlog.Cases.Select(c => c.ReferralId)); // Emergent first
        Assert.Equal(["IS-2", "IS-1"], summary.Backlog.OverLimit.Select(c => c.ReferralId)); // both over 24 h, longest first
        Assert.Equal("IS-2", summary.Backlog.Oldest!.ReferralId);
        var rollup = SummaryOf(harness, RegionSummary.AllRegions);
        Assert.Equal(2, rollup.Backlog.Count);
        Assert.Equal(new RegionBacklog("islands", 2, 2, summary.Backlog.Oldest), Assert.Single(rollup.Backlog.ByRegion));
    }

    [Fact]
    public async Task Run_FirstTime_TheRollupBreaksTheBacklogDownPerRegion()
    {
        var harness = await ScenarioAsync();
        await harness.Storage.Triage.SaveAsync(Decision().For("C-2").InRegion("central").ForReview().DecidedAt(Now.AddHours(-2)).Build());

        await harness.Job.RunAsync(Now);

        var rollup = SummaryOf(harness, RegionSummary.AllRegions);
        Assert.Equal(["central", "coastal", "highlands", "north-east"], rollup.Backlog.ByRegion.Select(r => r.Region));
        Assert.Equal([1, 0, 0, 1], rollup.Backlog.ByRegion.Select(r => r.Count));
        Assert.Equal(2, rollup.Backlog.Count);
        Assert.Equal(1, SummaryOf(harness, "central").Backlog.Count);
        Assert.Equal(1, rollup.Backlog.ByCategory[TriageCategory.Unclassified]);
        Assert.Equal(1, rollup.Backlog.ByCategory[TriageCategory.Elective]);
    }

    [Fact]
    public async Task GetPostponedRegions_ListsEachRegionWithPostponedRowsOnceInOrder()
    {
        var harness = await ScenarioAsync();
        await harness.Storage.Triage.SaveAsync(Decision().For("NE-5").InRegion("north-east").Postponed().Build());
        await harness.Storage.Triage.SaveAsync(Decision().For("SW-1").InRegion("south-west").Proceeding().Build());

        var regions = new List<string>();
        await foreach (var region in harness.Storage.Triage.GetPostponedRegionsAsync())
        {
            regions.Add(region);
        }

        Assert.Equal(["central", "coastal", "north-east"], regions);
    }
}
