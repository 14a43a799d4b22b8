using SpineTriage.Core.Summaries;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpineTriage.Reporting;
using SpineTriage.Storage;
using SpineTriage.Storage.Alerts;
using SpineTriage.Storage.Summaries;
using SpineTriage.Web;

namespace SpineTriage.Functions;

/// <summary>
/// Composes the Functions host: the same registrations as the worker host, plus Application
/// Insights, and the review console's HTTP functions with ASP.NET Core integration. <c>Program.cs</c> builds and runs it;
/// the tests build it with the settings of <c>local.settings.json.example</c> and of <c>infra/</c>.
/// </summary>
public static class FunctionsHost
{
    /// <summary>
    /// The app settings the app cannot run without, in configuration form (<c>:</c>; an app setting
    /// writes <c>__</c>). In Azure nothing defaults to the local emulator: a missing setting stops the
    /// host at start with one line naming it.
    /// </summary>
    public static IReadOnlyList<string> RequiredSettings { get; } =
    [
        "AzureWebJobsStorage",
        $"{StorageOptions.Section}:Connection",
        "SUMMARY_SCHEDULE",
        "ALERT_SCHEDULE",
        $"{EmailOptions.Section}:SmtpHost",
        $"{EmailOptions.Section}:From",
    ];

    /// <summary>Creates the host builder with every registration.</summary>
    /// <param name="args">The command line (settings as <c>--Name=value</c> are read like app settings).</param>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        RequireSettings(builder.Configuration);
        // The review console's HTTP functions take HttpRequest and return IActionResult.
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddSummaryRecipientsSetting();
        builder.Configuration.AddAlertRecipientsSetting();
        // Messages come on Service Bus (Standard: 256 KiB), not a Storage queue.
        builder.Services.AddSingleton(SpineTriage.Core.Pipeline.MessageTransport.ServiceBus);
        builder.AddSpineTriagePipeline();
        builder.AddSpineTriageSummaries();
        builder.AddSpineTriageSummaryEmail();
        builder.AddSpineTriageReviewAlerts();
        builder.Services.AddSingleton(ConsoleOptions.From(builder.Configuration));
        builder.Services.TryAddSingleton<ReviewConsole>();
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        builder.Logging.KeepInformationInApplicationInsights();
        return builder;
    }

    /// <summary>Throws, naming every missing one, when a required setting is missing or empty.</summary>
    public static void RequireSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var missing = RequiredSettings.Where(name => string.IsNullOrWhiteSpace(configuration[name]) && !HasIdentityConnection(configuration, name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Missing app setting{(missing.Count == 1 ? string.Empty : "s")}: {string.Join(", ", missing.Select(n => n.Replace(":", "__", StringComparison.Ordinal)))} (see docs/deployment.md, App settings).");
        }
    }

    // An identity-based connection is a section ("AzureWebJobsStorage__blobServiceUri"), not a value.
    private static bool HasIdentityConnection(IConfiguration configuration, string name) =>
        name == "AzureWebJobsStorage" && configuration.GetSection(name).GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
}
