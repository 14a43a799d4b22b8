using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using SpineTriage.Core.Pipeline;
using SpineTriage.Storage;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>At-least-once delivery made exactly-once in storage: redeliveries, duplicates, order, rejects.</summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerDeliveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private PipelineNames NewNames() => PipelineNames.Unique(azurite.UniqueName);

    [Fact]
    public async Task Listener_CrashAfterStoringBeforeDeleting_RedeliversTheMessageWhichEndsDuplicateAndIsStoredExactlyOnce()
    {
        var names = NewNames();
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 20).Select(i => $"REF-CRASH-{i:D3}").ToList();
        var crashing = ids.Where((_, i) => i % 3 == 0).ToList();
        await storage.SendAsync(ids.Select(id => TestReferrals.Valid(id).Body()));

        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names, o => o.UntilIdle = true,
            real => new CrashingTriageStore(real, crashing, CrashPoint.AfterSave), output);
        await host.RunUntilStoppedAsync(Limit);

        var store = (CrashingTriageStore)host.Store;
        Assert.Equal(crashing.Order(), store.Crashed.Keys.Order());
        foreach (var id in ids)
        {
            var outcomes = store.Calls.Where(c => c.ReferralId == id).Select(c => c.Outcome).ToList();
            Assert.Equal(crashing.Contains(id) ? [SaveOutcome.Stored, SaveOutcome.Duplicate] : [SaveOutcome.Stored], outcomes);
        }

        // The crashed first deliveries count as failures, their second deliveries as duplicates.
        var counters = host.Listener.Counters;
        Assert.Equal(
            ((long)(ids.Count - crashing.Count), (long)crashing.Count, (long)crashing.Count, 0L),
            (counters.Stored, counters.Duplicates, counters.Failures, counters.Poisoned));
        var results = await storage.ResultsAsync();
        Assert.Equal(ids.Order(), results.Select(r => r.ReferralId).Order());
        var history = await storage.HistoryAsync();
        Assert.Equal(ids.Select(id => (id, 0L)).Order(), history.Select(h => (h.PartitionKey, h.Sequence)).Order());
        Assert.Equal(0, await storage.QueueCountAsync());
        Assert.Empty(await storage.PoisonBodiesAsync());
    }

    [Fact]
    public async Task Listener_SameMessageSentThreeTimes_StoresOneResultAndCountsTwoDuplicates()
    {
        var names = NewNames();
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var body = TestReferrals.Valid("REF-DUP-1").ToJsonString();
        await storage.SendAsync(TestReferrals.Body(body), TestReferrals.Body(body), TestReferrals.Body(body));

        await using var host = ListenerHost.Create(azurite.ConnectionString, names, o => o.UntilIdle = true, output: output);
        await host.RunUntilStoppedAsync(Limit);

        var counters = host.Listener.Counters;
        Assert.Equal((1L, 2L, 0L), (counters.Stored, counters.Duplicates, counters.Failures));
        var result = Assert.Single(await storage.ResultsAsync());
        Assert.Equal(("REF-DUP-1", 0L), (result.ReferralId, result.Sequence));
        Assert.Single(await storage.HistoryAsync());
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    [Fact]
    public async Task Listener_HigherSequenceArrivesFirst_KeepsItAndCountsTheOlderOnesSuperseded()
    {
        var names = NewNames();
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        // Sequence 3 reports a severe progressive deficit (Emergent); the older 1 and 2 an Elective picture.
        await storage.SendAsync(
            TestReferrals.Valid("REF-ORDER-1", sequence: 3, emergent: true).Body(),
            TestReferrals.Valid("REF-ORDER-1", sequence: 1).Body(),
            TestReferrals.Valid("REF-ORDER-1", sequence: 2).Body());

        // One message at a time, so they are handled in the order sent.
        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.UntilIdle = true;
                o.BatchSize = 1;
                o.NewBatchThreshold = 0;
            },
            output: output);
        await host.RunUntilStoppedAsync(Limit);

        var counters = host.Listener.Counters;
        Assert.Equal((1L, 2L, 0L), (counters.Stored, counters.Superseded, counters.Duplicates));
        var result = Assert.Single(await storage.ResultsAsync());
        Assert.Equal((3L, "Emergent"), (result.Sequence, result.Category));
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    [Fact]
    public async Task Listener_InvalidMessages_AreKeptAsRejectedWithReasonAndBody_AndDeletedWithoutRetry()
    {
        var names = NewNames();
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var invalid = TestReferrals.InvalidWithCanary();
        await storage.SendAsync(invalid.Select(i => TestReferrals.Body(i.Body)));

        await using var host = ListenerHost.Create(azurite.ConnectionString, names, o => o.UntilIdle = true, output: output);
        await host.RunUntilStoppedAsync(Limit);

        var counters = host.Listener.Counters;
        Assert.Equal((invalid.Count, 0L, 0L, 0L), (counters.Rejected, counters.Stored, counters.Failures, counters.Poisoned));
        var rejected = (await storage.RejectedAsync()).ToDictionary(r => Encoding.UTF8.GetString(r.Body));
        Assert.Equal(invalid.Count, rejected.Count);
        foreach (var (body, referralId, field) in invalid)
        {
            var row = rejected[body];
            Assert.Equal(referralId, row.ReferralId);
            Assert.Contains(field, row.Reason, StringComparison.Ordinal);
            Assert.Equal(1, row.DequeueCount);
        }

        Assert.Empty(await storage.ResultsAsync());
        Assert.Equal(0, await storage.QueueCountAsync());
        Assert.Empty(await storage.PoisonBodiesAsync());
    }

    [Fact]
    public async Task Listener_MessageNotEncodedInBase64_IsRejectedOrPoisoned_AndTheListenerGoesOn()
    {
        // A producer that forgot the Base64 encoding the Functions trigger expects: the text is not
        // valid Base64, so the SDK cannot decode it. It must not stop the listener nor hide the
        // messages received with it.
        var names = NewNames();
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        await storage.SendAsync(TestReferrals.Valid("REF-B64-1").Body());
        var raw = new QueueClient(azurite.ConnectionString, names.Queue);
        var plain = TestReferrals.Valid("REF-PLAIN-1").ToJsonString();
        await raw.SendMessageAsync(plain);
        await storage.SendAsync(TestReferrals.Valid("REF-B64-2").Body());

        await using var host = ListenerHost.Create(azurite.ConnectionString, names, output: output);
        await host.Host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
        await host.StartAsync();

        var bothStored = await ListenerHost.EventuallyAsync(
            async () => !host.IsRunning || (await storage.ResultsAsync()).Count == 2, TimeSpan.FromSeconds(10));
        var plainHandled = await ListenerHost.EventuallyAsync(
            async () => !host.IsRunning || (await storage.RejectedAsync()).Count + (await storage.PoisonBodiesAsync()).Count == 1, TimeSpan.FromSeconds(5));

        Assert.True(host.IsRunning, "The listener stopped: " + string.Join(Environment.NewLine, host.Logs.Entries.Where(e => e.Exception is not null)));
        Assert.True(bothStored, "The Base64 messages received with the plain one were not stored.");
        Assert.True(plainHandled, "The plain message is neither rejected nor on the poison queue.");
        Assert.Equal(0, await storage.QueueCountAsync());
    }
}
