using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Storage;
using SpineTriage.Worker.Hosting;
using SpineTriage.Worker.Queue;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// <c>spinetriage demo</c>: the whole pipeline on this machine. Starts its own in-memory emulator
/// (unless <c>--storage</c> is given), sets example region statuses, submits the shipped sample
/// referrals (valid and invalid), processes them with the queue worker, and prints the decisions
/// and the postponed cases per region.
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
        var command = new Command("demo", "Run the whole pipeline on the shipped sample referrals: emulator, region statuses, queue, worker, results.") { storage };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(storage), AnsiConsole.Console, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? storageOption, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (console.Profile.Width < 120 && Console.IsOutputRedirected)
        {
            // Redirected output has no terminal width; keep the tables readable in a file or a CI log.
            console.Profile.Width = 120;
        }

        console.Write(new Rule("[bold]SpineTriage demo[/]").LeftJustified());
        console.MarkupLine("Decision support for spine referrals by the NASS COVID-19 guidance. [grey]A clinician decides.[/]");

        await using var session = await console.Status().StartAsync("Starting storage (Azurite, in memory)...",
            _ => PipelineSession.StartAsync(storageOption, listen: true, untilIdle: true, LogLevel.Error, cancellationToken, privateEmulator: true)).ConfigureAwait(false);
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
            using var reader = new StreamReader(OpenSample(sample), Encoding.UTF8);
            submitted += (await PipelineCommands.SubmitLinesAsync(reader, queues, Console.Error, cancellationToken).ConfigureAwait(false)).Sent;
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
            results.Add(result);
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

            postponed.AddRow(
                region, status.Name(), cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Count(cases, TriageCategory.Urgent), Count(cases, TriageCategory.Elective),
                cases.Count(c => c.NeedsReview).ToString(System.Globalization.CultureInfo.InvariantCulture));
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
        console.MarkupLine("[grey]Decision support only: every result lists its criteria and reasons; needs-review cases go to a clinician.[/]");
        return 0;
    }

    private static Table DecisionsTable(IReadOnlyList<TriageResult> results)
    {
        var table = new Table().Title("[bold]Decisions[/]").AddColumns("Referral", "Region", "Category", "Disposition", "Review", "Criteria");
        foreach (var result in results.OrderBy(r => r.Region, StringComparer.Ordinal).ThenByDescending(r => r.Category).ThenBy(r => r.ReferralId, StringComparer.Ordinal))
        {
            var category = result.Category switch
            {
                TriageCategory.Emergent => "[red]Emergent[/]",
                TriageCategory.Urgent => "[darkorange]Urgent[/]",
                TriageCategory.Elective => "[green]Elective[/]",
                _ => "[grey]Unclassified[/]",
            };
            table.AddRow(
                Markup.Escape(result.ReferralId), Markup.Escape(result.Region), category,
                result.Disposition switch { Disposition.Proceed => "proceed", Disposition.Postpone => "[yellow]postpone[/]", _ => "[blue]review[/]" },
                result.NeedsReview ? "yes" : string.Empty,
                Markup.Escape(string.Join(", ", result.Criteria)));
        }

        return table;
    }

    private static string Count(List<PostponedCase> cases, TriageCategory category) =>
        cases.Count(c => c.Category == category).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Stream OpenSample(string name) =>
        typeof(DemoCommand).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded in spinetriage.");
}
