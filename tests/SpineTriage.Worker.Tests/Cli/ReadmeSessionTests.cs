using System.Text;
using System.Text.RegularExpressions;
using SpineTriage.TestSupport;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// The README's local session runs as written, line by line, on a fresh local store: every command
/// exits 0 and prints what its comment says.
/// </summary>
[Collection(DevelopmentPorts.Name)]
public sealed partial class ReadmeSessionTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private static readonly string Root = RepositoryRoot.Find();

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("spinetriage-readme-");

    [Fact]
    public async Task LocalSession_EveryLineAsWritten_ExitsZeroAndPrintsWhatItsCommentSays()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var block = SessionBlock().Match(readme);
        Assert.True(block.Success, "the README's local session block was not found");
        var lines = block.Groups["body"].Value.Split('\n').Where(l => l.StartsWith("$S ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 5);
        var environment = new Dictionary<string, string> { [SpineTriage.Worker.Emulator.AzuriteOptions.DataVariable] = _data.FullName };

        foreach (var line in lines)
        {
            var (arguments, comment) = Split(line[3..]);
            var run = await CliProcess.RunAsync(environment, Limit, [.. arguments.Select(a => Path.IsPathRooted(a) || !a.StartsWith("samples/", StringComparison.Ordinal) ? a : Path.Combine(Root, a))]);

            Assert.True(run.ExitCode == 0, $"{line}: exit {run.ExitCode}: {run.StandardError}");
            if (PrintsComment().Match(comment) is { Success: true } prints)
            {
                Assert.Equal(prints.Groups["value"].Value, run.StandardOutput.Trim());
            }
        }
    }

    public void Dispose()
    {
        if (_data.Exists)
        {
            _data.Delete(recursive: true);
        }
    }

    // Shell words (double quotes group), and the trailing "# comment".
    private static (List<string> Arguments, string Comment) Split(string line)
    {
        var arguments = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '#' && !quoted && (i == 0 || line[i - 1] == ' '))
            {
                if (word.Length > 0)
                {
                    arguments.Add(word.ToString());
                }

                return (arguments, line[(i + 1)..].Trim());
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0)
                {
                    arguments.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            arguments.Add(word.ToString());
        }

        return (arguments, string.Empty);
    }

    [GeneratedRegex(@"A local session:\s*```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SessionBlock();

    [GeneratedRegex(@"^prints (?<value>\d+)$")]
    private static partial Regex PrintsComment();
}
