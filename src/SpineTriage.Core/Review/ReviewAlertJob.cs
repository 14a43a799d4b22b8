using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SpineTriage.Core.Review;

/// <summary>What happened to one region's pending alerts in a run.</summary>
public enum AlertOutcome
{
    /// <summary>One email sent for the region's new alerts, recorded in the ledger, the index rows removed.</summary>
    Sent,

    /// <summary>Every pending alert of the region was in the ledger already (a redelivery wrote its row again): removed, nothing sent.</summary>
    AlreadySent,

    /// <summary>No review address for the region (nor a default): nothing sent, the alerts stay pending (a warning is logged).</summary>
    NoRecipients,

    /// <summary>Sending failed (nothing recorded: the next run tries again), or the email was sent but not recorded (the next run sends it again).</summary>
    Failed,
}

/// <summary>One region's alerts in a run.</summary>
/// <param name="Region">The region.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="ReferralIds">The referrals the email listed (or would have listed), in its order.</param>
/// <param name="AlreadySent">Pending rows dropped because the ledger had them.</param>
/// <param name="Recipients">How many review addresses the email had.</param>
/// <param name="Where">Where the email went (SMTP reply or .eml path), when sent.</param>
/// <param name="Error">Why it failed.</param>
public sealed record AlertDelivery(
    string Region, AlertOutcome Outcome, IReadOnlyList<string> ReferralIds, int AlreadySent, int Recipients, string? Where, string? Error)
{
    /// <summary>How many referrals the email listed (or would have listed).</summary>
    public int Referrals => ReferralIds.Count;
}

/// <summary>The result of one run of the alert job: one delivery per region that had pending alerts.</summary>
/// <param name="Deliveries">Per region, in region order.</param>
public sealed record AlertRunReport(IReadOnlyList<AlertDelivery> Deliveries)
{
    /// <summary>Whether nothing failed (a region without recipients is not a failure of the run; it is reported and logged).</summary>
    public bool Succeeded => Deliveries.All(d => d.Outcome != AlertOutcome.Failed);
}

