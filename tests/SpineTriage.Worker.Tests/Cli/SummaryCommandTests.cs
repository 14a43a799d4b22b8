using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage;
using SpineTriage.TestSupport;
using SpineTriage.Worker.Tests.Queue;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// <c>spinetriage summary</c> as a process on this collection's emulator: the summaries of the
/// period go to a pickup folder as .eml files, once; bad input and bad settings are usage errors.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class SummaryCommandTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), "spinetriage-summary-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }
    }

    // north-east (crisis) has two postponed cases, one of them flagged for review; coastal (no status) one.
    // Each of the later cases is postponed in north-east, decided at its time.
    private async Task<Dictionary<string, string>> ScenarioAsync(params DateTimeOffset[] later)
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var runs = azurite.UniqueName("summaryruns");
        var options = new StorageOptions { Connection = azurite.ConnectionString, SummaryRunsTable = runs };
        names.ApplyTo(options);
        var clients = new StorageClients(azurite.ConnectionString);
        var triage = new TableTriageStore(clients, Options.Create(options), NullLogger<TableTriageStore>.Instance);
        var regions = new TableRegionStatusStore(clients, Options.Create(options), TimeProvider.System);
        await triage.CreateTablesAsync();
        await regions.CreateTableAsync();
        await regions.SetAsync("north-east", RegionStatus.Crisis, "test");
        var decidedAt = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        foreach (var (id, region) in new[] { ("CLI-SUM-1", "north-east"), ("CLI-SUM-2", "north-east"), ("CLI-SUM-3", "coastal") })
        {
            var result = new TriageResult(
                id, 0, region, TriageCategory.Elective, Disposition.Postpone, "Consider postponing", ["elective.manageable-without-procedure"],
                id == "CLI-SUM-2", ["test"], RegionStatus.Crisis, "nass-covid19-2020.1", decidedAt);
            await triage.SaveAsync(new TriageDecision(result, decidedAt.AddHours(-1)));
        }

        for (var i = 0; i < later.Length; i++)
        {
            var result = new TriageResult(
                $"CLI-SUM-LATE-{i}", 0, "north-east", TriageCategory.Urgent, Disposition.Postpone, "Proceed if the local situation allows",
                ["urgent.progressive-myelopathy"], false, ["test"], RegionStatus.Crisis, "nass-covid19-2020.1", later[i]);
            await triage.SaveAsync(new TriageDecision(result, decidedAt.AddDays(-40)));
        }

        return new Dictionary<string, string>(names.Environment())
        {
            ["SpineTriage__Storage__SummaryRunsTable"] = runs,
            ["SpineTriage__Email__SmtpHost"] = "",
            ["SpineTriage__Email__PickupDirectory"] = _pickup,
            ["SpineTriage__Email__Recipients__north-east__0"] = "head.ne@example.org",
            ["SpineTriage__Email__Recipients__north-east__1"] = "deputy.ne@example.org",
            ["SpineTriage__Email__Recipients__coastal__0"] = "head.coastal@example.org",
            ["SpineTriage__Email__Recipients__*__0"] = "leads@example.org",
        };
    }

    private async Task<ProcessResult> SummaryAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var result = await CliProcess.RunAsync(environment, Limit, ["summary", "--storage", azurite.ConnectionString, .. arguments]);
        output.WriteLine(result.StandardOutput);
        output.WriteLine(result.StandardError);
        return result;
    }

    [Fact]
    public async Task Summary_RecipientsAsOneJsonVariable_WhichEveryShellCanSet_AreUsed()
    {
        // "north-east" and "*" cannot be in a variable's name in bash: the recipients travel as one JSON value.
        var environment = await ScenarioAsync();
        foreach (var key in environment.Keys.Where(k => k.StartsWith("SpineTriage__Email__Recipients__", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key);
        }

        environment["SPINETRIAGE_EMAIL_RECIPIENTS"] = """{"north-east":["head.ne@example.org","deputy.ne@example.org"],"coastal":["head.coastal@example.org"],"*":["leads@example.org"]}""";

        var run = await SummaryAsync(environment, "--now", "2026-11-24T06:00:00Z");

        Assert.Equal(0, run.ExitCode);
        var recipients = run.Lines.ToDictionary(l => l.GetProperty("region").GetString()!, l => l.GetProperty("recipients").GetInt32());
        Assert.Equal(2, recipients["north-east"]);
        Assert.Equal(1, recipients["coastal"]);
        Assert.Equal(1, recipients["all regions"]);
    }

    [Fact]
    public async Task Summary_FirstRun_WritesOneEmailPerRegionAndTheRollup_AndPrintsALinePerEmail()
    {
        var environment = await ScenarioAsync();

        var run = await SummaryAsync(environment, "--now", "2026-11-24T06:00:00Z");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Lines;
        Assert.Equal(["coastal", "north-east", "all regions"], lines.Select(l => l.GetProperty("region").GetString()));
        Assert.All(lines, l =>
        {
            Assert.Equal("20261124T060000Z", l.GetProperty("period").GetString());
            Assert.Equal("sent", l.GetProperty("outcome").GetString());
            Assert.True(File.Exists(l.GetProperty("where").GetString()), l.GetProperty("where").GetString());
        });
        Assert.Equal([1, 2, 1], lines.Select(l => l.GetProperty("recipients").GetInt32()));
        Assert.Equal([1, 2, 3], lines.Select(l => l.GetProperty("postponed").GetInt32()));
        Assert.Equal([0, 1, 1], lines.Select(l => l.GetProperty("awaitingReview").GetInt32()));
        Assert.Equal(3, Directory.GetFiles(_pickup, "*.eml").Length);
        var northEast = await File.ReadAllTextAsync(Directory.GetFiles(_pickup, "*north-east*.eml").Single());
        Assert.Contains("head.ne@example.org", northEast, StringComparison.Ordinal);
        Assert.Contains("CLI-SUM-1", northEast, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_NowBeforeSomeDecisions_TheHeadlineTheTrendAndTheWaitsCountTheSameCases()
    {
        // Two cases decided before --now (20 Nov), two after it (24 Nov 06:00:01 and 1 Dec): the email
        // of 24 Nov 06:00 headlines the two, its trend ends on two, and no wait is of a later case.
        var environment = await ScenarioAsync(
            new DateTimeOffset(2026, 11, 24, 6, 0, 1, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero));

        var run = await SummaryAsync(environment, "--now", "2026-11-24T06:00:00Z");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([1, 2, 3], run.Lines.Select(l => l.GetProperty("postponed").GetInt32()));
        var email = MimeKit.MimeMessage.Load(Directory.GetFiles(_pickup, "*north-east*.eml").Single());
        var text = email.TextBody ?? "";
        Assert.Equal("2", System.Text.RegularExpressions.Regex.Match(text, @"Postponed now\.+(\d+)").Groups[1].Value);
        var today = System.Text.RegularExpressions.Regex.Match(text, @"^\s+24 Nov\s+(\d+)\s+(\d+)\s+(\d+)\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(today.Success, text);
        Assert.Equal("2", today.Groups[3].Value);
        Assert.DoesNotContain("CLI-SUM-LATE", text, StringComparison.Ordinal);
        Assert.StartsWith("SpineTriage: 2 postponed in north-east", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_AgainInTheSamePeriod_SendsNothingNew()
    {
        var environment = await ScenarioAsync();
        await SummaryAsync(environment, "--now", "2026-11-24T06:00:00Z");

        var again = await SummaryAsync(environment, "--now", "2026-11-24T18:30:00+01:00");

        Assert.Equal(0, again.ExitCode);
        Assert.All(again.Lines, l => Assert.Equal("alreadySent", l.GetProperty("outcome").GetString()));
        Assert.Equal(3, Directory.GetFiles(_pickup, "*.eml").Length);
    }

    [Fact]
    public async Task Summary_OneRegion_SendsOnlyThatRegion()
    {
        var environment = await ScenarioAsync();

        var run = await SummaryAsync(environment, "--now", "2026-11-24T06:00:00Z", "--region", "coastal");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("coastal", Assert.Single(run.Lines).GetProperty("region").GetString());
        Assert.Single(Directory.GetFiles(_pickup, "*.eml"));
    }

    [Fact]
    public async Task Summary_RegionWithoutRecipients_IsReportedAndNotSent()
    {
        var environment = await ScenarioAsync();
        environment.Remove("SpineTriage__Email__Recipients__coastal__0");

        var run = await SummaryAsync(environment, "--now", "2026-11-24T06:00:00Z");

        Assert.Equal(0, run.ExitCode);
        var coastal = run.Lines.Single(l => l.GetProperty("region").GetString() == "coastal");
        Assert.Equal("noRecipients", coastal.GetProperty("outcome").GetString());
        Assert.Contains("no recipients configured", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(_pickup, "*.eml").Length);
    }

    [Theory]
    [InlineData("2026-11-24")]
    [InlineData("2026-11-24T06:00:00")]
    [InlineData("tomorrow")]
    public async Task Summary_NowWithoutAnOffset_IsAUsageError(string now)
    {
        var run = await SummaryAsync(null, "--now", now);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--now must be an RFC 3339 date-time with an offset", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_BadRegion_IsAUsageError()
    {
        var run = await SummaryAsync(null, "--region", "North East");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--region", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_BadSchedule_IsAUsageErrorNamingSummarySchedule()
    {
        var run = await SummaryAsync(new Dictionary<string, string> { ["SUMMARY_SCHEDULE"] = "0 6 * * *" });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SUMMARY_SCHEDULE", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("6-field NCRONTAB", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_UnknownTimeZone_IsAUsageErrorNamingTheSetting()
    {
        var run = await SummaryAsync(new Dictionary<string, string> { ["SpineTriage__Summary__TimeZone"] = "Mars/Olympus_Mons" });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SpineTriage:Summary:TimeZone", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadSchedule_ExitsTwoBeforeListening()
    {
        var run = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["SUMMARY_SCHEDULE"] = "every day" }, Limit, "run", "--storage", azurite.ConnectionString);

        output.WriteLine(run.StandardError);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SUMMARY_SCHEDULE", run.StandardError, StringComparison.Ordinal);
    }
}
