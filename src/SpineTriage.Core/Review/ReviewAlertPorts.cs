using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Review;

/// <summary>A review alert not yet sent: ids, category, disposition and codes only.</summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="Sequence">The sequence whose result calls for it.</param>
/// <param name="Region">The region.</param>
/// <param name="Category">The machine's category.</param>
/// <param name="Disposition">The machine's disposition.</param>
/// <param name="Codes">Criterion ids, then the alert codes (<see cref="ReviewAlerts.Codes"/>).</param>
/// <param name="DecidedAt">When the result was decided.</param>
/// <param name="Revision">The result's revision the row reflects (the fence when it is removed).</param>
public sealed record PendingAlert(
    string ReferralId, long Sequence, string Region, TriageCategory Category, Disposition Disposition, IReadOnlyList<string> Codes, DateTimeOffset DecidedAt, long Revision)
{
    /// <summary>The criterion ids among <see cref="Codes"/>.</summary>
    public IReadOnlyList<string> Criteria => [.. Codes.Where(c => !ReviewAlerts.IsAlertCode(c))];

    /// <summary>The alert codes among <see cref="Codes"/> (<c>red-flag:</c>, <c>conflict:</c>, <see cref="ReviewAlerts.EmergentNeedsReview"/>).</summary>
    public IReadOnlyList<string> AlertCodes => [.. Codes.Where(ReviewAlerts.IsAlertCode)];
}

/// <summary>
/// The alerts waiting to be sent, as storage keeps them: a per-region index with a row exactly while a
/// referral's current result calls for an alert and no clinician has decided on it.
/// </summary>
public interface IAlertOutbox
{
    /// <summary>The regions that may have pending alerts, in order, each once.</summary>
    IAsyncEnumerable<string> GetAlertRegionsAsync(CancellationToken cancellationToken = default);

    /// <summary>A region's pending alerts, each checked against the referral's current result.</summary>
    Task<IReadOnlyList<PendingAlert>> GetPendingAlertsAsync(string region, CancellationToken cancellationToken = default);

    /// <summary>Removes an alert's row (fenced by its revision: a row a newer result wrote again stays).</summary>
    Task RemoveAlertAsync(PendingAlert alert, CancellationToken cancellationToken = default);
}

/// <summary>One alert that was emailed: which referral sequence, when, where the email went.</summary>
/// <param name="Region">The region.</param>
/// <param name="ReferralId">The referral.</param>
/// <param name="Sequence">The sequence whose result was alerted.</param>
/// <param name="SentAt">When the email was handed to the mailer successfully.</param>
/// <param name="Where">Where it went, as the mailer said (the SMTP server's reply, or the .eml path).</param>
/// <param name="Recipients">How many recipients the email had.</param>
public sealed record SentAlert(string Region, string ReferralId, long Sequence, DateTimeOffset SentAt, string Where, int Recipients);

/// <summary>
/// Which alerts were sent, per (region, referral id, sequence): what makes an alert go out once even
/// when a redelivered message writes its index row again.
/// </summary>
public interface IAlertLedger
{
    /// <summary>Whether the alert of this referral sequence in this region was sent.</summary>
    Task<bool> WasSentAsync(string region, string referralId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Records the alerts of one email (idempotent: recording one again replaces its row).</summary>
    Task RecordAsync(IReadOnlyList<SentAlert> alerts, CancellationToken cancellationToken = default);
}

/// <summary>
/// One alert email, ready to render and deliver: the region, its review addresses, a subject and the
/// alerts (ids, category, disposition, criterion ids and alert codes only: never patient data, notes or
/// reason sentences, which <see cref="PendingAlert"/> does not carry).
/// </summary>
/// <param name="Region">The region.</param>
/// <param name="To">The region's review addresses.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Alerts">The alerts, oldest decision first.</param>
/// <param name="BatchId">A stable id of this set of (referral, sequence) pairs in this region: an email sent again after a crash has the same one.</param>
public sealed record AlertEmail(string Region, IReadOnlyList<string> To, string Subject, IReadOnlyList<PendingAlert> Alerts, string BatchId);

/// <summary>Delivers alert emails (SMTP, or a pickup folder of .eml files when no SMTP host is configured).</summary>
public interface IAlertSender
{
    /// <summary>Delivers one email; returns where it went (the SMTP server's reply, or the .eml path).</summary>
    Task<string> SendAsync(AlertEmail email, CancellationToken cancellationToken = default);
}
