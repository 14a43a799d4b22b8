using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.Reporting.Tests.Builders;

namespace SpineTriage.Reporting.Tests;

public class SummaryEmailRendererTests
{
    private const string Period = "2026-11-24T06:00:00Z";
    private static readonly string[] Recipients = ["head.ne@example.org", "deputy.ne@example.org"];
    private readonly SummaryEmailRenderer _renderer = new();

    private SummaryEmail Render(RegionSummary summary) => _renderer.Render(summary, Period, Recipients);

    [Fact]
    public void Render_KnownSummary_HeadlineFiguresInBothParts()
    {
        var email = Render(new SummaryBuilder().Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);

        // HTML tiles show the number above its label; the text lists the label, then the number.
        Assert.Contains("17 Postponed now", html);
        Assert.Contains("3 New since last summary", html);
        Assert.Contains("4 Awaiting review", html);
        Assert.Contains("2 Past re-evaluation (28 days)", html);
        Assert.Contains("0 Eligible to proceed", html);
        Assert.Contains("Postponed now 17", text);
        Assert.Contains("New since last summary 3", text);
        Assert.Contains("Awaiting review 4", text);
        Assert.Contains("Past re-evaluation (28 days) 2", text);
        Assert.Contains("Eligible to proceed 0", text);
    }

