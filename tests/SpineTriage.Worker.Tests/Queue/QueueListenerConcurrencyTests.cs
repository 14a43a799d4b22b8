using System.Text.Json.Nodes;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>Bounded concurrency and a graceful shutdown that loses nothing.</summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerConcurrencyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Listener_BatchSize4AndNewBatchThreshold2_NeverRunsMoreThanSixSavesAtOnce_AndStoresEveryMessage()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 30).Select(i => $"REF-CONC-{i:D3}").ToList();
        await storage.SendAsync(ids.Select(id => TestReferrals.Valid(id).Body()));

        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.UntilIdle = true;
                o.BatchSize = 4;
                o.NewBatchThreshold = 2;
            },
            real => new SlowTriageStore(real, SaveTime),
            output);
        await host.RunUntilStoppedAsync(Limit);

        var store = (SlowTriageStore)host.Store;
        output.WriteLine($"Most saves at once: {store.MaxConcurrent}");
        // At most BatchSize + NewBatchThreshold (saves of unequal length let a new batch start while
        // two are still running); at least a whole batch, or nothing ran concurrently.
        Assert.InRange(store.MaxConcurrent, 4, 6);
        Assert.Equal(ids.Count, store.Completed);
        Assert.Equal(ids.Order(), (await storage.ResultsAsync()).Select(r => r.ReferralId).Order());
        Assert.Equal(0, await storage.QueueCountAsync());
    }

    [Fact]
    public async Task Listener_StoppedInTheMiddleOfABatch_LeavesEveryMessageStoredOrVisibleOnTheQueue_AndANextRunStoresEachOnce()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var ids = Enumerable.Range(1, 40).Select(i => $"REF-STOP-{i:D3}").ToList();
        await storage.SendAsync(ids.Select(id => TestReferrals.Valid(id).Body()));

        // 100-300 ms per save, spread over the messages; processing timeout at its default (10 minutes),
        // so a message left invisible by the shutdown would not come back within this test. The stop
        // comes as a long save (250 ms or more) begins, once 10 are stored, and allows 100 ms: that
        // save, at least, is abandoned.
        var stopNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var first = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.BatchSize = 8;
                o.NewBatchThreshold = 4;
            },
            real => new SlowTriageStore(real, SaveTime, (store, wait) =>
            {
                if (wait >= TimeSpan.FromMilliseconds(250) && store.Completed >= 10)
                {
                    stopNow.TrySetResult();
                }
            }),
            output))
        {
            var store = (SlowTriageStore)first.Store;
            await first.StartAsync();
            await stopNow.Task.WaitAsync(Limit);

            await first.StopAsync(TimeSpan.FromMilliseconds(100));

            output.WriteLine($"At stop: {store.Started} saves started, {store.Completed} completed, {store.Cancelled} abandoned");
            Assert.InRange(store.Cancelled, 1, ids.Count);
            Assert.True(store.Completed < ids.Count, "Everything was stored before the stop: the test proves nothing.");
        }

        var stored = (await storage.ResultsAsync()).Select(r => r.ReferralId).ToHashSet();
        var onQueue = await storage.QueueCountAsync();
        var visible = await TakeVisibleAsync(storage);
        output.WriteLine($"After stop: {stored.Count} stored, {onQueue} on the queue, {visible.Count} of them visible");
        Assert.Equal(onQueue, visible.Count);
        Assert.Empty(ids.Except(stored).Except(visible));

        await using var second = ListenerHost.Create(azurite.ConnectionString, names, o => o.UntilIdle = true, output: output);
        await second.RunUntilStoppedAsync(Limit);

        var results = await storage.ResultsAsync();
        Assert.Equal(ids.Order(), results.Select(r => r.ReferralId).Order());
        var history = await storage.HistoryAsync();
        Assert.Equal(ids.Order(), history.Select(h => h.PartitionKey).Order());
        Assert.Equal(0, await storage.QueueCountAsync());
        Assert.Empty(await storage.PoisonBodiesAsync());
    }

    // 100 to 300 ms, spread over the referral numbers.
    private static TimeSpan SaveTime(Core.Pipeline.TriageDecision decision) =>
        TimeSpan.FromMilliseconds(100 + (int.Parse(decision.Result.ReferralId[^3..], System.Globalization.CultureInfo.InvariantCulture) * 37 % 201));

    // The referral ids of the messages visible now; they are made visible again at once.
    private static async Task<List<string>> TakeVisibleAsync(PipelineStorage storage)
    {
        var taken = new List<Azure.Storage.Queues.Models.QueueMessage>();
        while (true)
        {
            var batch = (await storage.Queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0)
            {
                break;
            }

            taken.AddRange(batch);
        }

        foreach (var message in taken)
        {
            await storage.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        return [.. taken.Select(m => JsonNode.Parse(m.Body.ToString())!["referralId"]!.GetValue<string>())];
    }
}
