using System.Text.RegularExpressions;
using SpineTriage.Core.Triage;

namespace SpineTriage.Web.Tests;

/// <summary>The console's HTML and protections, through its handlers without a server.</summary>
public sealed class ConsoleHtmlTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Breakout = "\"><img src=x onerror=alert(2)>";

    private readonly ConsoleUnderTest _console = new();

    private static Dictionary<string, string> Override(long sequence = 0, string? disposition = "postpone", string? reason = "Seen in clinic: no deficit.")
    {
        var form = new Dictionary<string, string> { ["sequence"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), ["decision"] = "override" };
        if (disposition is not null)
        {
            form["disposition"] = disposition;
        }

        if (reason is not null)
        {
            form["reason"] = reason;
        }

        return form;
    }

    private Task<(int Status, string Body, Microsoft.AspNetCore.Http.IHeaderDictionary Headers)> ReferralPageAsync(string id, Reviewer? reviewer = null)
    {
        var context = ConsoleUnderTest.Get("/referrals/" + id);
        return ExecuteAsync(context, _console.Console.ReferralAsync(context, id, reviewer ?? ConsoleUnderTest.Clinician, default));
    }

    private static async Task<(int Status, string Body, Microsoft.AspNetCore.Http.IHeaderDictionary Headers)> ExecuteAsync(Microsoft.AspNetCore.Http.HttpContext context, Task<Microsoft.AspNetCore.Http.IResult> result) =>
        await ConsoleUnderTest.ExecuteAsync(context, await result);

    private Task<(int Status, string Body, Microsoft.AspNetCore.Http.IHeaderDictionary Headers)> DecideAsync(
        string id, Dictionary<string, string> form, Dictionary<string, string>? headers = null, Reviewer? reviewer = null)
    {
        var context = ConsoleUnderTest.Post($"/referrals/{id}/decision", form, headers);
        return ExecuteAsync(context, _console.Console.DecideAsync(context, id, reviewer ?? ConsoleUnderTest.Clinician, default));
    }

    [Fact]
    public async Task ReferralPage_NotesWithMarkup_AreEscaped()
    {
        _console.Store.Add(Messages.Referral("XSS-1", notes: $"Saddle numbness since today. {Script} and {Breakout}", description: $"Decompression {Breakout}"));

        var (status, body, _) = await ReferralPageAsync("XSS-1");

        Assert.Equal(200, status);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", body, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", body, StringComparison.Ordinal);
        // The red flag is still highlighted, the markup around it escaped.
        Assert.Contains("<mark>Saddle numbness</mark>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_ReasonsCriteriaAndNamesWithMarkup_AreEscaped()
    {
        var machine = new TriageResult(
            "XSS-2", 0, "north-east", TriageCategory.Urgent, Disposition.Review, $"Recommend {Script}", [$"urgent.{Breakout}"], true,
            [$"Reason {Script}", $"Red flag in the notes: x {Breakout} (cauda-equina, points to Emergent): clinician review"], RegionStatus.Constrained, "v1", FakeReviewStore.Now);
        _console.Store.Add(machine, System.Text.Encoding.UTF8.GetBytes(Messages.Referral("XSS-2", notes: Script).ToJsonString()));
        var reviewer = new Reviewer($"Dr {Script}", CanDecide: true);

        var (_, page, _) = await ReferralPageAsync("XSS-2", reviewer);
        var worklistContext = ConsoleUnderTest.Get("/");
        var (_, worklist, _) = await ExecuteAsync(worklistContext, _console.Console.WorklistAsync(worklistContext, reviewer, default));
        var regionsContext = ConsoleUnderTest.Get("/regions");
        var (_, regions, _) = await ExecuteAsync(regionsContext, _console.Console.RegionsAsync(regionsContext, reviewer, default));

        foreach (var body in new[] { page, worklist, regions })
        {
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Dr &lt;script&gt;", body, StringComparison.Ordinal);
        }

        Assert.Contains("Reason &lt;script&gt;alert(1)&lt;/script&gt;", worklist, StringComparison.Ordinal);
        Assert.Contains("Reason &lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("ops &lt;lead&gt;", regions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worklist_QueryValueWithMarkup_IsRefusedWithoutEchoingIt()
    {
        var context = ConsoleUnderTest.Get("/", "?region=" + Uri.EscapeDataString(Breakout));

        var (status, body, _) = await ExecuteAsync(context, _console.Console.WorklistAsync(context, ConsoleUnderTest.Clinician, default));

        Assert.Equal(400, status);
        Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Worklist_ListsWhatAwaitsAClinician_EmergentFirst_WithCountsPerRegion()
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));
        _console.Store.Add(Messages.Unclassified("UNC-1"));
        _console.Store.Add(Messages.EmergentByCode("EMR-1"));
        _console.Store.Add(Messages.CleanElective("ELE-1"));
        var context = ConsoleUnderTest.Get("/");

        var (status, body, _) = await ExecuteAsync(context, _console.Console.WorklistAsync(context, ConsoleUnderTest.Clinician, default));

        Assert.Equal(200, status);
        var order = Regex.Matches(body, "<th scope=\"row\"><a href=\"/referrals/([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["EMR-1", "UNC-1", "CES-1"], order);
        Assert.Contains("<caption>3 referrals awaiting a clinician, most urgent first</caption>", body, StringComparison.Ordinal);
        Assert.Contains("<option value=\"north-east\">north-east</option>", body, StringComparison.Ordinal);
        Assert.Contains("<label for=\"region\">Region</label>", body, StringComparison.Ordinal);
        Assert.Matches("<a href=\"/\\?region=south-west\">south-west</a></th><td>2</td>", body);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("http://evil.example", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    [InlineData("http://127.0.0.1:5080", "cross-site")]
    [InlineData("http://evil.example", "cross-site")]
    [InlineData("null", null)]
    [InlineData("http://127.0.0.1:5081", null)]
    [InlineData("https://127.0.0.1:5080", null)]
    public async Task Decide_FromAnotherSite_IsForbiddenAndRecordsNothing(string? origin, string? site)
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));
        var headers = FetchHeaders(origin, site);
        var (status, body, _) = await DecideAsync("CES-1", Override(), headers);

        Assert.Equal(403, status);
        Assert.Contains("recorded only from the console", body, StringComparison.Ordinal);
        Assert.Null((await _console.Review.GetCaseAsync("CES-1"))!.Clinician);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", null)]
    [InlineData(null, "same-origin")]
    [InlineData("http://127.0.0.1:5080", "same-origin")]
    [InlineData("null", "same-origin")] // a browser under Referrer-Policy: no-referrer
    public async Task Decide_FromTheConsole_RecordsAndRedirects(string? origin, string? site)
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));
        var headers = FetchHeaders(origin, site);
        var (status, _, responseHeaders) = await DecideAsync("CES-1", Override(), headers);

        Assert.Equal(303, status);
        Assert.Equal("/referrals/CES-1", responseHeaders.Location.ToString());
        var decision = (await _console.Review.GetCaseAsync("CES-1"))!.Clinician!;
        Assert.Equal("Dr Ada", decision.By);
        Assert.Equal(Disposition.Postpone, decision.Disposition);
    }

    [Fact]
    public async Task ReviewerWhoMayNotDecide_GetsNoForm_AndAPostIsForbidden()
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));
        var viewer = new Reviewer("Dr View", CanDecide: false);

        var (_, page, _) = await ReferralPageAsync("CES-1", viewer);
        var (status, _, _) = await DecideAsync("CES-1", Override(), reviewer: viewer);

        Assert.DoesNotContain("<form class=\"decision\"", page, StringComparison.Ordinal);
        Assert.Contains("not record a decision", page, StringComparison.Ordinal);
        Assert.Equal(403, status);
        Assert.Null((await _console.Review.GetCaseAsync("CES-1"))!.Clinician);
    }

    [Fact]
    public async Task Decide_ByFormField_CannotChooseWhoDecides()
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));
        var form = Override();
        form["by"] = "Someone Else";

        await DecideAsync("CES-1", form);

        Assert.Equal("Dr Ada", (await _console.Review.GetCaseAsync("CES-1"))!.Clinician!.By);
    }

    [Theory]
    [InlineData("reason", 400)]
    [InlineData("decision", 400)]
    [InlineData("category", 400)]
    [InlineData("disposition", 400)]
    [InlineData("sequence", 409)]
    public async Task Decide_Refused_ShowsTheMessageBesideTheField(string field, int expected)
    {
        _console.Store.Add(Messages.Unclassified("UNC-1"));
        var form = field switch
        {
            "reason" => Override(reason: null),
            "decision" => new Dictionary<string, string> { ["sequence"] = "0", ["reason"] = "x" },
            "category" => Override(),
            "disposition" => new Dictionary<string, string>(Override()) { ["disposition"] = "soon" },
            _ => Override(sequence: 4),
        };
        if (field == "disposition")
        {
            form["category"] = "Urgent";
        }

        var (status, body, _) = await DecideAsync("UNC-1", form);

        Assert.Equal(expected, status);
        var alert = Regex.Match(body, $"<p class=\"error\" role=\"alert\" id=\"error-{field}\">([^<]+)</p>");
        Assert.True(alert.Success, body);
        Assert.Single(Regex.Matches(body, "role=\"alert\""));
        if (field is "reason" or "category" or "disposition")
        {
            Assert.Matches($"id=\"{field}\" name=\"{field}\"[^>]* aria-invalid=\"true\" aria-describedby=\"error-{field}\"", body);
        }

        if (field == "decision")
        {
            Assert.Contains("<fieldset aria-describedby=\"error-decision\">", body, StringComparison.Ordinal);
        }

        // What was entered is kept.
        if (field == "reason")
        {
            Assert.Contains("<option value=\"postpone\" selected>", body, StringComparison.Ordinal);
            Assert.Contains("id=\"decision-override\" value=\"override\" checked", body, StringComparison.Ordinal);
        }

        Assert.Null((await _console.Review.GetCaseAsync("UNC-1"))!.Clinician);
    }

    [Fact]
    public async Task EveryResponse_CarriesTheSecurityHeaders()
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));
        var responses = new List<(int, string, Microsoft.AspNetCore.Http.IHeaderDictionary)>
        {
            await ReferralPageAsync("CES-1"),
            await ReferralPageAsync("NO-SUCH"),
            await DecideAsync("CES-1", Override(), []),
            await DecideAsync("CES-1", Override()),
        };
        var get = ConsoleUnderTest.Get("/console.css");
        responses.Add(await ConsoleUnderTest.ExecuteAsync(get, ReviewConsole.StylesheetResult()));

        foreach (var (_, _, headers) in responses)
        {
            Assert.Equal(ConsoleSecurity.ContentSecurityPolicy, headers.ContentSecurityPolicy.ToString());
            Assert.Contains("frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
            Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
            Assert.Equal("no-referrer", headers["Referrer-Policy"].ToString());
            Assert.Equal("no-store", headers.CacheControl.ToString());
            Assert.Equal("DENY", headers.XFrameOptions.ToString());
        }
    }

    [Fact]
    public async Task UnknownReferral_IsAOneLine404()
    {
        var (status, body, _) = await ReferralPageAsync("NO-SUCH");

        Assert.Equal(404, status);
        var main = Regex.Match(body, "<main id=\"main\" tabindex=\"-1\">\\s*<h1>Referral not found</h1>\\s*<p>([^<]*)</p>\\s*</main>");
        Assert.True(main.Success, body);
        Assert.Equal("No referral NO-SUCH has been triaged.", main.Groups[1].Value);
    }

    [Fact]
    public async Task ReferralPage_ShowsTheCriterionBesideTheNassWording_AndTheRedFlagPhraseBesideItsReason()
    {
        _console.Store.Add(Messages.CaudaEquina("CES-1"));

        var (_, body, _) = await ReferralPageAsync("CES-1");

        Assert.Matches(
            "<tr><th scope=\"row\"><code>elective.manageable-without-procedure</code></th><td>Elective</td><td>Spinal conditions where pain and dysfunction can be reasonably managed",
            body);
        Assert.Matches(
            "<li>Red flag in the notes: saddle or perineal sensory loss \\(saddle-sensory-loss, points to Emergent\\): clinician review<br>Raised by the notes:<ul class=\"plain\"><li><q>[^<]*<mark>saddle numbness</mark>",
            body);
        Assert.Contains("<html lang=\"en\">", body, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(body, "<h1>"));
        Assert.Contains("<a class=\"skip\" href=\"#main\">", body, StringComparison.Ordinal);
        Assert.Contains("61 years", body, StringComparison.Ordinal);
        Assert.Contains("diabetes", body, StringComparison.Ordinal);
    }

    // The headers a browser sends about where a request came from (none when null).
    private static Dictionary<string, string> FetchHeaders(string? origin, string? site)
    {
        var headers = new Dictionary<string, string>();
        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        if (site is not null)
        {
            headers["Sec-Fetch-Site"] = site;
        }

        return headers;
    }
}
