using System.Text.Encodings.Web;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Reporting.Tests.Builders;
using static SpineTriage.Reporting.Tests.Builders.SummaryBuilder;

namespace SpineTriage.Reporting.Tests;

/// <summary>
/// The review backlog in the summary email: the headline, the subject, the attention group of cases
/// waiting longer than the limit and the "Awaiting clinician review" section agree, in the text and
/// the HTML part alike; referral ids and criterion ids only, HTML-escaped.
/// </summary>
public class ReviewBacklogRenderingTests
{
    private const string Period = "2026-11-24T06:00:00Z";
    private readonly SummaryEmailRenderer _renderer = new();

    // E1: Emergent, proceeding but flagged, 2 hours. U1: Unclassified, review, 50 hours. X1: Elective,
    // postponed and flagged, 26 hours. Emergent first, then longest waiting: E1, U1, X1. Over 24 hours: U1, X1.
    private static SummaryBuilder ThreeWaiting() => new SummaryBuilder().WithBacklog(
        ReviewCase("X1", TriageCategory.Elective, Disposition.Postpone, TimeSpan.FromHours(26), "elective.deformity-correction"),
        ReviewCase("E1", TriageCategory.Emergent, Disposition.Proceed, TimeSpan.FromHours(2), "emergent.instability", "emergent.severe-or-progressive-deficit"),
        ReviewCase("U1", TriageCategory.Unclassified, Disposition.Review, TimeSpan.FromHours(50)));

    private SummaryEmail Render(RegionSummary summary) => _renderer.Render(summary, Period, ["head@example.org"]);

    [Fact]
    public void Render_Backlog_HeadlineSubjectPreheaderAndSectionAgree()
    {
        var email = Render(ThreeWaiting().Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);

        Assert.Equal("SpineTriage: 17 postponed in north-east (3 new, 3 need review) — 24 Nov 2026", email.Subject);
        Assert.Contains("3 awaiting review (2 longer than 24 hours)", email.Html); // the preheader
        Assert.Contains("3 Awaiting review", html);
        Assert.Contains("Awaiting review 3", text);
        Assert.Contains("Awaiting clinician review (3)", html);
        Assert.Contains("AWAITING CLINICIAN REVIEW (3)", email.Text);
        foreach (var part in new[] { html, text })
        {
            Assert.Contains("3 awaiting review; the longest waiting is U1 (2 days); 2 waiting longer than 24 hours.", part);
        }
    }

    [Fact]
    public void Render_Backlog_CasesOverTheLimitNeedAttention_LongestFirst()
    {
        var email = Render(ThreeWaiting().Build());

        Assert.Contains("Awaiting review longer than 24 hours (2) Held for a clinician for more than 24 hours, whatever the disposition. Time waiting in brackets, longest first. U1 (2 days) X1 (26 hours)",
            EmailText.VisibleHtml(email.Html));
        Assert.Contains("Awaiting review longer than 24 hours: 2 Held for a clinician for more than 24 hours, whatever the disposition. Time waiting in brackets, longest first. U1 (2 days), X1 (26 hours)",
            EmailText.Plain(email.Text));
    }

    [Fact]
    public void Render_Backlog_ListsEmergentFirstThenLongestWaiting_WithCriterionIds()
    {
        var email = Render(ThreeWaiting().Build());

        Assert.Contains(
            "E1 emergent.instability, emergent.severe-or-progressive-deficit Emergent proceed 2 hours "
            + "U1 no criterion matched Unclassified review 2 days "
            + "X1 elective.deformity-correction Elective postpone 26 hours",
            EmailText.VisibleHtml(email.Html));
        Assert.Contains(
            "E1 Emergent, proceed, 2 hours emergent.instability, emergent.severe-or-progressive-deficit "
            + "U1 Unclassified, review, 2 days (over 24 hours) no criterion matched "
            + "X1 Elective, postpone, 26 hours (over 24 hours) elective.deformity-correction",
            EmailText.Plain(email.Text));
    }

    [Fact]
    public void Render_Backlog_ByCategory_EmergentFirstInBothParts()
    {
        var email = Render(ThreeWaiting().Build());

        Assert.Contains("Category Awaiting review Emergent 1 Urgent 0 Elective 1 Unclassified 1", EmailText.VisibleHtml(email.Html));
        Assert.Contains("Category Awaiting review Emergent 1 Urgent 0 Elective 1 Unclassified 1", EmailText.Plain(email.Text));
    }

    [Fact]
    public void Render_RegionSummary_HasNoPerRegionBreakdown()
    {
        var email = Render(ThreeWaiting().Build());

        Assert.DoesNotContain(SummaryEmailContent.BacklogByRegionTitle, email.Html);
        Assert.DoesNotContain("Longest waiting", email.Text);
    }

