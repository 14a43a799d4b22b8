using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SpineTriage.Infrastructure.Tests.Infra;

namespace SpineTriage.Functions.Tests;

/// <summary>
/// The function metadata the real Functions SDK generated (functions.metadata in the app's build
/// output): each function, its trigger and its settings; and every %SETTING% and connection it names
/// is set by infra/ (the compiled ARM template), so the deployed app can start its triggers.
/// </summary>
[Collection(CompiledTemplate.Name)]
public sealed partial class FunctionsMetadataTests(ArmTemplateFixture fixture)
{
    private static readonly JsonArray Functions = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsApp.BuildOutput, "functions.metadata")))!;

    [Fact]
    public void PostponedSummary_IsATimerOnTheScheduleSettingThatNeverRunsOnStartup()
    {
        var trigger = Trigger("PostponedSummary");

        Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("%SUMMARY_SCHEDULE%", trigger["schedule"]!.GetValue<string>());
        Assert.False(trigger["runOnStartup"]!.GetValue<bool>());
    }

    [Fact]
    public void ReviewAlerts_IsATimerOnTheAlertScheduleSettingThatNeverRunsOnStartup()
    {
        var trigger = Trigger("ReviewAlerts");

        Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("%ALERT_SCHEDULE%", trigger["schedule"]!.GetValue<string>());
        Assert.False(trigger["runOnStartup"]!.GetValue<bool>());
    }

    [Fact]
    public void Functions_AreExactlyTheFunctionClassesOfThisBuild()
    {
        var names = Functions.Select(f => f!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(FunctionsApp.FunctionClasses.Select(t => t.Name).Order(StringComparer.Ordinal), names);
    }

#if SERVICE_BUS_TRIGGER
    [Fact]
    public void TriageReferral_IsAServiceBusTriggerOnTheQueueSettingWithTheIdentityConnection()
    {
        var trigger = Trigger("TriageReferral");

        Assert.Equal("serviceBusTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("%REFERRALS_QUEUE%", trigger["queueName"]!.GetValue<string>());
        Assert.Equal("ServiceBusConnection", trigger["connection"]!.GetValue<string>());
    }
#endif

    [Fact]
    public void EverySettingAndConnectionTheTriggersName_IsSetByInfra()
    {
        var appSettings = fixture.Template.AppSettings().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var text = Functions.ToJsonString();

        var named = SettingReference().Matches(text).Select(m => m.Groups["name"].Value).Distinct().ToList();
        Assert.Contains("SUMMARY_SCHEDULE", named);
        Assert.Contains("ALERT_SCHEDULE", named);
        Assert.All(named, name => Assert.Contains(name, appSettings));

        // A connection is a prefix: identity-based, it is set as <prefix>__fullyQualifiedNamespace and the like.
        var connections = Functions.SelectMany(f => f!["bindings"]!.AsArray())
            .Select(b => b!["connection"]?.GetValue<string>()).OfType<string>().Append("AzureWebJobsStorage").Distinct();
        Assert.All(connections, prefix => Assert.Contains(appSettings, s => s.StartsWith(prefix + "__", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void EveryRequiredSettingOfTheHost_IsSetByInfra()
    {
        var appSettings = fixture.Template.AppSettings().Select(p => p.Key).ToList();

        Assert.All(FunctionsHost.RequiredSettings.Select(s => s.Replace(":", "__", StringComparison.Ordinal)), name =>
            Assert.Contains(appSettings, s => s.Equals(name, StringComparison.OrdinalIgnoreCase) || s.StartsWith(name + "__", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void WorkerConfig_RunsTheAppWithDotnetIsolatedAndWorkerIndexing()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsApp.BuildOutput, "worker.config.json")))!["description"]!;

        Assert.Equal("dotnet-isolated", config["language"]!.GetValue<string>());
        Assert.Equal("SpineTriage.Functions.dll", config["defaultWorkerPath"]!.GetValue<string>());
        Assert.Equal("true", config["workerIndexing"]!.GetValue<string>());
    }

    private static JsonNode Trigger(string function)
    {
        var entry = Assert.Single(Functions, f => f!["name"]!.GetValue<string>() == function)!;
        return Assert.Single(entry["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;
    }

    [GeneratedRegex("%(?<name>[A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();
}
