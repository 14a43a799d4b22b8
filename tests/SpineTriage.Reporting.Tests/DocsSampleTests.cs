using SpineTriage.Reporting.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Reporting.Tests;

/// <summary>
/// The documented sample email (docs/summary-email.html, and the screenshot docs/summary-email.png taken
/// from it with headless Chromium) is the shipped samples' summary for one region. Run with
/// SPINETRIAGE_WRITE_DOCS=1 to rewrite the HTML after a change to the layout; see docs/operations.md for the
/// screenshot command.
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

        if (Environment.GetEnvironmentVariable("SPINETRIAGE_WRITE_DOCS") == "1")
        {
            var path = RepositoryRoot.File("docs", "summary-email.html");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, html);
        }
    }
}
