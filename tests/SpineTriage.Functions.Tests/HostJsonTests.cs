using System.Globalization;
using System.Text.Json.Nodes;

namespace SpineTriage.Functions.Tests;

public sealed class HostJsonTests
{
    private static readonly JsonNode Host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

    private static JsonNode ServiceBus => Host["extensions"]!["serviceBus"]!;

    private static string LogLevel(string category) => Host["logging"]!["logLevel"]![category]!.GetValue<string>();

    [Fact]
    public void HostJson_Version_IsFunctionsV2Schema() =>
        Assert.Equal("2.0", Host["version"]!.GetValue<string>());

    [Fact]
    public void ServiceBus_AutoComplete_IsOnSoARejectedMessageIsCompleted() =>
        Assert.True(ServiceBus["autoCompleteMessages"]!.GetValue<bool>());

    [Fact]
    public void ServiceBus_LockRenewal_CoversTheFunctionTimeout()
    {
        var renewal = TimeSpan.Parse(ServiceBus["maxAutoLockRenewalDuration"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var timeout = TimeSpan.Parse(Host["functionTimeout"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.True(renewal >= timeout, "a message still being handled must not lose its lock and be delivered twice");
    }

    [Fact]
    public void ServiceBus_Concurrency_IsBounded()
    {
        Assert.InRange(ServiceBus["maxConcurrentCalls"]!.GetValue<int>(), 1, 64);
        Assert.Equal(0, ServiceBus["prefetchCount"]!.GetValue<int>());
    }

    [Fact]
    public void FunctionTimeout_Is10MinutesLikeTheWorkersProcessingTimeout() =>
        Assert.Equal(TimeSpan.FromMinutes(10), TimeSpan.Parse(Host["functionTimeout"]!.GetValue<string>(), CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("default", "Warning")]
    [InlineData("Azure.Messaging.ServiceBus", "Warning")]
    [InlineData("Azure.Core", "Warning")]
    [InlineData("Function.TriageReferral.User", "Information")]
    public void Logging_Category_HasAPhiSafeLevel(string category, string level) =>
        Assert.Equal(level, LogLevel(category));

    [Fact]
    public void Logging_NoCategory_IsMoreVerboseThanInformation() =>
        Assert.All(Host["logging"]!["logLevel"]!.AsObject(), l =>
            Assert.Contains(l.Value!.GetValue<string>(), new[] { "Information", "Warning", "Error", "Critical", "None" }));
}
