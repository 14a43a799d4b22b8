using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Storage;
using SpineTriage.Worker.Queue;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>The queue and table names of one test: unique, so tests sharing an emulator never meet.</summary>
internal sealed record PipelineNames(
    string Queue, string Results, string Postponed, string Rejected, string Regions, string Review, string Alerts = "ReviewAlerts", string AlertsSent = "ReviewAlertsSent")
{
    public string Poison => Queue + "-poison";

    /// <summary>Fresh names from <paramref name="unique"/> (e.g. <c>AzuriteFixture.UniqueName</c>).</summary>
    public static PipelineNames Unique(Func<string, string> unique) =>
        new(unique("referrals"), unique("results"), unique("postponed"), unique("rejected"), unique("regions"), unique("review"), unique("alerts"), unique("alertssent"));

    /// <summary>Fresh names without a fixture.</summary>
    public static PipelineNames Unique() => Unique(prefix => prefix + Guid.NewGuid().ToString("N")[..20]);

    public void ApplyTo(StorageOptions options)
    {
        options.QueueName = Queue;
        options.ResultsTable = Results;
        options.PostponedTable = Postponed;
        options.ReviewTable = Review;
        options.RejectedTable = Rejected;
        options.RegionsTable = Regions;
        options.AlertsTable = Alerts;
        options.AlertsSentTable = AlertsSent;
    }

    /// <summary>The same names as environment variables for a <c>spinetriage</c> process (section SpineTriage:Storage).</summary>
    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["SpineTriage__Storage__QueueName"] = Queue,
        ["SpineTriage__Storage__ResultsTable"] = Results,
        ["SpineTriage__Storage__PostponedTable"] = Postponed,
        ["SpineTriage__Storage__ReviewTable"] = Review,
        ["SpineTriage__Storage__RejectedTable"] = Rejected,
        ["SpineTriage__Storage__RegionsTable"] = Regions,
        ["SpineTriage__Storage__AlertsTable"] = Alerts,
        ["SpineTriage__Storage__AlertsSentTable"] = AlertsSent,
    };
}

/// <summary>
/// Direct access to one test's queue and tables, beside the listener: sends messages the way the
/// intake does (<see cref="ReferralQueues"/>, Base64) and reads back what was stored.
/// </summary>
internal sealed class PipelineStorage
{
    private readonly TableServiceClient _tables;
    private readonly PipelineNames _names;

    public PipelineStorage(string connection, PipelineNames names)
    {
        _names = names;
        var options = new StorageOptions { Connection = connection };
        names.ApplyTo(options);
        var clients = new StorageClients(connection);
        _tables = clients.Tables;
        Queues = new ReferralQueues(clients, Options.Create(options));
    }

    public ReferralQueues Queues { get; }

    public QueueClient Queue => Queues.Queue;

    public QueueClient Poison => Queues.Poison;

    /// <summary>Creates the queue and sends every body in order.</summary>
    public async Task SendAsync(params BinaryData[] bodies)
    {
        await Queues.Queue.CreateIfNotExistsAsync();
        foreach (var body in bodies)
        {
            await Queues.SendAsync(body);
        }
    }

    public Task SendAsync(IEnumerable<BinaryData> bodies) => SendAsync([.. bodies]);

