using System.Text;
using System.Text.RegularExpressions;

namespace SpineTriage.Docs.Tests;

/// <summary>A documented <c>spinetriage</c> command: where it is, how it was written, and its arguments.</summary>
/// <param name="File">The Markdown file, relative to the repository root.</param>
/// <param name="Line">The line in that file.</param>
/// <param name="Text">The line as written.</param>
/// <param name="Args">The program's arguments (after <c>spinetriage</c>, or after <c>dotnet run ... --</c>).</param>
internal sealed record DocumentedCommand(string File, int Line, string Text, IReadOnlyList<string> Args)
{
    public override string ToString() => $"{File}:{Line}: {Text.Trim()}";
}

/// <summary>
/// Finds the <c>spinetriage</c> commands in the fenced code blocks of the documentation.
/// <list type="bullet">
/// <item>Shell blocks (<c>bash</c>, <c>sh</c>, <c>shell</c>, <c>console</c>) hold commands to run:
/// <c>spinetriage ...</c> (also as a path, <c>artifacts/spinetriage/spinetriage ...</c>),
/// <c>dotnet run --project src/SpineTriage.Worker -- ...</c>, and <c>$S ...</c> after
/// <c>S="dotnet run --project src/SpineTriage.Worker --"</c>. Quotes, comments, pipes, <c>;</c>,
/// <c>&amp;&amp;</c>, redirections and line continuations are read as bash reads them.</item>
/// <item>Plain blocks (no language) hold synopses: <c>spinetriage VERB [--option VALUE] a|b</c>,
/// followed after two or more spaces by a description.</item>
/// </list>
/// </summary>
internal static partial class DocumentedCommands
{
    private static readonly string[] ShellLanguages = ["bash", "sh", "shell", "console", "zsh"];

    /// <summary>The commands to run, from shell blocks.</summary>
    public static IReadOnlyList<DocumentedCommand> ShellCommands(string file)
    {
        var commands = new List<DocumentedCommand>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in Markdown.FencedBlocks(File.ReadAllLines(file)).Where(b => ShellLanguages.Contains(b.Language)))
        {
            foreach (var (line, text) in JoinContinuations(block.Lines))
            {
                foreach (var segment in Shell.Segments(text))
                {
                    var args = Invocation(segment, variables);
                    if (args is not null)
                    {
                        commands.Add(new DocumentedCommand(RepositoryDocs.Relative(file), line, text, args));
                    }
                }
            }
        }

