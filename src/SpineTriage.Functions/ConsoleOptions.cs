using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SpineTriage.Functions;

/// <summary>
/// The review console's settings in the Functions app, read once at start: whether it is on
/// (<c>SPINETRIAGE_CONSOLE_ENABLED</c>, which infra/ sets true only when the Entra ID sign-in is
/// configured), whether the platform's authentication is in front of the app (<c>WEBSITE_AUTH_ENABLED</c>,
/// set by App Service itself), and the app role that may record decisions
/// (<c>SpineTriage:Console:ReviewerRole</c>).
/// </summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section (<c>SpineTriage__Console__*</c> as app settings).</summary>
    public const string Section = "SpineTriage:Console";

    /// <summary>The app setting that turns the console's HTTP functions on (true) or answers 404 for everything (false, the default).</summary>
    public const string EnabledSetting = "SPINETRIAGE_CONSOLE_ENABLED";

    /// <summary>The app setting App Service sets to True when its authentication is on.</summary>
    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>The default reviewer app role value.</summary>
    public const string DefaultReviewerRole = "SpineTriage.Reviewer";

    /// <summary>Whether the console answers at all (else 404 for every console address).</summary>
    public bool Enabled { get; init; }

    /// <summary>Whether App Service authentication is on, so the principal header can be trusted.</summary>
    public bool PlatformAuthentication { get; init; }

    /// <summary>The app role value whose holders may record decisions; everyone else signed in reads only.</summary>
    public string ReviewerRole { get; init; } = DefaultReviewerRole;

    /// <summary>Reads the settings; an unreadable <c>SPINETRIAGE_CONSOLE_ENABLED</c> stops the host with one line.</summary>
    public static ConsoleOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var enabled = configuration[EnabledSetting];
        if (!string.IsNullOrWhiteSpace(enabled) && !bool.TryParse(enabled.Trim(), out _))
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"App setting {EnabledSetting} is neither true nor false (see docs/deployment.md, Review console sign-in)."));
        }

        var role = configuration[$"{Section}:ReviewerRole"];
        return new ConsoleOptions
        {
            Enabled = !string.IsNullOrWhiteSpace(enabled) && bool.Parse(enabled.Trim()),
            PlatformAuthentication = string.Equals(configuration[PlatformAuthenticationSetting]?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
            ReviewerRole = string.IsNullOrWhiteSpace(role) ? DefaultReviewerRole : role.Trim(),
        };
    }
}
