using SpineTriage.Core.Summaries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Review;
using SpineTriage.Infrastructure.Tests.Infra;
using SpineTriage.Reporting;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;

namespace SpineTriage.Functions.Tests;

/// <summary>
/// The host as Program.cs composes it (FunctionsHost.CreateBuilder), built with every registration
/// validated, with the settings a developer uses (local.settings.json.example) and the settings
/// infra/ deploys: every function class and its dependencies resolve, and a missing setting stops it
/// with one line naming the setting.
/// </summary>
[Collection(CompiledTemplate.Name)]
public sealed class HostCompositionTests(ArmTemplateFixture fixture)
{
    [Fact]
    public void Build_WithTheLocalSettingsExample_ResolvesEveryFunctionAndItsDependencies() =>
        AssertResolvesEverything(FunctionsApp.LocalSettingsExample());

    [Fact]
    public void Build_WithTheAppSettingsInfraDeploys_ResolvesEveryFunctionAndItsDependencies()
    {
        // The names are the template's; the values are what Azure resolves its expressions to.
        var settings = fixture.Template.AppSettings().ToDictionary(p => p.Key, p => Plausible(p.Key), StringComparer.OrdinalIgnoreCase);

        AssertResolvesEverything(settings);
    }

    [Fact]
    public void Build_WithTheAppSettingsInfraDeploys_TurnsTheConsoleOnWithTheReviewerRole_AndTrustsOnlyThePlatformsAuthentication()
    {
        var settings = fixture.Template.AppSettings().ToDictionary(p => p.Key, p => Plausible(p.Key), StringComparer.OrdinalIgnoreCase);

        using var host = FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(settings)).Build();
        var options = host.Services.GetRequiredService<ConsoleOptions>();

        Assert.True(options.Enabled);
        Assert.Equal("SpineTriage.Reviewer", options.ReviewerRole);
        // WEBSITE_AUTH_ENABLED is the platform's, never the template's: without it nothing is trusted.
        Assert.False(options.PlatformAuthentication);
    }

    [Fact]
    public void Build_WithTheLocalSettingsExample_LeavesTheConsoleOff()
    {
        using var host = FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(FunctionsApp.LocalSettingsExample())).Build();

        Assert.False(host.Services.GetRequiredService<ConsoleOptions>().Enabled);
    }

    [Fact]
    public void CreateBuilder_WithAConsoleSettingThatIsNotABoolean_FailsWithOneLineNamingIt()
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings[ConsoleOptions.EnabledSetting] = "yes please";

        var error = Assert.Throws<InvalidOperationException>(() => FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(settings)));

        Assert.Contains(ConsoleOptions.EnabledSetting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void FunctionClasses_AreTheOnesThisBuildIncludes()
    {
        var names = FunctionsApp.FunctionClasses.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            FunctionsApp.IncludesServiceBusTrigger
                ? ["PostponedSummary", "ReviewAlerts", "ReviewConsoleFunctions", "TriageReferral"]
                : ["PostponedSummary", "ReviewAlerts", "ReviewConsoleFunctions"],
            names);
    }

    public static TheoryData<string> RequiredSettings => [.. FunctionsHost.RequiredSettings];

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void CreateBuilder_WithoutARequiredSetting_FailsWithOneLineNamingIt(string setting)
    {
        var appSetting = setting.Replace(":", "__", StringComparison.Ordinal);
        var settings = FunctionsApp.LocalSettingsExample();
        Assert.True(settings.Remove(appSetting), $"the example sets {appSetting}");

        var error = Assert.Throws<InvalidOperationException>(() => FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(settings)));

        Assert.Contains(appSetting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void CreateBuilder_WithIdentityBasedHostStorage_NeedsNoConnectionString()
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings.Remove("AzureWebJobsStorage");
        settings["AzureWebJobsStorage__blobServiceUri"] = "https://account.blob.core.windows.net";

        var builder = FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(settings));

        Assert.NotNull(builder);
    }

    private static void AssertResolvesEverything(Dictionary<string, string> settings)
    {
        var builder = FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(settings));
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        using var host = builder.Build();

        foreach (var function in FunctionsApp.FunctionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, function));
        }

        // Options that validate do so now, not at the first timer tick.
        Assert.False(string.IsNullOrWhiteSpace(host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.From));
        Assert.NotNull(host.Services.GetRequiredService<SummarySchedule>());
        Assert.NotNull(host.Services.GetRequiredService<StorageClients>());
        Assert.NotNull(host.Services.GetRequiredService<IReviewAlertJob>());
    }

    [Fact]
    public void Build_WithTheLocalSettingsExample_ReadsTheAlertRecipientsSetting()
    {
        using var host = FunctionsHost.CreateBuilder(FunctionsApp.AsArguments(FunctionsApp.LocalSettingsExample())).Build();

        var options = host.Services.GetRequiredService<IOptions<ReviewAlertOptions>>().Value;

        Assert.Equal(["review.north-east@localhost"], options.For("north-east"));
        Assert.Equal(["on-call@localhost"], options.For("south-west"));
    }

    private static string Plausible(string name) => name switch
    {
        _ when name.EndsWith("ServiceUri", StringComparison.Ordinal) => "https://stspinetriage.blob.core.windows.net/",
        _ when name.EndsWith("__credential", StringComparison.Ordinal) => "managedidentity",
        _ when name.EndsWith("__clientId", StringComparison.Ordinal) || name == "AZURE_CLIENT_ID" => "00000000-0000-0000-0000-000000000001",
        _ when name.EndsWith("__fullyQualifiedNamespace", StringComparison.Ordinal) => "sb-spinetriage.servicebus.windows.net",
        "APPLICATIONINSIGHTS_CONNECTION_STRING" => "InstrumentationKey=00000000-0000-0000-0000-000000000002;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" => "ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD",
        "REFERRALS_QUEUE" => "referrals",
        "SUMMARY_SCHEDULE" => "0 0 6 * * *",
        "ALERT_SCHEDULE" => "0 */2 * * * *",
        "SpineTriage__Storage__Connection" => "https://stspinetriage.table.core.windows.net/",
        "SpineTriage__Email__SmtpHost" => "smtp.hospital.example",
        "SpineTriage__Email__SmtpPort" => "587",
        "SpineTriage__Email__User" => "spinetriage",
        "SpineTriage__Email__From" => "SpineTriage <spinetriage@hospital.example>",
        "SpineTriage__Email__Password" => "@Microsoft.KeyVault(SecretUri=https://kv-spinetriage.vault.azure.net/secrets/smtp-password/)",
        "SPINETRIAGE_EMAIL_RECIPIENTS" => """{"north-east":["head.ne@hospital.example"],"*":["lead@hospital.example"]}""",
        "SPINETRIAGE_ALERT_RECIPIENTS" => """{"north-east":["review.ne@hospital.example"],"*":["on-call@hospital.example"]}""",
        "SPINETRIAGE_CONSOLE_ENABLED" => "true",
        "SpineTriage__Console__ReviewerRole" => "SpineTriage.Reviewer",
        "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET" => "@Microsoft.KeyVault(SecretUri=https://kv-spinetriage.vault.azure.net/secrets/console-client-secret/)",
        _ => throw new InvalidOperationException($"infra/ sets {name}, which this test does not know: add a plausible value for it."),
    };
}
