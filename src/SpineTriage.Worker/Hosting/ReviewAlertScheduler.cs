using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Review;
using SpineTriage.Storage;

namespace SpineTriage.Worker.Hosting;

/// <summary>
/// Runs the review alert job inside the worker host (<c>spinetriage run</c>, beside the queue listener
/// and the summary scheduler): once at start, then every <see cref="ReviewAlertOptions.Interval"/>, so
/// an alert waits at most one interval (plus one run) after its result is stored. A failed run (storage
/// down, SMTP refused) is logged and the next interval tries again; the ledger keeps every run to what
/// was not sent yet. Failures never stop the host.
/// </summary>
internal sealed partial class ReviewAlertScheduler : BackgroundService
{
    private readonly IReviewAlertJob _job;
    private readonly StorageProvisioner _provisioner;
    private readonly ReviewAlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReviewAlertScheduler> _logger;
    private bool _provisioned;
    private int _runs;

    public ReviewAlertScheduler(
        IReviewAlertJob job, StorageProvisioner provisioner, IOptions<ReviewAlertOptions> options, TimeProvider time, ILogger<ReviewAlertScheduler> logger)
    {
        _job = job;
        _provisioner = provisioner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completed runs (for tests and diagnostics).</summary>
    public int Runs => Volatile.Read(ref _runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogScheduled(_options.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_provisioned)
                {
                    await _provisioner.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                    _provisioned = true;
                }

                var report = await _job.RunAsync(stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref _runs);
                if (report.Deliveries.Count > 0)
                {
                    var emails = report.Deliveries.Count(d => d.Outcome == AlertOutcome.Sent);
                    var referrals = report.Deliveries.Where(d => d.Outcome == AlertOutcome.Sent).Sum(d => d.Referrals);
                    var noRecipients = report.Deliveries.Count(d => d.Outcome == AlertOutcome.NoRecipients);
                    var failed = report.Deliveries.Count(d => d.Outcome == AlertOutcome.Failed);
                    LogRan(emails, referrals, noRecipients, failed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage unreachable, or a bug in one run: logged; the next interval tries again.
                LogRunFailed(e, _options.Interval);
            }

            try
            {
                await Task.Delay(_options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review alerts: sent every {Interval}")]
    private partial void LogScheduled(TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review alerts: {Emails} emails sent ({Referrals} referrals), {NoRecipients} regions without a review address, {Failed} failed")]
    private partial void LogRan(int emails, int referrals, int noRecipients, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Review alert run failed; it is tried again in {Interval}")]
    private partial void LogRunFailed(Exception exception, TimeSpan interval);
}
