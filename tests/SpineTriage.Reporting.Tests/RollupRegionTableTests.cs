using System.Text.Encodings.Web;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Reporting.Tests.Builders;

namespace SpineTriage.Reporting.Tests;

/// <summary>The rollup's "By region" table on hand-made lines: statuses, a region without cases, escaping.</summary>
public class RollupRegionTableTests
{
    private readonly SummaryEmailRenderer _renderer = new();

    private static SummaryBuilder Rollup() => new SummaryBuilder().Region(RegionSummary.AllRegions).Status(null).Regions(
        new RegionLine("central", RegionStatus.Normal, 12, 3, 2, 1, 4, 5, new CaseDays("REF-C", 61)),
        new RegionLine("highlands", RegionStatus.Crisis, 0, 0, 0, 0, 0, 0, null),
        new RegionLine("islands", null, 5, 0, 2, 0, 1, 0, new CaseDays("REF-I", 1)));

    [Fact]
    public void Render_RollupLines_ARowEachWithStatusFiguresAndLongestWait_ThenAllRegions()
    {
        var email = _renderer.Render(Rollup().Build(), "2026-11-24T06:00:00Z", ["leads@example.org"]);
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);

        foreach (var part in new[] { html, text })
        {
            Assert.Contains("central normal 12 3 2 4 5 61 days", part);
            Assert.Contains("highlands crisis 0 0 0 0 0 —", part);
            Assert.Contains("islands not set 5 0 2 1 0 1 day", part);
            // The builder's headline: 17 postponed, 3 new, 4 awaiting review, 2 past re-evaluation, 0 eligible; longest 73 days.
            Assert.Contains("All regions 17 3 4 2 0 73 days", part);
        }

        Assert.Contains("Re-eval: past re-evaluation (28 days).", text);
    }

    [Fact]
    public void Render_RollupTable_FitsTheTextPartsWidthForUsualRegionNames()
    {
        var email = _renderer.Render(Rollup().Build(), "2026-11-24T06:00:00Z", ["leads@example.org"]);

        var table = email.Text.Split('\n').SkipWhile(l => !l.StartsWith("BY REGION", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("NEEDS ATTENTION", StringComparison.Ordinal));
        Assert.All(table, line => Assert.True(line.TrimEnd().Length <= 76, line));
    }

    [Theory]
    [MemberData(nameof(SummaryEmailRendererTests.HostileIds), MemberType = typeof(SummaryEmailRendererTests))]
    public void Render_HostileRegionInTheTable_EscapedInHtml(string hostile)
    {
        var summary = Rollup().Regions(new RegionLine("z" + hostile, RegionStatus.Normal, 1, 0, 0, 0, 0, 0, new CaseDays("W" + hostile, 3))).Build();

        var email = _renderer.Render(summary, "2026-11-24T06:00:00Z", ["leads@example.org"]);

        Assert.DoesNotContain(hostile, email.Html);
        Assert.Contains(HtmlEncoder.Default.Encode("z" + hostile), email.Html);
        Assert.Contains("z" + hostile + " normal 1 0 0 0 0 3 days", EmailText.VisibleHtml(email.Html));
    }

    [Fact]
    public void Render_RollupWithoutRegions_HasNoTable()
    {
        var email = _renderer.Render(new SummaryBuilder().Region(RegionSummary.AllRegions).Status(null).Build(), "2026-11-24T06:00:00Z", ["leads@example.org"]);

        Assert.DoesNotContain("By region", EmailText.VisibleHtml(email.Html));
        Assert.DoesNotContain("BY REGION", email.Text);
    }
}
