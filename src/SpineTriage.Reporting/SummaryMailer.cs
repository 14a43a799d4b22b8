using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting;

/// <summary>
/// Delivers summary emails: through SMTP with MailKit when <see cref="EmailOptions.SmtpHost"/> is set,
/// otherwise as <c>.eml</c> files in <see cref="EmailOptions.PickupDirectory"/>. The message is
/// multipart/alternative: text/plain, then multipart/related with the HTML and the chart (image/png,
/// inline, with the content id the HTML's <c>cid:</c> names). Logs say which region, how many
/// recipients and where it went, never the body.
/// </summary>
public sealed class SummaryMailer : ISummaryMailer
{
    /// <summary>The header naming the summary's region.</summary>
    public const string RegionHeader = "X-SpineTriage-Region";

    /// <summary>The header naming the schedule period the summary covers.</summary>
    public const string PeriodHeader = "X-SpineTriage-Period";

    /// <summary>The chart's file name in the message.</summary>
    public const string ChartFileName = "postponed-trend.png";

    private readonly MailDelivery _delivery;

    /// <summary>Creates the mailer.</summary>
    public SummaryMailer(IOptions<EmailOptions> options, TimeProvider time, ILogger<SummaryMailer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _delivery = new MailDelivery(options.Value, time, logger);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">SMTP delivery with no recipients, or a user without a password.</exception>
    /// <exception cref="ParseException">An address in From or the recipients is not a valid mailbox.</exception>
    public async Task<string> SendAsync(SummaryEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = BuildMessage(email, _delivery.From, _delivery.Now);
        return await _delivery.DeliverAsync(
            message, "Summary", email.Region, email.PeriodKey, string.Empty,
            $"{EmailOptions.Section}:Recipients:<region> (or '{EmailOptions.RollupKey}' for the rollup)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The MIME message of a summary email: multipart/alternative(text/plain,
    /// multipart/related(text/html, image/png inline)).
    /// </summary>
    public static MimeMessage BuildMessage(SummaryEmail email, string from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(from);

        var message = MailDelivery.Envelope(from, email.To, email.Subject, date, MimeKit.Utils.MimeUtils.GenerateMessageId("spinetriage"), email.Region);
        message.Headers.Add(PeriodHeader, email.PeriodKey);

        var text = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = email.Text };
        var html = new TextPart(MimeKit.Text.TextFormat.Html) { Text = email.Html };
        var chart = new MimePart("image", "png")
        {
            Content = new MimeContent(new MemoryStream(email.ChartPng.ToArray(), writable: false)),
            ContentId = email.ChartContentId,
            ContentDisposition = new ContentDisposition(ContentDisposition.Inline),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = ChartFileName,
        };
        // Root puts the HTML first (the part the related set renders) and the chart after it.
        var related = new MultipartRelated { chart };
        related.Root = html;
        message.Body = new MultipartAlternative { text, related };
        return message;
    }

    /// <summary>MailKit's socket option for a <see cref="SmtpTlsMode"/>.</summary>
    public static SecureSocketOptions ToSecureSocketOptions(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTlsMode.Auto => SecureSocketOptions.Auto,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The pickup file name: <c>&lt;yyyyMMddTHHmmssZ&gt;-&lt;region&gt;-&lt;hash&gt;.eml</c>.</summary>
    public static string PickupFileName(SummaryEmail email, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(email);
        return MailDelivery.PickupFileName(email.Region, email.PeriodKey, string.Empty, now);
    }
}
