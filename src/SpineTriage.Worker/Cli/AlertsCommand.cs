using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Review;
using SpineTriage.Storage;
using SpineTriage.Worker.Hosting;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// <c>spinetriage alerts send [--storage S]</c>: runs the review alert job once and prints, per region
/// with pending alerts, what happened as JSON Lines.
/// </summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var alerts = new Command("alerts", "Review alerts: referrals with a red flag, a conflict, or an Emergent result that needs review, emailed to the region's review address.");
        var storage = PipelineCommands.StorageOption();
        var send = new Command(
            "send",
            "Send the pending review alerts once (one email per region, each referral sequence once) and print per region: region, referrals, outcome "
            + "(sent, alreadySent, noRecipients, failed), referralIds, recipients, where, error. Exit 1 when an email failed (its alerts stay pending).")
        {
            storage,
        };
        send.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var report = await RunOnceAsync(session, cancellationToken).ConfigureAwait(false);
            foreach (var delivery in report.Deliveries)
            {
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w => Write(w, delivery)).ConfigureAwait(false);
            }

            return report.Succeeded ? 0 : 1;
        });
        alerts.Subcommands.Add(send);
        return alerts;
    }

    /// <summary>Whether the session's configuration leaves alerts on (<c>SpineTriage:Alerts:Enabled</c>, default true).</summary>
    public static bool Enabled(PipelineSession session) =>
        session.Services.GetRequiredService<IConfiguration>().GetValue($"{ReviewAlertOptions.Section}:{nameof(ReviewAlertOptions.Enabled)}", true);

    /// <summary>Creates the tables if needed and runs the alert job once.</summary>
    public static async Task<AlertRunReport> RunOnceAsync(PipelineSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await session.Services.GetRequiredService<IReviewAlertJob>().RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One region's delivery as a JSON object: region, referrals, outcome, referralIds, alreadySent, recipients, where, error.</summary>
    public static void Write(Utf8JsonWriter writer, AlertDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(delivery);
        writer.WriteStartObject();
        writer.WriteString("region", delivery.Region);
        writer.WriteNumber("referrals", delivery.Referrals);
        writer.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(delivery.Outcome.ToString()));
        writer.WriteStartArray("referralIds");
        foreach (var id in delivery.ReferralIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteNumber("alreadySent", delivery.AlreadySent);
        writer.WriteNumber("recipients", delivery.Recipients);
        if (delivery.Where is { } where)
        {
            writer.WriteString("where", where);
        }

        if (delivery.Error is { } error)
        {
            writer.WriteString("error", error);
        }

        writer.WriteEndObject();
    }
}
