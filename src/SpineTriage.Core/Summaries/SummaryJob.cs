using Microsoft.Extensions.Logging;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;
using SpineTriage.Core.Validation;

namespace SpineTriage.Core.Summaries;

/// <summary>What happened to one region's summary in a run.</summary>
public enum SummaryOutcome
{
    /// <summary>Sent now and recorded in the ledger.</summary>
    Sent,

    /// <summary>The ledger already had this region and period: nothing sent.</summary>
    AlreadySent,

    /// <summary>No recipients are configured for the region: nothing sent, nothing recorded (a warning is logged).</summary>
    NoRecipients,

    /// <summary>Rendering or sending failed (nothing recorded: the next run tries again), or the email was sent but could not be recorded (the next run sends it again).</summary>
    Failed,
}

/// <summary>One region's (or the rollup's) summary in a run.</summary>
/// <param name="Region">The region, or <see cref="RegionSummary.AllRegions"/>.</param>
/// <param name="PeriodKey">The period.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Recipients">How many recipients the email had (or has, when already sent).</param>
/// <param name="Where">Where it went (SMTP reply or .eml path), when sent now or before.</param>
/// <param name="Postponed">Cases postponed in the summary (when built).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="AwaitingReview">Cases awaiting a clinician's review in the summary (when built now).</param>
public sealed record SummaryDelivery(
    string Region, string PeriodKey, SummaryOutcome Outcome, int Recipients, string? Where, int? Postponed, string? Error, int? AwaitingReview = null);

/// <summary>The result of one run of the summary job.</summary>
/// <param name="Now">The time the run was for.</param>
/// <param name="PeriodStart">The schedule occurrence the period starts at (the latest at or before <paramref name="Now"/>).</param>
/// <param name="PeriodKey">The period key.</param>
/// <param name="Deliveries">Per region, then the rollup.</param>
public sealed record SummaryRunReport(DateTimeOffset Now, DateTimeOffset PeriodStart, string PeriodKey, IReadOnlyList<SummaryDelivery> Deliveries)
{
    /// <summary>Whether nothing failed.</summary>
    public bool Succeeded => Deliveries.All(d => d.Outcome != SummaryOutcome.Failed);
}

/// <summary>The summary job as hosts call it (the worker's scheduler, <c>spinetriage summary</c>, a Functions timer).</summary>
public interface ISummaryJob
{
    /// <summary>Sends the summaries of the period <paramref name="now"/> falls in that have not been sent.</summary>
    /// <param name="now">The time to summarise at; its period is the latest schedule occurrence at or before it.</param>
    /// <param name="onlyRegion">Only this region (<c>*</c>: only the rollup); null: every region and the rollup.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    Task<SummaryRunReport> RunAsync(DateTimeOffset now, string? onlyRegion = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// The summary job, host-agnostic: for the period <c>now</c> falls in, builds each region's summary
/// of its postponed cases and its review backlog, and the rollup across regions, renders and sends
/// each one that the ledger does not have yet, then records it. Its cost follows the number of
/// postponed and backlog cases: it reads the postponed-cases and review-backlog tables (and checks
/// each row with one point read), the region statuses and the ledger, never the results' history.
/// </summary>
/// <remarks>
/// <para>Exactly one email per region and period: a region whose (region, period) row is in the
/// ledger is skipped, so running the job again for the same period sends nothing new.</para>
/// <para>The email is sent first and recorded second. A crash (or a storage failure) between the
/// two leaves no record, so the next run for that period sends it again: a duplicate email rather
/// than a lost one. Two hosts running the job at the same moment can also both send; run one
/// scheduler per deployment.</para>
/// <para>A region with no recipients configured (<see cref="SummaryRecipientsOptions"/>) is not
/// sent to nobody: it is reported as <see cref="SummaryOutcome.NoRecipients"/>, logged as a
/// warning and not recorded, so it is sent once recipients are configured.</para>
/// <para>Regions summarised: those with a status set and those with postponed or review backlog rows
/// (a region whose only cases await review still gets its email). A failure of
/// one region's email is reported and does not stop the others; a storage failure while reading
/// stops the run (nothing is half-recorded).</para>
/// </remarks>
public sealed partial class SummaryJob : ISummaryJob
{
    /// <summary>The <c>onlyRegion</c> value that selects only the rollup.</summary>
    public const string RollupOnly = SummaryRecipientsOptions.RollupKey;

    // A summary for a time further back than this (spinetriage summary --now) is told apart in the log.
    private static readonly TimeSpan PastSummaryTolerance = TimeSpan.FromMinutes(5);

