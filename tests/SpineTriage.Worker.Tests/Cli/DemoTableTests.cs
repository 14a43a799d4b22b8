using System.Text.Json;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;
using SpineTriage.Worker.Cli;
using Spectre.Console;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>The demo's decisions table fits an 80-column terminal: no line is wider, and no referral id or criterion is broken.</summary>
public sealed class DemoTableTests
{
    [Fact]
    public void DecisionsTable_TheSampleDecisionsAt80Columns_FitAndBreakNoIdOrCriterion()
    {
        var classifier = new TriageClassifier();
        var results = File.ReadLines(SpineTriageProcess.Sample("referrals.jsonl")).Where(l => l.Length > 0)
            .Select(l => ReferralReader.Read(System.Text.Encoding.UTF8.GetBytes(l)).Referral!)
            .Select(r => classifier.Classify(r, RegionStatus.Crisis, DateTimeOffset.UnixEpoch))
            .ToList();
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 80;

        console.Write(DemoCommand.DecisionsTable(results));

        var lines = writer.ToString().Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, $"{line.TrimEnd().Length} columns: {line}"));
        var text = writer.ToString();
        Assert.All(results, r => Assert.Contains(r.ReferralId, text, StringComparison.Ordinal));
        // Every word of every criterion is whole somewhere (wrapping falls between words).
        var words = text.Split([' ', '\n', '\r', '│', '─', '|'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.All(results.SelectMany(r => r.Criteria).Distinct().SelectMany(c => DemoCommand.ShortCriterion(c).Split(' ')), w => Assert.Contains(w, words));
    }
}
