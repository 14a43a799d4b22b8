using System.Text;
using System.Text.Json;
using SpineTriage.TestSupport;
using SpineTriage.Worker.Tests.Queue;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// <c>run --until-idle</c> sends the pending alerts once before it exits; <c>alerts send</c> reports
/// per region, keeps a region without an address pending, and sends it once one is configured.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class AlertsCommandTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), "spinetriage-alerts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }
    }

    [Fact]
    public async Task RunUntilIdle_ThenAlertsSend_SendsEachRegionOnceAndKeepsARegionWithoutAnAddressPending()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        await storage.SendAsync(RedFlag("REF-CLI-1", "north-east"), RedFlag("REF-CLI-2", "north-east"), RedFlag("REF-CLI-3", "south-west"));
        var environment = new Dictionary<string, string>(names.Environment())
        {
            ["SpineTriage__Queue__MaxPollingInterval"] = "00:00:00.200",
            ["SpineTriage__Email__PickupDirectory"] = _pickup,
            ["SPINETRIAGE_ALERT_RECIPIENTS"] = """{"north-east":["review.ne@example.org"]}""",
        };

        var run = await CliProcess.RunAsync(environment, TimeSpan.FromSeconds(90), "run", "--until-idle", "--storage", azurite.ConnectionString);
        output.WriteLine(run.StandardError);

        Assert.Equal(0, run.ExitCode);
        var eml = Assert.Single(Directory.GetFiles(_pickup, "*-alert-north-east-*.eml"));
        var text = await File.ReadAllTextAsync(eml);
        Assert.Contains("REF-CLI-1", text, StringComparison.Ordinal);
        Assert.Contains("REF-CLI-2", text, StringComparison.Ordinal);
        Assert.Contains("south-west", run.StandardError, StringComparison.Ordinal); // the warning names the region without an address

        var again = await CliProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "alerts", "send", "--storage", azurite.ConnectionString);

        Assert.Equal(0, again.ExitCode);
        var line = JsonDocument.Parse(Assert.Single(again.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(("south-west", "noRecipients", 1), (line.GetProperty("region").GetString(), line.GetProperty("outcome").GetString(), line.GetProperty("referrals").GetInt32()));

        environment["SPINETRIAGE_ALERT_RECIPIENTS"] = """{"north-east":["review.ne@example.org"],"*":["on-call@example.org"]}""";
        var configured = await CliProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "alerts", "send", "--storage", azurite.ConnectionString);

        var sent = JsonDocument.Parse(Assert.Single(configured.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(("south-west", "sent"), (sent.GetProperty("region").GetString(), sent.GetProperty("outcome").GetString()));
        Assert.Equal(["REF-CLI-3"], sent.GetProperty("referralIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(Directory.GetFiles(_pickup, "*-alert-south-west-*.eml"));
        Assert.Single(Directory.GetFiles(_pickup, "*-alert-north-east-*.eml"));
    }

    private static BinaryData RedFlag(string referralId, string region) => new(Encoding.UTF8.GetBytes($$"""
        {"schemaVersion":1,"referralId":"{{referralId}}","sequence":0,"receivedAt":"2026-10-01T07:42:00Z","region":"{{region}}",
         "procedure":{"kind":"surgery","setting":"inpatient"},
         "findings":{"neurologicDeficit":{"severity":"none","trend":"stable"},"cause":"degenerative"},
         "notes":"Reports new saddle anaesthesia and urinary retention since this morning."}
        """));
}