        return commands;
    }

    /// <summary>The synopses, from plain blocks: the words of each, description cut off.</summary>
    public static IReadOnlyList<DocumentedCommand> Synopses(string file)
    {
        var synopses = new List<DocumentedCommand>();
        foreach (var block in Markdown.FencedBlocks(File.ReadAllLines(file)).Where(b => b.Language.Length == 0))
        {
            foreach (var (line, text) in block.Lines)
            {
                var synopsis = Description().Split(text.Trim(), 2)[0];
                var words = synopsis.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 0 && IsProgram(words[0]))
                {
                    synopses.Add(new DocumentedCommand(RepositoryDocs.Relative(file), line, synopsis, words[1..]));
                }
            }
        }

        return synopses;
    }

    private static bool IsProgram(string word) => word == "spinetriage" || word.EndsWith("/spinetriage", StringComparison.Ordinal);

    private static bool IsWorkerProject(string path) =>
        path.TrimEnd('/').Replace('\\', '/') is var p
        && (p.EndsWith("src/SpineTriage.Worker", StringComparison.Ordinal) || p.EndsWith("src/SpineTriage.Worker/SpineTriage.Worker.csproj", StringComparison.Ordinal));

    // The program's arguments when the segment runs spinetriage; null when it runs something else.
    // A segment that only assigns a variable records it, for $S later in the file.
    private static List<string>? Invocation(IReadOnlyList<Shell.Word> segment, Dictionary<string, string> variables)
    {
        if (segment[0] is { Quoted: false, Text: ['$', .. var name] } && VariableName().IsMatch(name) && !variables.ContainsKey(name))
        {
            throw new InvalidOperationException($"${name} is used before the file sets it (S=\"dotnet run --project src/SpineTriage.Worker --\"): {string.Join(' ', segment.Select(w => w.Text))}");
        }

        var words = new List<string>();
        foreach (var word in segment)
        {
            if (!word.Quoted && word.Text.Length > 1 && word.Text[0] == '$' && variables.TryGetValue(word.Text[1..], out var value))
            {
                words.AddRange(Shell.Segments(value).SelectMany(s => s).Select(w => w.Text)); // unquoted: split into words
            }
            else
            {
                words.Add(word.Text);
            }
        }

        if (words.Count > 0 && words[0] == "export")
        {
            words.RemoveAt(0);
        }

        var assignments = 0;
        while (assignments < words.Count && Assignment().Match(words[assignments]) is { Success: true } assignment)
        {
            if (words.Count == assignments + 1 || segment[0].Text == "export")
            {
                variables[assignment.Groups["name"].Value] = assignment.Groups["value"].Value;
            }

            assignments++;
        }

        words.RemoveRange(0, assignments);
        if (words.Count == 0)
        {
            return null;
        }

        if (IsProgram(words[0]))
        {
            return words[1..];
        }

        if (words is ["dotnet", "run", ..])
        {
            var project = words.IndexOf("--project");
            var separator = words.IndexOf("--");
            if (project > 0 && project + 1 < words.Count && IsWorkerProject(words[project + 1]))
            {
                return separator < 0 ? [] : words[(separator + 1)..];
            }
        }

        return null;
    }

    private static IEnumerable<(int Line, string Text)> JoinContinuations(IReadOnlyList<(int Number, string Text)> lines)
    {
        var text = new StringBuilder();
        var first = 0;
        foreach (var (number, line) in lines)
        {
            if (text.Length == 0)
            {
                first = number;
            }

            if (line.EndsWith('\\'))
            {
                text.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }

            text.Append(line);
            yield return (first, text.ToString());
            text.Clear();
        }

        if (text.Length > 0)
        {
            yield return (first, text.ToString());
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Description();

    [GeneratedRegex("^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex Assignment();
}

/// <summary>Just enough of bash's word splitting to read a documented command line.</summary>
internal static class Shell
{
    /// <summary>A word after quote removal, and whether any of it was quoted (a quoted <c>$S</c> is not expanded here).</summary>
    internal readonly record struct Word(string Text, bool Quoted);

    /// <summary>
    /// The simple commands of a line, split at <c>|</c>, <c>||</c>, <c>&amp;&amp;</c>, <c>;</c> and
    /// <c>&amp;</c>, without comments and redirections (<c>&gt; file</c>, <c>2&gt;&amp;1</c>, <c>&lt; file</c>).
    /// </summary>
    public static List<List<Word>> Segments(string line)
    {
        var segments = new List<List<Word>> { new() };
        var word = new StringBuilder();
        var inWord = false;
        var quoted = false;
        var redirect = false; // the next word is a redirection's target

        void EndWord()
        {
            if (!inWord)
            {
                return;
            }

            if (redirect)
            {
                redirect = false;
            }
            else
            {
                segments[^1].Add(new Word(word.ToString(), quoted));
            }

            word.Clear();
            inWord = false;
            quoted = false;
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"unterminated ' in: {line}");
                    }

                    word.Append(line, i + 1, close - i - 1);
                    inWord = quoted = true;
                    i = close;
                    break;
                case '"':
                    inWord = quoted = true;
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        word.Append(line[i]);
                    }

                    if (i >= line.Length)
                    {
                        throw new FormatException($"unterminated \" in: {line}");
                    }

                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    inWord = true;
                    break;
                case '#' when !inWord:
                    EndWord();
                    return Done(segments);
                case ' ' or '\t':
                    EndWord();
                    break;
                case '|' or ';' or '&':
                    EndWord();
                    if (i + 1 < line.Length && line[i + 1] == c)
                    {
                        i++; // || or &&
                    }

                    segments.Add([]);
                    break;
                case '>' or '<':
                    // A redirection; a descriptor number right before it ("2>") belongs to it.
                    if (inWord && word.ToString().All(char.IsAsciiDigit) && !quoted)
                    {
                        word.Clear();
                        inWord = false;
                    }
                    else
                    {
                        EndWord();
                    }

                    while (i + 1 < line.Length && line[i + 1] is '>' or '&')
                    {
                        i++;
                    }

                    if (i + 1 < line.Length && char.IsAsciiDigit(line[i + 1]) && line[i] == '&')
                    {
                        i++; // >&1: no target word follows
                    }
                    else
                    {
                        redirect = true;
                    }

                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        EndWord();
        return Done(segments);
    }

    private static List<List<Word>> Done(List<List<Word>> segments) => segments.Where(s => s.Count > 0).ToList();
}
