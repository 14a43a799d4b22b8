using System.Text.Json;
using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Guideline;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>The lexicon as clinicians read it (the concept table in docs/clinical-rules.md, docs/clinical-text.md) equals the data the reader applies.</summary>
public sealed class DocumentedLexiconTests
{
    private static readonly string ClinicalRules = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "clinical-rules.md"));
    private static readonly string Doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "clinical-text.md"));

    [Fact]
    public void Lexicon_Version_IsTheOneTheRuleSetPins()
    {
        Assert.Equal(NassGuideline.LexiconVersion, ClinicalLexicon.Default.Version);
        Assert.Contains($"`{ClinicalLexicon.Default.Version}`", ClinicalRules, StringComparison.Ordinal);
    }

    [Fact]
    public void ClinicalRules_ConceptTable_EqualsTheLexicon()
    {
        var rows = ClinicalRules.Split('\n')
            .SkipWhile(line => !line.StartsWith("| concept | what it means for triage |", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(line => line.StartsWith('|'))
            .ToList();

        Assert.Equal(
            ClinicalLexicon.Default.Concepts.Select(c => $"| `{c.Id}` | {c.Meaning}{(c.Suggests is null ? string.Empty : $" Points to `{c.Suggests}`.")} |").ToList(),
            rows);
    }

    [Fact]
    public void Doc_ConceptsAndExclusions_EqualTheLexicon()
    {
        var expected = ExpectedConceptsSection();
        var start = Doc.IndexOf("### `", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/clinical-text.md has no concept sections");
        Assert.Equal(expected, Doc[start..].TrimEnd());
    }

    // The concept, exclusion and spelling sections as they are generated from the lexicon file itself (its
    // literals as written, before expansion), so a clinician reads exactly what the reader applies.
    private static string ExpectedConceptsSection()
    {
        using var stream = typeof(ClinicalLexicon).Assembly.GetManifestResourceStream("SpineTriage.Core.ClinicalText.clinical-lexicon.json")!;
        using var json = JsonDocument.Parse(stream);
        var lines = new List<string>();
        foreach (var c in json.RootElement.GetProperty("concepts").EnumerateArray())
        {
            var codes = c.GetProperty("codes").EnumerateArray().Select(x => x.GetString()).ToList();
            lines.Add($"### `{c.GetProperty("id").GetString()}`\n");
            lines.Add($"- **Name**: {c.GetProperty("name").GetString()}. **Signals**: {c.GetProperty("signals").GetString()}."
                + (c.TryGetProperty("suggests", out var suggests) ? $" **Points to**: `{suggests.GetString()}`." : string.Empty)
                + (codes.Count > 0 ? $" **Codes**: {string.Join(", ", codes)}." : string.Empty));
            lines.Add($"- **Meaning**: {c.GetProperty("meaning").GetString()}");
            lines.Add("- **Variants**: " + string.Join("; ", c.GetProperty("variants").EnumerateArray().Select(v => $"`{v.GetString()}`")));
            if (c.TryGetProperty("requires", out var requires))
            {
                lines.Add($"- **Counts only with {requires.GetProperty("category").GetString()}**: "
                    + string.Join("; ", requires.GetProperty("variants").EnumerateArray().Select(v => $"`{v.GetString()}`")));
            }

            if (c.TryGetProperty("alsoHiddenBy", out var hidden))
            {
                lines.Add($"- **Also hidden by**: {string.Join(", ", hidden.EnumerateArray().Select(h => h.GetString()))}");
            }

            lines.Add(string.Empty);
        }

        lines.Add("## Exclusions\n");
        lines.AddRange(json.RootElement.GetProperty("exclusions").EnumerateArray().Select(e => $"- `{e.GetProperty("literal").GetString()}`: {e.GetProperty("why").GetString()}"));
        lines.Add(string.Empty);
        lines.Add("## Spellings\n");
        lines.Add("A text's word on the left is read as the word on the right.\n");
        lines.Add("| written | read as |");
        lines.Add("|---|---|");
        lines.AddRange(json.RootElement.GetProperty("spellings").EnumerateArray().Select(e => $"| `{e.GetProperty("written").GetString()}` | `{e.GetProperty("reads").GetString()}` |"));
        return string.Join('\n', lines).TrimEnd();
    }

}
