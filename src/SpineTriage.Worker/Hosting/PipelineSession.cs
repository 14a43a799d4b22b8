using SpineTriage.Core.Summaries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Review;
using SpineTriage.Reporting;
using SpineTriage.Storage;
using SpineTriage.Storage.Alerts;
using SpineTriage.Storage.Summaries;
using SpineTriage.Worker.Emulator;
using SpineTriage.Worker.Queue;

namespace SpineTriage.Worker.Hosting;

/// <summary>Where the storage connection came from.</summary>
internal enum StorageSource
{
    /// <summary>The <c>--storage</c> option.</summary>
    Option,

    /// <summary>The <c>SPINETRIAGE_STORAGE</c> environment variable.</summary>
    Environment,

    /// <summary>Configuration: appsettings.json or <c>SpineTriage__Storage__Connection</c>.</summary>
    Configuration,

    /// <summary>Nothing configured: the local emulator (started here when none answers).</summary>
    Default,
}

/// <summary>
/// The pipeline's host for one command: configuration, logging, the storage clients and stores,
/// and, when no storage is configured and no emulator answers, an embedded in-memory Azurite that
/// is stopped when the session ends.
/// </summary>
internal sealed class PipelineSession : IAsyncDisposable
{
    /// <summary>The environment variable that names the storage.</summary>
    public const string StorageVariable = "SPINETRIAGE_STORAGE";

    private readonly AzuriteEmulator? _emulator;

    private PipelineSession(IHost host, AzuriteEmulator? emulator, string connection, StorageSource source)
    {
        Host = host;
        _emulator = emulator;
        Connection = connection;
        Source = source;
    }

    /// <summary>The generic host (services, lifetime, hosted services).</summary>
    public IHost Host { get; }

    /// <summary>The services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The storage connection in use (may hold a key: never print it; see <see cref="StorageClients.Description"/>).</summary>
    public string Connection { get; }

    /// <summary>Where the connection came from.</summary>
    public StorageSource Source { get; }

    /// <summary>Whether this session started its own emulator.</summary>
    public bool StartedEmulator => _emulator is not null;

    /// <summary>Builds the session: resolves the storage, starts the embedded emulator if needed, builds the host.</summary>
    /// <param name="storageOption">The <c>--storage</c> value, if given.</param>
    /// <param name="listen">Whether the host listens on the queue.</param>
    /// <param name="untilIdle">Whether the listener stops once the queue is empty.</param>
    /// <param name="consoleLevel">The lowest level logged to standard error.</param>
    /// <param name="privateEmulator">Without a storage option, start a fresh emulator on free ports even if one answers (the demo).</param>
    /// <param name="schedule">Whether the host runs the summary scheduler (<c>spinetriage run</c> without <c>--until-idle</c>), unless <c>SpineTriage:Summary:Enabled</c> is false.</param>
    /// <param name="alerts">Whether the host runs the review alert scheduler (<c>spinetriage run</c> without <c>--until-idle</c>), unless <c>SpineTriage:Alerts:Enabled</c> is false.</param>
    /// <param name="settings">Configuration that overrides every other source (the demo's recipients and pickup folder).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PipelineSession> StartAsync(
        string? storageOption, bool listen, bool untilIdle, LogLevel consoleLevel, CancellationToken cancellationToken, bool privateEmulator = false,
        bool schedule = false, IReadOnlyDictionary<string, string?>? settings = null, bool alerts = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConciseConsole();
        builder.Logging.SetMinimumLevel(consoleLevel);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // SPINETRIAGE_EMAIL_RECIPIENTS and SPINETRIAGE_ALERT_RECIPIENTS: the recipients as one JSON value each, which any shell can set.
        builder.Configuration.AddSummaryRecipientsSetting();
        builder.Configuration.AddAlertRecipientsSetting();

        var (connection, source) = privateEmulator && string.IsNullOrWhiteSpace(storageOption)
            ? (StorageOptions.DevelopmentStorage, StorageSource.Default)
            : Resolve(storageOption, builder.Configuration);
        AzuriteEmulator? emulator = null;
        if (source == StorageSource.Default && (privateEmulator || !await DevelopmentStorageAnswersAsync().ConfigureAwait(false)))
        {
            using var loggers = LoggerFactory.Create(l => l.AddConciseConsole().SetMinimumLevel(consoleLevel));
            // The demo's emulator is private and in memory; every other command's is the local store,
            // whose data stays on disk between commands.
            var options = privateEmulator ? new AzuriteOptions() : AzuriteOptions.LocalStore();
            emulator = await AzuriteEmulator.StartAsync(options, loggers.CreateLogger<AzuriteEmulator>(), cancellationToken).ConfigureAwait(false);
            connection = emulator.ConnectionString;
        }

        try
        {
            builder.AddSpineTriagePipeline(o => o.Connection = connection);
            builder.Services.AddOptions<QueueListenerOptions>().BindConfiguration(QueueListenerOptions.Section)
                .Configure(o => o.UntilIdle |= untilIdle);
            builder.Services.AddSingleton<WorkerExit>();
            if (listen)
            {
                builder.Services.AddQueueListener();
            }

            builder.AddSpineTriageSummaries();
            builder.AddSpineTriageSummaryEmail();
            builder.AddSpineTriageReviewAlerts();
            if (schedule && builder.Configuration.GetValue($"{SummaryScheduleOptions.Section}:{nameof(SummaryScheduleOptions.Enabled)}", true))
            {
                builder.Services.AddSingleton<SummaryScheduler>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<SummaryScheduler>());
            }

            if (alerts && builder.Configuration.GetValue($"{ReviewAlertOptions.Section}:{nameof(ReviewAlertOptions.Enabled)}", true))
            {
                builder.Services.AddSingleton<ReviewAlertScheduler>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<ReviewAlertScheduler>());
            }

            var host = builder.Build();
            return new PipelineSession(host, emulator, connection, source);
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The storage connection: option, then environment, then configuration, then the local emulator.</summary>
    public static (string Connection, StorageSource Source) Resolve(string? option, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return (option, StorageSource.Option);
        }

        if (System.Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } variable)
        {
            return (variable, StorageSource.Environment);
        }

        if (configuration[$"{StorageOptions.Section}:Connection"] is { Length: > 0 } configured)
        {
            return (configured, StorageSource.Configuration);
        }

        return (StorageOptions.DevelopmentStorage, StorageSource.Default);
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<bool> DevelopmentStorageAnswersAsync() =>
        await AzuriteEmulator.IsRunningAsync(AzuriteEmulator.Host, AzuriteOptions.DevelopmentQueuePort, TimeSpan.FromSeconds(1)).ConfigureAwait(false)
        && await AzuriteEmulator.IsRunningAsync(AzuriteEmulator.Host, AzuriteOptions.DevelopmentTablePort, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
}
