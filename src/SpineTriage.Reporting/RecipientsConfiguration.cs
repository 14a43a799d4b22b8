using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SpineTriage.Core.Review;

namespace SpineTriage.Reporting;

/// <summary>The summary and review alert recipients, each from one JSON setting, for both hosts.</summary>
public static class RecipientsConfiguration
{
    /// <summary>
    /// The app setting holding the summary recipients as one JSON object, region to addresses, e.g.
    /// <c>{"north-east":["head@hospital.example"],"*":["lead@hospital.example"]}</c>.
    /// </summary>
    public const string RecipientsSetting = "SPINETRIAGE_EMAIL_RECIPIENTS";

    /// <summary>
    /// The app setting holding the review alert addresses as one JSON object, region to addresses, with
    /// <c>*</c> for any region without its own, e.g. <c>{"north-east":["review.ne@hospital.example"],"*":["on-call@hospital.example"]}</c>.
    /// </summary>
    public const string AlertRecipientsSetting = "SPINETRIAGE_ALERT_RECIPIENTS";

    /// <summary>
    /// Adds the recipients in <see cref="RecipientsSetting"/> as <c>SpineTriage:Email:Recipients</c>.
    /// App setting and shell variable names allow only letters, digits, '.' and '_', so a region key
    /// such as <c>north-east</c> or the rollup key <c>*</c> cannot be part of a name: both hosts read the
    /// recipients from this one JSON value (or from appsettings.json). A malformed value stops the host at start.
    /// </summary>
    public static IConfigurationManager AddSummaryRecipientsSetting(this IConfigurationManager configuration) =>
        AddRecipientsSetting(configuration, RecipientsSetting, EmailOptions.Section);

    /// <summary>
    /// Adds the review alert addresses in <see cref="AlertRecipientsSetting"/> as
    /// <c>SpineTriage:Alerts:Recipients</c>, parsed as <see cref="AddSummaryRecipientsSetting"/> parses its setting.
    /// </summary>
    public static IConfigurationManager AddAlertRecipientsSetting(this IConfigurationManager configuration) =>
        AddRecipientsSetting(configuration, AlertRecipientsSetting, ReviewAlertOptions.Section);

    private static IConfigurationManager AddRecipientsSetting(IConfigurationManager configuration, string setting, string section)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var json = configuration[setting];
        if (string.IsNullOrWhiteSpace(json))
        {
            return configuration;
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{setting} must be a JSON object of region keys to arrays of addresses.");
            }

            foreach (var region in document.RootElement.EnumerateObject())
            {
                if (region.Value.ValueKind != JsonValueKind.Array || region.Name.Contains(':', StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{setting}: the value of a region key must be an array of addresses, and the key must not contain ':'.");
                }

                var index = 0;
                foreach (var address in region.Value.EnumerateArray())
                {
                    values[$"{section}:Recipients:{region.Name}:{index++}"] = address.GetString();
                }
            }
        }

        configuration.AddInMemoryCollection(values);
        return configuration;
    }
}
