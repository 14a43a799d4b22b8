using SpineTriage.Core.Summaries;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SpineTriage.Storage.Summaries;

namespace SpineTriage.Functions;

/// <summary>
/// Runs the postponed-case summary on the NCRONTAB schedule in the app setting <c>SUMMARY_SCHEDULE</c>,
/// with the same job the worker host runs. The job records each region and period it has emailed,
/// so a late or repeated run sends nothing twice, and a region whose email failed is sent by the
/// next run.
/// </summary>
public sealed partial class PostponedSummary
{
    private readonly ISummaryJob _job;
    private readonly TimeProvider _time;
    private readonly ILogger<PostponedSummary> _logger;

    /// <summary>Creates the function.</summary>
    public PostponedSummary(ISummaryJob job, TimeProvider time, ILogger<PostponedSummary> logger)
    {
        _job = job;
        _time = time;
        _logger = logger;
    }

    /// <summary>Summarises every region and the rollup.</summary>
    [Function(nameof(PostponedSummary))]
    public async Task RunAsync(
        [TimerTrigger("%SUMMARY_SCHEDULE%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue();
        }

        var report = await _job.RunAsync(_time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
        if (!report.Succeeded)
        {
            // Fail the invocation so it shows as failed in Application Insights; the job has logged
            // each region's error, and the next run sends what was not sent.
            var failed = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.Failed);
            throw new InvalidOperationException($"{failed} of {report.Deliveries.Count} summary emails of period {report.PeriodKey} failed.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The summary schedule is past due (the app was stopped or busy); running now")]
    private partial void LogPastDue();
}
