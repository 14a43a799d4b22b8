using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Reporting;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;
using SpineTriage.Worker.Hosting;
using SpineTriage.Worker.Queue;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// <c>spinetriage demo</c>: the whole pipeline on this machine. Starts its own in-memory emulator
/// (unless <c>--storage</c> is given), sets example region statuses, submits the shipped sample
/// referrals (valid and invalid), processes them with the queue worker, prints the decisions and
/// the postponed cases per region, and ends by writing each region's summary email (and the
/// rollup's) as .eml files to a pickup folder, whose path it prints, each with a browser preview
/// beside it (.html: the email's HTML part with the chart inlined). It never sends email: the
/// demo forces the pickup folder whatever SMTP host is configured, with example recipients.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The example region statuses the demo sets.</summary>
    public static readonly IReadOnlyList<(string Region, RegionStatus Status)> ExampleRegions =
    [
        ("north-east", RegionStatus.Crisis),
        ("south-west", RegionStatus.Constrained),
        ("central", RegionStatus.Normal),
        ("coastal", RegionStatus.Constrained),
        ("highlands", RegionStatus.Crisis),
        ("metro-west", RegionStatus.Normal),
    ];

    public static Command Create()
    {
        var storage = PipelineCommands.StorageOption();
        var summaries = new Option<string?>("--summaries")
        {
            Description = "Where the summary emails (.eml) are written. Default: a new folder under the system's temporary folder.",
            HelpName = "DIR",
        };
        var command = new Command(
            "demo", "Run the whole pipeline on the shipped sample referrals: emulator, region statuses, queue, worker, results, and the summary emails (.eml files, never sent).")
        {
            storage,
            summaries,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(storage), AnsiConsole.Console, cancellationToken, parse.GetValue(summaries)));
        return command;
    }

    /// <summary>The settings the demo runs with: example recipients, and the pickup folder instead of any SMTP server.</summary>
    public static Dictionary<string, string?> SummarySettings(string pickupDirectory)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{SummaryRecipientsOptions.Section}:SmtpHost"] = string.Empty,
            [$"{SummaryRecipientsOptions.Section}:PickupDirectory"] = pickupDirectory,
            [$"{SummaryRecipientsOptions.Section}:Recipients:{SummaryRecipientsOptions.RollupKey}:0"] = "regional-leads@example.org",
        };
        foreach (var (region, _) in ExampleRegions)
        {
            settings[$"{SummaryRecipientsOptions.Section}:Recipients:{region}:0"] = $"spine-lead.{region}@example.org";
            settings[$"{SummaryRecipientsOptions.Section}:Recipients:{region}:1"] = $"theatres.{region}@example.org";
        }

        return settings;
    }

    public static async Task<int> RunAsync(string? storageOption, IAnsiConsole console, CancellationToken cancellationToken, string? summariesDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (console.Profile.Width < 120 && Console.IsOutputRedirected)
        {
            // Redirected output has no terminal width; keep the tables readable in a file or a CI log.
            console.Profile.Width = 120;
        }

        console.Write(new Rule("[bold]SpineTriage demo[/]").LeftJustified());
        console.MarkupLine("Decision support for spine referrals by the NASS COVID-19 guidance. [grey]A clinician decides.[/]");

        var pickup = Path.GetFullPath(summariesDirectory
            ?? Path.Combine(Path.GetTempPath(), "spinetriage-demo", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture)));
        await using var session = await console.Status().StartAsync("Starting storage (Azurite, in memory)...",
            _ => PipelineSession.StartAsync(
                storageOption, listen: true, untilIdle: true, LogLevel.Error, cancellationToken, privateEmulator: true, settings: SummarySettings(pickup))).ConfigureAwait(false);
        var services = session.Services;
        var clients = services.GetRequiredService<StorageClients>();
        console.MarkupLineInterpolated($"Storage: [blue]{(session.StartedEmulator ? "embedded Azurite (in memory, stopped on exit)" : clients.Description)}[/]");

        await services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var regions = services.GetRequiredService<TableRegionStatusStore>();
        foreach (var (region, status) in ExampleRegions)
        {
            await regions.SetAsync(region, status, "spinetriage demo", cancellationToken).ConfigureAwait(false);
        }

        console.MarkupLine("Region statuses: " + string.Join(", ", ExampleRegions.Select(r => $"{r.Region} [yellow]{r.Status.Name()}[/]")));

        var queues = services.GetRequiredService<ReferralQueues>();
        var submitted = 0;
        foreach (var sample in new[] { "samples/referrals.jsonl", "samples/invalid-referrals.jsonl" })
        {
            await using var input = OpenSample(sample);
            submitted += (await PipelineCommands.SubmitAsync(input, queues, Console.Error, cancellationToken).ConfigureAwait(false)).Sent;
        }

        console.MarkupLineInterpolated($"Submitted [bold]{submitted}[/] messages to queue [blue]{queues.Queue.Name}[/].");

        var listener = services.GetRequiredService<QueueListener>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        await session.Host.StartAsync(cancellationToken).ConfigureAwait(false);
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Classifying and storing", maxValue: submitted);
                while (!lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    task.Value = listener.Counters.Handled;
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }

                task.Value = listener.Counters.Handled;
            }).ConfigureAwait(false);
        await session.Host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);

        var store = services.GetRequiredService<TableTriageStore>();
        var results = new List<TriageResult>();
        await foreach (var result in store.GetResultsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            results.Add(result.Machine);
        }

        console.Write(DecisionsTable(results));

        var postponed = new Table().Title("[bold]Postponed cases per region[/]").AddColumns("Region", "Status", "Postponed", "Urgent", "Elective", "Awaiting review");
        foreach (var (region, status) in ExampleRegions)
        {
            var cases = new List<PostponedCase>();
            await foreach (var item in store.GetPostponedAsync(region, cancellationToken).ConfigureAwait(false))
            {
                cases.Add(item);
            }

            // Awaiting review: the region's review backlog, whatever the disposition (review, or flagged while proceeding or postponed).
            var awaitingReview = 0;
            await foreach (var _ in store.GetReviewBacklogAsync(region, cancellationToken).ConfigureAwait(false))
            {
                awaitingReview++;
            }

            postponed.AddRow(
                region, status.Name(), cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Count(cases, TriageCategory.Urgent), Count(cases, TriageCategory.Elective),
                awaitingReview.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(postponed);

        var rejects = services.GetRequiredService<TableRejectedMessageStore>();
        var rejected = 0;
        await foreach (var _ in rejects.GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            rejected++;
        }

        var counters = listener.Counters;
        console.MarkupLineInterpolated(
            $"[bold]{counters.Stored}[/] stored, [bold]{counters.Superseded + counters.Duplicates}[/] older or repeated updates ignored, [bold]{rejected}[/] rejected (kept with their reasons: [blue]spinetriage rejects[/]), {counters.Poisoned} poisoned.");
        var summaries = await WriteSummariesAsync(services, console, pickup, cancellationToken).ConfigureAwait(false);
        console.MarkupLine("[grey]Decision support only: every result lists its criteria and reasons; needs-review cases go to a clinician.[/]");
        return summaries.Succeeded ? 0 : 1;
    }

    // The summary job as the scheduler runs it, for the current period, into the pickup folder.
    private static async Task<SummaryRunReport> WriteSummariesAsync(IServiceProvider services, IAnsiConsole console, string pickup, CancellationToken cancellationToken)
    {
        var job = services.GetRequiredService<ISummaryJob>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var report = await job.RunAsync(now, onlyRegion: null, cancellationToken).ConfigureAwait(false);
        // No file column: the names are long and would not fit 80 columns; the folder is printed below.
        var table = new Table().Title($"[bold]Summary emails, period {report.PeriodKey}[/]").AddColumns("Region", "Postponed", "Recipients", "Outcome");
        foreach (var delivery in report.Deliveries)
        {
            table.AddRow(
                Markup.Escape(delivery.Region),
                delivery.Postponed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                delivery.Recipients.ToString(System.Globalization.CultureInfo.InvariantCulture),
                delivery.Outcome == SummaryOutcome.Failed ? $"[red]failed[/]: {Markup.Escape(delivery.Error ?? string.Empty)}" : delivery.Outcome.ToString());
        }

        console.Write(table);

        // A browser page beside each .eml: what a mail client shows, with the chart inlined.
        foreach (var delivery in report.Deliveries.Where(d => d.Outcome == SummaryOutcome.Sent && d.Where is not null))
        {
            if (delivery.Where!.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) && File.Exists(delivery.Where))
            {
                await SummaryPreview.WriteBesideAsync(delivery.Where, cancellationToken).ConfigureAwait(false);
            }
        }

        var written = report.Deliveries.Count(d => d.Outcome == SummaryOutcome.Sent);
        console.MarkupLineInterpolated(
            $"[bold]{written}[/] summary emails written to [blue]{pickup}[/] (.eml files for a mail client, each with an .html preview for a browser; nothing was sent).");
        return report;
    }

    // A criterion as words ("emergent.severe-or-progressive-deficit": "severe or progressive deficit"),
    // which wrap between words in a narrow column, never inside one.
    internal static string ShortCriterion(string id) => id[(id.IndexOf('.', StringComparison.Ordinal) + 1)..].Replace('-', ' ');

    // Fits 80 columns: ids never wrap; regions are section rows; criteria one a line, wrapped between words.
    internal static Table DecisionsTable(IReadOnlyList<TriageResult> results)
    {
        var table = new Table().Title("[bold]Decisions[/]").Border(TableBorder.Minimal)
            .AddColumn(new TableColumn("Referral").NoWrap())
            .AddColumn(new TableColumn("Category").NoWrap())
            .AddColumn(new TableColumn("Disposition").NoWrap())
            .AddColumn(new TableColumn("Criteria"))
            .Caption("[grey]* a clinician reviews it[/]");
        string? region = null;
        foreach (var result in results.OrderBy(r => r.Region, StringComparer.Ordinal).ThenByDescending(r => r.Category).ThenBy(r => r.ReferralId, StringComparer.Ordinal))
        {
            if (result.Region != region)
            {
                region = result.Region;
                table.AddRow($"[bold underline]{Markup.Escape(region)}[/]", string.Empty, string.Empty, string.Empty);
            }

            var category = result.Category switch
            {
                TriageCategory.Emergent => "[red]Emergent[/]",
                TriageCategory.Urgent => "[darkorange]Urgent[/]",
                TriageCategory.Elective => "[green]Elective[/]",
                _ => "[grey]Unclassified[/]",
            };
            var disposition = result.Disposition switch { Disposition.Proceed => "proceed", Disposition.Postpone => "[yellow]postpone[/]", _ => "[blue]review[/]" };
            table.AddRow(
                Markup.Escape(result.ReferralId),
                category,
                result.NeedsReview ? disposition + " *" : disposition,
                Markup.Escape(string.Join('\n', result.Criteria.Select(ShortCriterion))));
        }

        return table;
    }

    private static string Count(List<PostponedCase> cases, TriageCategory category) =>
        cases.Count(c => c.Category == category).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Stream OpenSample(string name) =>
        typeof(DemoCommand).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded in spinetriage.");
}
