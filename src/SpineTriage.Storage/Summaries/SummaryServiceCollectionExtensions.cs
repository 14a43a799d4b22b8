using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Storage.Summaries;

/// <summary>The summary job's registration, shared by every host.</summary>
public static class SummaryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the summary job on top of <see cref="StorageServiceCollectionExtensions.AddSpineTriagePipeline"/>:
    /// its settings (<c>SpineTriage:Summary</c>, with <c>SUMMARY_SCHEDULE</c> and <c>WEBSITE_TIME_ZONE</c>
    /// read as the Azure Functions timer reads them), the recipients (<c>SpineTriage:Email:Recipients</c>),
    /// the schedule and the job. The host registers the renderer and the mailer
    /// (<see cref="ISummaryRenderer"/>, <see cref="ISummaryMailer"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSpineTriageSummaries(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SummaryOptions>().BindConfiguration(SummaryOptions.Section);
        services.AddOptions<SummaryRecipientsOptions>().BindConfiguration(SummaryRecipientsOptions.Section);
        services.AddOptions<SummaryScheduleOptions>().BindConfiguration(SummaryScheduleOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // The Functions app setting wins, so that both hosts follow one setting.
                if (configuration[SummarySchedule.ScheduleVariable] is { Length: > 0 } schedule)
                {
                    options.Schedule = schedule;
                }

                if (string.IsNullOrWhiteSpace(options.TimeZone) && configuration[SummarySchedule.TimeZoneVariable] is { Length: > 0 } zone)
                {
                    options.TimeZone = zone;
                }
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SummarySchedule.FromOptions(sp.GetRequiredService<IOptions<SummaryScheduleOptions>>().Value));
        services.TryAddSingleton<ISummaryPeriods>(sp => sp.GetRequiredService<SummarySchedule>());
        services.TryAddSingleton<ISummaryCases>(sp => sp.GetRequiredService<TableTriageStore>());
        services.TryAddSingleton(sp => new SummaryJob(
            sp.GetRequiredService<ISummaryCases>(),
            sp.GetRequiredService<SpineTriage.Core.Review.IRegionStatusDirectory>(),
            sp.GetRequiredService<SpineTriage.Core.Pipeline.IRegionStatusReader>(),
            sp.GetRequiredService<ISummaryLedger>(),
            sp.GetRequiredService<ISummaryRenderer>(),
            sp.GetRequiredService<ISummaryMailer>(),
            sp.GetRequiredService<ISummaryPeriods>(),
            sp.GetRequiredService<IOptions<SummaryOptions>>().Value,
            sp.GetRequiredService<IOptions<SummaryRecipientsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SummaryJob>>()));
        services.TryAddSingleton<ISummaryJob>(sp => sp.GetRequiredService<SummaryJob>());
        return builder;
    }
}
