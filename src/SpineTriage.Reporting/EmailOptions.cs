using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting;

/// <summary>How the SMTP connection is secured (maps to MailKit's <c>SecureSocketOptions</c>).</summary>
public enum SmtpTlsMode
{
    /// <summary>No TLS: only for a local test server such as MailDev.</summary>
    None,

    /// <summary>Connect in plain text, then require STARTTLS (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>
/// Summary email delivery (configuration section <c>SpineTriage:Email</c>). The SMTP password is not
/// read from appsettings files: it comes from the environment variable
/// <see cref="PasswordVariable"/> or from a secret store through the configuration key
/// <c>SpineTriage:Email:Password</c> (in Azure, an app setting <c>SpineTriage__Email__Password</c>
/// that is a Key Vault reference).
/// </summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Email";

    /// <summary>The environment variable holding the SMTP password; it wins over configuration.</summary>
    public const string PasswordVariable = "SPINETRIAGE_SMTP_PASSWORD";

    /// <summary>The configuration key of the password (a secret store, never a file in the repository).</summary>
    public const string PasswordKey = Section + ":Password";

    /// <summary>The <see cref="Recipients"/> key of the rollup across regions.</summary>
    public const string RollupKey = "*";

    /// <summary>The SMTP server; null or empty writes <c>.eml</c> files to <see cref="PickupDirectory"/> instead.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>The SMTP port. Default 587 (submission with STARTTLS).</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>How the connection is secured. Default <see cref="SmtpTlsMode.StartTls"/>.</summary>
    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>The SMTP user name; when set, the client authenticates with the password.</summary>
    public string? User { get; set; }

    /// <summary>
    /// The SMTP password, filled from <see cref="PasswordVariable"/> or the secret store
    /// (<see cref="PasswordKey"/>); an appsettings file that sets it is refused at start.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>The sender, as an RFC 5322 mailbox.</summary>
    public string From { get; set; } = "SpineTriage <spinetriage@localhost>";

    /// <summary>Where <c>.eml</c> files go when no SMTP host is set (relative to the current directory).</summary>
    public string PickupDirectory { get; set; } = "summaries";

    /// <summary>How long one SMTP operation may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The recipient addresses per region; the key <see cref="RollupKey"/> (<c>*</c>) receives the
    /// rollup across regions. Region keys are case-insensitive.
    /// </summary>
    public Dictionary<string, string[]> Recipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The most referral ids an email lists per group; the rest are counted ("and 12 more"), so a
    /// large backlog cannot make an email too big to deliver.
    /// </summary>
    public int MaxReferralIdsPerList { get; set; } = 200;

    /// <summary>Whether delivery goes to the pickup folder (no SMTP host configured).</summary>
    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(SmtpHost);

    /// <summary>The recipients of a region's summary, or of the rollup for <see cref="RegionSummary.AllRegions"/>; empty when none are configured.</summary>
    public IReadOnlyList<string> GetRecipients(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var key = region == RegionSummary.AllRegions ? RollupKey : region;
        return Recipients.TryGetValue(key, out var addresses) && addresses is not null
            ? addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList()
            : [];
    }
}
