using System.Text;
using SpineTriage.TestSupport;
using SpineTriage.Worker.Tests.Cli;
using SpineTriage.Worker.Tests.Queue;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Hosting;

/// <summary>
/// <c>spinetriage run</c> as a process with a 1-second alert interval, real SMTP (MailDev) and the
/// shared emulator: a red-flag referral put on the queue is one email at the region's review address
/// within seconds, with its id and codes and nothing of its notes; further runs send nothing more.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class ReviewAlertEndToEndTests(AzuriteFixture azurite, MailDevFixture mailDev, ITestOutputHelper output) : IClassFixture<MailDevFixture>
{
    private const string NotesCanary = "NOTES-CANARY-5e7a";

    [Fact]
    public async Task Run_RedFlagReferral_ExactlyOneAlertEmailWithinSecondsWithIdsAndCodesButNoNotes()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var region = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        const string referralId = "REF-E2E-ALERT-1";
        var notes = $"Reports new saddle anaesthesia and urinary retention since this morning. {NotesCanary} lives at 4 Elm Street.";
        var environment = new Dictionary<string, string>(names.Environment())
        {
            ["SpineTriage__Queue__MaxPollingInterval"] = "00:00:00.200",
            ["SpineTriage__Alerts__Interval"] = "00:00:01",
            ["SpineTriage__Summary__Enabled"] = "false",
            ["SpineTriage__Email__SmtpHost"] = MailDevFixture.Host,
            ["SpineTriage__Email__SmtpPort"] = mailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SpineTriage__Email__Tls"] = "None",
            ["SpineTriage__Email__From"] = "SpineTriage <spinetriage@hospital.example>",
            ["SPINETRIAGE_ALERT_RECIPIENTS"] = $$"""{"{{region}}":["review.e2e@hospital.example"],"*":["on-call@hospital.example"]}""",
        };

        using var run = RunningCli.Start(environment, "run", "--storage", azurite.ConnectionString);
        await storage.SendAsync(new BinaryData(Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":1,"referralId":"{{referralId}}","sequence":0,"receivedAt":"2026-10-01T07:42:00Z","region":"{{region}}",
             "patient":{"ref":"p-e2e","ageYears":58},
             "procedure":{"kind":"surgery","setting":"inpatient"},
             "findings":{"neurologicDeficit":{"severity":"none","trend":"stable"},"cause":"degenerative"},
             "notes":"{{notes}}"}
            """)));

        var email = await mailDev.WaitForEmailAsync(e => e.Subject.Contains(region, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // A few more intervals: the ledger and the removed index row keep the alert from going out again.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var result = await run.TerminateAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(result.StandardError);

        var all = (await mailDev.GetEmailsAsync()).Where(e => e.Subject.Contains(region, StringComparison.Ordinal)).ToList();
        Assert.Single(all);
        Assert.Equal($"SpineTriage review alert: {region}, 1 referral needs a clinician", email.Subject);
        Assert.Equal(["review.e2e@hospital.example"], email.To);
        foreach (var part in new[] { email.Text!, email.Html! })
        {
            Assert.Contains(referralId, part, StringComparison.Ordinal);
            Assert.Contains("red-flag:saddle-sensory-loss", part, StringComparison.Ordinal);
            Assert.DoesNotContain(NotesCanary, part, StringComparison.Ordinal);
            Assert.DoesNotContain("Elm Street", part, StringComparison.Ordinal);
            Assert.DoesNotContain("p-e2e", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Red flag in the", part, StringComparison.Ordinal);
        }

        var raw = Encoding.UTF8.GetString(await mailDev.DownloadAsync(email.Id));
        Assert.Contains($"X-SpineTriage-Region: {region}", raw, StringComparison.Ordinal);
        Assert.Contains("X-SpineTriage-Alert: ", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(NotesCanary, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(NotesCanary, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }
}
