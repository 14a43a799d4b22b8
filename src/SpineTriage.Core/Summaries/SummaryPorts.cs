namespace SpineTriage.Core.Summaries;

/// <summary>A summary email ready to send: aggregates and referral ids only, never patient fields or notes.</summary>
/// <param name="Region">The region, or <see cref="RegionSummary.AllRegions"/> for the rollup.</param>
/// <param name="PeriodKey">The schedule period it covers (e.g. 2026-11-24T06:00:00Z), for idempotency.</param>
/// <param name="To">Recipient addresses.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Text">The plain-text part.</param>
/// <param name="Html">The HTML part (inline CSS; everything printed HTML-escaped); the chart is referenced as <c>cid:</c><paramref name="ChartContentId"/>.</param>
/// <param name="ChartPng">The chart, PNG, embedded inline.</param>
/// <param name="ChartContentId">The chart's content id.</param>
public sealed record SummaryEmail(
    string Region, string PeriodKey, IReadOnlyList<string> To, string Subject, string Text, string Html, ReadOnlyMemory<byte> ChartPng, string ChartContentId);

/// <summary>Turns a summary into an email (text, HTML, chart).</summary>
public interface ISummaryRenderer
{
    /// <summary>Renders the email for a summary and its recipients.</summary>
    SummaryEmail Render(RegionSummary summary, string periodKey, IReadOnlyList<string> recipients);
}

/// <summary>Delivers summary emails (SMTP, or a pickup folder of .eml files when no SMTP host is configured).</summary>
public interface ISummaryMailer
{
    /// <summary>Delivers one email; returns where it went (the SMTP server's reply, or the .eml path).</summary>
    Task<string> SendAsync(SummaryEmail email, CancellationToken cancellationToken = default);
}
