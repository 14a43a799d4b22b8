using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;
using SpineTriage.Storage;
using SpineTriage.TestSupport;

namespace SpineTriage.Web.Tests.Browser;

/// <summary>
/// The real console (Kestrel, 127.0.0.1, a free port) over a real Azurite, driven by Chromium through
/// Playwright as a clinician would: the worklist, a referral, a decision made with the keyboard only,
/// a stale decision refused; axe finds no serious or critical violation on any page.
/// </summary>
public sealed class ConsoleBrowserTests : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly Reviewer Clinician = new("Dr Keys", CanDecide: true);

    // A navigation is awaited by polling the address, not by WaitForURLAsync, which also waits for a load
    // event and timed out now and then on a busy machine after the page had loaded (microsoft/playwright-dotnet#2897).
    private static readonly PageAssertionsToHaveURLOptions UrlWait = new() { Timeout = 30_000 };
    private readonly AzuriteFixture _azurite;
    private readonly BrowserFixture _browser;
    private ConsoleWorld? _world;
    private IBrowserContext? _context;
    private IPage? _page;

    public ConsoleBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
    {
        _azurite = azurite;
        _browser = browser;
    }

    private ConsoleWorld World => _world!;

    private IPage Page => _page!;

    public async Task InitializeAsync()
    {
        _world = await ConsoleWorld.StartAsync(_azurite, Clinician);
        Assert.Equal(HandleOutcome.Stored, await World.SubmitAsync(Messages.CaudaEquina("CES-1")));
        Assert.Equal(HandleOutcome.Stored, await World.SubmitAsync(Messages.Unclassified("UNC-1")));
        Assert.Equal(HandleOutcome.Stored, await World.SubmitAsync(Messages.EmergentByCode("EMR-1")));
        Assert.Equal(HandleOutcome.Stored, await World.SubmitAsync(Messages.CleanElective("ELE-1")));
        _context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = World.Address });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    [Fact]
    public async Task Worklist_ListsTheFlaggedAndUnclassified_EmergentFirst_NotTheCleanOne()
    {
        var response = await Page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.Equal(["EMR-1", "UNC-1", "CES-1"], await WorklistIdsAsync());
        Assert.Equal("Emergent", await Page.Locator("main table >> nth=0").Locator("tbody tr >> nth=0").Locator("td >> nth=2").InnerTextAsync());
        await AssertAccessibleAsync();

        // The region filter, by its label.
        await Page.GetByLabel("Region").SelectOptionAsync("south-west");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("region=south-west"), UrlWait);
        Assert.Equal(["EMR-1", "UNC-1"], await WorklistIdsAsync());
        Assert.Equal("Worklist: region south-west", await Page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Referral_ShowsTheNotesPhraseBesideTheRedFlag_AndTheNassWordingBesideTheCriterion()
    {
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "CES-1" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/referrals/CES-1$"), UrlWait);

        var reason = Page.Locator("main li", new() { HasText = "(saddle-sensory-loss, points to Emergent)" });
        Assert.Equal("saddle numbness", await reason.Locator("mark").InnerTextAsync());
        var retention = Page.Locator("main li", new() { HasText = "(urinary-retention, points to Emergent)" });
        Assert.Equal("urinary retention", await retention.Locator("mark").InnerTextAsync());
        var criterion = Page.Locator("tr", new() { Has = Page.Locator("code", new() { HasText = "elective.manageable-without-procedure" }) });
        Assert.Contains(NassGuideline.ManageableWithoutProcedure.Guidance, await criterion.InnerTextAsync(), StringComparison.Ordinal);
        // The stylesheet loads under the content security policy.
        Assert.Equal("rgb(255, 224, 102)", await Page.Locator("mark >> nth=0").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await AssertAccessibleAsync();
    }

    [Fact]
    public async Task Override_WithTheKeyboardOnly_LeavesTheWorklist_AndTheTrailShowsMachineThenClinician()
    {
        await Page.GotoAsync("/referrals/CES-1");

        await TabToAsync("decision-confirm");
        await Page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await Page.Locator("#decision-override").IsCheckedAsync());
        await Page.Keyboard.PressAsync("Tab");
        Assert.Equal("category", await FocusedIdAsync());
        await Page.Keyboard.PressAsync("Tab");
        Assert.Equal("disposition", await FocusedIdAsync());
        await Page.Keyboard.PressAsync("ArrowDown");
        await Page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("postpone", await Page.Locator("#disposition").InputValueAsync());
        await Page.Keyboard.PressAsync("Tab");
        Assert.Equal("reason", await FocusedIdAsync());
        await Page.Keyboard.TypeAsync("Examined today: saddle sensation intact, bladder scan normal.");
        await Page.Keyboard.PressAsync("Tab");
        Assert.Equal("Record decision", await Page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        var submitted = await Page.RunAndWaitForResponseAsync(() => Page.Keyboard.PressAsync("Enter"), r => r.Url.EndsWith("/referrals/CES-1/decision", StringComparison.Ordinal));
        Assert.Equal(303, submitted.Status);
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/referrals/CES-1$"), UrlWait);

        var decision = await Page.Locator("h2:text-is('Clinician decision') + dl").InnerTextAsync();
        Assert.Contains("override", decision, StringComparison.Ordinal);
        Assert.Contains("postpone", decision, StringComparison.Ordinal);
        Assert.Contains("Dr Keys", decision, StringComparison.Ordinal);
        var trailRows = await Page.Locator("table:has(caption:text('Audit trail')) tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, trailRows.Count);
        Assert.Contains("machine", trailRows[0], StringComparison.Ordinal);
        Assert.Contains("clinician Dr Keys", trailRows[1], StringComparison.Ordinal);
        await AssertAccessibleAsync();

        var trail = new List<TrailEntry>();
        await foreach (var entry in World.Review.GetTrailAsync("CES-1"))
        {
            trail.Add(entry);
        }

        Assert.Equal([TrailEntryKind.Machine, TrailEntryKind.Clinician], trail.Select(e => e.Kind));
        Assert.Equal(Disposition.Postpone, trail[1].Clinician!.Disposition);
        Assert.Equal("Dr Keys", trail[1].Clinician!.By);

        await Page.GotoAsync("/");
        Assert.Equal(["EMR-1", "UNC-1"], await WorklistIdsAsync());
    }

    [Fact]
    public async Task Decision_OnAStaleSequence_IsRefusedWithTheMessageShown()
    {
        await Page.GotoAsync("/referrals/CES-1");
        // A newer message arrives while the clinician reads sequence 0.
        Assert.Equal(HandleOutcome.Stored, await World.SubmitAsync(Messages.CaudaEquina("CES-1", sequence: 1)));

        await Page.GetByLabel("Override the category and/or the disposition").CheckAsync();
        await Page.GetByLabel("Disposition (override)").SelectOptionAsync("postpone");
        await Page.GetByLabel("Reason (required for an override)").FillAsync("Seen in clinic.");
        var submitted = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync(), r => r.Url.EndsWith("/decision", StringComparison.Ordinal));

        Assert.Equal(409, submitted.Status);
        var alert = Page.GetByRole(AriaRole.Alert);
        Assert.Contains("is at sequence 1 now (a newer message arrived after sequence 0)", await alert.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1", await Page.Locator("input[name=sequence]").InputValueAsync());
        Assert.Equal("Seen in clinic.", await Page.Locator("#reason").InputValueAsync());
        Assert.Null((await World.Review.GetCaseAsync("CES-1"))!.Clinician);
        await AssertAccessibleAsync();
    }

    [Fact]
    public async Task RegionBoard_ShowsEachRegionsStatus_WhoSetIt_AndItsCounts()
    {
        await World.Services.GetService(typeof(TableRegionStatusStore)).As<TableRegionStatusStore>().SetAsync("north-east", RegionStatus.Crisis, "ops lead");

        var response = await Page.GotoAsync("/regions");

        Assert.Equal(200, response!.Status);
        var northEast = await Page.Locator("tr", new() { Has = Page.Locator("th", new() { HasTextRegex = new Regex("^north-east$") }) }).Locator("td").AllInnerTextsAsync();
        Assert.Equal("crisis", northEast[0]);
        Assert.Equal("ops lead", northEast[1]);
        Assert.Equal(["1", "1"], northEast.Skip(3));
        var southWest = await Page.Locator("tr", new() { Has = Page.Locator("th", new() { HasTextRegex = new Regex("^south-west$") }) }).Locator("td").AllInnerTextsAsync();
        Assert.Equal("constrained (default)", southWest[0]);
        Assert.Equal(["2", "0"], southWest.Skip(3));
        await AssertAccessibleAsync();
    }

    [Fact]
    public async Task UnknownReferralAndAddress_AreA404Page()
    {
        var referral = await Page.GotoAsync("/referrals/NO-SUCH");
        Assert.Equal(404, referral!.Status);
        Assert.Equal("No referral NO-SUCH has been triaged.", await Page.Locator("main p").InnerTextAsync());
        await AssertAccessibleAsync();

        var elsewhere = await Page.GotoAsync("/no/such/page");
        Assert.Equal(404, elsewhere!.Status);
        Assert.Equal("Not found", await Page.Locator("h1").InnerTextAsync());
        Assert.Equal("no-store", elsewhere.Headers["cache-control"]);
    }

    private async Task<List<string>> WorklistIdsAsync() =>
        [.. await Page.Locator("table:has(caption:text('awaiting a clinician, most urgent first')) tbody th a").AllInnerTextsAsync()];

    private Task<string> FocusedIdAsync() => Page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.id : ''");

    private async Task TabToAsync(string id)
    {
        for (var i = 0; i < 80; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await FocusedIdAsync() == id)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached #{id}.");
    }

    private async Task AssertAccessibleAsync()
    {
        var results = await Page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(
            serious.Count == 0,
            $"axe found on {Page.Url}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}

internal static class ServiceExtensions
{
    public static T As<T>(this object? service) => (T)(service ?? throw new InvalidOperationException($"No {typeof(T).Name} is registered."));
}
