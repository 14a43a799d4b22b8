using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SpineTriage.Functions.Tests;

public sealed class ApplicationInsightsLoggingTests
{
    [Fact]
    public void KeepInformationInApplicationInsights_ApplicationInsightsWarningRule_IsRemoved()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            // What the Application Insights SDK registers: Warning and above for its provider.
            logging.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(
                new LoggerFilterRule("Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider", null, LogLevel.Warning, null)));
            logging.KeepInformationInApplicationInsights();
        });

        var rules = services.BuildServiceProvider().GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        Assert.DoesNotContain(rules, r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    }
}
