using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace SpineTriage.Reporting;

/// <summary>
/// The delivery every email of the app shares (summaries and review alerts): through SMTP with
/// MailKit when <see cref="EmailOptions.SmtpHost"/> is set, otherwise as an <c>.eml</c> file in
/// <see cref="EmailOptions.PickupDirectory"/>, written under a temporary name and renamed. Logs say
/// which kind of email, which region, how many recipients and where it went, never the body.
/// </summary>
internal sealed partial class MailDelivery
{
    private readonly EmailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MailDelivery(EmailOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The sender configured.</summary>
    public string From => _options.From;

    /// <summary>The current time, as the message's Date and the pickup file's name take it.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// A message's envelope, the same for every email of the app: From, To, Subject, Date, Message-ID and
    /// the region header (<see cref="SummaryMailer.RegionHeader"/>). The caller adds its own headers and body.
    /// </summary>
    public static MimeMessage Envelope(string from, IEnumerable<string> to, string subject, DateTimeOffset date, string messageId, string region)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = subject;
        message.Date = date;
        message.MessageId = messageId;
        message.Headers.Add(SummaryMailer.RegionHeader, region);
        return message;
    }

    /// <summary>Delivers a message; returns the SMTP server's reply or the .eml path.</summary>
    /// <param name="message">The message (From, To, Subject set).</param>
    /// <param name="kind">The kind of email, for logs and errors ("Summary", "Review alert").</param>
    /// <param name="region">The region the email is about.</param>
    /// <param name="fileKey">What, beside the region, tells this email's pickup file apart (the period, the batch).</param>
    /// <param name="filePrefix">A prefix of the pickup file's name after its time ("alert-"), or empty.</param>
    /// <param name="recipientsSetting">The setting that configures the recipients, named when there are none.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    public Task<string> DeliverAsync(
        MimeMessage message, string kind, string region, string fileKey, string filePrefix, string recipientsSetting, CancellationToken cancellationToken) =>
        _options.UsesPickupDirectory
            ? WritePickupAsync(message, kind, region, fileKey, filePrefix, cancellationToken)
            : SendSmtpAsync(message, kind, region, recipientsSetting, cancellationToken);

    /// <summary>The pickup file name: <c>&lt;yyyyMMddTHHmmssZ&gt;-&lt;prefix&gt;&lt;region&gt;-&lt;hash&gt;.eml</c>.</summary>
    public static string PickupFileName(string region, string fileKey, string filePrefix, DateTimeOffset now)
    {
        // The region as a safe file name part; the hash keeps regions apart whose safe names collide.
        var safe = new StringBuilder(region.Length);
        foreach (var c in region.ToLowerInvariant())
        {
            safe.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? c : '-');
        }

        var name = safe.ToString().Trim('-');
        name = name.Length == 0 ? "region" : name[..Math.Min(name.Length, 64)];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(region + "\n" + fileKey)), 0, 4);
        return string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{filePrefix}{name}-{hash}.eml");
    }

    private async Task<string> SendSmtpAsync(MimeMessage message, string kind, string region, string recipientsSetting, CancellationToken cancellationToken)
    {
        var recipients = message.To.Count + message.Cc.Count + message.Bcc.Count;
        if (recipients == 0)
        {
            throw new InvalidOperationException($"No recipients for the {kind.ToLowerInvariant()} email of region '{region}': configure {recipientsSetting}.");
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
        await client.ConnectAsync(host, port, SummaryMailer.ToSecureSocketOptions(_options.Tls), cancellationToken).ConfigureAwait(false);
        if (authenticate)
        {
            await client.AuthenticateAsync(_options.User!, _options.Password!, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        LogSent(_logger, kind, region, recipients, host, port, response);
        return response;
    }

    private async Task<string> WritePickupAsync(MimeMessage message, string kind, string region, string fileKey, string filePrefix, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(_options.PickupDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, PickupFileName(region, fileKey, filePrefix, _time.GetUtcNow()));

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

        LogWritten(_logger, kind, region, message.To.Count + message.Cc.Count + message.Bcc.Count, path);
        return path;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} email for {Region} sent to {RecipientCount} recipients through {SmtpHost}:{SmtpPort}: {ServerResponse}")]
    private static partial void LogSent(ILogger logger, string kind, string region, int recipientCount, string smtpHost, int smtpPort, string serverResponse);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} email for {Region} ({RecipientCount} recipients) written to {Path}: no SMTP host is configured")]
    private static partial void LogWritten(ILogger logger, string kind, string region, int recipientCount, string path);
}
