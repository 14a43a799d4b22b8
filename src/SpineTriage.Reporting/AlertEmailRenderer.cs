using System.Globalization;
using System.Text;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Reporting;

/// <summary>
/// The review alert email's plain-text and HTML parts: one line (one table row) per referral with its
/// id, sequence, category, disposition, criterion ids, alert codes and when it was decided. That is
/// all <see cref="PendingAlert"/> carries: no patient field, note or reason sentence can be printed.
/// Everything the HTML prints is HTML-escaped.
/// </summary>
public static class AlertEmailRenderer
{
    /// <summary>The plain-text part.</summary>
    public static string Text(AlertEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var text = new StringBuilder();
        text.AppendLine(email.Subject);
        text.AppendLine();
        text.AppendLine(Intro(email));
        text.AppendLine();
        foreach (var alert in email.Alerts)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"- {alert.ReferralId} (sequence {alert.Sequence}): {alert.Category}, {Name(alert.Disposition)}; criteria: {List(alert.Criteria)}; alerts: {List(alert.AlertCodes)}; decided {Time(alert.DecidedAt)}");
            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine(Footer(email));
        return text.ToString();
    }

    /// <summary>The HTML part (inline styles; every value HTML-escaped).</summary>
    public static string Html(AlertEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var html = new HtmlWriter();
        html.Append($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{email.Subject}</title></head>");
        html.Append($"<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b\">");
        html.Append($"<h1 style=\"font-size:18px;color:#a4262c\">{email.Subject}</h1><p>{Intro(email)}</p>");
        html.Append($"<table style=\"border-collapse:collapse\" cellpadding=\"4\"><thead><tr style=\"text-align:left;border-bottom:1px solid #999\">");
        html.Append($"<th>Referral</th><th>Sequence</th><th>Category</th><th>Disposition</th><th>Criteria</th><th>Alerts</th><th>Decided at</th></tr></thead><tbody>");
        foreach (var alert in email.Alerts)
        {
            html.Append($"<tr style=\"border-bottom:1px solid #ddd\"><td><code>{alert.ReferralId}</code></td><td>{alert.Sequence}</td><td>{alert.Category.ToString()}</td>");
            html.Append($"<td>{Name(alert.Disposition)}</td><td><code>{List(alert.Criteria)}</code></td><td><code>{List(alert.AlertCodes)}</code></td><td>{Time(alert.DecidedAt)}</td></tr>");
        }

        html.Append($"</tbody></table><p style=\"color:#555;font-size:12px\">{Footer(email)}</p></body></html>");
        return html.ToString();
    }

    private static string Intro(AlertEmail email) =>
        $"Referrals in {email.Region} whose triage found a red flag, a conflict, or an Emergent result that needs review. "
        + "Decision support only: a clinician reviews each one (spinetriage review list --region " + email.Region + ").";

    private static string Footer(AlertEmail email) =>
        $"Each referral sequence is alerted once; a clinician's decision ends its alert. Batch {email.BatchId}.";

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Name(Disposition disposition) => disposition.ToString().ToLowerInvariant();
}