    private readonly ISummaryCases _triage;
    private readonly IRegionStatusDirectory _regions;
    private readonly IRegionStatusReader _defaultStatuses;
    private readonly ISummaryLedger _ledger;
    private readonly ISummaryRenderer _renderer;
    private readonly ISummaryMailer _mailer;
    private readonly ISummaryPeriods _schedule;
    private readonly SummaryOptions _summary;
    private readonly SummaryRecipientsOptions _recipients;
    private readonly TimeProvider _time;
    private readonly ILogger<SummaryJob> _logger;

    /// <summary>Creates the job.</summary>
    public SummaryJob(
        ISummaryCases triage,
        IRegionStatusDirectory regions,
        IRegionStatusReader defaultStatuses,
        ISummaryLedger ledger,
        ISummaryRenderer renderer,
        ISummaryMailer mailer,
        ISummaryPeriods schedule,
        SummaryOptions summary,
        SummaryRecipientsOptions recipients,
        TimeProvider time,
        ILogger<SummaryJob> logger)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(recipients);
        _triage = triage;
        _regions = regions;
        _defaultStatuses = defaultStatuses;
        _ledger = ledger;
        _renderer = renderer;
        _mailer = mailer;
        _schedule = schedule;
        _summary = summary;
        _recipients = recipients;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<SummaryRunReport> RunAsync(DateTimeOffset now, string? onlyRegion = null, CancellationToken cancellationToken = default)
    {
        var periodStart = _schedule.GetLatestOccurrence(now);
        var period = _schedule.KeyOf(periodStart);
        var rollupOnly = onlyRegion == RollupOnly || onlyRegion == RegionSummary.AllRegions;
        if (onlyRegion is not null && !rollupOnly)
        {
            if (!ReferralValidator.IsRegion(onlyRegion))
            {
                throw new ArgumentException("The region is 1-64 characters of a-z 0-9 -.", nameof(onlyRegion));
            }
        }

        var clock = _time.GetUtcNow();
        if (clock - now > PastSummaryTolerance)
        {
            // The indexes hold the cases as they are now: at a past time, the figures are those of the
            // cases postponed (or awaiting review) then that still are; cases decided since are not counted.
            LogPastSummary(now, clock);
        }

        var statuses = new Dictionary<string, RegionStatus>(StringComparer.Ordinal);
        await foreach (var record in _regions.GetRegionStatusesAsync(cancellationToken).ConfigureAwait(false))
        {
            statuses[record.Region] = record.Status;
        }

        // Every region to summarise: those with a status set and those with postponed or backlog rows.
        var allRegions = new SortedSet<string>(statuses.Keys, StringComparer.Ordinal);
        if (onlyRegion is null || rollupOnly)
        {
            await foreach (var region in _triage.GetCaseRegionsAsync(cancellationToken).ConfigureAwait(false))
            {
                allRegions.Add(region);
            }
        }

        List<string> targets = onlyRegion is null ? [.. allRegions, RegionSummary.AllRegions]
            : rollupOnly ? [RegionSummary.AllRegions]
            : [onlyRegion];

        // Skip what the ledger already has.
        var deliveries = new Dictionary<string, SummaryDelivery>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (await _ledger.GetAsync(target, period, cancellationToken).ConfigureAwait(false) is { } sent)
            {
                deliveries[target] = new SummaryDelivery(target, period, SummaryOutcome.AlreadySent, sent.Recipients, sent.Where, sent.Postponed, null);
                LogAlreadySent(target, period);
            }
        }

        var pending = targets.Where(t => !deliveries.ContainsKey(t)).ToList();
        if (pending.Count > 0)
        {
            // Read first, send after: a storage failure while reading sends nothing. The rollup needs every region.
            var rollupPending = pending.Contains(RegionSummary.AllRegions);
            var toRead = rollupPending ? allRegions.ToList() : pending;
            var cases = new Dictionary<string, IReadOnlyList<PostponedCase>>(StringComparer.Ordinal);
            var backlogs = new Dictionary<string, IReadOnlyList<ReviewCase>>(StringComparer.Ordinal);
            foreach (var region in toRead)
            {
                cases[region] = await ReadAsync(_triage.GetPostponedAsync(region, cancellationToken)).ConfigureAwait(false);
                backlogs[region] = await ReadAsync(_triage.GetReviewBacklogAsync(region, cancellationToken)).ConfigureAwait(false);
            }

            var summaries = new List<RegionSummary>();
            foreach (var region in toRead)
            {
                var status = statuses.TryGetValue(region, out var set) ? set : await _defaultStatuses.GetStatusAsync(region, cancellationToken).ConfigureAwait(false);
                var pendingHere = pending.Contains(region);
                var previous = pendingHere ? await _ledger.GetPreviousAsync(region, period, cancellationToken).ConfigureAwait(false) : null;
                var summary = SummaryCalculator.Build(region, status, cases[region], backlogs[region], now, previous?.SummarisedAt, _summary);
                summaries.Add(summary);
                if (pendingHere)
                {
                    deliveries[region] = await DeliverAsync(summary, period, cancellationToken).ConfigureAwait(false);
                }
            }

            if (rollupPending)
            {
                var previous = await _ledger.GetPreviousAsync(RegionSummary.AllRegions, period, cancellationToken).ConfigureAwait(false);
                var rollup = SummaryCalculator.Rollup(
                    summaries, cases.Values.SelectMany(c => c).ToList(), backlogs.Values.SelectMany(c => c).ToList(), now, previous?.SummarisedAt, _summary);
                deliveries[RegionSummary.AllRegions] = await DeliverAsync(rollup, period, cancellationToken).ConfigureAwait(false);
            }
        }

