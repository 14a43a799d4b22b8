using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SpineTriage.Core.Summaries;
using SpineTriage.Reporting.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Reporting.Tests;

/// <summary>Delivery through a real SMTP server: MailDev, started for this class on free ports.</summary>
public class SummaryMailerSmtpTests(MailDevFixture mailDev) : IClassFixture<MailDevFixture>
{
    private static readonly string[] Recipients = ["head.ne@example.org", "deputy.ne@example.org"];
    private readonly ListLogger<SummaryMailer> _logger = new();

    private SummaryMailer Mailer(Action<EmailOptions>? configure = null)
    {
        var options = new EmailOptions
        {
            SmtpHost = MailDevFixture.Host,
            SmtpPort = mailDev.SmtpPort,
            Tls = SmtpTlsMode.None,
            From = "SpineTriage <spinetriage@hospital.example>",
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new SummaryMailer(Options.Create(options), new FakeTimeProvider(SummaryBuilder.Now), _logger);
    }

    private static SummaryEmail Email(string region, string[]? to = null) =>
        new SummaryEmailRenderer().Render(new SummaryBuilder().Region(region).Build(), "2026-11-24T06:00:00Z", to ?? Recipients);

    [Fact]
    public async Task Send_ToMailDev_ArrivesWithRecipientsSubjectAndSender()
    {
        var email = Email("smtp-recipients");

        var response = await Mailer().SendAsync(email);

        Assert.False(string.IsNullOrWhiteSpace(response));
        var received = await mailDev.WaitForEmailAsync(e => e.Subject == email.Subject);
        Assert.Equal(Recipients.Order(), received.To.Order());
        Assert.Equal(Recipients.Order(), received.EnvelopeTo.Order());
        Assert.Equal(["spinetriage@hospital.example"], received.From);
        Assert.Equal("smtp-recipients", received.Headers[SummaryMailer.RegionHeader]);
        Assert.Equal("2026-11-24T06:00:00Z", received.Headers[SummaryMailer.PeriodHeader]);
    }

    [Fact]
    public async Task Send_ToMailDev_BothPartsAndTheInlineChart()
    {
        var email = Email("smtp-parts");

        await Mailer().SendAsync(email);

        var received = await mailDev.WaitForEmailAsync(e => e.Subject == email.Subject);
        Assert.NotNull(received.Text);
        Assert.Contains("Postponed now", received.Text);
        Assert.Contains("REF-N1, REF-N2, REF-N3", received.Text);
        Assert.NotNull(received.Html);
        Assert.Contains("17", EmailText.VisibleHtml(received.Html));
        var chart = Assert.Single(received.Attachments);
        Assert.Equal("image/png", chart.ContentType);
        Assert.Equal(email.ChartContentId, chart.ContentId?.Trim('<', '>'));
        Assert.Contains("cid:" + email.ChartContentId, email.Html);
    }

    [Fact]
    public async Task Send_ToMailDev_RawMessageHasTheMimeStructureAndTheSameChart()
    {
        var email = Email("smtp-structure");

        await Mailer().SendAsync(email);

        var received = await mailDev.WaitForEmailAsync(e => e.Subject == email.Subject);
        using var raw = new MemoryStream(await mailDev.DownloadAsync(received.Id));
        using var message = await MimeMessage.LoadAsync(raw);
        MimeAssert.SummaryStructure(message, email);
    }

    [Fact]
    public async Task Send_NoRecipients_RefusesBeforeConnecting()
    {
        var email = Email("smtp-nobody", to: []);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Mailer().SendAsync(email));

        Assert.Contains("SpineTriage:Email:Recipients", error.Message);
    }

    [Fact]
    public async Task Send_UserWithoutPassword_RefusesBeforeConnecting()
    {
        var mailer = Mailer(o =>
        {
            o.User = "spinetriage";
            o.Password = null;
            o.SmtpPort = 1; // nothing listens there: the check must come first
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => mailer.SendAsync(Email("smtp-nopassword")));

        Assert.Contains(EmailOptions.PasswordVariable, error.Message);
    }

    [Fact]
    public async Task Send_UserAndPassword_AuthenticatesSoAServerWithoutAuthFails()
    {
        // MailDev here offers no AUTH: a mailer that tries to authenticate says so instead of sending unauthenticated.
        var mailer = Mailer(o =>
        {
            o.User = "spinetriage";
            o.Password = "not-a-real-secret";
        });

        await Assert.ThrowsAsync<NotSupportedException>(() => mailer.SendAsync(Email("smtp-auth")));
    }

    [Fact]
    public async Task Send_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Mailer().SendAsync(Email("smtp-cancelled"), cancelled.Token));
    }

    [Fact]
    public async Task Send_LogsRegionRecipientCountAndServer_NeverTheContent()
    {
        var email = Email("smtp-logging");

        await Mailer().SendAsync(email);

        var (message, properties) = Assert.Single(_logger.Entries);
        Assert.Contains("smtp-logging", message);
        Assert.Contains(properties, p => p.Key == "RecipientCount" && Equals(p.Value, 2));
        Assert.Contains(properties, p => p.Key == "SmtpHost" && Equals(p.Value, MailDevFixture.Host));
        Assert.DoesNotContain("REF-", message);
        Assert.DoesNotContain("example.org", message);
        Assert.DoesNotContain(email.Subject, message);
    }
}
