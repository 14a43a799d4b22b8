using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Storage;
using SpineTriage.TestSupport;
using SpineTriage.Web;

namespace SpineTriage.Functions.Tests;

/// <summary>
/// The console's HTTP functions invoked as the Functions host invokes them (a request under
/// <c>/api/console</c>, the principal App Service authentication passes), over the real console, the
/// real review use case and tables of their own on a real Azurite, with referrals submitted through
/// the real message handler and classifier.
/// </summary>
public sealed partial class ReviewConsoleFunctionsTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Flagged = "CES-1";
    private const string Ada = "ada.lovelace@hospital.example";
    private const string Origin = "https://func-spinetriage.azurewebsites.net";

    private readonly AzuriteFixture _azurite;
    private IHost? _host;

    public ReviewConsoleFunctionsTests(AzuriteFixture azurite) => _azurite = azurite;

    private IServiceProvider Services => _host!.Services;

    private ReviewService Review => Services.GetRequiredService<ReviewService>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.AddSpineTriagePipeline(o => _azurite.UseUniqueNames(o));
        _host = builder.Build();
        await Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
        var handler = Services.GetRequiredService<ReferralMessageHandler>();
        Assert.Equal(HandleOutcome.Stored, await handler.HandleAsync(Encoding.UTF8.GetBytes(CaudaEquina(Flagged).ToJsonString()), new QueueMessageContext("m1", 1)));
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Worklist_ListsTheFlaggedReferral_WithEveryLinkUnderApiConsole()
    {
        var context = Get("/api/console", Principals.Entra(Ada, roles: Principals.Reviewer));

        var (status, body) = await RunAsync(context, Functions().WorklistAsync(context.Request, default));

        Assert.Equal(200, status);
        Assert.Contains($"<a href=\"/api/console/referrals/{Flagged}\">{Flagged}</a>", body, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/api/console/console.css\">", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/console/regions\"", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/console/?region=north-east\"", body, StringComparison.Ordinal);
        Assert.Contains(Ada, body, StringComparison.Ordinal);
        // Every link and form of the page stays inside the console.
        Assert.All(Links().Matches(body).Select(m => m.Groups["url"].Value), url => Assert.StartsWith("/api/console/", url + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worklist_WithATrailingSlashOrAnotherRoutePrefix_LinksUnderThePathItWasAddressedBy()
    {
        var slash = Get("/api/console/", Principals.Entra(Ada));
        var (_, first) = await RunAsync(slash, Functions().WorklistAsync(slash.Request, default));
        var prefixed = Get("/spine/console/regions", Principals.Entra(Ada));
        var (status, second) = await RunAsync(prefixed, Functions().RegionsAsync(prefixed.Request, default));

        Assert.Contains($"href=\"/api/console/referrals/{Flagged}\"", first, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Contains("href=\"/spine/console/console.css\"", second, StringComparison.Ordinal);
        Assert.Contains("href=\"/spine/console/?region=north-east\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referral_ForAReviewerWithTheRole_HasTheDecisionFormPostingUnderApiConsole()
    {
        var context = Get($"/api/console/referrals/{Flagged}", Principals.Entra(Ada, roles: Principals.Reviewer));

        var (status, body) = await RunAsync(context, Functions().ReferralAsync(context.Request, Flagged, default));

        Assert.Equal(200, status);
        Assert.Contains($"action=\"/api/console/referrals/{Flagged}/decision\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referral_ForAnIdentityWithoutTheRole_IsReadOnly()
    {
        var context = Get($"/api/console/referrals/{Flagged}", Principals.Entra("reader@hospital.example", roles: "Other"));

        var (status, body) = await RunAsync(context, Functions().ReferralAsync(context.Request, Flagged, default));

        Assert.Equal(200, status);
        Assert.Contains(Flagged, body, StringComparison.Ordinal);
        Assert.DoesNotContain("<form class=\"decision\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decision_ByAReviewerWithTheRole_IsRecordedUnderThePrincipalsName()
    {
        var context = Post(Flagged, Principals.Entra(Ada, roles: Principals.Reviewer));

        var (status, _) = await RunAsync(context, Functions().DecideAsync(context.Request, Flagged, default));

        Assert.Equal(303, status);
        Assert.Equal($"/api/console/referrals/{Flagged}", context.Response.Headers.Location.ToString());
        var decision = Assert.Single(await ClinicianEntriesAsync());
        Assert.Equal(Ada, decision.By);
        Assert.Equal(ReviewAction.Override, decision.Action);
        Assert.Equal("Seen in clinic: cauda equina excluded.", decision.Reason);
        Assert.Equal(Ada, (await Review.GetCaseAsync(Flagged))!.Clinician!.By);
    }

    [Fact]
    public async Task Decision_WithoutTheRole_Is403_AndRecordsNothing()
    {
        var context = Post(Flagged, Principals.Entra("reader@hospital.example", roles: "Other"));

        var (status, body) = await RunAsync(context, Functions().DecideAsync(context.Request, Flagged, default));

        Assert.Equal(403, status);
        Assert.Contains("You may view referrals but not record decisions.", body, StringComparison.Ordinal);
        Assert.Empty(await ClinicianEntriesAsync());
    }

    [Fact]
    public async Task Decision_TooLarge_Is413_AndRecordsNothing()
    {
        var context = Post(Flagged, Principals.Entra(Ada, roles: Principals.Reviewer), reason: new string('x', (int)ReviewConsoleFunctions.MaxFormBytes));

        var (status, _) = await RunAsync(context, Functions().DecideAsync(context.Request, Flagged, default));

        Assert.Equal(413, status);
        Assert.Empty(await ClinicianEntriesAsync());
    }

    public static TheoryData<string, bool, bool, string?, int> Refusals => new()
    {
        // console on, platform authentication on, principal header: status
        { "console off", false, true, Principals.Entra(Ada, roles: Principals.Reviewer), 404 },
        { "no platform authentication (the header could be forged)", true, false, Principals.Entra(Ada, roles: Principals.Reviewer), 503 },
        { "no principal", true, true, null, 401 },
        { "a principal that is not Base64", true, true, "%%%", 401 },
        { "a principal that is not JSON", true, true, Convert.ToBase64String(Encoding.UTF8.GetBytes("<claims/>")), 401 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryFunction_WithoutATrustworthyIdentity_AnswersOneLine_AndServesNoPatientData(string why, bool enabled, bool platform, string? principal, int expected)
    {
        var functions = Functions(new ConsoleOptions { Enabled = enabled, PlatformAuthentication = platform, ReviewerRole = Principals.Reviewer });
        var calls = new (string Path, Func<HttpRequest, Task<IActionResult>> Call)[]
        {
            ("/api/console", r => functions.WorklistAsync(r, default)),
            ($"/api/console/referrals/{Flagged}", r => functions.ReferralAsync(r, Flagged, default)),
            ("/api/console/regions", r => functions.RegionsAsync(r, default)),
            ("/api/console/console.css", r => functions.StylesheetAsync(r, default)),
            ($"/api/console/referrals/{Flagged}/decision", r => functions.DecideAsync(r, Flagged, default)),
        };

        foreach (var (path, call) in calls)
        {
            var context = path.EndsWith("/decision", StringComparison.Ordinal) ? Post(Flagged, principal) : Get(path, principal);
            var (status, body) = await RunAsync(context, call(context.Request));

            Assert.True(expected == status, $"{why}: {path} answered {status}");
            Assert.Equal("text/plain; charset=utf-8", context.Response.ContentType);
            Assert.Single(body.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain(Flagged, body, StringComparison.Ordinal);
            Assert.DoesNotContain("north-east", body, StringComparison.Ordinal);
            Assert.Equal(ConsoleSecurity.ContentSecurityPolicy, context.Response.Headers.ContentSecurityPolicy.ToString());
            Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        }

        Assert.Empty(await ClinicianEntriesAsync());
    }

    [Fact]
    public async Task Stylesheet_IsTheConsolesCss()
    {
        var context = Get("/api/console/console.css", Principals.Entra(Ada));

        var (status, body) = await RunAsync(context, Functions().StylesheetAsync(context.Request, default));

        Assert.Equal(200, status);
        Assert.Equal("text/css; charset=utf-8", context.Response.ContentType);
        Assert.NotEmpty(body);
    }

    [Fact]
    public async Task Referral_WhenTheStoreFails_IsAOneLine500Page()
    {
        var broken = new ReviewConsole(new ReviewService(new FailingStore(), TimeProvider.System), Services.GetRequiredService<RegionBoard>(), TimeProvider.System, NullLogger<ReviewConsole>.Instance);
        var functions = new ReviewConsoleFunctions(broken, Principals.On(), NullLogger<ReviewConsoleFunctions>.Instance);
        var context = Get($"/api/console/referrals/{Flagged}", Principals.Entra(Ada));

        var (status, body) = await RunAsync(context, functions.ReferralAsync(context.Request, Flagged, default));

        Assert.Equal(500, status);
        Assert.Contains("The console could not answer", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    private ReviewConsoleFunctions Functions(ConsoleOptions? options = null)
    {
        var console = new ReviewConsole(Review, Services.GetRequiredService<RegionBoard>(), TimeProvider.System, NullLogger<ReviewConsole>.Instance);
        return new ReviewConsoleFunctions(console, options ?? Principals.On(), NullLogger<ReviewConsoleFunctions>.Instance);
    }

    private async Task<List<ClinicianDecision>> ClinicianEntriesAsync()
    {
        var entries = new List<ClinicianDecision>();
        await foreach (var entry in Review.GetTrailAsync(Flagged))
        {
            if (entry.Kind == TrailEntryKind.Clinician)
            {
                entries.Add(entry.Clinician!);
            }
        }

        return entries;
    }

    private static DefaultHttpContext Get(string path, string? principal)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("func-spinetriage.azurewebsites.net");
        context.Request.Path = path;
        if (principal is not null)
        {
            context.Request.Headers[ClientPrincipal.Header] = principal;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static DefaultHttpContext Post(string referralId, string? principal, string reason = "Seen in clinic: cauda equina excluded.")
    {
        var context = Get($"/api/console/referrals/{referralId}/decision", principal);
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Headers["Sec-Fetch-Site"] = "same-origin";
        context.Request.Headers.Origin = Origin;
        var form = $"sequence=0&decision=override&category=Elective&disposition=postpone&reason={Uri.EscapeDataString(reason)}";
        var bytes = Encoding.UTF8.GetBytes(form);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context;
    }

    /// <summary>Runs the function's result as the Functions host does, and reads the response.</summary>
    private static async Task<(int Status, string Body)> RunAsync(HttpContext context, Task<IActionResult> function)
    {
        var result = await function;
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>Cauda equina red flags in the notes of an otherwise Elective referral: held for a clinician.</summary>
    private static JsonObject CaudaEquina(string id) => new()
    {
        ["schemaVersion"] = 1,
        ["referralId"] = id,
        ["sequence"] = 0,
        ["receivedAt"] = "2026-11-20T09:15:00Z",
        ["region"] = "north-east",
        ["patient"] = new JsonObject { ["ref"] = "p-77", ["ageYears"] = 61, ["covidStatus"] = "negative", ["covidRiskFactors"] = new JsonArray("diabetes") },
        ["findings"] = new JsonObject
        {
            ["neurologicDeficit"] = new JsonObject { ["severity"] = "mild", ["trend"] = "stable" },
            ["cause"] = "degenerative",
        },
        ["procedure"] = new JsonObject { ["kind"] = "surgery", ["description"] = "L4-L5 microdiscectomy", ["setting"] = "inpatient" },
        ["notes"] = "Back pain for years. New saddle numbness and urinary retention since this morning.",
    };

    [GeneratedRegex("(?:href|action)=\"(?<url>/[^\"]*)\"")]
    private static partial Regex Links();

    private sealed class FailingStore : IReviewStore
    {
        public IAsyncEnumerable<string> GetWorklistRegionsAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("storage down");

        public Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(string region, CancellationToken cancellationToken = default) => throw new InvalidOperationException("storage down");

        public Task<ReferralCase?> GetCaseAsync(string referralId, CancellationToken cancellationToken = default) => throw new InvalidOperationException("storage down");

        public Task<DecisionReceipt> RecordDecisionAsync(ClinicianDecision decision, CancellationToken cancellationToken = default) => throw new InvalidOperationException("storage down");

        public IAsyncEnumerable<TrailEntry> GetTrailAsync(string referralId, CancellationToken cancellationToken = default) => throw new InvalidOperationException("storage down");
    }
}
