using System.Text.RegularExpressions;
using SpineTriage.Core.Guideline;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>
/// The tables clinicians check must equal the code: the criteria table in the README, and the
/// ICD-10-CM table with its spine-relevant families in docs/clinical-rules.md.
/// </summary>
public sealed partial class DocumentedTablesTests
{
    private static readonly string[] ReadmeLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "README.md"));

    private static readonly string[] ClinicalRulesLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "clinical-rules.md"));

    private static List<string[]> TableRowsAfter(string[] lines, string header) =>
        lines
            .SkipWhile(line => !line.StartsWith(header, StringComparison.Ordinal))
            .Skip(2) // header and separator
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim().Trim('`')).ToArray())
            .ToList();

    private static IEnumerable<string> Section(string[] lines, string heading) =>
        lines.SkipWhile(line => line != heading).Skip(1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal));

    [Fact]
    public void ClinicalRules_IcdTable_EqualsDiagnosisCodeMapInAllFiveColumns()
    {
        var rows = TableRowsAfter([.. Section(ClinicalRulesLines, "## Diagnosis codes (ICD-10-CM)")], "| code family | meaning | criterion | alone or review | why |");

        Assert.All(rows, row => Assert.Equal(5, row.Length));
        var documented = rows.Select(r => (r[0], r[1], r[2], r[3], r[4])).ToList();
        var implemented = DiagnosisCodeMap.Table
            .Select(m => (m.Pattern, m.Description, m.Criterion.Id, m.DecidesAlone ? "alone" : "review", m.Rationale))
            .ToList();
        Assert.Equal(implemented, documented);
    }

    [Fact]
    public void ClinicalRules_SpineRelevantFamilies_EqualTheCode()
    {
        var line = Assert.Single(Section(ClinicalRulesLines, "## Diagnosis codes (ICD-10-CM)"), l => l.StartsWith("Spine-relevant families with no row:", StringComparison.Ordinal));

        var documented = BacktickedCode().Matches(line).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(DiagnosisCodeMap.SpineRelevantFamilies, documented);
    }

    [Fact]
    public void Readme_DiagnosisCodes_LinksToTheClinicalRules()
    {
        var section = Section(ReadmeLines, "## Guideline criteria")
            .SkipWhile(l => l != "### Diagnosis codes (ICD-10-CM)")
            .TakeWhile(l => l != "### Free text: red flags and conflicts");

        Assert.Contains(section, l => l.Contains("(docs/clinical-rules.md#diagnosis-codes-icd-10-cm)", StringComparison.Ordinal));
        Assert.DoesNotContain(section, l => l.StartsWith('|'));
    }

    [Fact]
    public void Readme_CriteriaTable_EqualsNassGuideline()
    {
        var rows = TableRowsAfter(ReadmeLines, "| id | category |");

        Assert.Equal(
            NassGuideline.Criteria.Select(c => (c.Id, c.Category.ToString())).ToList(),
            rows.Select(r => (r[0], r[1])).ToList());
    }

    [Fact]
    public void Readme_GuidelineVersion_IsTheCodes()
    {
        Assert.Contains(ReadmeLines, line => line.Contains($"`{NassGuideline.Version}`", StringComparison.Ordinal));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedCode();
}
