using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Review;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting;

/// <summary>The summary email's registration, shared by every host (worker and Functions app).</summary>
public static class ReportingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the app's emails: <see cref="EmailOptions"/> from <c>SpineTriage:Email</c> (the
    /// password from <see cref="EmailOptions.PasswordVariable"/> or the secret store), the summary
    /// renderer (<see cref="ISummaryRenderer"/>) and mailer (<see cref="ISummaryMailer"/>), and the
    /// review alert sender (<see cref="IAlertSender"/>), which share the delivery settings.
    /// Registrations already made win (TryAdd).
    /// </summary>
    public static IHostApplicationBuilder AddSpineTriageSummaryEmail(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .PostConfigure(options =>
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(EmailOptions.PasswordVariable);
                if (!string.IsNullOrEmpty(fromEnvironment))
                {
                    options.Password = fromEnvironment;
                }
            })
            .Validate(options => options.SmtpPort is > 0 and <= 65535, $"{EmailOptions.Section}:SmtpPort must be 1-65535.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.From), $"{EmailOptions.Section}:From is required.")
            .Validate(_ => PasswordFile(configuration) is null,
                $"{EmailOptions.PasswordKey} is set in a settings file. The SMTP password comes only from the environment variable {EmailOptions.PasswordVariable} or a secret store (Key Vault reference, user secrets).");

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ISummaryRenderer, SummaryEmailRenderer>();
        builder.Services.TryAddSingleton<ISummaryMailer, SummaryMailer>();
        builder.Services.TryAddSingleton<IAlertSender, AlertMailer>();
        return builder;
    }

    // The appsettings*.json (or other settings file) that sets the password, if any. User secrets are a
    // secret store, not a file of the repository: allowed.
    internal static string? PasswordFile(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        foreach (var provider in root.Providers)
        {
            if (provider is FileConfigurationProvider file
                && file.Source.Path is { } path
                && !path.EndsWith("secrets.json", StringComparison.OrdinalIgnoreCase)
                && provider.TryGet(EmailOptions.PasswordKey, out var value)
                && !string.IsNullOrEmpty(value))
            {
                return path;
            }
        }

        return null;
    }
}
