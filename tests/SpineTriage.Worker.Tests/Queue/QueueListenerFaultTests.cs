using System.Text;
using Azure.Data.Tables;
using SpineTriage.Storage;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>
/// Messages the worker must survive without blocking anything else: bodies that are not Base64 (another
/// producer's) of every size up to the queue's maximum, beside valid ones in the same batch; a table
/// deleted while the worker runs; a lease that must be renewed while a message is handled.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerFaultTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    // Up to 64 KiB of message text (the queue's maximum) is stored as sent by a raw producer.
    public static TheoryData<int> RawSizes => [0, 1, 100, 4 * 1024, 32 * 1024, 48 * 1024, 60 * 1024, 64 * 1024];

    [Theory]
    [MemberData(nameof(RawSizes))]
    public async Task Listener_MessageNotBase64OfAnySize_IsKeptAsStoredAndDeleted_AndItsBatchIsStored(int size)
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 15).Select(i => $"REF-RAW-{size}-{i:D2}").ToList();
        await storage.Queue.CreateIfNotExistsAsync();
        // The raw message first, then a full batch of valid referrals: they are received together.
        var raw = RawText(size);
        await storage.Queues.RawQueue.SendMessageAsync(raw);
        await storage.SendAsync(ids.Select(id => TestReferrals.Valid(id).Body()));

        await using var host = ListenerHost.Create(azurite.ConnectionString, names, o => o.UntilIdle = true, output: output);
        await host.RunUntilStoppedAsync(Limit);

        Assert.Equal(ids.Order(), (await storage.ResultsAsync()).Select(r => r.ReferralId).Order());
        var rejected = Assert.Single(await storage.RejectedAsync());
        Assert.True(raw == Encoding.UTF8.GetString(rejected.Body), $"kept {rejected.Body.Length} bytes, reason {rejected.Reason}");
        Assert.Contains(size == 0 ? "not valid JSON" : "not Base64-encoded", rejected.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await storage.QueueCountAsync());
        Assert.Empty(await storage.PoisonBodiesAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData(48 * 1024)]
    public async Task Listener_Base64MessageOfAnySizeUpToTheQueuesMaximum_IsDecodedAndHandled(int padding)
    {
        // A valid referral padded with whitespace to the size a Base64 queue message can carry (48 KiB of body).
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var json = TestReferrals.Valid($"REF-B64-{padding}").ToJsonString();
        var body = json + new string(' ', Math.Max(0, padding - json.Length));
        await storage.SendAsync(TestReferrals.Body(body));

        await using var host = ListenerHost.Create(azurite.ConnectionString, names, o => o.UntilIdle = true, output: output);
        await host.RunUntilStoppedAsync(Limit);

        Assert.Equal([$"REF-B64-{padding}"], (await storage.ResultsAsync()).Select(r => r.ReferralId));
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    [Fact]
    public async Task Listener_ResultsTableDeletedWhileRunning_CreatesItAgainAndStoresEveryReferralOnce()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 120).Select(i => $"REF-DEL-{i:D3}").ToList();
        await storage.SendAsync(ids.Take(40).Select(id => TestReferrals.Valid(id).Body()));

        // Not --until-idle: the first 40 may all be stored before the table goes, and the worker must still be there.
        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names, o => o.VisibilityTimeout = TimeSpan.FromMilliseconds(50), output: output);
        await host.StartAsync();
        Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Stored >= 20, Limit));

        // An operator (or a script) deletes the results table; more referrals arrive.
        await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(names.Results);
        await storage.SendAsync(ids.Skip(40).Select(id => TestReferrals.Valid(id).Body()));
        Assert.True(
            await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Stored + host.Listener.Counters.Duplicates >= ids.Count, Limit),
            "the referrals that arrived after the deletion were not all stored");
        Assert.True(host.IsRunning);
        await host.StopAsync(TimeSpan.FromSeconds(10));

        // The table came back; every referral that arrived after the deletion is stored once, and none was poisoned.
        var results = (await storage.ResultsAsync()).Select(r => r.ReferralId).ToList();
        Assert.Equal(results.Count, results.Distinct().Count());
        Assert.Superset(ids.Skip(40).ToHashSet(), results.ToHashSet());
        Assert.Equal(0, host.Listener.Counters.Poisoned);
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    [Fact]
    public async Task Listener_HandlingLongerThanTheLease_RenewsItSoNoOtherDeliveryHappens()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        await storage.SendAsync(TestReferrals.Valid("REF-SLOW-1").Body());

        // Each save takes three leases; without renewal the message would be delivered again meanwhile.
        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.UntilIdle = true;
                o.LeaseDuration = TimeSpan.FromSeconds(1);
            },
            real => new SlowTriageStore(real, _ => TimeSpan.FromSeconds(3)),
            output);
        await host.RunUntilStoppedAsync(Limit);

        Assert.Equal(1, ((SlowTriageStore)host.Store).Started);
        Assert.Equal((1L, 0L, 0L), (host.Listener.Counters.Stored, host.Listener.Counters.Duplicates, host.Listener.Counters.Failures));
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    // Text that is not Base64 ('{' is not in its alphabet), of exactly size bytes.
    private static string RawText(int size) => size switch
    {
        0 => string.Empty,
        1 => "{",
        _ => "{" + new string('x', size - 2) + "}",
    };
}