    [Fact]
    public void Render_Rollup_BreaksTheBacklogDownPerRegion_AndNamesEachCasesRegion()
    {
        var summary = ThreeWaiting().Region(RegionSummary.AllRegions).Status(null)
            .WithBacklog(
                ReviewCase("N1", TriageCategory.Urgent, Disposition.Review, TimeSpan.FromHours(30), "urgent.intractable-pain"),
                ReviewCase("C1", TriageCategory.Elective, Disposition.Postpone, TimeSpan.FromHours(3), "elective.deformity-correction") with { Region = "central" })
            .Build();

        var email = Render(summary);
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);

        Assert.Contains("Awaiting review per region Region Awaiting review Over 24 hours Longest waiting central 1 0 C1 (3 hours) north-east 1 1 N1 (30 hours)", html);
        Assert.Contains("Region Awaiting review Over 24 hours Longest waiting central 1 0 C1 (3 hours) north-east 1 1 N1 (30 hours)", text);
        Assert.Contains("N1 urgent.intractable-pain Urgent north-east review 30 hours C1 elective.deformity-correction Elective central postpone 3 hours", html);
        Assert.Contains("N1 north-east, Urgent, review, 30 hours (over 24 hours) urgent.intractable-pain C1 central, Elective, postpone, 3 hours", text);
        Assert.Equal("SpineTriage: 17 postponed in all regions (3 new, 2 need review) — 24 Nov 2026", email.Subject);
    }

    [Fact]
    public void Render_RollupRegionWithoutBacklog_ShowsZeroAndADash()
    {
        var email = Render(new SummaryBuilder().Region(RegionSummary.AllRegions).Status(null).AwaitingReview().Build());

        Assert.Contains("central 0 0 — north-east 0 0 —", EmailText.VisibleHtml(email.Html));
        Assert.Contains("central 0 0 — north-east 0 0 —", EmailText.Plain(email.Text));
    }

    [Fact]
    public void Render_ConfiguredWaitLimit_IsNamedWhereverItApplies()
    {
        var email = Render(ThreeWaiting().ReviewWaitLimit(TimeSpan.FromHours(12)).Build());
        var text = EmailText.Plain(email.Text);

        Assert.Contains("Awaiting review longer than 12 hours: 2", text);
        Assert.Contains("2 waiting longer than 12 hours.", text);
        Assert.Contains("X1 Elective, postpone, 26 hours (over 12 hours)", text);
        Assert.Contains("Awaiting review longer than 12 hours (2)", EmailText.VisibleHtml(email.Html));
    }

    [Fact]
    public void Render_MoreBacklogCasesThanTheLimit_ListsTheLimitAndCountsTheRest()
    {
        var renderer = new SummaryEmailRenderer(Microsoft.Extensions.Options.Options.Create(new EmailOptions { MaxReferralIdsPerList = 1 }));

        var email = renderer.Render(ThreeWaiting().Build(), Period, ["head@example.org"]);

        Assert.Contains("E1 emergent.instability, emergent.severe-or-progressive-deficit Emergent proceed 2 hours … and 2 more.", EmailText.VisibleHtml(email.Html));
        Assert.Contains("... and 2 more.", email.Text);
        Assert.Contains("Awaiting clinician review (3)", EmailText.VisibleHtml(email.Html));
    }

    [Theory]
    [MemberData(nameof(SummaryEmailRendererTests.HostileIds), MemberType = typeof(SummaryEmailRendererTests))]
    public void Render_HostileIdsCriteriaAndRegionsInTheBacklog_EscapedInHtml(string hostile)
    {
        var summary = new SummaryBuilder().Region(RegionSummary.AllRegions).Status(null)
            .WithBacklog(ReviewCase("A" + hostile, TriageCategory.Urgent, Disposition.Review, TimeSpan.FromHours(30), "k" + hostile) with { Region = "z" + hostile })
            .Build();

        var email = Render(summary);

        Assert.DoesNotContain(hostile, email.Html);
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(email.Html, "<img "));
        var encoded = HtmlEncoder.Default.Encode(hostile);
        foreach (var prefix in new[] { "A", "k", "z" })
        {
            Assert.Contains(HtmlEncoder.Default.Encode(prefix) + encoded, email.Html);
            Assert.Contains(prefix + hostile, EmailText.VisibleHtml(email.Html));
            Assert.Contains(prefix + hostile, email.Text);
        }
    }

    [Theory]
    [InlineData(0, "under 1 hour")]
    [InlineData(59, "under 1 hour")]
    [InlineData(60, "1 hour")]
    [InlineData(47 * 60 + 59, "47 hours")]
    [InlineData(48 * 60, "2 days")]
    [InlineData(30 * 24 * 60, "30 days")]
    public void FormatWait_HoursUnderTwoDaysThenDays(int minutes, string expected) =>
        Assert.Equal(expected, SummaryEmailContent.FormatWait(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(60, "1 hour")]
    [InlineData(90, "1.5 hours")]
    [InlineData(24 * 60, "24 hours")]
    [InlineData(48 * 60, "48 hours")]
    [InlineData(72 * 60, "3 days")]
    public void FormatLimit_HoursUnderThreeDaysThenDays(int minutes, string expected) =>
        Assert.Equal(expected, SummaryEmailContent.FormatLimit(TimeSpan.FromMinutes(minutes)));
}
