using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SpineTriage.Core.Summaries;
using SpineTriage.Reporting.Tests.Builders;

namespace SpineTriage.Reporting.Tests;

/// <summary>No SMTP host: each email becomes an .eml file in the pickup folder.</summary>
public sealed class SummaryMailerPickupTests : IDisposable
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 24, 6, 0, 7, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "spinetriage-pickup-" + Guid.NewGuid().ToString("N"));
    private readonly ListLogger<SummaryMailer> _logger = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SummaryMailer Mailer() =>
        new(Options.Create(new EmailOptions { SmtpHost = null, PickupDirectory = _directory }), new FakeTimeProvider(SentAt), _logger);

    private static SummaryEmail Email(string region, params string[] to) =>
        new SummaryEmailRenderer().Render(new SummaryBuilder().Region(region).Build(), "2026-11-24T06:00:00Z", to);

    [Fact]
    public async Task Send_NoSmtpHost_WritesEmlAndReturnsItsFullPath()
    {
        var path = await Mailer().SendAsync(Email("north-east", "head.ne@example.org"));

        Assert.True(Path.IsPathFullyQualified(path));
        Assert.Equal(_directory, Path.GetDirectoryName(path));
        Assert.Matches(@"^20261124T060007Z-north-east-[0-9a-f]{8}\.eml$", Path.GetFileName(path));
        Assert.True(File.Exists(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Send_NoSmtpHost_FileIsTheWholeMessage()
    {
        var email = Email("north-east", "head.ne@example.org", "deputy.ne@example.org");

        var path = await Mailer().SendAsync(email);

        using var message = await MimeMessage.LoadAsync(path);
        MimeAssert.SummaryStructure(message, email);
        Assert.Equal("spinetriage@localhost", message.From.Mailboxes.Single().Address);
        Assert.Equal(SentAt, message.Date);
        Assert.Equal("north-east", message.Headers[SummaryMailer.RegionHeader]);
    }

    [Fact]
    public async Task Send_Rollup_FileNamedAllRegions()
    {
        var path = await Mailer().SendAsync(Email(RegionSummary.AllRegions, "director@example.org"));

        Assert.Matches(@"^20261124T060007Z-all-regions-[0-9a-f]{8}\.eml$", Path.GetFileName(path));
    }

    [Fact]
    public async Task Send_NoRecipients_StillWritesTheFile()
    {
        // The demo has no recipients configured: the .eml is still the thing to look at.
        var path = await Mailer().SendAsync(Email("central"));

        using var message = await MimeMessage.LoadAsync(path);
        Assert.Empty(message.To);
    }

    [Fact]
    public async Task Send_TwoRegionsSameSecond_TwoFiles()
    {
        var mailer = Mailer();
        var first = await mailer.SendAsync(Email("north-east"));
        var second = await mailer.SendAsync(Email("north east"));

        Assert.NotEqual(first, second);
        Assert.Equal(2, Directory.GetFiles(_directory, "*.eml").Length);
    }

    [Fact]
    public void PickupFileName_HostileRegion_OnlySafeCharacters()
    {
        var email = new SummaryEmailRenderer().Render(new SummaryBuilder().Region("../../etc/<passwd>").Build(), "p", []);

        var name = SummaryMailer.PickupFileName(email, SentAt);

        Assert.Matches(@"^20261124T060007Z-[a-z0-9-]+-[0-9a-f]{8}\.eml$", name);
    }

    [Fact]
    public async Task Send_NoSmtpHost_LogsRegionRecipientCountAndPath()
    {
        var path = await Mailer().SendAsync(Email("north-east", "head.ne@example.org"));

        var (message, properties) = Assert.Single(_logger.Entries);
        Assert.Contains(path, message);
        Assert.Contains(properties, p => p.Key == "Region" && Equals(p.Value, "north-east"));
        Assert.Contains(properties, p => p.Key == "RecipientCount" && Equals(p.Value, 1));
        Assert.DoesNotContain("REF-", message);
        Assert.DoesNotContain("example.org", message);
    }

    [Fact]
    public async Task Send_RelativePickupDirectory_ResolvedAgainstCurrentDirectory()
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _directory);
        var mailer = new SummaryMailer(Options.Create(new EmailOptions { PickupDirectory = relative }), new FakeTimeProvider(SentAt), _logger);

        var path = await mailer.SendAsync(Email("north-east"));

        Assert.Equal(_directory, Path.GetDirectoryName(path));
    }

    [Fact]
    public async Task Preview_OfAWrittenEml_IsItsHtmlWithTheChartInlined_AsTheRendererMakesItForABrowser()
    {
        var summary = new SummaryBuilder().Build();
        var email = new SummaryEmailRenderer().Render(summary, "2026-11-24T06:00:00Z", ["head.ne@example.org"]);
        var eml = await Mailer().SendAsync(email);

        var path = await SummaryPreview.WriteBesideAsync(eml);

        Assert.Equal(Path.ChangeExtension(eml, ".html"), path);
        var html = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("cid:", html);
        Assert.Contains("src=\"data:image/png;base64," + Convert.ToBase64String(email.ChartPng.ToArray()) + "\"", html);
        Assert.Equal(
            EmailText.VisibleHtml(new SummaryEmailRenderer().RenderHtmlForBrowser(summary, "2026-11-24T06:00:00Z")),
            EmailText.VisibleHtml(html));
    }
}
