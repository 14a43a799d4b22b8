using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;
using SpineTriage.Worker.Emulator;

namespace SpineTriage.Benchmarks;

/// <summary>
/// Issue 4's scaling check: the summary job's cost must follow the postponed cases, not the history.
/// Two data sets in one in-memory Azurite hold the same postponed cases; the second has ten times
/// the historic rows of the first (referrals that are not postponed now, each with superseded
/// decisions in its history). SummaryJob.RunAsync is timed on both, alternately, each run for a
/// new period so that every run builds and sends every summary (renderer and mailer are
/// in-memory fakes: the storage side is what is measured). Prints medians and the ratio (target ≤ 1.2).
/// </summary>
internal static class SummaryScaling
{
    public const string Verb = "summary-scaling";

    private static readonly string[] Regions = ["central", "coastal", "highlands", "metro-west", "north-east", "south-west"];
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 5, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var postponed = IntOption(args, "--postponed", 300);
        var historic = IntOption(args, "--historic", 1000);
        var superseded = IntOption(args, "--superseded", 2);
        var runs = IntOption(args, "--runs", 7);
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), NullLogger.Instance).ConfigureAwait(false);
        Console.WriteLine(
            $"Azurite (in memory) on 127.0.0.1:{azurite.TablePort}; {postponed} postponed cases in {Regions.Length} regions; "
            + $"historic referrals {historic} (1x) and {historic * 10} (10x), each with {superseded} superseded decisions; {runs} runs each, median");

        var small = await DataSetAsync(azurite.ConnectionString, "x1", postponed, historic, superseded).ConfigureAwait(false);
        var large = await DataSetAsync(azurite.ConnectionString, "x10", postponed, historic * 10, superseded).ConfigureAwait(false);
        Console.WriteLine($"rows: 1x {small.Rows:N0} results+history rows, 10x {large.Rows:N0}; postponed rows {postponed} in each");

        // One warm-up run each (JIT, connections), then alternate.
        using var requests = new RequestCounter();
        await TimeAsync(small, -1, requests).ConfigureAwait(false);
        await TimeAsync(large, -1, requests).ConfigureAwait(false);
        var smallRuns = new List<(double Ms, long Requests)>();
        var largeRuns = new List<(double Ms, long Requests)>();
        for (var run = 0; run < runs; run++)
        {
            smallRuns.Add(await TimeAsync(small, run, requests).ConfigureAwait(false));
            largeRuns.Add(await TimeAsync(large, run, requests).ConfigureAwait(false));
            await Console.Error.WriteLineAsync($"run {run + 1}: 1x {smallRuns[^1].Ms:F0} ms, 10x {largeRuns[^1].Ms:F0} ms").ConfigureAwait(false);
        }

        var s = Median(smallRuns.Select(r => r.Ms).ToList());
        var l = Median(largeRuns.Select(r => r.Ms).ToList());
        var sr = Median(smallRuns.Select(r => (double)r.Requests).ToList());
        var lr = Median(largeRuns.Select(r => (double)r.Requests).ToList());
        Console.WriteLine($"summary job, 1x history:  {s,7:F0} ms  {sr,5:F0} storage requests  runs (ms): {Join(smallRuns)}");
        Console.WriteLine($"summary job, 10x history: {l,7:F0} ms  {lr,5:F0} storage requests  runs (ms): {Join(largeRuns)}");
        Console.WriteLine($"ratio (10x / 1x): time {l / s:F2}, storage requests {lr / sr:F2}  (target <= 1.2)");

        // What the time ratio is made of on Azurite: the job checks each postponed row against its
        // referral's current result with a point read. Time those reads alone on both data sets.
        var smallReads = await PointReadsAsync(small, postponed).ConfigureAwait(false);
        var largeReads = await PointReadsAsync(large, postponed).ConfigureAwait(false);
        Console.WriteLine($"{postponed} point reads of current results alone: 1x {smallReads:F0} ms, 10x {largeReads:F0} ms (ratio {largeReads / smallReads:F2})");
        return 0;
    }

    private static string Join(List<(double Ms, long Requests)> runs) =>
        string.Join(", ", runs.Select(r => r.Ms.ToString("F0", CultureInfo.InvariantCulture)));

    private static async Task<double> PointReadsAsync(DataSet data, int postponed)
    {
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            await ForEachAsync(postponed, i => data.Results.GetEntityAsync<TableEntity>($"POST-{i:D6}", TableTriageStore.ResultRowKeyOf($"POST-{i:D6}")), 16).ConfigureAwait(false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Median(times);
    }

    private static async Task<(double Ms, long Requests)> TimeAsync(DataSet data, int run, RequestCounter requests)
    {
        var before = requests.Count;
        var watch = Stopwatch.StartNew();
        var report = await data.Job.RunAsync(Now.AddDays(run + 1)).ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var made = requests.Count - before;
        var sent = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.Sent);
        var cases = report.Deliveries.Single(d => d.Region == RegionSummary.AllRegions).Postponed;
        if (sent != Regions.Length + 1 || cases != data.Postponed)
        {
            throw new InvalidOperationException($"Expected {Regions.Length + 1} summaries of {data.Postponed} cases; got {sent} and {cases}.");
        }

        return (elapsed, made);
    }

    private sealed record DataSet(SummaryJob Job, TableClient Results, int Postponed, long Rows);

    private static async Task<DataSet> DataSetAsync(string connection, string name, int postponed, int historic, int superseded)
    {
        var options = new StorageOptions
        {
            Connection = connection,
            ResultsTable = $"scale{name}results",
            PostponedTable = $"scale{name}postponed",
            ReviewTable = $"scale{name}review",
            RegionsTable = $"scale{name}regions",
            RejectedTable = $"scale{name}rejected",
            SummaryRunsTable = $"scale{name}summaryruns",
        };
        var clients = new StorageClients(connection);
        var wrapped = Options.Create(options);
        var triage = new TableTriageStore(clients, wrapped, NullLogger<TableTriageStore>.Instance);
        var regions = new TableRegionStatusStore(clients, wrapped, TimeProvider.System);
        var ledger = new TableSummaryLedger(clients, wrapped);
        await triage.CreateTablesAsync().ConfigureAwait(false);
        await regions.CreateTableAsync().ConfigureAwait(false);
        await ledger.CreateTableAsync().ConfigureAwait(false);
        for (var i = 0; i < Regions.Length; i++)
        {
            await regions.SetAsync(Regions[i], i % 2 == 0 ? RegionStatus.Normal : RegionStatus.Crisis, "benchmark").ConfigureAwait(false);
        }

        // The same postponed cases in both data sets, through the store (result and postponed row).
        await ForEachAsync(postponed, i => triage.SaveAsync(Postponed(i))).ConfigureAwait(false);

        // History: referrals not postponed now, each with superseded decisions, written directly
        // (one entity-group transaction per referral: the current result and its history rows).
        var results = clients.Tables.GetTableClient(options.ResultsTable);
        await ForEachAsync(historic, i => results.SubmitTransactionAsync(HistoricRows(i, superseded))).ConfigureAwait(false);

        var recipients = new SummaryRecipientsOptions();
        foreach (var region in Regions.Append(SummaryRecipientsOptions.RollupKey))
        {
            recipients.Recipients[region] = [$"head.{region}@example.org"];
        }

        var job = new SummaryJob(
            triage, regions, regions, ledger, new MinimalRenderer(), new NullMailer(), SummarySchedule.Parse(SummarySchedule.DefaultExpression),
            new SummaryOptions(), recipients, TimeProvider.System, NullLogger<SummaryJob>.Instance);
        return new DataSet(job, results, postponed, postponed + ((long)historic * (1 + superseded)));
    }

    private static TriageDecision Postponed(int i)
    {
        var urgent = i % 3 == 0;
        var decidedAt = Now.AddDays(-(i % 40)).AddMinutes(-i);
        var result = new TriageResult(
            $"POST-{i:D6}", 0, Regions[i % Regions.Length], urgent ? TriageCategory.Urgent : TriageCategory.Elective, Disposition.Postpone,
            "Consider postponing", [urgent ? "urgent.progressive-myelopathy" : "elective.manageable-without-procedure"], i % 5 == 0,
            ["benchmark"], RegionStatus.Crisis, "nass-covid19-2020.1", decidedAt);
        return new TriageDecision(result, decidedAt.AddHours(-2));
    }

    private static List<TableTransactionAction> HistoricRows(int i, int superseded)
    {
        var id = $"HIST-{i:D7}";
        var region = Regions[i % Regions.Length];
        var decidedAt = Now.AddDays(-(i % 400)).AddMinutes(-i);
        var actions = new List<TableTransactionAction>();
        for (var sequence = 0; sequence < superseded; sequence++)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TrailEntryEntity
            {
                PartitionKey = id,
                RowKey = "t" + TableKeys.Sequence(sequence),
                Index = sequence,
                Kind = "machine",
                RecordedAt = decidedAt.AddDays(sequence),
                BecameCurrent = true,
                Sequence = sequence,
                Region = region,
                Category = "Elective",
                Disposition = "postpone",
                Criteria = "[\"elective.manageable-without-procedure\"]",
                Reasons = "[\"benchmark history\"]",
                RegionStatus = "crisis",
                GuidelineVersion = "nass-covid19-2020.1",
                DecidedAt = decidedAt.AddDays(sequence),
            }));
        }

        actions.Add(new(TableTransactionActionType.UpsertReplace, new TriageResultEntity
        {
            PartitionKey = id,
            RowKey = TableTriageStore.ResultRowKeyOf(id),
            ReferralId = id,
            Sequence = superseded,
            Region = region,
            Category = "Elective",
            Disposition = "proceed",
            Recommendation = "Proceed",
            Criteria = "[\"elective.manageable-without-procedure\"]",
            Reasons = "[\"benchmark\"]",
            RegionStatus = "normal",
            GuidelineVersion = "nass-covid19-2020.1",
            DecidedAt = decidedAt.AddDays(superseded),
            ReceivedAt = decidedAt.AddHours(-2),
        }));
        return actions;
    }

    private static async Task ForEachAsync<T>(int count, Func<int, Task<T>> action, int parallelism = 32)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) => await action(i).ConfigureAwait(false)).ConfigureAwait(false);
    }

    // Counts the HTTP requests this process sends (HttpClient's diagnostic events), i.e. the storage requests of a run.
    private sealed class RequestCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private long _count;

        public RequestCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public long Count => Interlocked.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this, (name, _, _) => name == "System.Net.Http.Request"));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "System.Net.Http.Request")
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
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

    private sealed class MinimalRenderer : ISummaryRenderer
    {
        public SummaryEmail Render(RegionSummary summary, string periodKey, IReadOnlyList<string> recipients) =>
            new(summary.Region, periodKey, recipients, summary.Region, $"{summary.Postponed}", $"<p>{summary.Postponed}</p>", ReadOnlyMemory<byte>.Empty, "chart");
    }

    private sealed class NullMailer : ISummaryMailer
    {
        public Task<string> SendAsync(SummaryEmail email, CancellationToken cancellationToken = default) => Task.FromResult("memory");
    }
}
