using SpineTriage.Core.Review;
using static SpineTriage.Core.Tests.Review.AlertHarness;

namespace SpineTriage.Core.Tests.Review;

/// <summary>The alert job over fakes: coalescing per region, once per referral sequence, no address, failures.</summary>
public sealed class ReviewAlertJobTests
{
    [Fact]
    public async Task Run_ABurstOfRedFlagsInOneRegion_SendsOneEmailListingEveryReferral()
    {
        var harness = new AlertHarness();
        var ids = Enumerable.Range(1, 7).Select(i => $"REF-{i:D3}").ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            harness.Outbox.Put(RedFlag(id, minute: 10 - i));
        }

        var report = await harness.Job.RunAsync();

        var email = Assert.Single(harness.Sender.Emails);
        Assert.Equal("north-east", email.Region);
        Assert.Equal("SpineTriage review alert: north-east, 7 referrals need a clinician", email.Subject);
        Assert.Equal(ids.AsEnumerable().Reverse(), email.Alerts.Select(a => a.ReferralId)); // oldest decision first
        Assert.Equal(["on-call@hospital.example"], email.To);
        var delivery = Assert.Single(report.Deliveries);
        Assert.Equal((AlertOutcome.Sent, 7), (delivery.Outcome, delivery.Referrals));
        Assert.Empty(harness.Outbox.Rows);
        Assert.Equal(7, harness.Ledger.Sent.Count);
    }

    [Fact]
    public async Task Run_TwoRegions_OneEmailEachToItsOwnAddressOrTheDefault()
    {
        var harness = new AlertHarness(new() { ["north-east"] = ["review.ne@hospital.example"], ["*"] = ["on-call@hospital.example"] });
        harness.Outbox.Put(RedFlag("REF-1", "north-east"));
        harness.Outbox.Put(RedFlag("REF-2", "south-west"));
        harness.Outbox.Put(RedFlag("REF-3", "north-east"));

        await harness.Job.RunAsync();

        Assert.Equal(2, harness.Sender.Emails.Count);
        Assert.Equal(["review.ne@hospital.example"], harness.Sender.Emails.Single(e => e.Region == "north-east").To);
        Assert.Equal(["on-call@hospital.example"], harness.Sender.Emails.Single(e => e.Region == "south-west").To);
        Assert.Equal("SpineTriage review alert: south-west, 1 referral needs a clinician", harness.Sender.Emails.Single(e => e.Region == "south-west").Subject);
    }

    [Fact]
    public async Task Run_ARowTheLedgerHas_IsRemovedAndNotSentAgain()
    {
        var harness = new AlertHarness();
        harness.Outbox.Put(RedFlag("REF-1"));
        await harness.Job.RunAsync();

        // A redelivery of the same message repairs (writes again) the row.
        harness.Outbox.Put(RedFlag("REF-1"));
        harness.Outbox.Put(RedFlag("REF-2"));
        var report = await harness.Job.RunAsync();

        Assert.Equal(2, harness.Sender.Emails.Count);
        Assert.Equal(["REF-2"], harness.Sender.Emails[1].Alerts.Select(a => a.ReferralId));
        Assert.Equal(1, Assert.Single(report.Deliveries).AlreadySent);
        Assert.Empty(harness.Outbox.Rows);
    }

    [Fact]
    public async Task Run_OnlyRowsTheLedgerHas_ReportsAlreadySentAndSendsNothing()
    {
        var harness = new AlertHarness();
        harness.Outbox.Put(RedFlag("REF-1"));
        await harness.Job.RunAsync();
        harness.Outbox.Put(RedFlag("REF-1"));

        var report = await harness.Job.RunAsync();

        Assert.Single(harness.Sender.Emails);
        Assert.Equal(AlertOutcome.AlreadySent, Assert.Single(report.Deliveries).Outcome);
        Assert.Empty(harness.Outbox.Rows);
    }

    [Fact]
    public async Task Run_ANewerSequenceStillAlertWorthy_IsANewAlert()
    {
        var harness = new AlertHarness();
        harness.Outbox.Put(RedFlag("REF-1", sequence: 1, revision: 1));
        await harness.Job.RunAsync();

        harness.Outbox.Put(RedFlag("REF-1", sequence: 2, revision: 2));
        await harness.Job.RunAsync();

        Assert.Equal([1L, 2L], harness.Sender.Emails.Select(e => Assert.Single(e.Alerts).Sequence));
    }

    [Fact]
    public async Task Run_NoAddressForTheRegion_KeepsItsAlertsPendingAndSendsThemOnceOneIsConfigured()
    {
        var recipients = new Dictionary<string, string[]> { ["north-east"] = ["review.ne@hospital.example"] };
        var harness = new AlertHarness(recipients);
        harness.Outbox.Put(RedFlag("REF-1", "south-west"));

        var report = await harness.Job.RunAsync();

        var delivery = Assert.Single(report.Deliveries);
        Assert.Equal((AlertOutcome.NoRecipients, "south-west"), (delivery.Outcome, delivery.Region));
        Assert.Equal(["REF-1"], delivery.ReferralIds);
        Assert.True(report.Succeeded);
        Assert.Empty(harness.Sender.Emails);
        Assert.Empty(harness.Ledger.Sent);
        Assert.Single(harness.Outbox.Rows);
    }

    [Fact]
    public async Task Run_SendFails_RecordsNothingKeepsTheRowsAndTheNextRunSends()
    {
        var harness = new AlertHarness();
        harness.Outbox.Put(RedFlag("REF-1"));
        harness.Sender.FailNextSends = 1;

        var failed = await harness.Job.RunAsync();

        Assert.False(failed.Succeeded);
        Assert.Equal(AlertOutcome.Failed, Assert.Single(failed.Deliveries).Outcome);
        Assert.Empty(harness.Ledger.Sent);
        Assert.Single(harness.Outbox.Rows);

        var retried = await harness.Job.RunAsync();

        Assert.True(retried.Succeeded);
        Assert.Equal(["REF-1"], Assert.Single(harness.Sender.Emails).Alerts.Select(a => a.ReferralId));
        Assert.Empty(harness.Outbox.Rows);
    }

    [Fact]
    public async Task Run_SentButNotRecorded_SendsTheSameBatchAgainNextRun_ADuplicateNeverALoss()
    {
        var harness = new AlertHarness();
        harness.Outbox.Put(RedFlag("REF-1"));
        harness.Ledger.FailNextRecords = 1;

        var first = await harness.Job.RunAsync();
        await harness.Job.RunAsync();

        Assert.Equal(AlertOutcome.Failed, Assert.Single(first.Deliveries).Outcome);
        Assert.Contains("not recorded", first.Deliveries[0].Error, StringComparison.Ordinal);
        Assert.Equal(2, harness.Sender.Emails.Count);
        Assert.Equal(harness.Sender.Emails[0].BatchId, harness.Sender.Emails[1].BatchId);
        Assert.Empty(harness.Outbox.Rows);
    }

    [Fact]
    public async Task Run_OneRegionFails_TheOthersAreStillSent()
    {
        var harness = new AlertHarness();
        harness.Outbox.Put(RedFlag("REF-1", "a-region"));
        harness.Outbox.Put(RedFlag("REF-2", "b-region"));
        harness.Sender.FailNextSends = 1;

        var report = await harness.Job.RunAsync();

        Assert.Equal([AlertOutcome.Failed, AlertOutcome.Sent], report.Deliveries.Select(d => d.Outcome));
        Assert.Equal("b-region", Assert.Single(harness.Sender.Emails).Region);
    }

    [Fact]
    public async Task Run_Nothing_Pending_ReportsNoRegions()
    {
        var harness = new AlertHarness();

        var report = await harness.Job.RunAsync();

        Assert.Empty(report.Deliveries);
        Assert.Empty(harness.Sender.Emails);
    }

    [Fact]
    public void PendingAlert_SplitsCriteriaFromAlertCodes()
    {
        var alert = RedFlag("REF-1") with { Codes = ["emergent.instability", "red-flag:saddle-sensory-loss", "conflict:findings.neurologicDeficit.severity", "emergent-needs-review"] };

        Assert.Equal(["emergent.instability"], alert.Criteria);
        Assert.Equal(["red-flag:saddle-sensory-loss", "conflict:findings.neurologicDeficit.severity", "emergent-needs-review"], alert.AlertCodes);
    }

    [Fact]
    public void BatchId_DependsOnTheRegionAndTheReferralSequencesNotTheirOrder()
    {
        PendingAlert[] alerts = [RedFlag("REF-1"), RedFlag("REF-2")];

        Assert.Equal(ReviewAlertJob.BatchId("north-east", alerts), ReviewAlertJob.BatchId("north-east", alerts.Reverse()));
        Assert.NotEqual(ReviewAlertJob.BatchId("north-east", alerts), ReviewAlertJob.BatchId("south-west", alerts));
        Assert.NotEqual(ReviewAlertJob.BatchId("north-east", alerts), ReviewAlertJob.BatchId("north-east", [RedFlag("REF-1"), RedFlag("REF-2", sequence: 1)]));
    }

    [Fact]
    public void Options_ARegionsOwnAddressesWinOverTheDefault()
    {
        var options = new ReviewAlertOptions();
        options.Recipients["North-East"] = [" review.ne@hospital.example ", ""];
        options.Recipients["*"] = ["on-call@hospital.example"];

        Assert.Equal(["review.ne@hospital.example"], options.For("north-east"));
        Assert.Equal(["on-call@hospital.example"], options.For("south-west"));
        Assert.Empty(new ReviewAlertOptions().For("north-east"));
    }
}
