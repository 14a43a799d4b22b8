using System.Text.RegularExpressions;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>
/// The tables clinicians check must equal the code: the criteria table, the ICD-10-CM table with its
/// spine-relevant families and the disposition table, all in docs/clinical-rules.md.
/// </summary>
public sealed partial class DocumentedTablesTests
{
    private static readonly string DocsDirectory = Path.Combine(AppContext.BaseDirectory, "docs");

    private static readonly string[] ClinicalRulesLines = File.ReadAllLines(Path.Combine(DocsDirectory, "clinical-rules.md"));

    private static readonly string[] DesignLines = File.ReadAllLines(Path.Combine(DocsDirectory, "design.md"));

    private const string IcdTableHeader = "| code family | meaning | criterion | alone or review | why |";

    private const string DispositionTableHeader = "| category | normal | constrained | crisis |";

    private static readonly RegionStatus[] DispositionTableColumns = [RegionStatus.Normal, RegionStatus.Constrained, RegionStatus.Crisis];

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
        var rows = TableRowsAfter([.. Section(ClinicalRulesLines, "## Diagnosis codes (ICD-10-CM)")], IcdTableHeader);

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
    public void IcdTable_IsOnlyInTheClinicalRules()
    {
        // One copy to keep equal to the code: the README and the other docs link to it instead.
        var others = Directory.GetFiles(DocsDirectory, "*.md")
            .Where(f => Path.GetFileName(f) != "clinical-rules.md")
            .Append(Path.Combine(AppContext.BaseDirectory, "README.md"))
            .ToList();

        Assert.Contains(others, f => Path.GetFileName(f) == "design.md");
        Assert.All(others, f => Assert.DoesNotContain(File.ReadAllLines(f), l => l.StartsWith(IcdTableHeader, StringComparison.Ordinal)));
        Assert.Single(ClinicalRulesLines, l => l.StartsWith(IcdTableHeader, StringComparison.Ordinal));
    }

    [Fact]
    public void ClinicalRules_CriteriaTable_EqualsNassGuideline()
    {
        var rows = TableRowsAfter([.. Section(ClinicalRulesLines, "## Guideline criteria")], "| id | category |");

        Assert.Equal(
            NassGuideline.Criteria.Select(c => (c.Id, c.Category.ToString())).ToList(),
            rows.Select(r => (r[0], r[1])).ToList());
    }

    [Fact]
    public void ClinicalRules_GuidelineVersion_IsTheCodes()
    {
        Assert.Contains(ClinicalRulesLines, line => line.Contains($"`{NassGuideline.Version}`", StringComparison.Ordinal));
    }

    [Fact]
    public void ClinicalRules_DispositionTable_EqualsDispositionPolicy()
    {
        var section = Section(ClinicalRulesLines, "## Disposition").ToArray();
        Assert.Single(section, l => l == DispositionTableHeader);
        var rows = TableRowsAfter(section, DispositionTableHeader);

        // Every category once, and each cell what the policy decides: the plain outcome, then what
        // changes for a patient at high COVID-19 risk, then for one who is COVID-19 positive.
        Assert.Equal(
            Enum.GetValues<TriageCategory>().Order().ToList(),
            rows.Select(r => Enum.Parse<TriageCategory>(r[0])).Order().ToList());
        Assert.All(rows, row =>
        {
            var category = Enum.Parse<TriageCategory>(row[0]);
            Assert.Equal(
                DispositionTableColumns.Select(status => DocumentedCell(category, status)).ToArray(),
                row[1..]);
        });
    }

    [Fact]
    public void Design_DispositionTable_IsTheClinicalRulesTable()
    {
        static List<string> Table(string[] lines) =>
            [.. lines.SkipWhile(l => l != DispositionTableHeader).TakeWhile(l => l.StartsWith('|'))];

        Assert.NotEmpty(Table(ClinicalRulesLines));
        Assert.Equal(Table(ClinicalRulesLines), Table(DesignLines));
    }

    private static string DocumentedCell(TriageCategory category, RegionStatus status)
    {
        var plain = Outcome(DispositionPolicy.Decide(category, status, highCovidRisk: false, covidPositive: false, doubt: false));
        var highRisk = Outcome(DispositionPolicy.Decide(category, status, highCovidRisk: true, covidPositive: false, doubt: false));
        var positive = Outcome(DispositionPolicy.Decide(category, status, highCovidRisk: true, covidPositive: true, doubt: false));
        return plain
            + (highRisk == plain ? string.Empty : $" ({highRisk} if high COVID risk)")
            + (positive == highRisk ? string.Empty : $" ({positive} if COVID-19 positive)");
    }

    private static string Outcome(DispositionDecision decision) => decision.Disposition switch
    {
        Disposition.Postpone when decision.NeedsReview => "postpone + review",
        Disposition.Proceed => "proceed",
        Disposition.Postpone => "postpone",
        Disposition.Review => "review",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.Disposition, "no documented outcome"),
    };

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedCode();
}
