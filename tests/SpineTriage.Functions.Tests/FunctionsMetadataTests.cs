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
    public void Functions_AreExactlyTheFunctionMethodsOfThisBuild()
    {
        var names = Functions.Select(f => f!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(FunctionsApp.FunctionNames.Order(StringComparer.Ordinal), names);
    }

    public static TheoryData<string, string, string> ConsoleFunctions => new()
    {
        { "ConsoleWorklist", "console", "get" },
        { "ConsoleReferral", "console/referrals/{id}", "get" },
        { "ConsoleDecision", "console/referrals/{id}/decision", "post" },
        { "ConsoleRegions", "console/regions", "get" },
        { "ConsoleStylesheet", "console/console.css", "get" },
    };

    [Theory]
    [MemberData(nameof(ConsoleFunctions))]
    public void ConsoleFunction_IsAnAnonymousHttpTriggerOnItsRouteAndMethod(string function, string route, string method)
    {
        // Anonymous: no function key; the platform's authentication (Entra ID) is in front of every request.
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("Anonymous", trigger["authLevel"]!.GetValue<string>());
        Assert.Equal(route, trigger["route"]!.GetValue<string>());
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public void ConsoleFunctions_AreEveryHttpTrigger()
    {
        var http = Functions.Where(f => f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            .Select(f => f!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal(ConsoleFunctions.Select(row => (string)row[0]).Order(StringComparer.Ordinal), http);
    }

    [Fact]
    public void HostJson_KeepsTheDefaultRoutePrefix_SoTheConsoleIsUnderApiConsole()
    {
        // The console's links follow whatever prefix a request came with; the docs name /api/console.
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(Infrastructure.Tests.Infra.ArmTemplate.RepositoryRoot, "host.json")))!;

        Assert.Null(hostJson["extensions"]?["http"]?["routePrefix"]);
    }

    [Fact]
    public void EverySettingTheConsoleReads_IsSetByInfra()
    {
        var appSettings = fixture.Template.AppSettings().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains(ConsoleOptions.EnabledSetting, appSettings);
        Assert.Contains(ConsoleOptions.Section.Replace(":", "__", StringComparison.Ordinal) + "__ReviewerRole", appSettings);
        // The setting App Service authentication reads the client secret from.
        Assert.Contains("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET", appSettings);
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
