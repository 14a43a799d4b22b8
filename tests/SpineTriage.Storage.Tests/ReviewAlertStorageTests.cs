using SpineTriage.Core.Summaries;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Storage.Alerts;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests;

/// <summary>
/// The review alert job over the real Table stores: a red-flag referral stored by the pipeline's
/// handler is alerted once, a redelivery sends nothing more, a newer alert-worthy sequence is a new
/// alert, and a clinician's decision before the run means no alert. The ledger rows are as documented.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class ReviewAlertStorageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Notes = "Reports new saddle anaesthesia and urinary retention since this morning.";
    private StorageHarness _storage = null!;
    private ReferralMessageHandler _handler = null!;
    private TableAlertLedger _ledger = null!;
    private readonly CapturingAlertSender _sender = new();
    private ReviewAlertJob _job = null!;

    public async Task InitializeAsync()
    {
        _storage = await StorageHarness.CreateAsync(azurite);
        _handler = _storage.CreateHandler();
        _ledger = new TableAlertLedger(_storage.Clients, Options.Create(_storage.Options));
        await _ledger.CreateTableAsync();
        var options = new ReviewAlertOptions();
        options.Recipients["*"] = ["on-call@hospital.example"];
        _job = new ReviewAlertJob(_storage.Triage, _ledger, _sender, options, TimeProvider.System, NullLogger<ReviewAlertJob>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A degenerative referral without deficit whose notes carry red flags (saddle anaesthesia, urinary retention) and so a conflict.</summary>
    public static byte[] RedFlagReferral(string referralId, long sequence = 0, string region = "north-east", string notes = Notes) =>
        Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":1,"referralId":"{{referralId}}","sequence":{{sequence}},"receivedAt":"2026-10-01T07:42:00Z","region":"{{region}}",
             "procedure":{"kind":"surgery","setting":"inpatient"},
             "findings":{"neurologicDeficit":{"severity":"none","trend":"stable"},"cause":"degenerative"},
             "notes":"{{notes}}"}
            """);

    [Fact]
    public async Task RedFlagReferral_IsAlertedOnce_AndARedeliveryOfTheSameMessageSendsNoSecondEmail()
    {
        await _handler.HandleAsync(RedFlagReferral("REF-ALERT-1"), new QueueMessageContext("m-1", 1));
        var pending = Assert.Single(await _storage.Triage.GetPendingAlertsAsync("north-east"));
        Assert.Equal(["red-flag:saddle-sensory-loss", "red-flag:urinary-retention", "conflict:findings.neurologicDeficit.severity"], pending.AlertCodes);
        Assert.Equal(["elective.manageable-without-procedure"], pending.Criteria);

        var first = await _job.RunAsync();

        var email = Assert.Single(_sender.Emails);
        Assert.Equal((AlertOutcome.Sent, 1), (Assert.Single(first.Deliveries).Outcome, first.Deliveries[0].Referrals));
        Assert.Equal(["REF-ALERT-1"], email.Alerts.Select(a => a.ReferralId));
        Assert.Empty(await _storage.Triage.GetPendingAlertsAsync("north-east"));
        Assert.True(await _ledger.WasSentAsync("north-east", "REF-ALERT-1", 0));

        // The same message delivered again: the store repairs (writes again) the alert row...
        Assert.Equal(HandleOutcome.Duplicate, await _handler.HandleAsync(RedFlagReferral("REF-ALERT-1"), new QueueMessageContext("m-1", 2)));
        Assert.Single(await _storage.Triage.GetPendingAlertsAsync("north-east"));

        // ...and the ledger keeps it from going out again.
        var second = await _job.RunAsync();

        Assert.Single(_sender.Emails);
        Assert.Equal((AlertOutcome.AlreadySent, 1), (Assert.Single(second.Deliveries).Outcome, second.Deliveries[0].AlreadySent));
        Assert.Empty(await _storage.Triage.GetPendingAlertsAsync("north-east"));
    }

    [Fact]
    public async Task ANewerSequenceThatIsStillAlertWorthy_IsANewAlert()
    {
        await _handler.HandleAsync(RedFlagReferral("REF-ALERT-2", sequence: 1), new QueueMessageContext("m-1", 1));
        await _job.RunAsync();

        await _handler.HandleAsync(RedFlagReferral("REF-ALERT-2", sequence: 2), new QueueMessageContext("m-2", 1));
        await _job.RunAsync();

        Assert.Equal([1L, 2L], _sender.Emails.Select(e => Assert.Single(e.Alerts).Sequence));
    }

    [Fact]
    public async Task AClinicianDecisionBeforeTheRun_MeansNoAlert()
    {
        await _handler.HandleAsync(RedFlagReferral("REF-ALERT-3"), new QueueMessageContext("m-1", 1));
        var review = new ReviewService(_storage.Triage, TimeProvider.System);

        var decided = await review.DecideAsync(new DecisionRequest("REF-ALERT-3", 0, Confirm: false, "Emergent", "proceed", "dr.lee", "Cauda equina on the phone: admit today"));
        var report = await _job.RunAsync();

        Assert.True(decided.Recorded, decided.Error?.Message);
        Assert.Empty(report.Deliveries);
        Assert.Empty(_sender.Emails);
    }

    [Fact]
    public async Task ABurstInOneRegion_IsOneEmail_AndANonAlertReferralIsNotInIt()
    {
        foreach (var i in Enumerable.Range(1, 4))
        {
            await _handler.HandleAsync(RedFlagReferral($"REF-BURST-{i}"), new QueueMessageContext($"m-{i}", 1));
        }

        await _handler.HandleAsync(ReferralJson.Elective("REF-QUIET"), new QueueMessageContext("m-quiet", 1));

        await _job.RunAsync();

        var email = Assert.Single(_sender.Emails);
        Assert.Equal(["REF-BURST-1", "REF-BURST-2", "REF-BURST-3", "REF-BURST-4"], email.Alerts.Select(a => a.ReferralId).Order());
    }

    [Fact]
    public async Task Ledger_Record_WritesOneRowPerReferralSequenceInChunksOfAHundred()
    {
        var sentAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var alerts = Enumerable.Range(0, 250).Select(i => new SentAlert("north-east", $"REF.{i}", i, sentAt, "250 OK", 2)).ToList();

        await _ledger.RecordAsync(alerts);
        await _ledger.RecordAsync(alerts.Take(3).ToList()); // recording again is harmless

        var table = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).GetTableClient(_storage.Options.AlertsSentTable);
        var rows = await StorageHarness.AllRowsAsync(table);
        Assert.Equal(250, rows.Count);
        Assert.Contains(rows, r => r.PartitionKey == "north-east" && r.RowKey == "REF.7.0000000000000000007");
        Assert.True(await _ledger.WasSentAsync("north-east", "REF.249", 249));
        Assert.False(await _ledger.WasSentAsync("north-east", "REF.249", 250));
        Assert.False(await _ledger.WasSentAsync("south-west", "REF.249", 249));
    }

    [Fact]
    public async Task Provisioner_CreatesTheAlertTables()
    {
        var options = StorageHarness.UniqueOptions(azurite);
        var clients = new StorageClients(options.Connection);
        var wrapped = Options.Create(options);
        var provisioner = new StorageProvisioner(
            new ReferralQueues(clients, wrapped), new TableTriageStore(clients, wrapped, NullLogger<TableTriageStore>.Instance),
            new TableRejectedMessageStore(clients, wrapped), new TableRegionStatusStore(clients, wrapped, TimeProvider.System),
            new SpineTriage.Storage.Summaries.TableSummaryLedger(clients, wrapped), new TableAlertLedger(clients, wrapped));

        await provisioner.EnsureCreatedAsync();

        var names = new List<string>();
        await foreach (var table in clients.Tables.QueryAsync())
        {
            names.Add(table.Name);
        }

        Assert.Contains(options.AlertsTable, names);
        Assert.Contains(options.AlertsSentTable, names);
    }

    private sealed class CapturingAlertSender : IAlertSender
    {
        private readonly ConcurrentQueue<AlertEmail> _emails = new();

        public IReadOnlyList<AlertEmail> Emails => [.. _emails];

        public Task<string> SendAsync(AlertEmail email, CancellationToken cancellationToken = default)
        {
            _emails.Enqueue(email);
            return Task.FromResult("memory");
        }
    }
}