/// <summary>The alert job as hosts call it (the worker's scheduler, <c>spinetriage alerts send</c>, a Functions timer).</summary>
public interface IReviewAlertJob
{
    /// <summary>Sends every pending alert not sent yet: one email per region.</summary>
    Task<AlertRunReport> RunAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The review alert job, host-agnostic: for each region with pending alerts (a red flag, a conflict,
/// or an Emergent result that needs review, on a current result no clinician has decided on), drops
/// those the ledger already has, sends one email listing the rest to the region's review address,
/// records them in the ledger and removes their index rows. A burst of alerts in a region between two
/// runs is one email.
/// </summary>
/// <remarks>
/// <para>Once per (region, referral, sequence): a redelivered message writes the index row again, and
/// the ledger, not the row's absence, keeps it from being sent again. A newer sequence that still calls
/// for an alert is a new alert. A clinician's decision before the run clears the row: no alert.</para>
/// <para>Send first, record second, remove third. A crash (or a storage failure) between sending and
/// recording leaves the rows pending and unrecorded, so the next run sends the same alerts again: a
/// duplicate email (with the same <see cref="AlertEmail.BatchId"/>), never a lost one. A crash after
/// recording leaves rows the next run finds in the ledger and removes without sending.</para>
/// <para>A region with no review address (nor a <c>*</c> default) is reported as
/// <see cref="AlertOutcome.NoRecipients"/> and logged as a warning; its alerts stay pending and go out
/// once an address is configured. A send failure in one region does not stop the others; a storage
/// failure while reading stops the run.</para>
/// <para>Emails and logs carry referral ids, sequences, categories, dispositions, criterion ids and
/// alert codes only: <see cref="PendingAlert"/> holds nothing else.</para>
/// </remarks>
public sealed partial class ReviewAlertJob : IReviewAlertJob
{
    private readonly IAlertOutbox _outbox;
    private readonly IAlertLedger _ledger;
    private readonly IAlertSender _sender;
    private readonly ReviewAlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReviewAlertJob> _logger;

    /// <summary>Creates the job (the hosts bind <paramref name="options"/> from <see cref="ReviewAlertOptions.Section"/>).</summary>
    public ReviewAlertJob(
        IAlertOutbox outbox, IAlertLedger ledger, IAlertSender sender, ReviewAlertOptions options, TimeProvider time, ILogger<ReviewAlertJob> logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _outbox = outbox;
        _ledger = ledger;
        _sender = sender;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<AlertRunReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var regions = new List<string>();
        await foreach (var region in _outbox.GetAlertRegionsAsync(cancellationToken).ConfigureAwait(false))
        {
            regions.Add(region);
        }

        var deliveries = new List<AlertDelivery>();
        foreach (var region in regions)
        {
            if (await RunRegionAsync(region, cancellationToken).ConfigureAwait(false) is { } delivery)
            {
                deliveries.Add(delivery);
            }
        }

        return new AlertRunReport(deliveries);
    }

    /// <summary>The subject of a region's alert email.</summary>
    public static string Subject(string region, int referrals) =>
        string.Create(CultureInfo.InvariantCulture, $"SpineTriage review alert: {region}, {referrals} {(referrals == 1 ? "referral needs" : "referrals need")} a clinician");

    /// <summary>The batch id of a set of alerts: a hash of the region and each (referral id, sequence), whatever their order.</summary>
    public static string BatchId(string region, IEnumerable<PendingAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(alerts);
        var text = new StringBuilder(region).Append('\n');
        foreach (var key in alerts.Select(a => a.ReferralId + "." + a.Sequence.ToString("D19", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal))
        {
            text.Append(key).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 12);
    }

    private async Task<AlertDelivery?> RunRegionAsync(string region, CancellationToken cancellationToken)
    {
        var pending = await _outbox.GetPendingAlertsAsync(region, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            // Stale rows only (removed while reading): nothing to report.
            return null;
        }

        // Drop what the ledger has: a redelivery (or a crash after recording) wrote or left the row.
        var fresh = new List<PendingAlert>();
        var alreadySent = 0;
        foreach (var alert in pending)
        {
            if (await _ledger.WasSentAsync(region, alert.ReferralId, alert.Sequence, cancellationToken).ConfigureAwait(false))
            {
                await _outbox.RemoveAlertAsync(alert, cancellationToken).ConfigureAwait(false);
                alreadySent++;
                LogAlreadySent(region, alert.ReferralId, alert.Sequence);
            }
            else
            {
                fresh.Add(alert);
            }
        }

        if (fresh.Count == 0)
        {
            return new AlertDelivery(region, AlertOutcome.AlreadySent, [], alreadySent, 0, null, null);
        }

        fresh.Sort((a, b) => a.DecidedAt != b.DecidedAt ? a.DecidedAt.CompareTo(b.DecidedAt) : string.CompareOrdinal(a.ReferralId, b.ReferralId));
        List<string> ids = [.. fresh.Select(a => a.ReferralId)];
        var recipients = _options.For(region);
        if (recipients.Count == 0)
        {
            // Not sent to nobody, not dropped: the alerts stay pending until an address is configured.
            LogNoRecipients(region, fresh.Count, ids);
            return new AlertDelivery(region, AlertOutcome.NoRecipients, ids, alreadySent, 0, null, null);
        }

        var email = new AlertEmail(region, recipients, Subject(region, fresh.Count), fresh, BatchId(region, fresh));
        string where;
        try
        {
            where = await _sender.SendAsync(email, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing sent, nothing recorded, the rows stay: the next run tries again.
            LogSendFailed(e, region, fresh.Count, ids);
            return new AlertDelivery(region, AlertOutcome.Failed, ids, alreadySent, recipients.Count, null, $"not sent: {e.Message}");
        }

        var sentAt = _time.GetUtcNow();
        try
        {
            await _ledger.RecordAsync([.. fresh.Select(a => new SentAlert(region, a.ReferralId, a.Sequence, sentAt, where, recipients.Count))], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Sent but not recorded: the rows stay, so the next run sends them again (a duplicate, not a loss).
            LogRecordFailed(e, region, fresh.Count, email.BatchId, where);
            return new AlertDelivery(
                region, AlertOutcome.Failed, ids, alreadySent, recipients.Count, where, $"sent ({where}) but not recorded, so the next run sends it again: {e.Message}");
        }

        foreach (var alert in fresh)
        {
            try
            {
                await _outbox.RemoveAlertAsync(alert, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Recorded: the next run finds it in the ledger and removes it without sending.
                LogRemoveFailed(e, region, alert.ReferralId, alert.Sequence);
            }
        }

        LogSent(region, fresh.Count, recipients.Count, email.BatchId, ids, where);
        return new AlertDelivery(region, AlertOutcome.Sent, ids, alreadySent, recipients.Count, where, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review alert {Region}: referral {ReferralId} sequence {Sequence} was sent already; its row is removed")]
    private partial void LogAlreadySent(string region, string referralId, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review alert {Region}: no review address configured (SpineTriage:Alerts:Recipients:{Region} or '*', or SPINETRIAGE_ALERT_RECIPIENTS); {Count} alerts stay pending: {ReferralIds}")]
    private partial void LogNoRecipients(string region, int count, IReadOnlyList<string> referralIds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Review alert {Region}: sending failed; nothing recorded, the next run tries again ({Count} referrals: {ReferralIds})")]
    private partial void LogSendFailed(Exception exception, string region, int count, IReadOnlyList<string> referralIds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Review alert {Region}: batch {BatchId} of {Count} referrals sent ({Where}) but not recorded; the next run sends it again (a duplicate rather than a lost email)")]
    private partial void LogRecordFailed(Exception exception, string region, int count, string batchId, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review alert {Region}: referral {ReferralId} sequence {Sequence} was sent and recorded but its row was not removed; the next run removes it")]
    private partial void LogRemoveFailed(Exception exception, string region, string referralId, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review alert {Region}: {Count} referrals sent to {Recipients} recipients, batch {BatchId} ({ReferralIds}) via {Where}")]
    private partial void LogSent(string region, int count, int recipients, string batchId, IReadOnlyList<string> referralIds, string where);
}