    /// <summary>Messages on the queue, visible or not (Azurite counts them exactly).</summary>
    public async Task<int> QueueCountAsync() => (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>The bodies on the poison queue (none when it was never created).</summary>
    public async Task<IReadOnlyList<string>> PoisonBodiesAsync()
    {
        if (!(await Poison.ExistsAsync()).Value)
        {
            return [];
        }

        var peeked = await Poison.PeekMessagesAsync(32);
        return [.. peeked.Value.Select(m => m.Body.ToString())];
    }

    /// <summary>The current results: row key "" of each referral's partition in the results table.</summary>
    public Task<List<TriageResultEntity>> ResultsAsync() => QueryAsync<TriageResultEntity>(_names.Results, "RowKey ge 'c' and RowKey lt 'd'");

    /// <summary>Every machine decision: the audit trail's machine entries ("t" + index) of every referral.</summary>
    public Task<List<TrailEntryEntity>> HistoryAsync() =>
        QueryAsync<TrailEntryEntity>(_names.Results, "RowKey ge 't' and RowKey lt 'u' and Kind eq 'machine'");

    public Task<List<RejectedMessageEntity>> RejectedAsync() => QueryAsync<RejectedMessageEntity>(_names.Rejected, null);

    private async Task<List<T>> QueryAsync<T>(string table, string? filter)
        where T : class, ITableEntity, new()
    {
        var rows = new List<T>();
        await foreach (var row in _tables.GetTableClient(table).QueryAsync<T>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>
/// The worker's listener in a generic host, registered the way <c>spinetriage run</c> does it
/// (<see cref="StorageServiceCollectionExtensions.AddSpineTriagePipeline"/>, <see cref="QueueListenerOptions"/>,
/// <see cref="QueueListener"/> as a hosted service), with this test's names, fast polling, every
/// log entry captured, and optionally a store of the test's own in front of the real one.
/// </summary>
internal sealed class ListenerHost : IAsyncDisposable
{
    private readonly ITestOutputHelper? _output;
    private bool _started;

    private ListenerHost(IHost host, LogCapture logs, ITestOutputHelper? output)
    {
        Host = host;
        Logs = logs;
        _output = output;
        Listener = host.Services.GetRequiredService<QueueListener>();
        Store = host.Services.GetRequiredService<ITriageStore>();
        Lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
    }

    public IHost Host { get; }

    public QueueListener Listener { get; }

    /// <summary>The store the handler uses (the test's wrapper, when one was given).</summary>
    public ITriageStore Store { get; }

    public IHostApplicationLifetime Lifetime { get; }

    public LogCapture Logs { get; }

    /// <summary>Started, not stopping, and the listener's loop has not ended.</summary>
    public bool IsRunning =>
        _started && !Lifetime.ApplicationStopping.IsCancellationRequested && Listener.ExecuteTask is { IsCompleted: false };

    /// <param name="connection">The storage connection string.</param>
    /// <param name="names">This test's queue and tables.</param>
    /// <param name="listener">Listener settings on top of the test defaults (10-200 ms polling).</param>
    /// <param name="store">Builds the handler's store from the real one (wrap it, or replace it with a mock).</param>
    /// <param name="output">Where captured log entries go when the host is disposed.</param>
    public static ListenerHost Create(
        string connection,
        PipelineNames names,
        Action<QueueListenerOptions>? listener = null,
        Func<TableTriageStore, ITriageStore>? store = null,
        ITestOutputHelper? output = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        var logs = new LogCapture();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);

        if (store is not null)
        {
            // Registered first: AddSpineTriagePipeline only adds its own ITriageStore when none is there.
            builder.Services.AddSingleton(sp => store(sp.GetRequiredService<TableTriageStore>()));
        }

        builder.AddSpineTriagePipeline(o =>
        {
            o.Connection = connection;
            names.ApplyTo(o);
        });
        builder.Services.AddOptions<QueueListenerOptions>().Configure(o =>
        {
            o.MinPollingInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
            listener?.Invoke(o);
        });
        builder.Services.AddQueueListener();
        return new ListenerHost(builder.Build(), logs, output);
    }

    public async Task StartAsync()
    {
        _started = true;
        await Host.StartAsync();
    }

    /// <summary>
    /// Starts the host (unless started) and waits until it stops by itself (<c>UntilIdle</c>); throws
    /// <see cref="TimeoutException"/> when it has not within <paramref name="limit"/>. Returns how long it ran.
    /// </summary>
    public async Task<TimeSpan> RunUntilStoppedAsync(TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        if (!_started)
        {
            await StartAsync();
        }

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        if (await Task.WhenAny(stopping.Task, Task.Delay(limit)) != stopping.Task)
        {
            throw new TimeoutException(
                $"The host did not stop by itself within {limit.TotalSeconds:0.#} s (listener counters: {Describe(Listener.Counters)}).");
        }

        await Host.StopAsync();
        return stopwatch.Elapsed;
    }

    /// <summary>Stops the host, giving in-flight work <paramref name="timeout"/> before it is abandoned.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await Host.StopAsync(cancellation.Token);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; false after <paramref name="limit"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan limit) => EventuallyAsync(() => Task.FromResult(condition()), limit);

    public static string Describe(ListenerCounters c) =>
        $"stored {c.Stored}, duplicates {c.Duplicates}, superseded {c.Superseded}, rejected {c.Rejected}, failures {c.Failures}, poisoned {c.Poisoned}";

    public async ValueTask DisposeAsync()
    {
        if (_started && !Lifetime.ApplicationStopped.IsCancellationRequested)
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }

        Host.Dispose();
        if (_output is not null)
        {
            _output.WriteLine($"Listener: {Describe(Listener.Counters)}");
            foreach (var entry in Logs.Entries.Where(e => e.Level >= LogLevel.Information && !e.Category.StartsWith("Microsoft.Hosting", StringComparison.Ordinal)))
            {
                _output.WriteLine(entry.ToString());
            }
        }
    }
}
