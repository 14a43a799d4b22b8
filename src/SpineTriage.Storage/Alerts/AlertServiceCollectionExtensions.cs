using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Review;

namespace SpineTriage.Storage.Alerts;

/// <summary>The review alert job's registration, shared by every host.</summary>
public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Registers the review alert job on top of <see cref="StorageServiceCollectionExtensions.AddSpineTriagePipeline"/>:
    /// its settings (<c>SpineTriage:Alerts</c>: interval and review addresses), the outbox (the alert
    /// index of <see cref="TableTriageStore"/>), the ledger and the job. The host registers the sender
    /// (<see cref="IAlertSender"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSpineTriageReviewAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ReviewAlertOptions>().BindConfiguration(ReviewAlertOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, $"{ReviewAlertOptions.Section}:Interval must be positive.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAlertOutbox>(sp => sp.GetRequiredService<TableTriageStore>());
        services.TryAddSingleton<ReviewAlertJob>(sp => new ReviewAlertJob(
            sp.GetRequiredService<IAlertOutbox>(),
            sp.GetRequiredService<IAlertLedger>(),
            sp.GetRequiredService<IAlertSender>(),
            sp.GetRequiredService<IOptions<ReviewAlertOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReviewAlertJob>>()));
        services.TryAddSingleton<IReviewAlertJob>(sp => sp.GetRequiredService<ReviewAlertJob>());
        return builder;
    }
}
