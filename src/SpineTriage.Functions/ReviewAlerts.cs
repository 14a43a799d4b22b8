using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Review;

namespace SpineTriage.Functions;

/// <summary>
/// Sends the pending review alerts (red flags, conflicts, Emergent results that need review) on the
/// NCRONTAB schedule in the app setting <c>ALERT_SCHEDULE</c> (every 2 minutes by default), with the
/// same job the worker host runs: one email per region, each referral sequence once.
/// </summary>
public sealed partial class ReviewAlerts
{
    private readonly IReviewAlertJob _job;
    private readonly ILogger<ReviewAlerts> _logger;

    /// <summary>Creates the function.</summary>
    public ReviewAlerts(IReviewAlertJob job, ILogger<ReviewAlerts> logger)
    {
        _job = job;
        _logger = logger;
    }

    /// <summary>Sends every region's pending alerts.</summary>
    [Function(nameof(ReviewAlerts))]
    public async Task RunAsync([TimerTrigger("%ALERT_SCHEDULE%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue();
        }

        var report = await _job.RunAsync(cancellationToken).ConfigureAwait(false);
        if (!report.Succeeded)
        {
            // Failed in Application Insights; the job has logged each region's error, and the alerts stay pending for the next run.
            var failed = report.Deliveries.Count(d => d.Outcome == AlertOutcome.Failed);
            throw new InvalidOperationException($"{failed} of {report.Deliveries.Count} review alert emails failed; their alerts stay pending.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The review alert schedule is past due (the app was stopped or busy); running now")]
    private partial void LogPastDue();
}
