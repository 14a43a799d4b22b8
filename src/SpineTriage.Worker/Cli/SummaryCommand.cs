using SpineTriage.Core.Summaries;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Validation;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;
using SpineTriage.Worker.Hosting;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// <c>spinetriage summary [--now ISO-8601] [--region R] [--storage S]</c>: runs the summary job once
/// for the period <c>--now</c> falls in and prints, per region, what happened as JSON Lines.
/// </summary>
internal static class SummaryCommand
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var storage = PipelineCommands.StorageOption();
        var now = new Option<string?>("--now")
        {
            Description = "The time to summarise at, RFC 3339 with an offset (e.g. 2026-11-24T06:00:00Z); its period is the latest schedule occurrence at or before it. Default: now.",
            HelpName = "ISO-8601",
        };
        var region = new Option<string?>("--region") { Description = "Only this region ('*': only the rollup across regions). Default: every region and the rollup." };
        var command = new Command(
            "summary",
            "Send the summaries of postponed cases and review backlogs once, for the current schedule period (SUMMARY_SCHEDULE), and print per region: "
            + "region, period, outcome (sent, alreadySent, noRecipients, failed), recipients, postponed, awaitingReview, where. A period already sent is not sent again.")
        {
            storage,
            now,
            region,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            DateTimeOffset? at = null;
            if (parse.GetValue(now) is { } text)
            {
                if (!Rfc3339.TryParse(text, out var parsed))
                {
                    await error.WriteLineAsync("spinetriage summary: --now must be an RFC 3339 date-time with an offset, e.g. 2026-11-24T06:00:00Z").ConfigureAwait(false);
                    return 2;
                }

                at = parsed;
            }

            var only = parse.GetValue(region);
            if (only is not null && only != SummaryJob.RollupOnly && !ReferralValidator.IsRegion(only))
            {
                await error.WriteLineAsync("spinetriage summary: --region must be 1-64 characters of a-z 0-9 -, or '*' for the rollup").ConfigureAwait(false);
                return 2;
            }

            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            if (!TryResolve<ISummaryJob>(session.Services, out var job, out var problem))
            {
                await error.WriteLineAsync($"spinetriage summary: {problem}").ConfigureAwait(false);
                return 2;
            }

            await session.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var time = session.Services.GetRequiredService<TimeProvider>();
            var report = await job.RunAsync(at ?? time.GetUtcNow(), only, cancellationToken).ConfigureAwait(false);
            foreach (var delivery in report.Deliveries)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(Line(delivery)).ConfigureAwait(false);
            }

            return report.Succeeded ? 0 : 1;
        });
        return command;
    }

    /// <summary>Resolves the job; a bad schedule or time zone setting is a message naming the setting, not a stack trace.</summary>
    public static bool TryResolve<T>(IServiceProvider services, out T service, out string problem)
        where T : notnull
    {
        try
        {
            service = services.GetRequiredService<T>();
            problem = string.Empty;
            return true;
        }
        catch (Exception e) when (e is FormatException or TimeZoneNotFoundException)
        {
            service = default!;
            problem = e.Message;
            return false;
        }
    }

    /// <summary>One delivery as a JSON line: region, period, outcome, recipients, postponed, awaitingReview, where, error.</summary>
    public static string Line(SummaryDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, LineOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("region", delivery.Region);
            writer.WriteString("period", delivery.PeriodKey);
            writer.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(delivery.Outcome.ToString()));
            writer.WriteNumber("recipients", delivery.Recipients);
            if (delivery.Postponed is { } postponed)
            {
                writer.WriteNumber("postponed", postponed);
            }

            if (delivery.AwaitingReview is { } awaitingReview)
            {
                writer.WriteNumber("awaitingReview", awaitingReview);
            }

            if (delivery.Where is { } where)
            {
                writer.WriteString("where", where);
            }

            if (delivery.Error is { } reason)
            {
                writer.WriteString("error", reason);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
