using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpineTriage.Worker.Emulator;
using SpineTriage.Worker.Queue;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>
/// Storage goes away in the middle of a run and comes back. Each test has an emulator of its own
/// (stopping the shared one would disturb the other tests).
/// </summary>
public sealed class QueueListenerOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Listener_AzuriteStoppedMidRunAndStartedAgain_StoresEveryReferralExactlyOnce()
    {
        var stopwatch = Stopwatch.StartNew();
        var data = Directory.CreateTempSubdirectory("spinetriage-outage-");
        var emulatorLogs = new LogCapture();
        try
        {
            // On disk, so the queue and tables survive the restart.
            await using var azurite = await AzuriteEmulator.StartAsync(
                new AzuriteOptions { InMemoryPersistence = false, DataDirectory = data.FullName },
                emulatorLogs.CreateLogger("Azurite"));
            var names = PipelineNames.Unique();
            var storage = new PipelineStorage(azurite.ConnectionString, names);
            // 90 referrals, 10 of them with an update (sequence 1) as well: 100 messages.
            var ids = Enumerable.Range(1, 90).Select(i => $"REF-OUT-{i:D3}").ToList();
            var updated = ids.Take(10).ToList();
            await storage.SendAsync(
                ids.Select(id => TestReferrals.Valid(id).Body())
                    .Concat(updated.Select(id => TestReferrals.Valid(id, sequence: 1, emergent: true).Body())));
            output.WriteLine($"{stopwatch.ElapsedMilliseconds} ms: 100 messages sent");

            // A message whose failure could not be reported while storage was down comes back after
            // ProcessingTimeout: short here, so the test ends in time.
            await using var host = ListenerHost.Create(
                azurite.ConnectionString, names,
                o =>
                {
                    o.UntilIdle = true;
                    o.BatchSize = 8;
                    o.NewBatchThreshold = 4;
                    o.ProcessingTimeout = TimeSpan.FromSeconds(5);
                },
                real => new GatedTriageStore(real),
                output);
            var gate = (GatedTriageStore)host.Store;
            await host.StartAsync();
            Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Stored >= 25, TimeSpan.FromSeconds(20)), "Nothing was stored.");

            // Azurite writes its on-disk state every 5 s and the emulator is stopped with a kill, so
            // whatever it acknowledged in the last 5 s would be lost with it (a storage account never
            // loses an acknowledged write). Hold the saves until the receive loop is blocked and 6 s
            // have passed, then stop storage with those saves in flight and let them go on into the outage.
            gate.Close();
            Assert.True(await ListenerHost.EventuallyAsync(() => gate.Waiting > 4, TimeSpan.FromSeconds(10)), "The saves did not reach the gate.");
            await Task.Delay(TimeSpan.FromSeconds(6));
            var held = gate.Waiting;
            await azurite.StopAsync();
            gate.Open();
            output.WriteLine($"{stopwatch.ElapsedMilliseconds} ms: Azurite stopped with {held} saves in flight ({ListenerHost.Describe(host.Listener.Counters)})");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await azurite.StartAgainAsync();
            output.WriteLine($"{stopwatch.ElapsedMilliseconds} ms: Azurite started again ({ListenerHost.Describe(host.Listener.Counters)})");

            await host.RunUntilStoppedAsync(TimeSpan.FromSeconds(40));
            output.WriteLine($"{stopwatch.ElapsedMilliseconds} ms: listener idle ({ListenerHost.Describe(host.Listener.Counters)})");

            var poison = await storage.PoisonBodiesAsync();
            Assert.True(poison.Count == 0, "Poisoned:" + Environment.NewLine + string.Join(Environment.NewLine, poison));
            var results = await storage.ResultsAsync();
            Assert.Equal(ids.Order(), results.Select(r => r.ReferralId).Order());
            Assert.All(results, r => Assert.Equal(updated.Contains(r.ReferralId) ? 1 : 0, r.Sequence));
            var history = await storage.HistoryAsync();
            Assert.Equal(
                ids.Select(id => (id, 0L)).Concat(updated.Select(id => (id, 1L))).Order(),
                history.Select(h => (h.PartitionKey, h.Sequence)).Order());
            Assert.Equal(0, await storage.QueueCountAsync());
            Assert.True(host.IsRunning || host.Lifetime.ApplicationStopped.IsCancellationRequested);
        }
        finally
        {
            foreach (var entry in emulatorLogs.Entries.Where(e => e.Level >= LogLevel.Information))
            {
                output.WriteLine(entry.ToString());
            }

            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Listener_StorageDownLongerThanTheSdkRetries_KeepsPollingAndStoresWhatArrivesAfterwards()
    {
        var logs = new LogCapture();
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), logs.CreateLogger("Azurite"));
        var names = PipelineNames.Unique();
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        await using var host = ListenerHost.Create(azurite.ConnectionString, names, output: output);
        await host.StartAsync();
        await storage.SendAsync(TestReferrals.Valid("REF-DOWN-1").Body());
        Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Stored == 1, TimeSpan.FromSeconds(10)));

        // The queue client retries a refused connection 5 times over about 25 s (tables: 3 times, about
        // 6 s), then gives up: the listener sees that failure on its receive and must keep polling.
        await azurite.StopAsync();
        var down = await ListenerHost.EventuallyAsync(
            () => host.Logs.Entries.Any(e => e.Category == typeof(QueueListener).FullName && e.Level == LogLevel.Warning && e.State.Any(kv => kv.Key == "Reason")) || !host.IsRunning,
            TimeSpan.FromSeconds(45));
        await azurite.StartAgainAsync();

        Assert.True(down, "The listener saw no failure while storage was down.");
        Assert.True(host.IsRunning, "The listener stopped: " + string.Join(Environment.NewLine, host.Logs.Entries.Where(e => e.Level >= LogLevel.Error)));
        // In memory: the emulator came back empty; the queue and tables are created again by whoever sends.
        await storage.SendAsync(TestReferrals.Valid("REF-DOWN-2").Body());
        await host.Host.Services.GetRequiredService<Storage.StorageProvisioner>().EnsureCreatedAsync();
        Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Stored == 2, TimeSpan.FromSeconds(10)), "Nothing was stored after storage came back.");
        Assert.True(host.IsRunning);
    }
}
