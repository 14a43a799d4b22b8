using System.CommandLine;
using SpineTriage.Worker.Cli;

namespace SpineTriage.Docs.Tests;

/// <summary>
/// Every <c>spinetriage</c> command in the README and docs/ parses with the real command line
/// (<see cref="SpineTriageCommand"/>), so a documented verb or option that the program does not
/// have fails the build.
/// </summary>
public sealed class DocumentedCommandsTests
{
    [Fact]
    public void EveryDocumentedCommand_ParsesWithoutErrors()
    {
        var commands = RepositoryDocs.All().SelectMany(DocumentedCommands.ShellCommands).ToList();

        Assert.Contains(commands, c => c.File == "README.md" && c.Args is ["demo"]);
        Assert.Contains(commands, c => c.File == "docs/operations.md" && c.Text.TrimStart().StartsWith("$S ", StringComparison.Ordinal));
        Assert.True(commands.Count >= 15, $"only {commands.Count} documented commands found: is the extraction still right?");
        var failures = commands
            .Select(c => (Command: c, Errors: SpineTriageCommand.Create().Parse([.. c.Args]).Errors))
            .Where(p => p.Errors.Count > 0)
            .Select(p => $"{p.Command}\n    {string.Join("\n    ", p.Errors.Select(e => e.Message))}")
            .ToList();
        Assert.True(failures.Count == 0, "Documented commands that spinetriage does not parse:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void EverySynopsis_ParsesInEveryDocumentedForm()
    {
        var synopses = RepositoryDocs.All().SelectMany(DocumentedCommands.Synopses).ToList();

        Assert.True(synopses.Count >= 12, $"only {synopses.Count} synopses found: is the extraction still right?");
        var failures = synopses.SelectMany(s => Synopsis.Check(s).Failures.Select(f => $"{s}\n    {f}")).ToList();
        Assert.True(failures.Count == 0, "Documented synopses that spinetriage does not parse:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void ReadmeCommandTable_ListsEveryCommand()
    {
        var documented = DocumentedCommands.Synopses(RepositoryDocs.Readme)
            .SelectMany(s => Synopsis.Check(s).Commands)
            .Select(CommandPath)
            .ToHashSet(StringComparer.Ordinal);

        var leaves = Leaves(SpineTriageCommand.Create()).Select(CommandPath).ToList();
        Assert.NotEmpty(leaves);
        Assert.All(leaves, leaf => Assert.True(documented.Contains(leaf), $"the README's command table has no line for `spinetriage {leaf}`"));
    }

    [Fact]
    public void Synopsis_FindsAWrongVerbOrOption()
    {
        static DocumentedCommand Line(string text) => new("test.md", 1, text, text.Split(' ')[1..]);

        Assert.Empty(Synopsis.Check(Line("spinetriage storage where|reset [--yes]")).Failures);
        Assert.Empty(Synopsis.Check(Line("spinetriage results [--region R] [--disposition proceed|postpone|review] [--storage S]")).Failures);
        Assert.NotEmpty(Synopsis.Check(Line("spinetriage storage where|reset [--yes] [--force]")).Failures);
        Assert.NotEmpty(Synopsis.Check(Line("spinetriage results [--disposition proceed|later]")).Failures);
        Assert.NotEmpty(Synopsis.Check(Line("spinetriage poison list|purge")).Failures);
        Assert.NotEmpty(Synopsis.Check(Line("spinetriage regions list")).Failures);
    }

    [Fact]
    public void ShellReading_FindsTheProgramsArguments()
    {
        var file = Path.Combine(Path.GetTempPath(), $"spinetriage-docs-{Guid.NewGuid():N}.md");
        File.WriteAllLines(file,
        [
            "```bash",
            "S=\"dotnet run --project src/SpineTriage.Worker --\"",
            "$S region set north-east crisis --by \"on-call lead\"   # a comment with --bogus",
            "cat x.jsonl | dotnet run --project src/SpineTriage.Worker -- classify -; echo \"exit $?\"",
            "artifacts/spinetriage/spinetriage classify big.jsonl > results.jsonl 2>&1",
            "SPINETRIAGE_STORAGE=x spinetriage summary --region '*' \\",
            "  --now 2026-11-24T06:00:00Z",
            "dotnet run -c Release --project benchmarks/SpineTriage.Benchmarks -- cli --lines 5",
            "```",
            "```",
            "spinetriage demo [--storage S]     a description with --until-idle",
            "```",
        ]);
        try
        {
            Assert.Equal(
                [
                    "region set north-east crisis --by on-call lead",
                    "classify -",
                    "classify big.jsonl",
                    "summary --region * --now 2026-11-24T06:00:00Z",
                ],
                DocumentedCommands.ShellCommands(file).Select(c => string.Join(' ', c.Args)));
            Assert.Equal(["demo [--storage S]"], DocumentedCommands.Synopses(file).Select(c => string.Join(' ', c.Args)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<Command> Leaves(Command command) =>
        command.Subcommands.Count == 0 ? [command] : command.Subcommands.SelectMany(Leaves);

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not RootCommand; c = c.Parents.OfType<Command>().Single())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }
}