    [Fact]
    public void Render_KnownSummary_TitleStatusAndTimesInBothParts()
    {
        var email = Render(new SummaryBuilder().Build());
        foreach (var part in new[] { EmailText.VisibleHtml(email.Html), EmailText.Plain(email.Text) })
        {
            Assert.Contains("Postponed spine procedures — north-east — 24 Nov 2026", part);
            Assert.Contains("Region status", part);
            Assert.Contains("crisis", part, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Summary of 24 Nov 2026, 06:00 UTC. Previous summary: 23 Nov 2026, 06:00 UTC.", part);
            Assert.Contains("Decision support: a clinician decides. Referral ids only; no patient data.", part);
        }
    }

    [Fact]
    public void Render_KnownSummary_CategoriesWithGuidanceInBothParts()
    {
        var email = Render(new SummaryBuilder().Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);
        Assert.Contains("Urgent 5 Proceed if the local situation and resources allow", html);
        Assert.Contains("Elective 12 Consider postponing the procedure/treatment", html);
        Assert.Contains("Urgent 5 Proceed if the local situation and resources allow", text);
        Assert.Contains("Elective 12 Consider postponing the procedure/treatment", text);
    }

    [Theory]
    [InlineData("elective.manageable-without-procedure", 9, "Spinal conditions where pain and dysfunction can be reasonably managed without procedural intervention during the crisis")]
    [InlineData("urgent.intractable-pain", 4, "Spinal conditions causing intractable pain that result in ED presentation, severe functional limitations and/or excessive opioid use despite non-procedural attempts at management")]
    [InlineData("elective.deformity-correction", 3, "Scoliosis and/or kyphosis correction")]
    [InlineData("urgent.progressive-myelopathy", 2, "Cervical or thoracic myelopathy due to spinal stenosis, with recent progression")]
    public void Render_KnownSummary_EachCriterionWithIdGuidanceAndCount(string id, int count, string guidance)
    {
        var email = Render(new SummaryBuilder().Build());
        Assert.Contains($"{guidance} {id} {count}", EmailText.VisibleHtml(email.Html));
        var category = NassGuideline.GetCriterion(id).Category;
        Assert.Contains($"{count} {id} ({category}) {guidance}", EmailText.Plain(email.Text));
    }

    [Fact]
    public void Render_CriterionOfAnOlderGuideline_ShownNotFailed()
    {
        var email = Render(new SummaryBuilder().Criteria(new KeyValuePair<string, int>("urgent.retired-criterion", 1)).Build());
        Assert.Contains("Not in the current guideline version urgent.retired-criterion 1", EmailText.VisibleHtml(email.Html));
        Assert.Contains("1 urgent.retired-criterion Not in the current guideline version", EmailText.Plain(email.Text));
    }

    [Fact]
    public void Render_KnownSummary_LongestWaitsInBothParts()
    {
        var email = Render(new SummaryBuilder().Build());
        foreach (var part in new[] { EmailText.VisibleHtml(email.Html), EmailText.Plain(email.Text) })
        {
            Assert.Contains("REF-W1 73 days REF-W2 61 days REF-W3 44 days", part);
        }
    }

    [Fact]
    public void Render_KnownSummary_AttentionListsInBothParts()
    {
        var email = Render(new SummaryBuilder().Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);

        Assert.Contains("Awaiting review longer than 24 hours (1) Held for a clinician for more than 24 hours", html);
        Assert.Contains("REF-R1 (30 hours)", html);
        Assert.Contains("Awaiting review longer than 24 hours: 1 Held for a clinician for more than 24 hours", text);
        Assert.Contains("REF-R1 (30 hours)", text);
        Assert.Contains("REF-W1 (52 days) REF-W2 (33 days)", html);
        Assert.Contains("REF-W1 (52 days), REF-W2 (33 days)", text);
        Assert.Contains("REF-N1 REF-N2 REF-N3", html);
        Assert.Contains("REF-N1, REF-N2, REF-N3", text);
        Assert.Contains("Postponed since the previous summary of 23 Nov 2026, 06:00 UTC.", html);
        Assert.Contains("Postponed since the previous summary of 23 Nov 2026, 06:00 UTC.", text);
    }

    [Fact]
    public void Render_EligibleCasesInNormalRegion_ListedInBothParts()
    {
        var email = Render(new SummaryBuilder().Status(RegionStatus.Normal).Eligible("REF-E1", "REF-E2").Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);
        Assert.Contains("2 Eligible to proceed", html);
        Assert.Contains("Eligible to proceed (2)", html);
        Assert.Contains("REF-E1 REF-E2", html);
        Assert.Contains("Eligible to proceed 2", text);
        Assert.Contains("REF-E1, REF-E2", text);
        Assert.Contains("normal", text);
    }

    [Fact]
    public void Render_KnownSummary_EveryTrendDayInBothParts()
    {
        var email = Render(new SummaryBuilder().Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);
        var trend = SummaryBuilder.Trend();

        Assert.Contains("Day " + string.Join(' ', trend.Select(p => SummaryEmailContentDay(p.Day))), html);
        Assert.Contains("Urgent " + string.Join(' ', trend.Select(p => p.Urgent)), html);
        Assert.Contains("Elective " + string.Join(' ', trend.Select(p => p.Elective)), html);
        Assert.Contains("Total " + string.Join(' ', trend.Select(p => p.Total)), html);
        foreach (var point in trend)
        {
            Assert.Contains($"{SummaryEmailContentDay(point.Day)} {point.Urgent} {point.Elective} {point.Total}", text);
        }
    }

    [Fact]
    public void Render_FirstSummary_SaysEveryCaseIsNew()
    {
        var email = Render(new SummaryBuilder().FirstSummary().Build());
        foreach (var part in new[] { EmailText.VisibleHtml(email.Html), EmailText.Plain(email.Text) })
        {
            Assert.Contains("This is the first summary.", part);
            Assert.Contains("New (first summary)", part);
        }
    }

    [Fact]
    public void Render_EmptyGroups_SayNone()
    {
        var email = Render(new SummaryBuilder().AwaitingReview().New().PastReevaluation().Waits().Criteria().Build());
        var html = EmailText.VisibleHtml(email.Html);
        var text = EmailText.Plain(email.Text);
        Assert.Contains("Awaiting clinician review (0)", html);
        Assert.Contains("Awaiting review longer than 24 hours (0)", html);
        Assert.Contains("None.", html);
        Assert.Contains("AWAITING CLINICIAN REVIEW (0)", email.Text);
        Assert.Contains("Awaiting review longer than 24 hours: 0", email.Text);
        Assert.Contains("No case is awaiting review.", html);
        Assert.Contains("No case is awaiting review.", text);
        Assert.Contains("Referral and criteria Category Now Waiting None.", html);
    }

    [Fact]
    public void Render_MoreIdsThanTheLimit_ListsTheLimitAndCountsTheRest()
    {
        var renderer = new SummaryEmailRenderer(Options.Create(new EmailOptions { MaxReferralIdsPerList = 2 }));
        var email = renderer.Render(new SummaryBuilder().Build(), Period, Recipients);
        var html = EmailText.VisibleHtml(email.Html);
        Assert.Contains("REF-N1 REF-N2 … and 1 more.", html);
        Assert.Contains("REF-R2 urgent.progressive-myelopathy Urgent postpone 20 hours … and 2 more.", html);
        Assert.DoesNotContain("REF-R3", html);
        Assert.Contains("REF-N1, REF-N2", email.Text);
        Assert.Contains("... and 2 more.", email.Text);
        Assert.DoesNotContain("REF-R3", email.Text);
        Assert.Contains("4 Awaiting review", html);
        Assert.Contains("Awaiting clinician review (4)", html);
    }

    [Fact]
    public void Render_Subject_CountsRegionAndDate()
    {
        Assert.Equal("SpineTriage: 17 postponed in north-east (3 new, 4 need review) — 24 Nov 2026", Render(new SummaryBuilder().Build()).Subject);
    }

    [Fact]
    public void Render_OneToReview_SubjectIsSingular()
    {
        Assert.Equal("SpineTriage: 17 postponed in north-east (3 new, 1 needs review) — 24 Nov 2026",
            Render(new SummaryBuilder().AwaitingReview("REF-R1").Build()).Subject);
    }

    [Fact]
    public void Render_RegionWithLineBreak_SubjectHasNoControlCharacters()
    {
        var subject = Render(new SummaryBuilder().Region("north\r\nBcc: someone@example.org").Build()).Subject;
        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
    }

    [Fact]
    public void Render_Rollup_SameLayoutWithoutRegionStatus()
    {
        var email = Render(new SummaryBuilder().Region(RegionSummary.AllRegions).Status(null).Eligible("REF-E1").Build());
        var html = EmailText.VisibleHtml(email.Html);
        Assert.Equal("SpineTriage: 17 postponed in all regions (3 new, 4 need review) — 24 Nov 2026", email.Subject);
        Assert.Contains("Postponed spine procedures — all regions — 24 Nov 2026", html);
        Assert.DoesNotContain("Region status", html);
        Assert.DoesNotContain("Region status", email.Text);
        Assert.Contains("in regions whose status is now normal", html);
        Assert.Contains("All regions together", html);
        Assert.Contains("All regions together", email.Text);
        Assert.Contains("17 Postponed now", html);
        Assert.Contains("1 Eligible to proceed", html);
        Assert.Contains("REF-E1", html);
    }

    [Fact]
    public void Render_ChartReferencedByContentId()
    {
        var email = Render(new SummaryBuilder().Build());
        Assert.Matches("^trend-[0-9a-f]{16}@spinetriage$", email.ChartContentId);
        Assert.Contains($"src=\"cid:{email.ChartContentId}\"", email.Html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(email.Html, "<img "));
        Assert.Contains("alt=\"Bar chart of postponed cases per day in north-east, 11 Nov to 24 Nov: 40 (10 Urgent, 30 Elective) on the first day, 79 (23 Urgent, 56 Elective) today.\"", email.Html);
        Assert.True(email.ChartPng.Length > 1000);
    }

    [Fact]
    public void Render_SameRegionAndPeriod_SameContentId_OtherRegion_Different()
    {
        var first = Render(new SummaryBuilder().Build());
        var again = Render(new SummaryBuilder().Build());
        var other = Render(new SummaryBuilder().Region("south-west").Build());
        Assert.Equal(first.ChartContentId, again.ChartContentId);
        Assert.NotEqual(first.ChartContentId, other.ChartContentId);
    }

    [Fact]
    public void Render_CarriesRegionPeriodAndRecipients()
    {
        var email = Render(new SummaryBuilder().Build());
        Assert.Equal("north-east", email.Region);
        Assert.Equal(Period, email.PeriodKey);
        Assert.Equal(Recipients, email.To);
    }

    [Fact]
    public void Render_Html_NoScriptsNoExternalResourcesNoStyleSheets()
    {
        var html = Render(new SummaryBuilder().Build()).Html;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-width:680px", html);
    }

    public static TheoryData<string> HostileIds => new()
    {
        "<script>alert(1)</script>",
        "\"&'<b>",
        "x\" onerror=\"alert(1)",
        "</td></tr></table><img src=x>",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void Render_HostileRegionAndIds_EscapedEverywhereInHtml(string hostile)
    {
        var summary = new SummaryBuilder()
            .Region("r" + hostile)
            .Status(RegionStatus.Normal)
            .AwaitingReview("A" + hostile)
            .Eligible("E" + hostile)
            .New("N" + hostile)
            .Waits(new CaseDays("W" + hostile, 5))
            .PastReevaluation(new CaseDays("P" + hostile, 30))
            .Criteria(new KeyValuePair<string, int>("c" + hostile, 1))
            .Build();
        var email = _renderer.Render(summary, "p" + hostile, Recipients);

        Assert.DoesNotContain(hostile, email.Html);
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=\"", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(email.Html, "<img "));
        var encoded = HtmlEncoder.Default.Encode(hostile);
        foreach (var prefix in new[] { "r", "A", "E", "N", "W", "P", "c", "p" })
        {
            Assert.Contains(HtmlEncoder.Default.Encode(prefix) + encoded, email.Html);
        }

        // What the reader sees is the id as it is, and the plain text carries it unchanged.
        var visible = EmailText.VisibleHtml(email.Html);
        Assert.Contains("A" + hostile, visible);
        Assert.Contains("A" + hostile, email.Text);
    }

    [Fact]
    public void Render_FromClassifiedReferralWithCanaries_NoPatientFieldOrNoteAppears()
    {
        // Every free-text and patient field of a referral carries a canary; the referral is classified
        // and postponed like in the pipeline, summarised and rendered. No canary may reach the email.
        const string json = """
            {"schemaVersion":1,"referralId":"REF-CANARY-1","sequence":0,"receivedAt":"2026-11-20T09:00:00Z","region":"north-east",
             "facility":"CANARY-FACILITY",
             "patient":{"ref":"CANARY-PATIENT-REF","ageYears":47,"covidRiskFactors":["diabetes"],"covidStatus":"negative"},
             "procedure":{"kind":"surgery","description":"CANARY-PROCEDURE-DESCRIPTION","setting":"inpatient"},
             "diagnoses":[{"system":"ICD-10-CM","code":"M51.26"}],
             "findings":{"neurologicDeficit":{"severity":"none","trend":"stable"},"cause":"discHerniation"},
             "notes":"CANARY-NOTES: urinary retention since yesterday"}
            """;
        var read = ReferralReader.Read(System.Text.Encoding.UTF8.GetBytes(json.ReplaceLineEndings("")));
        Assert.True(read.IsValid, read.ErrorMessage);
        var decidedAt = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var classifier = new TriageClassifier();
        var result = classifier.Classify(read.Referral!, RegionStatus.Crisis, decidedAt);

        // The same referral without the red flag in its notes is postponed like in the pipeline.
        var quiet = read.Referral! with { ReferralId = "REF-CANARY-2", Notes = "CANARY-NOTES-2: mechanical back pain only" };
        var postponed = classifier.Classify(quiet, RegionStatus.Crisis, decidedAt);
        Assert.Equal(Disposition.Postpone, postponed.Disposition);
        PostponedCase[] cases =
        [
            new(postponed.ReferralId, postponed.Region, postponed.Sequence, postponed.Category, postponed.Criteria, postponed.NeedsReview,
                quiet.ReceivedAt!.Value, decidedAt, decidedAt),
        ];

        // The red flag in the notes holds the first for review (a doubt turns postpone into review):
        // it is in the review backlog, with its criterion ids.
        Assert.Equal(Disposition.Review, result.Disposition);
        Assert.True(result.NeedsReview);
        ReviewCase[] backlog =
        [
            new(result.ReferralId, result.Region, result.Sequence, result.Category, result.Disposition, result.Criteria,
                read.Referral!.ReceivedAt!.Value, decidedAt, decidedAt),
        ];
        var summary = SummaryCalculator.Build("north-east", RegionStatus.Crisis, cases, backlog, SummaryBuilder.Now, null, new SummaryOptions());

        var email = Render(summary);

        Assert.Contains("REF-CANARY-1", email.Html);
        Assert.Contains("REF-CANARY-2", email.Html);
        Assert.Contains("1 Awaiting review", EmailText.VisibleHtml(email.Html));
        foreach (var part in new[] { email.Subject, email.Text, email.Html })
        {
            Assert.DoesNotContain("CANARY-FACILITY", part);
            Assert.DoesNotContain("CANARY-PATIENT", part);
            Assert.DoesNotContain("CANARY-PROCEDURE", part);
            Assert.DoesNotContain("CANARY-NOTES", part);
            Assert.DoesNotContain("urinary retention", part, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("diabetes", part, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(typeof(RegionSummary))]
    [InlineData(typeof(PostponedCase))]
    [InlineData(typeof(ReviewCase))]
    [InlineData(typeof(ReviewItem))]
    [InlineData(typeof(ReviewBacklog))]
    [InlineData(typeof(RegionBacklog))]
    [InlineData(typeof(SummaryEmail))]
    public void SummaryTypes_HaveNoPatientOrNoteFields(Type type)
    {
        string[] forbidden = ["patient", "note", "ageyears", "facility", "description", "diagnos", "finding", "covid", "riskfactor"];
        foreach (var property in type.GetProperties())
        {
            Assert.DoesNotContain(forbidden, f => property.Name.Contains(f, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string SummaryEmailContentDay(DateOnly day) => day.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture);
}
