using SpineTriage.Core.Guideline;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>The README's criteria and ICD-10-CM tables are what clinicians check: they must equal the code.</summary>
public sealed class ReadmeTablesTests
{
    private static readonly string[] ReadmeLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "README.md"));

    private static List<string[]> TableRowsAfter(string header) =>
        ReadmeLines
            .SkipWhile(line => !line.StartsWith(header, StringComparison.Ordinal))
            .Skip(2) // header and separator
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim().Trim('`')).ToArray())
            .ToList();

    [Fact]
    public void Readme_IcdTable_EqualsDiagnosisCodeMap()
    {
        var rows = TableRowsAfter("| code family |");

        var documented = rows.Select(r => (r[0], r[1], r[2], r[3])).ToList();
        var implemented = DiagnosisCodeMap.Table
            .Select(m => (m.Pattern, m.Description, m.Criterion.Id, m.DecidesAlone ? "alone" : "review"))
            .ToList();
        Assert.Equal(implemented, documented);
    }

    [Fact]
    public void Readme_CriteriaTable_EqualsNassGuideline()
    {
        var rows = TableRowsAfter("| id | category |");

        Assert.Equal(
            NassGuideline.Criteria.Select(c => (c.Id, c.Category.ToString())).ToList(),
            rows.Select(r => (r[0], r[1])).ToList());
    }

    [Fact]
    public void Readme_GuidelineVersion_IsTheCodes()
    {
        Assert.Contains(ReadmeLines, line => line.Contains($"`{NassGuideline.Version}`", StringComparison.Ordinal));
    }
}
