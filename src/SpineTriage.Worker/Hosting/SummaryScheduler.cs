using SpineTriage.Core.Summaries;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;

namespace SpineTriage.Worker.Hosting;

/// <summary>
/// Runs the summary job on its schedule inside the worker host (<c>spinetriage run</c>, beside the
/// queue listener): waits for each next occurrence with <see cref="TimeProvider"/> delays, then runs
/// the job for that period. On start it first catches up on the current period (see
/// <see cref="SummaryScheduleOptions.CatchUpOnStartup"/>). A run that fails (storage down, SMTP
/// refused) is retried with back-off until it succeeds or the next occurrence comes; the ledger
/// keeps every retry to what was not sent yet. Failures never stop the host.
/// </summary>
internal sealed partial class SummaryScheduler : BackgroundService
{
    /// <summary>The first wait before a failed run is tried again; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between retries of a failed run.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    // Task.Delay takes at most about 49 days; long waits are cut into steps (a yearly schedule, a clock change).
    private static readonly TimeSpan LongestStep = TimeSpan.FromDays(1);

    private readonly ISummaryJob _job;
    private readonly SummarySchedule _schedule;
    private readonly StorageProvisioner _provisioner;
    private readonly SummaryScheduleOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SummaryScheduler> _logger;
    private bool _provisioned;
    private int _runs;

    public SummaryScheduler(
        ISummaryJob job,
        SummarySchedule schedule,
        StorageProvisioner provisioner,
        IOptions<SummaryScheduleOptions> options,
        TimeProvider time,
        ILogger<SummaryScheduler> logger)
    {
        _job = job;
        _schedule = schedule;
        _provisioner = provisioner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completed runs (for tests and diagnostics).</summary>
    public int Runs => Volatile.Read(ref _runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = _schedule.GetNextOccurrence(_time.GetUtcNow());
        LogScheduled(_schedule.Expression, _schedule.TimeZone.Id, first);
        if (_options.CatchUpOnStartup)
        {
            await RunPeriodAsync(stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = _schedule.GetNextOccurrence(_time.GetUtcNow());
            await WaitUntilAsync(next, stoppingToken).ConfigureAwait(false);
            await RunPeriodAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    // Runs the job for the period now falls in, retrying a failed run until it succeeds or the next period begins.
    private async Task RunPeriodAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        var nextOccurrence = _schedule.GetNextOccurrence(_time.GetUtcNow());
        while (true)
        {
            try
            {
                if (!_provisioned)
                {
                    await _provisioner.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                    _provisioned = true;
                }

                var report = await _job.RunAsync(_time.GetUtcNow(), onlyRegion: null, stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref _runs);
                var sent = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.Sent);
                var alreadySent = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.AlreadySent);
                var noRecipients = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.NoRecipients);
                var failed = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.Failed);
                LogRan(report.PeriodKey, sent, alreadySent, noRecipients, failed);
                if (report.Succeeded)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // Storage unreachable, or a bug in one run: logged, retried; the host keeps listening.
                LogRunFailed(e);
            }

            if (_time.GetUtcNow() + delay >= nextOccurrence)
            {
                LogGaveUp(nextOccurrence);
                return;
            }

            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        while (true)
        {
            var remaining = occurrence - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(remaining < LongestStep ? remaining : LongestStep, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Summaries scheduled: {Schedule} in {TimeZone}; next at {Next:O}")]
    private partial void LogScheduled(string schedule, string timeZone, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Summaries of period {Period}: {Sent} sent, {AlreadySent} already sent, {NoRecipients} without recipients, {Failed} failed")]
    private partial void LogRan(string period, int sent, int alreadySent, int noRecipients, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Summary run failed; it is tried again")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Summaries: the period's failed emails were not sent before the next occurrence at {Next:O}; the next period's summaries count from the last one sent")]
    private partial void LogGaveUp(DateTimeOffset next);
}
