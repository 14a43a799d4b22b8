#if SERVICE_BUS_TRIGGER
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;

namespace SpineTriage.Functions.Tests;

/// <summary>
/// The Service Bus trigger over the pipeline's handler with mocked stores (ServiceBusModelFactory
/// builds the received messages). Compiled where the Service Bus extension restores
/// (IncludeServiceBusTrigger=true, nuget.org reachable).
/// </summary>
public sealed class TriageReferralTests
{
    private static readonly string ValidReferral = File.ReadAllText(Path.Combine(Infrastructure.Tests.Infra.ArmTemplate.RepositoryRoot, "samples", "referral.json"));

    private readonly Mock<ITriageStore> _results = new(MockBehavior.Strict);
    private readonly Mock<IRejectedMessageStore> _rejects = new(MockBehavior.Strict);
    private readonly Mock<IRegionStatusReader> _regions = new();

    public TriageReferralTests() =>
        _regions.Setup(r => r.GetStatusAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(RegionStatus.Constrained);

    [Fact]
    public async Task Run_AValidReferral_StoresItsDecision()
    {
        _results.Setup(s => s.SaveAsync(It.IsAny<TriageDecision>(), It.IsAny<CancellationToken>())).ReturnsAsync(SaveOutcome.Stored);

        await Function().RunAsync(Message(ValidReferral, deliveryCount: 1), CancellationToken.None);

        _results.Verify(s => s.SaveAsync(It.Is<TriageDecision>(d => d.Result.ReferralId.Length > 0), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Run_AnInvalidMessage_IsKeptWithItsReasonAndCompletes()
    {
        _rejects.Setup(s => s.SaveAsync(It.IsAny<RejectedMessage>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Function().RunAsync(Message("{\"schemaVersion\":1,\"referralId\":\"R-1\"}", deliveryCount: 1), CancellationToken.None);

        _rejects.Verify(s => s.SaveAsync(It.Is<RejectedMessage>(m => m.MessageId == "m-1" && m.Reason.Length > 0), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Run_StorageFails_ThrowsSoServiceBusDeliversItAgain()
    {
        _results.Setup(s => s.SaveAsync(It.IsAny<TriageDecision>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("storage unavailable"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Function().RunAsync(Message(ValidReferral, deliveryCount: 3), CancellationToken.None));
    }

    private TriageReferral Function() => new(new ReferralMessageHandler(
        new TriageClassifier(), _regions.Object, _results.Object, _rejects.Object, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<ReferralMessageHandler>.Instance));

    private static ServiceBusReceivedMessage Message(string body, int deliveryCount) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(body), messageId: "m-1", deliveryCount: deliveryCount);
}
#endif
