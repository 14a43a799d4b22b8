using System.Text.RegularExpressions;

namespace SpineTriage.Docs.Tests;

/// <summary>
/// The README is the front door and docs/ holds the depth: every relative link and anchor in them
/// resolves to a file of the repository (never outside it), and the README stays short.
/// </summary>
public sealed partial class DocumentedLinksTests
{
    /// <summary>The README's budget: a front door, with the depth in docs/.</summary>
    private const int ReadmeMaxLines = 230;

    [Fact]
    public void Readme_IsAtMost230Lines()
    {
        var lines = File.ReadAllLines(RepositoryDocs.Readme).Length;
        Assert.True(lines <= ReadmeMaxLines, $"README.md has {lines} lines; keep it to {ReadmeMaxLines} and move depth into docs/.");
    }

    [Fact]
    public void EveryRelativeLink_ResolvesInsideTheRepository_AndEveryAnchorToAHeading()
    {
        var problems = new List<string>();
        var checkedLinks = 0;
        foreach (var file in RepositoryDocs.All())
        {
            foreach (var (line, target) in Markdown.Links(File.ReadAllLines(file)))
            {
                if (UriScheme().IsMatch(target))
                {
                    continue; // https:, mailto: and the like: not a file of the repository.
                }

                checkedLinks++;
                var problem = Check(file, target);
                if (problem is not null)
                {
                    problems.Add($"{RepositoryDocs.Relative(file)}:{line}: ({target}) {problem}");
                }
            }
        }

        Assert.True(checkedLinks > 20, $"only {checkedLinks} relative links found: is the link pattern still right?");
        Assert.True(problems.Count == 0, "Broken links:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Readme_LinksToEveryDoc()
    {
        var linked = Markdown.Links(File.ReadAllLines(RepositoryDocs.Readme))
            .Select(l => l.Target.Split('#')[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(
            RepositoryDocs.All().Skip(1).Select(RepositoryDocs.Relative),
            doc => Assert.True(linked.Contains(doc), $"README.md does not link to {doc}: add it to \"Read more\"."));
    }

    [Theory]
    [InlineData("## Diagnosis codes (ICD-10-CM)", "diagnosis-codes-icd-10-cm")]
    [InlineData("## The toggle: `usePrivateNetworking`", "the-toggle-useprivatenetworking")]
    [InlineData("## Building it: where nuget.org is reachable, and here", "building-it-where-nugetorg-is-reachable-and-here")]
    [InlineData("### `cauda-equina`", "cauda-equina")]
    [InlineData("## Free text: red flags and conflicts", "free-text-red-flags-and-conflicts")]
    [InlineData("## See [the design](docs/design.md) first", "see-the-design-first")]
    public void Slug_IsGitHubs(string heading, string slug)
    {
        Assert.Contains(slug, Markdown.Anchors([heading]));
    }

    [Fact]
    public void RepeatedHeadings_GetNumberedAnchors_AndHeadingsInCodeAreNotHeadings()
    {
        string[] lines = ["# Title", "## Notes", "## Notes", "```bash", "# not a heading", "```"];

        Assert.Equal(["notes", "notes-1", "title"], Markdown.Anchors(lines).Order(StringComparer.Ordinal));
    }

    private static string? Check(string file, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            return "must be relative, with forward slashes";
        }

        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        var root = RepositoryDocs.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!resolved.StartsWith(root, StringComparison.Ordinal) && resolved + Path.DirectorySeparatorChar != root)
        {
            return "points outside the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "no such file";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return GitHubLineAnchor().IsMatch(anchor) ? null : "an anchor into a file that is not Markdown";
        }

        return Markdown.Anchors(File.ReadAllLines(resolved)).Contains(anchor)
            ? null
            : $"no heading with the anchor #{anchor} in {RepositoryDocs.Relative(resolved)}";
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex("^L[0-9]+(-L[0-9]+)?$")]
    private static partial Regex GitHubLineAnchor();
}
