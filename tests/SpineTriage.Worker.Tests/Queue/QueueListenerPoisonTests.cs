using Azure;
using Moq;
using SpineTriage.Core.Pipeline;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>
/// Repeated failures of a message itself (a bug it triggers): retried with back-off, then moved to
/// <c>&lt;queue&gt;-poison</c> like the Functions trigger does. Repeated failures of the storage
/// (busy, unreachable): retried with back-off and never poisoned, so an outage does not empty the queue
/// into the poison queue.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerPoisonTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(null, 5)]
    [InlineData(2, 2)]
    public async Task Listener_MessageThatAlwaysFails_MovesTheOriginalBodyToPoisonAfterMaxDequeueCountDeliveries_AndKeepsRunning(
        int? maxDequeueCount, int expectedDeliveries)
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var store = new Mock<ITriageStore>();
        store.Setup(s => s.SaveAsync(It.IsAny<TriageDecision>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("A bug this message triggers."));
        var body = TestReferrals.Valid("REF-POISON-1").ToJsonString();
        await storage.SendAsync(TestReferrals.Body(body));

        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.VisibilityTimeout = TimeSpan.FromMilliseconds(20);
                if (maxDequeueCount is { } max)
                {
                    o.MaxDequeueCount = max;
                }
            },
            _ => store.Object,
            output);
        await host.StartAsync();

        Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Poisoned == 1, Limit), "The message was not poisoned.");
        Assert.Equal(body, Assert.Single(await storage.PoisonBodiesAsync()));
        Assert.Equal(0, await storage.QueueCountAsync());
        store.Verify(
            s => s.SaveAsync(It.Is<TriageDecision>(d => d.Result.ReferralId == "REF-POISON-1"), It.IsAny<CancellationToken>()),
            Times.Exactly(expectedDeliveries));
        Assert.Equal(expectedDeliveries, host.Listener.Counters.Failures);
        Assert.Empty(await storage.ResultsAsync());

        // Still listening: the next message (one that needs no result store) is handled.
        await storage.SendAsync(TestReferrals.Body("not json"));
        Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Rejected == 1, Limit), "The listener handled nothing after the poisoned message.");
        Assert.True(host.IsRunning);
    }

    [Fact]
    public async Task Listener_StorageBusyForManyDeliveries_NeverPoisonsAndStoresTheMessageOnceStorageIsBack()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var failures = 0;
        var healthy = false;
        var store = new Mock<ITriageStore>();
        store.Setup(s => s.SaveAsync(It.IsAny<TriageDecision>(), It.IsAny<CancellationToken>()))
            .Returns<TriageDecision, CancellationToken>((_, _) =>
            {
                if (Volatile.Read(ref healthy))
                {
                    return Task.FromResult(SaveOutcome.Stored);
                }

                Interlocked.Increment(ref failures);
                throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
            });
        await storage.SendAsync(TestReferrals.Body(TestReferrals.Valid("REF-BUSY-1").ToJsonString()));

        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
                o.MaxDequeueCount = 2;
                o.VisibilityTimeout = TimeSpan.FromMilliseconds(10);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(80);
            },
            _ => store.Object,
            output);
        await host.StartAsync();

        // Three times MaxDequeueCount deliveries fail on storage: none of them poisons the message.
        Assert.True(await ListenerHost.EventuallyAsync(() => Volatile.Read(ref failures) >= 6, Limit), "The message was not retried.");
        Assert.Equal(0, host.Listener.Counters.Poisoned);
        Assert.Empty(await storage.PoisonBodiesAsync());
        Assert.Equal(1, await storage.QueueCountAsync());

        Volatile.Write(ref healthy, true);
        Assert.True(await ListenerHost.EventuallyAsync(() => host.Listener.Counters.Stored == 1, Limit), "The message was not stored once storage was back.");
        Assert.True(await ListenerHost.EventuallyAsync(async () => await storage.QueueCountAsync() == 0, Limit));
    }
}
