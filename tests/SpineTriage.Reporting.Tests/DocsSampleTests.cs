using SpineTriage.Reporting.Tests.Builders;

namespace SpineTriage.Reporting.Tests;

/// <summary>
/// A summary of the shipped samples renders for a browser with the chart inlined. (The README's sample
/// email, docs/summary-email.html and docs/summary-email.png, comes from <c>spinetriage demo</c>:
/// docs/summary-email.sh makes both again; this test no longer writes them.)
/// </summary>
public class DocsSampleTests
{
    public const string SampleRegion = "coastal";

    [Fact]
    public void SampleSummary_RendersForABrowserWithTheChartInlined()
    {
        var summary = SampleSummaries.Region(SampleRegion);

        var html = new SummaryEmailRenderer().RenderHtmlForBrowser(summary, SampleSummaries.PeriodKey);

        Assert.Contains("src=\"data:image/png;base64,", html);
        Assert.DoesNotContain("cid:", html);
        Assert.True(summary.Postponed > 0);
        Assert.NotEmpty(summary.EligibleToProceed);
        Assert.NotEmpty(summary.Backlog.Cases);
    }
}
