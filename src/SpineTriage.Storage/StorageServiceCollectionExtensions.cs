using SpineTriage.Core.Summaries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Alerts;
using SpineTriage.Storage.Summaries;

namespace SpineTriage.Storage;

/// <summary>The pipeline's registration, shared by every host (worker and Functions app).</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the triage pipeline on Azure Storage: options from <c>SpineTriage:Storage</c>,
    /// the clients, the stores (and the summary and alert ledgers), the classifier and the message handler.
    /// </summary>
    public static IHostApplicationBuilder AddSpineTriagePipeline(this IHostApplicationBuilder builder, Action<StorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Connection));
        services.TryAddSingleton<TriageClassifier>();
        services.TryAddSingleton<TableTriageStore>();
        services.TryAddSingleton<ITriageStore>(sp => sp.GetRequiredService<TableTriageStore>());
        services.TryAddSingleton<IReviewStore>(sp => sp.GetRequiredService<TableTriageStore>());
        services.TryAddSingleton<ReviewService>();
        services.TryAddSingleton<TableRejectedMessageStore>();
        services.TryAddSingleton<IRejectedMessageStore>(sp => sp.GetRequiredService<TableRejectedMessageStore>());
        services.TryAddSingleton<TableRegionStatusStore>();
        services.TryAddSingleton<IRegionStatusReader>(sp => sp.GetRequiredService<TableRegionStatusStore>());
        services.TryAddSingleton<IRegionStatusDirectory>(sp => sp.GetRequiredService<TableRegionStatusStore>());
        services.TryAddSingleton<IPostponedCounter>(sp => sp.GetRequiredService<TableTriageStore>());
        services.TryAddSingleton<RegionBoard>();
        services.TryAddSingleton<TableSummaryLedger>();
        services.TryAddSingleton<ISummaryLedger>(sp => sp.GetRequiredService<TableSummaryLedger>());
        services.TryAddSingleton<TableAlertLedger>();
        services.TryAddSingleton<IAlertLedger>(sp => sp.GetRequiredService<TableAlertLedger>());
        services.TryAddSingleton<ReferralQueues>();
        services.TryAddSingleton<ReferralMessageHandler>();
        services.TryAddSingleton<StorageProvisioner>();
        return builder;
    }
}

/// <summary>Creates the queues and tables the pipeline uses (idempotent; for the worker host and tools).</summary>
public sealed class StorageProvisioner
{
    private readonly ReferralQueues _queue;
    private readonly TableTriageStore _results;
    private readonly TableRejectedMessageStore _rejects;
    private readonly TableRegionStatusStore _regions;
    private readonly TableSummaryLedger _summaries;
    private readonly TableAlertLedger _alerts;

    /// <summary>Creates the provisioner.</summary>
    public StorageProvisioner(
        ReferralQueues queue, TableTriageStore results, TableRejectedMessageStore rejects, TableRegionStatusStore regions, TableSummaryLedger summaries,
        TableAlertLedger alerts)
    {
        _alerts = alerts;
        _queue = queue;
        _results = results;
        _rejects = rejects;
        _regions = regions;
        _summaries = summaries;
    }

    /// <summary>Creates everything that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _queue.CreateAsync(cancellationToken).ConfigureAwait(false);
        await _results.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
        await _rejects.CreateTableAsync(cancellationToken).ConfigureAwait(false);
        await _regions.CreateTableAsync(cancellationToken).ConfigureAwait(false);
        await _summaries.CreateTableAsync(cancellationToken).ConfigureAwait(false);
        await _alerts.CreateTableAsync(cancellationToken).ConfigureAwait(false);
    }
}
