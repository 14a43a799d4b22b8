using System.Globalization;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Reporting.Tests.Builders;

namespace SpineTriage.Reporting.Tests;

/// <summary>
/// The rollup for the leads breaks every figure down by region: a table of each region's headline
/// figures (as its own email shows them), its status and its longest wait, then all regions together,
/// in the HTML and the text part alike. A region's own email has no such table.
/// </summary>
public class RollupByRegionRenderingTests
{
    private readonly SummaryEmailRenderer _renderer = new();

    private SummaryEmail Render(RegionSummary summary) => _renderer.Render(summary, SampleSummaries.PeriodKey, ["leads@example.org"]);

    private static string Figures(RegionSummary summary)
    {
        var longest = summary.LongestWaits.Count > 0 ? SummaryEmailContent.Days(summary.LongestWaits[0].Days) : "—";
        return string.Create(CultureInfo.InvariantCulture,
            $"{summary.Postponed} {summary.NewSincePrevious.Count} {summary.Backlog.Count} {summary.PastReevaluation.Count} {summary.EligibleToProceed.Count} {longest}");
    }

    [Fact]
    public void Render_Rollup_EveryRegionsOwnHeadlineFiguresInATable_InBothParts()
    {
        var rollup = SampleSummaries.Rollup();

        var email = Render(rollup);
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);

        Assert.Contains("By region", html);
        Assert.Contains("BY REGION", email.Text);
        Assert.Contains("Region Postponed New Awaiting review Past re-evaluation (28 days) Eligible to proceed Longest wait", html);
        Assert.Contains("Region Status Postponed New Review Re-eval Eligible Longest", text);
        foreach (var region in SampleSummaries.Statuses.Keys)
        {
            var own = SampleSummaries.Region(region);
            var row = $"{region} {own.Status!.Value.Name()} {Figures(own)}";
            Assert.Contains(row, html);
            Assert.Contains(row, text);
        }

        Assert.Contains($"All regions {Figures(rollup)}", html);
        Assert.Contains($"All regions {Figures(rollup)}", text);
    }

    [Fact]
    public void Render_Rollup_RegionRowsAreInRegionOrder_ThenAllRegions()
    {
        var text = Render(SampleSummaries.Rollup()).Text;

        var positions = SampleSummaries.Statuses.Keys.Order(StringComparer.Ordinal)
            .Select(r => text.IndexOf("\n  " + r + " ", StringComparison.Ordinal))
            .Append(text.IndexOf("\n  All regions ", StringComparison.Ordinal))
            .ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Render_RegionEmail_HasNoByRegionTable()
    {
        var email = Render(SampleSummaries.Region("coastal"));

        Assert.DoesNotContain("By region", EmailText.VisibleHtml(email.Html));
        Assert.DoesNotContain("BY REGION", email.Text);
    }
}
