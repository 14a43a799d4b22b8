using SpineTriage.Core.Summaries;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;
using SpineTriage.TestSupport;
using SpineTriage.Worker.Hosting;
using SpineTriage.Worker.Tests.Queue;

namespace SpineTriage.Worker.Tests.Hosting;

/// <summary>
/// The worker's summary scheduler on a fake clock: it catches up on start, waits for each
/// occurrence, and retries a failed run with back-off until the next occurrence.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class SummarySchedulerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 5, 59, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    /// <summary>A job that records when it was asked to run, and fails while told to.</summary>
    private sealed class RecordingJob(FakeTimeProvider time) : ISummaryJob
    {
        public ConcurrentQueue<DateTimeOffset> Runs { get; } = new();

        public int FailuresLeft { get; set; }

        public bool ReportFailure { get; set; }

        public Task<SummaryRunReport> RunAsync(DateTimeOffset now, string? onlyRegion = null, CancellationToken cancellationToken = default)
        {
            Assert.Equal(time.GetUtcNow(), now);
            Assert.Null(onlyRegion);
            Runs.Enqueue(now);
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                if (ReportFailure)
                {
                    return Task.FromResult(Report(now, SummaryOutcome.Failed));
                }

                throw new Azure.RequestFailedException(503, "The server is busy.");
            }

            return Task.FromResult(Report(now, SummaryOutcome.Sent));
        }

        private static SummaryRunReport Report(DateTimeOffset now, SummaryOutcome outcome) =>
            new(now, now, SummarySchedule.PeriodKey(now), [new SummaryDelivery("north-east", SummarySchedule.PeriodKey(now), outcome, 1, "memory", 0, null)]);
    }

    private (IHost Host, SummaryScheduler Scheduler) Build(FakeTimeProvider time, ISummaryJob job, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(job);
        var names = PipelineNames.Unique(azurite.UniqueName);
        builder.AddSpineTriagePipeline(o =>
        {
            o.Connection = azurite.ConnectionString;
            names.ApplyTo(o);
            o.SummaryRunsTable = azurite.UniqueName("summaryruns");
        });
        builder.AddSpineTriageSummaries();
        builder.Services.AddSingleton<SummaryScheduler>();
        var host = builder.Build();
        return (host, host.Services.GetRequiredService<SummaryScheduler>());
    }

    // Moves the fake clock forward in small steps (giving the scheduler time to react) until the condition holds.
    // Between steps the scheduler gets real time to react (settle): on a loaded machine it may need
    // more than a few milliseconds to arm its next delay before the clock moves on.
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, TimeSpan limit, Func<bool> done, int settleMs = 10)
    {
        var moved = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(moved <= limit, $"not done after moving the clock {moved}");
            Assert.True(DateTime.UtcNow < deadline, "not done in real time");
            await Task.Delay(settleMs);
            time.Advance(step);
            moved += step;
        }
    }

    // The clock moves on in steps while the scheduler wakes up, so on a loaded machine the run's time can
    // be some steps after 06:00: what matters is that it is not before 06:00 and is for the period that
    // began at 06:00 (the next occurrence is a day later, far beyond the steps the test moves the clock).
    private static void AssertAtSix(DateTimeOffset run)
    {
        var six = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
        Assert.True(run >= six, $"ran at {run:O}, before 06:00");
        Assert.Equal(six, SummarySchedule.Parse(SummarySchedule.DefaultExpression).GetLatestOccurrence(run));
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "not done in real time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Start_CatchesUpOnTheCurrentPeriod_ThenRunsAtEachOccurrence()
    {
        var time = new FakeTimeProvider(Start);
        var job = new RecordingJob(time);
        var (host, scheduler) = Build(time, job);
        using (host)
        {
            await scheduler.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => job.Runs.Count == 1);

            // 05:59: the catch-up run is for the period that began at 06:00 yesterday.
            Assert.Equal(Start, job.Runs.Single());

            await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), () => job.Runs.Count == 2);
            AssertAtSix(job.Runs.Last());

            await AdvanceUntilAsync(time, TimeSpan.FromMinutes(10), TimeSpan.FromDays(1.1), () => job.Runs.Count == 3);
            var third = job.Runs.Last();
            Assert.Equal("20261125T060000Z", SummarySchedule.PeriodKey(SummarySchedule.Parse(SummarySchedule.DefaultExpression).GetLatestOccurrence(third)));
            Assert.True(third - new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero) < TimeSpan.FromMinutes(10));
            Assert.Equal(3, scheduler.Runs);

            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Start_CatchUpOff_WaitsForTheNextOccurrence()
    {
        var time = new FakeTimeProvider(Start);
        var job = new RecordingJob(time);
        var (host, scheduler) = Build(time, job, new() { ["SpineTriage:Summary:CatchUpOnStartup"] = "false" });
        using (host)
        {
            await scheduler.StartAsync(CancellationToken.None);
            await Task.Delay(300);
            Assert.Empty(job.Runs);

            await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), () => job.Runs.Count == 1);
            AssertAtSix(job.Runs.Single());
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_Fails_IsRetriedWithBackOffUntilItSucceeds(bool reportedFailure)
    {
        var time = new FakeTimeProvider(Start.AddMinutes(1)); // 06:00: an occurrence
        var job = new RecordingJob(time) { FailuresLeft = 2, ReportFailure = reportedFailure };
        var (host, scheduler) = Build(time, job);
        using (host)
        {
            await scheduler.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => job.Runs.Count == 1);

            // First retry after 30 s, the second after 60 s more; then it succeeds and waits for tomorrow.
            await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(40), () => job.Runs.Count == 2);
            await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(70), () => job.Runs.Count == 3);
            var runs = job.Runs.ToList();
            Assert.InRange(runs[1] - runs[0], SummaryScheduler.FirstRetryDelay, SummaryScheduler.FirstRetryDelay + TimeSpan.FromSeconds(5));
            Assert.InRange(runs[2] - runs[1], SummaryScheduler.FirstRetryDelay * 2, (SummaryScheduler.FirstRetryDelay * 2) + TimeSpan.FromSeconds(5));

            time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(200);
            Assert.Equal(3, job.Runs.Count);
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Run_KeepsFailing_GivesUpAtTheNextOccurrenceAndRunsThat()
    {
        var time = new FakeTimeProvider(Start.AddMinutes(1));
        var job = new RecordingJob(time) { FailuresLeft = int.MaxValue };
        var (host, scheduler) = Build(time, job);
        using (host)
        {
            await scheduler.StartAsync(CancellationToken.None);

            // Retries back off to every 10 minutes and stop before 06:00 tomorrow, which runs on schedule.
            var step = TimeSpan.FromMinutes(2);
            await AdvanceUntilAsync(time, step, TimeSpan.FromDays(1.05), () => job.Runs.Any(r => r >= Start.AddMinutes(1).AddDays(1)), settleMs: 40);
            var runs = job.Runs.ToList();
            Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Second - pair.First <= SummaryScheduler.MaxRetryDelay + step));
            Assert.True(runs.Count > 100, $"{runs.Count} runs");
            Assert.Equal(Start.AddMinutes(1).AddDays(1), runs.Last(), step);
            await scheduler.StopAsync(CancellationToken.None);
        }
    }
}
