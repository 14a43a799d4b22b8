using System.Text.Json.Nodes;

namespace SpineTriage.Infrastructure.Tests.Infra;

[Collection(CompiledTemplate.Name)]
public sealed class ServiceBusTemplateTests(ArmTemplateFixture fixture)
{
    private readonly ArmTemplate _arm = fixture.Template;

    private ArmResource Queue => _arm.Single("Microsoft.ServiceBus/namespaces/queues");

    private JsonNode? QueueProperty(string name) => ArmTemplate.Resolve(Queue, Queue.Properties![name]);

    [Fact]
    public void Namespace_LocalKeyAuthentication_IsDisabled()
    {
        var properties = _arm.Single("Microsoft.ServiceBus/namespaces").Properties!;
        Assert.True(properties["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Namespace_Tier_SupportsDuplicateDetection() =>
        Assert.NotEqual("Basic", _arm.Single("Microsoft.ServiceBus/namespaces").Body["sku"]!["name"]!.GetValue<string>());

    [Fact]
    public void Queue_MaxDeliveryCount_IsFiveLikeTheWorkersMaxDequeueCount() =>
        Assert.Equal(5, QueueProperty("maxDeliveryCount")!.GetValue<int>());

    [Fact]
    public void Queue_DuplicateDetection_IsOnWithAWindow()
    {
        Assert.True(QueueProperty("requiresDuplicateDetection")!.GetValue<bool>());
        Assert.Equal("PT1H", QueueProperty("duplicateDetectionHistoryTimeWindow")!.GetValue<string>());
    }

    [Fact]
    public void Queue_ExpiredMessages_AreDeadLettered() =>
        Assert.True(QueueProperty("deadLetteringOnMessageExpiration")!.GetValue<bool>());

    [Fact]
    public void Queue_LockDuration_IsShorterThanTheHostsLockRenewal()
    {
        var lockDuration = System.Xml.XmlConvert.ToTimeSpan(QueueProperty("lockDuration")!.GetValue<string>());
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
        var renewal = TimeSpan.Parse(host["extensions"]!["serviceBus"]!["maxAutoLockRenewalDuration"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lockDuration, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
        Assert.True(renewal > lockDuration);
    }

    [Fact]
    public void Queue_Sessions_AreOff() =>
        Assert.False(QueueProperty("requiresSession")!.GetValue<bool>());
}
