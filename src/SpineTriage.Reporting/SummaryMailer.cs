using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
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
public sealed partial class SummaryMailer : ISummaryMailer
{
    /// <summary>The header naming the summary's region.</summary>
    public const string RegionHeader = "X-SpineTriage-Region";

    /// <summary>The header naming the schedule period the summary covers.</summary>
    public const string PeriodHeader = "X-SpineTriage-Period";

    /// <summary>The chart's file name in the message.</summary>
    public const string ChartFileName = "postponed-trend.png";

    private readonly EmailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SummaryMailer> _logger;

    /// <summary>Creates the mailer.</summary>
    public SummaryMailer(IOptions<EmailOptions> options, TimeProvider time, ILogger<SummaryMailer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">SMTP delivery with no recipients, or a user without a password.</exception>
    /// <exception cref="ParseException">An address in From or the recipients is not a valid mailbox.</exception>
    public async Task<string> SendAsync(SummaryEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = BuildMessage(email, _options.From, _time.GetUtcNow());
        return _options.UsesPickupDirectory
            ? await WritePickupAsync(email, message, cancellationToken).ConfigureAwait(false)
            : await SendSmtpAsync(email, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The MIME message of a summary email: multipart/alternative(text/plain,
    /// multipart/related(text/html, image/png inline)).
    /// </summary>
    public static MimeMessage BuildMessage(SummaryEmail email, string from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(from);

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var address in email.To)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = email.Subject;
        message.Date = date;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("spinetriage");
        message.Headers.Add(RegionHeader, email.Region);
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
        // The region as a safe file name part; the hash keeps regions apart whose safe names collide.
        var safe = new StringBuilder(email.Region.Length);
        foreach (var c in email.Region.ToLowerInvariant())
        {
            safe.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? c : '-');
        }

        var region = safe.ToString().Trim('-');
        region = region.Length == 0 ? "region" : region[..Math.Min(region.Length, 64)];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Region + "\n" + email.PeriodKey)), 0, 4);
        return string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{region}-{hash}.eml");
    }

    private async Task<string> SendSmtpAsync(SummaryEmail email, MimeMessage message, CancellationToken cancellationToken)
    {
        if (email.To.Count == 0)
        {
            throw new InvalidOperationException(
                $"No recipients for the summary of region '{email.Region}': configure {EmailOptions.Section}:Recipients:<region> (or '{EmailOptions.RollupKey}' for the rollup).");
        }

        var authenticate = !string.IsNullOrEmpty(_options.User);
        if (authenticate && string.IsNullOrEmpty(_options.Password))
        {
            throw new InvalidOperationException(
                $"{EmailOptions.Section}:User is set but there is no SMTP password: set the environment variable {EmailOptions.PasswordVariable} or the secret {EmailOptions.PasswordKey}.");
        }

        var host = _options.SmtpHost!;
        var port = _options.SmtpPort;
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(host, port, ToSecureSocketOptions(_options.Tls), cancellationToken).ConfigureAwait(false);
        if (authenticate)
        {
            await client.AuthenticateAsync(_options.User!, _options.Password!, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        LogSent(_logger, email.Region, email.To.Count, host, port, response);
        return response;
    }

    private async Task<string> WritePickupAsync(SummaryEmail email, MimeMessage message, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(_options.PickupDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, PickupFileName(email, _time.GetUtcNow()));

        // Written under a temporary name, then renamed: whoever watches the folder never sees half a message.
        var partial = path + ".partial";
        try
        {
            await message.WriteToAsync(partial, cancellationToken).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        LogWritten(_logger, email.Region, email.To.Count, path);
        return path;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Summary email for {Region} sent to {RecipientCount} recipients through {SmtpHost}:{SmtpPort}: {ServerResponse}")]
    private static partial void LogSent(ILogger logger, string region, int recipientCount, string smtpHost, int smtpPort, string serverResponse);

    [LoggerMessage(Level = LogLevel.Information, Message = "Summary email for {Region} ({RecipientCount} recipients) written to {Path}: no SMTP host is configured")]
    private static partial void LogWritten(ILogger logger, string region, int recipientCount, string path);
}
