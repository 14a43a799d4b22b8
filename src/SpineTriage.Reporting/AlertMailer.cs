using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SpineTriage.Core.Review;

namespace SpineTriage.Reporting;

/// <summary>
/// Delivers review alert emails with the same SMTP or pickup-folder delivery as the summaries
/// (<see cref="EmailOptions"/>). The message is multipart/alternative (text/plain, text/html) with the
/// headers <see cref="SummaryMailer.RegionHeader"/> and <see cref="AlertHeader"/> (the batch id). Its
/// Message-ID derives from the batch id, so the duplicate that a crash between sending and recording
/// can cause carries the same Message-ID as the first email.
/// </summary>
public sealed class AlertMailer : IAlertSender
{
    /// <summary>The header with the alert's batch id (<see cref="AlertEmail.BatchId"/>).</summary>
    public const string AlertHeader = "X-SpineTriage-Alert";

    private readonly MailDelivery _delivery;

    /// <summary>Creates the mailer.</summary>
    public AlertMailer(IOptions<EmailOptions> options, TimeProvider time, ILogger<AlertMailer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _delivery = new MailDelivery(options.Value, time, logger);
    }

    /// <inheritdoc />
    public async Task<string> SendAsync(AlertEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = BuildMessage(email, _delivery.From, _delivery.Now);
        return await _delivery.DeliverAsync(
            message, "Review alert", email.Region, email.BatchId, "alert-",
            $"{ReviewAlertOptions.Section}:Recipients:<region> (or '{ReviewAlertOptions.DefaultKey}')", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The MIME message of an alert email: multipart/alternative(text/plain, text/html).</summary>
    public static MimeMessage BuildMessage(AlertEmail email, string from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(from);
        var message = MailDelivery.Envelope(from, email.To, email.Subject, date, $"alert-{email.BatchId}@spinetriage", email.Region);
        message.Headers.Add(AlertHeader, email.BatchId);
        message.Body = new MultipartAlternative
        {
            new TextPart(MimeKit.Text.TextFormat.Plain) { Text = AlertEmailRenderer.Text(email) },
            new TextPart(MimeKit.Text.TextFormat.Html) { Text = AlertEmailRenderer.Html(email) },
        };
        return message;
    }
}