        return new SummaryRunReport(now, periodStart, period, targets.Select(t => deliveries[t]).ToList());
    }

    // The enumerables come with the run's cancellation token.
    private static async Task<IReadOnlyList<T>> ReadAsync<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source.ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }

    // Render and send, then record: the order that turns a crash in between into a duplicate, never a loss.
    private async Task<SummaryDelivery> DeliverAsync(RegionSummary summary, string period, CancellationToken cancellationToken)
    {
        var region = summary.Region;
        var recipients = _recipients.For(region);
        if (recipients.Count == 0)
        {
            LogNoRecipients(region, period, region == RegionSummary.AllRegions ? SummaryRecipientsOptions.RollupKey : region);
            return new SummaryDelivery(region, period, SummaryOutcome.NoRecipients, 0, null, summary.Postponed, null, summary.Backlog.Count);
        }

        string where;
        try
        {
            var email = _renderer.Render(summary, period, recipients);
            where = await _mailer.SendAsync(email, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing was sent, nothing is recorded: the next run (the scheduler retries) tries again.
            LogSendFailed(e, region, period);
            return new SummaryDelivery(region, period, SummaryOutcome.Failed, recipients.Count, null, summary.Postponed, $"not sent: {e.Message}", summary.Backlog.Count);
        }

        var run = new SummaryRun(
            region, period, summary.Now, _time.GetUtcNow(), where, recipients.Count, summary.Postponed,
            summary.ByCategory.GetValueOrDefault(TriageCategory.Urgent), summary.ByCategory.GetValueOrDefault(TriageCategory.Elective));
        try
        {
            await _ledger.RecordAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Sent but not recorded: the next run for this period sends it again (a duplicate, not a loss).
            LogRecordFailed(e, region, period, where);
            return new SummaryDelivery(
                region, period, SummaryOutcome.Failed, recipients.Count, where, summary.Postponed,
                $"sent ({where}) but not recorded, so the next run sends it again: {e.Message}", summary.Backlog.Count);
        }

        LogSent(region, period, recipients.Count, summary.Postponed, summary.Backlog.Count, where);
        return new SummaryDelivery(region, period, SummaryOutcome.Sent, recipients.Count, where, summary.Postponed, null, summary.Backlog.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summary at {Now:O}, before the current time {Clock:O}: it counts the cases postponed or awaiting review at that time that still are; a case decided after it is not counted, nor one postponed or awaiting review then that no longer is")]
    private partial void LogPastSummary(DateTimeOffset now, DateTimeOffset clock);

    [LoggerMessage(Level = LogLevel.Information, Message = "Summary {Region} {Period}: already sent, nothing to do")]
    private partial void LogAlreadySent(string region, string period);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summary {Region} {Period}: no recipients configured (SpineTriage:Email:Recipients:{RecipientsKey}); not sent")]
    private partial void LogNoRecipients(string region, string period, string recipientsKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Summary {Region} {Period}: rendering or sending failed; nothing recorded, the next run tries again")]
    private partial void LogSendFailed(Exception exception, string region, string period);

    [LoggerMessage(Level = LogLevel.Error, Message = "Summary {Region} {Period}: sent ({Where}) but not recorded; the next run sends it again (a duplicate rather than a lost email)")]
    private partial void LogRecordFailed(Exception exception, string region, string period, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "Summary {Region} {Period}: sent to {Recipients} recipients, {Postponed} postponed cases, {AwaitingReview} awaiting review ({Where})")]
    private partial void LogSent(string region, string period, int recipients, int postponed, int awaitingReview, string where);
}
