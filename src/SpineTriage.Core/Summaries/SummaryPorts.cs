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

/// <summary>One summary email that was sent: which region and period, when, where to, and its headline counts.</summary>
/// <param name="Region">The region, or <see cref="RegionSummary.AllRegions"/> for the rollup.</param>
/// <param name="PeriodKey">The schedule period (<see cref="ISummaryPeriods.KeyOf"/>, e.g. <c>20261124T060000Z</c>).</param>
/// <param name="SummarisedAt">The time the summary's figures were taken at: the next summary's "new since the previous summary" starts here.</param>
/// <param name="SentAt">When the email was handed to the mailer successfully.</param>
/// <param name="Where">Where it went, as the mailer said (the SMTP server's reply, or the .eml path).</param>
/// <param name="Recipients">How many recipients it had.</param>
/// <param name="Postponed">Cases postponed at the time.</param>
/// <param name="Urgent">Of which Urgent.</param>
/// <param name="Elective">Of which Elective.</param>
public sealed record SummaryRun(
    string Region, string PeriodKey, DateTimeOffset SummarisedAt, DateTimeOffset SentAt, string Where, int Recipients, int Postponed, int Urgent, int Elective);

/// <summary>
/// Which summaries were sent, per region and schedule period: what makes the summary job send
/// exactly one email per region and period, and what "new since the previous summary" counts from.
/// </summary>
public interface ISummaryLedger
{
    /// <summary>The run recorded for a region and period, or null when none is.</summary>
    Task<SummaryRun?> GetAsync(string region, string periodKey, CancellationToken cancellationToken = default);

    /// <summary>The latest run of a region for a period before <paramref name="beforePeriodKey"/>, or null when there is none.</summary>
    Task<SummaryRun?> GetPreviousAsync(string region, string beforePeriodKey, CancellationToken cancellationToken = default);

    /// <summary>Records a run (upsert: recording a period again replaces its row).</summary>
    Task RecordAsync(SummaryRun run, CancellationToken cancellationToken = default);
}

/// <summary>The schedule's periods: each summary covers the period since the latest occurrence of the schedule.</summary>
public interface ISummaryPeriods
{
    /// <summary>The latest occurrence at or before <paramref name="atOrBefore"/>: the start of the period it falls in.</summary>
    DateTimeOffset GetLatestOccurrence(DateTimeOffset atOrBefore);

    /// <summary>The key of the period starting at <paramref name="occurrence"/> (sorts in time order; safe in keys and file names).</summary>
    string KeyOf(DateTimeOffset occurrence);
}

/// <summary>
/// The cases a summary reads: the regions that have postponed or backlog cases, and each region's
/// postponed cases and review backlog, from indexes whose cost follows the cases, not the history.
/// </summary>
public interface ISummaryCases
{
    /// <summary>The regions with postponed or backlog rows, in order, each once (a region may turn out to have none now).</summary>
    IAsyncEnumerable<string> GetCaseRegionsAsync(CancellationToken cancellationToken = default);

    /// <summary>The cases currently postponed in a region.</summary>
    IAsyncEnumerable<PostponedCase> GetPostponedAsync(string region, CancellationToken cancellationToken = default);

    /// <summary>The region's review backlog: the cases awaiting a clinician.</summary>
    IAsyncEnumerable<ReviewCase> GetReviewBacklogAsync(string region, CancellationToken cancellationToken = default);
}
