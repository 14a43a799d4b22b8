using System.CommandLine;
using SpineTriage.Worker.Cli;

namespace SpineTriage.Docs.Tests;

/// <summary>
/// Checks a synopsis such as <c>spinetriage storage where|reset [--yes]</c> against the real
/// command line. Every form it documents is parsed: each optional group in or out, each
/// alternative of <c>a|b</c>, placeholders (<c>R</c>, <c>S</c>, <c>FILE</c>) as plain values (<c>N</c>, a
/// number, as 0). Each
/// optional group and each alternative must parse in at least one form, so <c>where|reset
/// [--yes]</c> passes (<c>storage where</c>, <c>storage reset --yes</c>) while a verb or option the
/// program lacks fails.
/// </summary>
internal static class Synopsis
{
    private const int MaxForms = 4096;

    /// <summary>What is wrong with the synopsis (nothing when every part parses), and the commands its forms reach.</summary>
    public static (IReadOnlyList<string> Failures, IReadOnlyList<Command> Commands) Check(DocumentedCommand synopsis)
    {
        var (groups, words) = Read(synopsis.Args);
        var forms = 1L << groups.Count(g => g.Optional);
        forms = words.Aggregate(forms, (n, w) => n * w.Alternatives.Length);
        if (forms > MaxForms)
        {
            return ([$"{forms} forms to parse: simplify the synopsis"], []);
        }

        var optional = groups.Select((g, i) => (g, i)).Where(x => x.g.Optional).Select(x => x.i).ToList();
        var groupParsed = new bool[groups.Count];
        var alternativeParsed = words.Select(w => new bool[w.Alternatives.Length]).ToList();
        var commands = new List<Command>();
        string? firstErrors = null;
        for (var mask = 0L; mask < 1L << optional.Count; mask++)
        {
            var included = groups.Select((g, i) => !g.Optional || (mask & (1L << optional.IndexOf(i))) != 0).ToArray();
            var inWords = Enumerable.Range(0, words.Count).Where(w => included[words[w].Group]).ToList();
            var sizes = inWords.Select(w => words[w].Alternatives.Length).ToArray();
            var choice = new int[inWords.Count];
            do
            {
                var args = inWords.Select((w, k) => words[w].Alternatives[choice[k]]).ToArray();
                var result = SpineTriageCommand.Create().Parse(args);
                if (result.Errors.Count == 0)
                {
                    commands.Add(result.CommandResult.Command);
                    for (var g = 0; g < groups.Count; g++)
                    {
                        groupParsed[g] |= included[g];
                    }

                    for (var k = 0; k < inWords.Count; k++)
                    {
                        alternativeParsed[inWords[k]][choice[k]] = true;
                    }
                }
                else
                {
                    firstErrors ??= $"`{string.Join(' ', args)}`: {string.Join("; ", result.Errors.Select(e => e.Message))}";
                }
            }
            while (Next(choice, sizes));
        }

        var failures = new List<string>();
        for (var g = 0; g < groups.Count; g++)
        {
            if (!groupParsed[g])
            {
                failures.Add($"`{groups[g].Text}` parses in no form");
            }
        }

        for (var w = 0; w < words.Count; w++)
        {
            for (var a = 0; a < words[w].Alternatives.Length; a++)
            {
                if (groupParsed[words[w].Group] && !alternativeParsed[w][a])
                {
                    failures.Add($"`{words[w].Alternatives[a]}` (of `{string.Join('|', words[w].Alternatives)}`) parses in no form");
                }
            }
        }

        if (failures.Count > 0)
        {
            failures.Add($"for example {firstErrors}");
        }

        return (failures, commands);
    }

    // The next choice of alternatives, like an odometer; false after the last.
    private static bool Next(int[] choice, int[] sizes)
    {
        for (var k = choice.Length - 1; k >= 0; k--)
        {
            if (++choice[k] < sizes[k])
            {
                return true;
            }

            choice[k] = 0;
        }

        return false;
    }

    private static (List<SynopsisGroup> Groups, List<SynopsisWord> Words) Read(IReadOnlyList<string> args)
    {
        var groups = new List<SynopsisGroup>();
        var words = new List<SynopsisWord>();
        var open = false;
        foreach (var arg in args)
        {
            var text = arg;
            var opens = text.StartsWith('[');
            if (opens)
            {
                if (open)
                {
                    throw new FormatException($"nested [ in: {string.Join(' ', args)}");
                }

                text = text[1..];
            }

            var closes = text.EndsWith(']');
            if (closes)
            {
                text = text[..^1];
            }

            if (opens || !open)
            {
                groups.Add(new SynopsisGroup(Optional: opens, Text: arg));
            }
            else
            {
                groups[^1] = groups[^1] with { Text = groups[^1].Text + " " + arg };
            }

            // N is the placeholder of a number (--sequence N, --port N): parsed as one.
            words.Add(new SynopsisWord(groups.Count - 1, [.. text.Split('|').Select(a => a == "N" ? "0" : a)]));
            open = (opens || open) && !closes;
        }

        if (open)
        {
            throw new FormatException($"unclosed [ in: {string.Join(' ', args)}");
        }

        return (groups, words);
    }

    private sealed record SynopsisGroup(bool Optional, string Text);

    private sealed record SynopsisWord(int Group, string[] Alternatives);
}
