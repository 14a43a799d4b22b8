using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SpineTriage.Docs.Tests;

/// <summary>The documentation files of the repository: README.md and docs/*.md.</summary>
internal static class RepositoryDocs
{
    /// <summary>The repository's root: the folder that holds SpineTriage.slnf, above the test's output.</summary>
    public static readonly string Root = FindRoot();

    /// <summary>README.md.</summary>
    public static string Readme => Path.Combine(Root, "README.md");

    /// <summary>README.md, then docs/*.md in name order.</summary>
    public static IReadOnlyList<string> All() =>
        [Readme, .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal)];

    /// <summary>A path relative to the repository root, with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SpineTriage.slnf")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SpineTriage.slnf above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}

/// <summary>A fenced code block: its info string (language), and its lines with their line numbers (1-based).</summary>
internal sealed record FencedBlock(string Language, IReadOnlyList<(int Number, string Text)> Lines);

/// <summary>What the documentation tests need of Markdown, as GitHub renders it.</summary>
internal static partial class Markdown
{
    /// <summary>The fenced code blocks of a file (``` or ~~~, indented or not).</summary>
    public static IReadOnlyList<FencedBlock> FencedBlocks(string[] lines) => Scan(lines).Blocks;

    /// <summary>The file's lines outside fenced code blocks (blank in their place, so line numbers hold).</summary>
    public static string[] Prose(string[] lines) => Scan(lines).Prose;

    private static (List<FencedBlock> Blocks, string[] Prose) Scan(string[] lines)
    {
        var blocks = new List<FencedBlock>();
        var prose = (string[])lines.Clone();
        string? fence = null;
        var language = string.Empty;
        var body = new List<(int, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (fence is null)
            {
                var open = FenceOpening().Match(trimmed);
                if (!open.Success)
                {
                    continue;
                }

                fence = open.Groups["fence"].Value;
                language = open.Groups["info"].Value.Trim().Split(' ', 2)[0].ToLowerInvariant();
                body = [];
            }
            else if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.TrimEnd().Trim(fence[0]).Length == 0)
            {
                blocks.Add(new FencedBlock(language, body));
                fence = null;
            }
            else
            {
                body.Add((i + 1, lines[i]));
            }

            prose[i] = string.Empty;
        }

        return (blocks, prose);
    }

    /// <summary>
    /// The anchors GitHub gives the file's headings: the heading's text, lower-cased, without
    /// punctuation, spaces as hyphens; a repeated slug gets -1, -2, ...
    /// </summary>
    public static IReadOnlySet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Prose(lines))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            if (seen.TryGetValue(slug, out var count))
            {
                seen[slug] = count + 1;
                anchors.Add($"{slug}-{count}");
            }
            else
            {
                seen[slug] = 1;
                anchors.Add(slug);
            }
        }

        return anchors;
    }

    /// <summary>GitHub's slug of a heading's text.</summary>
    public static string Slug(string headingText)
    {
        // The rendered text: a link or image is its text, code spans and emphasis lose their marks.
        var text = InlineLink().Replace(headingText, m => m.Groups["text"].Value);
        text = text.Replace("`", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (c is '-' or '_' || char.IsLetterOrDigit(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    /// <summary>Every link and image target in the file's prose (not in code), with its line number.</summary>
    public static IReadOnlyList<(int Line, string Target)> Links(string[] lines)
    {
        var prose = string.Join('\n', Prose(lines));

        // Code spans show their text literally: blank them, keeping the line breaks.
        prose = CodeSpan().Replace(prose, m => new string(m.Value.Select(c => c == '\n' ? '\n' : ' ').ToArray()));

        var links = new List<(int, string)>();
        foreach (Match m in InlineLink().Matches(prose))
        {
            links.Add((LineOf(prose, m.Groups["target"].Index), m.Groups["target"].Value));
        }

        foreach (Match m in ReferenceDefinition().Matches(prose))
        {
            links.Add((LineOf(prose, m.Groups["target"].Index), m.Groups["target"].Value));
        }

        return links;
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"^(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex FenceOpening();

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[(?<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?<target>[^)\s>]*)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*<?(?<target>\S+?)>?(?:\s|$)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"(?<ticks>`+)(?!`).*?(?<!`)\k<ticks>(?!`)", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();
}
