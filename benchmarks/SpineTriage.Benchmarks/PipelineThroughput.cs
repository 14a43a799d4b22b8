using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpineTriage.Storage;
using SpineTriage.Worker.Emulator;
using SpineTriage.Worker.Queue;

namespace SpineTriage.Benchmarks;

/// <summary>
/// The whole path on Azurite: referrals on the queue, then the worker drains it (`run --until-idle`
/// semantics) and stores every decision. Baseline, measured in the same run against the same
/// emulator: a plain Azure SDK loop that receives, upserts one entity and deletes each message with
/// the same concurrency (batch 16, new batch at 8 per core in flight). Prints both and the ratio.
/// </summary>
internal static partial class PipelineThroughput
{
    public const string Verb = "pipeline";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = IntOption(args, "--messages", 2000);
        var runs = IntOption(args, "--runs", 3);
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), NullLogger.Instance).ConfigureAwait(false);
        var bodies = Bodies(count);
        var listenerOptions = new QueueListenerOptions();
        var concurrency = listenerOptions.BatchSize + listenerOptions.EffectiveNewBatchThreshold;
        Console.WriteLine($"Azurite (in memory) on 127.0.0.1:{azurite.QueuePort}/{azurite.TablePort}; {count} referrals per run; {runs} runs each, median; concurrency {concurrency}");

        var baseline = new List<double>();
        var pipeline = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            baseline.Add(await BaselineAsync(azurite.ConnectionString, bodies, listenerOptions, $"base{run}").ConfigureAwait(false));
            await Console.Error.WriteLineAsync($"run {run + 1}: baseline {baseline[^1]:N0}/s").ConfigureAwait(false);
            pipeline.Add(await PipelineAsync(azurite.ConnectionString, bodies, $"pipe{run}").ConfigureAwait(false));
            await Console.Error.WriteLineAsync($"run {run + 1}: pipeline {pipeline[^1]:N0}/s").ConfigureAwait(false);
        }

        var b = Median(baseline);
        var p = Median(pipeline);
        Console.WriteLine($"baseline (receive, upsert, delete): {b,8:N0} referrals/s  runs: {string.Join(", ", baseline.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"spinetriage run --until-idle:       {p,8:N0} referrals/s  runs: {string.Join(", ", pipeline.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"ratio (pipeline / baseline): {p / b:F2}");
        return 0;
    }

    private static async Task<double> BaselineAsync(string connection, IReadOnlyList<byte[]> bodies, QueueListenerOptions options, string name)
    {
        var queue = new QueueClient(connection, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync().ConfigureAwait(false);
        var table = new TableClient(connection, name);
        await table.CreateAsync().ConfigureAwait(false);
        await SendAllAsync(queue, bodies).ConfigureAwait(false);

        var watch = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(options.BatchSize + options.EffectiveNewBatchThreshold);
        var inFlight = new List<Task>();
        var done = 0;
        while (Volatile.Read(ref done) < bodies.Count)
        {
            QueueMessage[] messages = (await queue.ReceiveMessagesAsync(options.BatchSize, TimeSpan.FromSeconds(30)).ConfigureAwait(false)).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(20).ConfigureAwait(false);
                continue;
            }

            foreach (var message in messages)
            {
                await slots.WaitAsync().ConfigureAwait(false);
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var entity = new TableEntity(message.MessageId, string.Empty) { ["Body"] = message.Body.ToString() };
                        await table.UpsertEntityAsync(entity).ConfigureAwait(false);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt).ConfigureAwait(false);
                        Interlocked.Increment(ref done);
                    }
                    catch (Exception e) when (StorageErrors.IsStorageFailure(e))
                    {
                        // Like the worker: the message comes back after its visibility timeout.
                        await Console.Error.WriteLineAsync($"baseline: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return bodies.Count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> PipelineAsync(string connection, IReadOnlyList<byte[]> bodies, string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.AddSpineTriagePipeline(o =>
        {
            o.Connection = connection;
            o.QueueName = name;
            o.ResultsTable = name + "results";
            o.PostponedTable = name + "postponed";
            o.ReviewTable = name + "review";
            o.RejectedTable = name + "rejected";
            o.RegionsTable = name + "regions";
        });
        builder.Services.AddOptions<QueueListenerOptions>().Configure(o => o.UntilIdle = true);
        builder.Services.AddSingleton<QueueListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueListener>());
        using var host = builder.Build();
        await host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync().ConfigureAwait(false);
        await SendAllAsync(host.Services.GetRequiredService<ReferralQueues>().Queue, bodies).ConfigureAwait(false);

        var listener = host.Services.GetRequiredService<QueueListener>();
        var watch = Stopwatch.StartNew();
        await host.StartAsync().ConfigureAwait(false);
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        var seconds = watch.Elapsed.TotalSeconds;
        var handled = listener.Counters.Handled;
        if (handled != bodies.Count)
        {
            throw new InvalidOperationException($"The pipeline handled {handled} of {bodies.Count} messages.");
        }

        return bodies.Count / seconds;
    }

    private static async Task SendAllAsync(QueueClient queue, IReadOnlyList<byte[]> bodies)
    {
        using var slots = new SemaphoreSlim(32);
        await Task.WhenAll(bodies.Select(async body =>
        {
            await slots.WaitAsync().ConfigureAwait(false);
            try
            {
                await queue.SendMessageAsync(new BinaryData(body)).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }

    private static List<byte[]> Bodies(int count)
    {
        var samples = SampleReferrals.Lines();
        return Enumerable.Range(0, count)
            .Select(i => Encoding.UTF8.GetBytes(ReferralId().Replace(samples[i % samples.Count], $"\"referralId\":\"PIPE-{i:D7}\"", 1)))
            .ToList();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex("\"referralId\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex ReferralId();
}
