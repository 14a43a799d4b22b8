using SpineTriage.Core.Summaries;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;
using SpineTriage.Worker.Hosting;
using SpineTriage.Worker.Queue;

namespace SpineTriage.Worker.Cli;

/// <summary>The commands that work on the pipeline's storage: run, submit, results, rejects, region.</summary>
internal static class PipelineCommands
{
    /// <summary><c>--storage</c>: a connection string or an https account URI.</summary>
    public static Option<string?> StorageOption() => new("--storage")
    {
        Description = "Storage: a connection string, or an https://<account>.<service>.core.windows.net URI (DefaultAzureCredential, no keys). "
            + $"Default: ${PipelineSession.StorageVariable}, else configuration (SpineTriage:Storage:Connection), else the local store "
            + "(UseDevelopmentStorage=true: an emulator already running there, or one started for the command with its data kept on disk; see spinetriage storage where). "
            + "Prefer the environment variable to a key on the command line, which other users can read in the process list.",
        HelpName = "connection|uri",
    };

    public static Command Run()
    {
        var storage = StorageOption();
        var untilIdle = new Option<bool>("--until-idle")
        {
            Description = "Exit once the queue is empty and all work is stored, after sending the pending review alerts once: 0, or 1 when an alert email failed (it stays pending).",
        };
        var command = new Command("run", "Listen on the referral queue and store every decision (Azure Functions queue-trigger semantics), send the summaries "
            + "on their schedule (SUMMARY_SCHEDULE; not with --until-idle) and the review alerts every SpineTriage:Alerts:Interval (with --until-idle: once, "
            + "after the queue is empty). Ctrl+C stops gracefully.")
        {
            storage,
            untilIdle,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A batch run (--until-idle) does not run the summary scheduler (`spinetriage summary` sends them once);
            // it sends the review alerts once before it exits, so that no alert waits for the next run.
            var batch = parse.GetValue(untilIdle);
            await using var session = await PipelineSession.StartAsync(
                parse.GetValue(storage), listen: true, batch, LogLevel.Information, cancellationToken, schedule: !batch, alerts: !batch).ConfigureAwait(false);
            if (!batch && !SummaryCommand.TryResolve<SummarySchedule>(session.Services, out _, out var problem))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage run: {problem}").ConfigureAwait(false);
                return 2;
            }

            var exit = session.Services.GetRequiredService<WorkerExit>();
            if (batch)
            {
                // Not RunAsync, which disposes the host: its services send the alerts after it stops (the session disposes it).
                await session.Host.StartAsync(cancellationToken).ConfigureAwait(false);
                await session.Host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await session.Host.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            if (exit.PermanentError is { } error)
            {
                // Retrying cannot help (credentials refused, no such account): one line, exit 2.
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage run: {error}").ConfigureAwait(false);
                return 2;
            }

            if (batch && !cancellationToken.IsCancellationRequested && AlertsCommand.Enabled(session))
            {
                // Everything is stored: send its alerts now (the report goes to the log, as the scheduler's does).
                var report = await AlertsCommand.RunOnceAsync(session, cancellationToken).ConfigureAwait(false);
                return report.Succeeded ? 0 : 1;
            }

            return 0;
        });
        return command;
    }

    public static Command Submit()
    {
        var storage = StorageOption();
        var file = new Argument<string>("FILE") { Description = "Referral messages: JSON Lines, one pretty-printed object or a JSON array. '-' reads standard input.", DefaultValueFactory = _ => "-" };
        var command = new Command("submit", "Put every message of FILE on the referral queue (JSON Lines, one pretty-printed object or a JSON array, as classify reads them) and print how many were sent.") { storage, file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file) ?? "-";
            if (path != "-" && !File.Exists(path))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage submit: cannot read {path}").ConfigureAwait(false);
                return 1;
            }

            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var queues = session.Services.GetRequiredService<ReferralQueues>();
            await queues.CreateAsync(cancellationToken).ConfigureAwait(false);
            await using var input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            var sent = await SubmitAsync(input, queues, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(sent.Sent.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return sent.TooLarge > 0 ? 2 : 0;
        });
        return command;
    }

    /// <summary>
    /// Sends every message of the input, framed as <c>classify</c> frames it (JSON Lines, a
    /// pretty-printed object, a JSON array; a byte order mark skipped); a message too large for a
    /// Storage queue message is reported, not sent.
    /// </summary>
    public static async Task<(int Sent, int TooLarge)> SubmitAsync(Stream input, ReferralQueues queues, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(errors);

        // A Storage queue message is at most 64 KiB after Base64: 48 KiB of body, the contract's limit on this transport.
        const int MaxBody = Core.Contract.ReferralReader.StorageQueueMaxBytes;
        const int ProgressEvery = 2000;
        var sent = 0;
        var tooLarge = 0;
        var framer = new JsonFramer();
        var framed = new List<byte[]>();
        void Collect(ReadOnlySpan<byte> message, bool isCurrentLine) => framed.Add(message.ToArray());

        async Task SendFramedAsync()
        {
            foreach (var body in framed)
            {
                if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
                {
                    continue;
                }

                if (body.Length > MaxBody)
                {
                    tooLarge++;
                    await errors.WriteLineAsync($"message {sent + tooLarge}: {body.Length} bytes is more than a Storage queue message can hold ({MaxBody}); not sent").ConfigureAwait(false);
                    continue;
                }

                await queues.SendAsync(new BinaryData(body), cancellationToken).ConfigureAwait(false);
                sent++;
                if (sent % ProgressEvery == 0)
                {
                    // A large file takes a while: say how far it is, on standard error (standard output is the count).
                    await errors.WriteLineAsync($"submitted {sent:N0} so far...").ConfigureAwait(false);
                }
            }

            framed.Clear();
        }

        await foreach (var line in JsonLines.ReadLinesAsync(input, cancellationToken).ConfigureAwait(false))
        {
            framer.Push(line.Span, Collect);
            await SendFramedAsync().ConfigureAwait(false);
        }

        framer.Complete(Collect);
        await SendFramedAsync().ConfigureAwait(false);
        return (sent, tooLarge);
    }

    public static Command Results()
    {
        var storage = StorageOption();
        var region = new Option<string?>("--region") { Description = "Only this region." };
        var disposition = new Option<string?>("--disposition") { Description = "Only this disposition.", HelpName = "proceed|postpone|review" };
        disposition.AcceptOnlyFromAmong("proceed", "postpone", "review");
        var command = new Command("results", "Print every referral as it stands as JSON Lines: the classifier's result shape, plus current (the category and disposition that apply now: a clinician's decision overrides the machine's) and clinician (the decision, when one was recorded). --disposition filters on the current disposition.") { storage, region, disposition };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var store = session.Services.GetRequiredService<TableTriageStore>();
            await store.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(region) is { } onlyRegion
                && await UnknownRegionAsync(session, "results", onlyRegion, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false))
            {
                return 2;
            }

            Disposition? wanted = parse.GetValue(disposition) switch
            {
                "proceed" => Disposition.Proceed,
                "postpone" => Disposition.Postpone,
                "review" => Disposition.Review,
                _ => null,
            };
            await foreach (var referral in store.GetResultsAsync(parse.GetValue(region), wanted, cancellationToken).ConfigureAwait(false))
            {
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w => ReviewJson.WriteCase(w, referral)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    public static Command Rejects()
    {
        var storage = StorageOption();
        var showBody = MessageBodies.ShowBodyOption();
        var command = new Command("rejects", "Print every rejected message as JSON Lines: referralId (if readable), reason, receivedAt, dequeueCount, messageId, size; the body only with --show-body.") { storage, showBody };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var show = parse.GetValue(showBody);
            if (show)
            {
                await MessageBodies.WarnAsync("rejects", parse.InvocationConfiguration.Error).ConfigureAwait(false);
            }

            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var store = session.Services.GetRequiredService<TableRejectedMessageStore>();
            await store.CreateTableAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var rejected in store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("referralId", rejected.ReferralId);
                    w.WriteString("reason", rejected.Reason);
                    w.WriteString("receivedAt", rejected.ReceivedAt);
                    w.WriteNumber("dequeueCount", rejected.DequeueCount);
                    w.WriteString("messageId", rejected.MessageId);
                    MessageBodies.Write(w, rejected.Body.Span, show);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    public static Command Region()
    {
        var region = new Command("region", "Read and set region statuses (normal, constrained, crisis).");

        var setStorage = StorageOption();
        var name = new Argument<string>("REGION") { Description = "The region (a-z 0-9 -)." };
        var level = new Argument<string>("LEVEL") { Description = "normal, constrained or crisis." };
        level.AcceptOnlyFromAmong("normal", "constrained", "crisis");
        var by = new Option<string>("--by") { Description = "Who sets it (recorded).", DefaultValueFactory = _ => Environment.UserName };
        var isNew = new Option<bool>("--new") { Description = "The region is new: no referral uses it yet (without it, an unknown region is refused as a likely typo)." };
        var set = new Command("set", "Set a region's status.") { setStorage, name, level, by, isNew };
        set.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(setStorage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var store = session.Services.GetRequiredService<TableRegionStatusStore>();
            await store.CreateTableAsync(cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(isNew)
                && await UnknownRegionAsync(session, "region set", parse.GetValue(name)!, parse.InvocationConfiguration.Error, cancellationToken, "; if it is new, add --new").ConfigureAwait(false))
            {
                return 2;
            }

            try
            {
                var record = await store.SetAsync(parse.GetValue(name)!, RegionStatuses.Parse(parse.GetValue(level)), parse.GetValue(by) ?? "unknown", cancellationToken).ConfigureAwait(false);
                await WriteRegionAsync(record, parse.InvocationConfiguration.Output).ConfigureAwait(false);
                return 0;
            }
            catch (ArgumentException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage region set: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });

        var listStorage = StorageOption();
        var list = new Command("list", "Print every region with a status as JSON Lines: region, status, setBy, setAt.") { listStorage };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(listStorage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var store = session.Services.GetRequiredService<TableRegionStatusStore>();
            await store.CreateTableAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var record in store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await WriteRegionAsync(record, parse.InvocationConfiguration.Output).ConfigureAwait(false);
            }

            return 0;
        });

        region.Subcommands.Add(set);
        region.Subcommands.Add(list);
        return region;
    }

    private static Task WriteRegionAsync(RegionStatusRecord record, TextWriter output) =>
        JsonLines.WriteAsync(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("region", record.Region);
            w.WriteString("status", record.Status.Name());
            if (record.IsSet)
            {
                w.WriteString("setBy", record.SetBy);
                w.WriteString("setAt", record.SetAt);
            }
            else
            {
                // Only seen in referrals: the default status applies.
                w.WriteNull("setBy");
                w.WriteString("firstSeenAt", record.SetAt);
            }

            w.WriteEndObject();
        });

    // A region no referral uses and no status names: say so (with the nearest known one) and refuse.
    internal static async Task<bool> UnknownRegionAsync(PipelineSession session, string command, string region, TextWriter error, CancellationToken cancellationToken, string hint = "")
    {
        var regions = session.Services.GetRequiredService<TableRegionStatusStore>();
        await regions.CreateTableAsync(cancellationToken).ConfigureAwait(false);
        var valid = Core.Validation.ReferralValidator.IsRegion(region);
        if (valid && await regions.IsKnownAsync(region, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var nearest = await regions.NearestKnownAsync(region, cancellationToken).ConfigureAwait(false);
        var suggestion = nearest is null ? string.Empty : $"; did you mean '{nearest}'?";
        await error.WriteLineAsync(valid
            ? $"spinetriage {command}: no referral or status uses region '{region}'{suggestion}{hint}"
            : $"spinetriage {command}: region must be 1-64 characters of a-z 0-9 -{suggestion}").ConfigureAwait(false);
        return true;
    }
}
