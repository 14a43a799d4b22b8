using System.Diagnostics;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary><c>--until-idle</c>: the host stops by itself once the queue is empty and all work is stored, not before.</summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerUntilIdleTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task UntilIdle_QueueEmptiedWhileSavesAreStillRunning_StopsOnlyAfterEverySaveCompleted()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 10).Select(i => $"REF-IDLE-{i:D3}").ToList();
        await storage.SendAsync(ids.Select(id => TestReferrals.Valid(id).Body()));

        // Every message is received at once; for the next second the queue has nothing visible, but
        // the work is not stored yet.
        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names, o => o.UntilIdle = true,
            real => new SlowTriageStore(real, _ => TimeSpan.FromSeconds(1)), output);
        var store = (SlowTriageStore)host.Store;
        var atStop = -1;
        using var registration = host.Lifetime.ApplicationStopping.Register(() => atStop = store.Completed);

        var ran = await host.RunUntilStoppedAsync(Limit);

        output.WriteLine($"Stopped by itself after {ran.TotalMilliseconds:0} ms");
        Assert.Equal(ids.Count, atStop);
        Assert.Equal(ids.Count, host.Listener.Counters.Stored);
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    [Fact]
    public async Task UntilIdle_FailedMessageInvisibleForItsRetry_KeepsTheHostRunningUntilItIsStored()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 5).Select(i => $"REF-RETRY-{i:D3}").ToList();
        await storage.SendAsync(ids.Select(id => TestReferrals.Valid(id).Body()));

        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.UntilIdle = true;
                o.VisibilityTimeout = TimeSpan.FromSeconds(2);
            },
            real => new CrashingTriageStore(real, ["REF-RETRY-003"], CrashPoint.BeforeSave), output);
        var store = (CrashingTriageStore)host.Store;
        var storedAtStop = -1L;
        var stoppedAt = 0L;
        using var registration = host.Lifetime.ApplicationStopping.Register(() =>
        {
            storedAtStop = host.Listener.Counters.Stored;
            stoppedAt = Stopwatch.GetTimestamp();
        });

        await host.StartAsync();
        await store.FirstCrash.WaitAsync(Limit);
        await Task.Delay(TimeSpan.FromSeconds(1));

        // The other four are stored and nothing is visible, but the failed one waits for its retry.
        Assert.True(host.IsRunning, "The host stopped while a message was waiting for its retry.");
        Assert.Equal(1, await storage.QueueCountAsync());
        Assert.DoesNotContain("REF-RETRY-003", (await storage.ResultsAsync()).Select(r => r.ReferralId));

        await host.RunUntilStoppedAsync(Limit);

        Assert.Equal(ids.Count, storedAtStop);
        var waited = Stopwatch.GetElapsedTime(store.Crashed["REF-RETRY-003"], stoppedAt);
        output.WriteLine($"Stopped {waited.TotalMilliseconds:0} ms after the failure");
        Assert.True(waited >= TimeSpan.FromSeconds(1.9), $"Stopped {waited} after the failure, before the 2 s visibility timeout ran out.");
        Assert.Equal(ids.Order(), (await storage.ResultsAsync()).Select(r => r.ReferralId).Order());
        Assert.Equal(1, host.Listener.Counters.Failures);
        Assert.Equal(0, await storage.QueueCountAsync());
    }
}
