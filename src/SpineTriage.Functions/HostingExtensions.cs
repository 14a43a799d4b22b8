using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpineTriage.Functions;

/// <summary>What only the Functions host needs beside the shared registration.</summary>
public static class HostingExtensions
{
    /// <summary>
    /// Removes the filter the Application Insights SDK adds (Warning and above), so the pipeline's
    /// Information logs (referral ids, categories, dispositions; never patient data) reach
    /// Application Insights. Levels are then set by configuration as usual.
    /// </summary>
    public static ILoggingBuilder KeepInformationInApplicationInsights(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r =>
                r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });
        return logging;
    }
}
