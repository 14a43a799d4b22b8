using Azure;
using Moq;
using SpineTriage.Core.Pipeline;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>Repeated transient failures: retried, then moved to <c>&lt;queue&gt;-poison</c> like the Functions trigger does.</summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerPoisonTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(null, 5)]
    [InlineData(2, 2)]
    public async Task Listener_StoreAlwaysUnavailable_MovesTheOriginalBodyToPoisonAfterMaxDequeueCountDeliveries_AndKeepsRunning(
        int? maxDequeueCount, int expectedDeliveries)
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var store = new Mock<ITriageStore>();
        store.Setup(s => s.SaveAsync(It.IsAny<TriageDecision>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "The server is busy.", "ServerBusy", null));
        var body = TestReferrals.Valid("REF-POISON-1").ToJsonString();
        await storage.SendAsync(TestReferrals.Body(body));

        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names,
            o =>
            {
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
}
