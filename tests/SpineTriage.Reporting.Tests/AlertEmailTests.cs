using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Reporting.Tests;

/// <summary>The review alert email: every line's fields in both parts, HTML-escaped, headers, and the shared pickup delivery.</summary>
public sealed class AlertEmailTests : IDisposable
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 20, 10, 15, 2, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "spinetriage-alert-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static AlertEmail Email(string region = "north-east", string referralId = "REF-2026-000140") =>
        new(region, ["review.ne@hospital.example"], ReviewAlertJob.Subject(region, 1),
            [new PendingAlert(referralId, 3, region, TriageCategory.Elective, Disposition.Review,
                ["elective.manageable-without-procedure", "red-flag:saddle-sensory-loss", "conflict:findings.neurologicDeficit.severity"],
                new DateTimeOffset(2026, 11, 20, 10, 2, 11, TimeSpan.Zero), 1)],
            "0123456789abcdef01234567");

    [Fact]
    public void Text_HasOneLinePerReferralWithEveryField()
    {
        var text = AlertEmailRenderer.Text(Email());

        Assert.Contains(
            "- REF-2026-000140 (sequence 3): Elective, review; criteria: elective.manageable-without-procedure; alerts: red-flag:saddle-sensory-loss, conflict:findings.neurologicDeficit.severity; decided 2026-11-20T10:02:11Z",
            text, StringComparison.Ordinal);
        Assert.StartsWith("SpineTriage review alert: north-east, 1 referral needs a clinician", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_EscapesEveryValue()
    {
        var html = AlertEmailRenderer.Html(Email(region: "<script>alert(1)</script>", referralId: "REF-<b>&"));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("REF-<b>", html, StringComparison.Ordinal);
        Assert.Contains("REF-&lt;b&gt;&amp;", html, StringComparison.Ordinal);
        Assert.Contains("red-flag:saddle-sensory-loss", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoSmtpHost_WritesAnAlertEmlWithRegionAndBatchHeaders()
    {
        var mailer = new AlertMailer(
            Options.Create(new EmailOptions { SmtpHost = null, PickupDirectory = _directory }), new FakeTimeProvider(SentAt), NullLogger<AlertMailer>.Instance);

        var path = await mailer.SendAsync(Email());

        Assert.Matches(@"20261120T101502Z-alert-north-east-[0-9a-f]{8}\.eml$", path);
        using var message = await MimeMessage.LoadAsync(path);
        Assert.Equal("north-east", message.Headers[SummaryMailer.RegionHeader]);
        Assert.Equal("0123456789abcdef01234567", message.Headers[AlertMailer.AlertHeader]);
        Assert.Equal("alert-0123456789abcdef01234567@spinetriage", message.MessageId);
        Assert.Equal(["review.ne@hospital.example"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("REF-2026-000140", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("REF-2026-000140", message.HtmlBody, StringComparison.Ordinal);
    }
}
