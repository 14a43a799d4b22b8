using SpineTriage.TestSupport;
using SpineTriage.Worker.Tests.Queue;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary><c>spinetriage run</c> as a process, on this collection's emulator with its own queue and tables.</summary>
[Collection(SharedAzurite.Name)]
public sealed class RunCommandTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task RunUntilIdle_MessagesWithPatientData_ExitsZeroAndPrintsNoNotesOrPatientFields()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var valid = Enumerable.Range(1, 5).Select(i => $"PHI-CLI-{i}").ToList();
        var invalid = TestReferrals.InvalidWithCanary();
        await storage.SendAsync(valid.Select(id => TestReferrals.WithCanary(id).Body()));
        await storage.SendAsync(invalid.Select(i => TestReferrals.Body(i.Body)));
        var environment = new Dictionary<string, string>(names.Environment())
        {
            ["SpineTriage__Queue__MaxPollingInterval"] = "00:00:00.200",
        };

        var run = await CliProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "run", "--until-idle", "--storage", azurite.ConnectionString);

        output.WriteLine(run.StandardError);
        output.WriteLine(run.StandardOutput);
        Assert.Equal(0, run.ExitCode);
        // One short line per entry: time, level, message; no event ids or category names.
        var lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(@"^\d\d:\d\d:\d\d (info|WARN|FAIL|CRIT) ", line));
        Assert.DoesNotContain(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"\[\d{3,}\]"));
        Assert.Contains(lines, line => line.Contains("Referral PHI-CLI-1 sequence 0:", StringComparison.Ordinal));
        var printed = run.StandardOutput + run.StandardError;
        Assert.Contains("PHI-CLI-1", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(TestReferrals.Canary, printed, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(valid.Order(), (await storage.ResultsAsync()).Select(r => r.ReferralId).Order());
        Assert.Equal(invalid.Count, (await storage.RejectedAsync()).Count);
        Assert.Equal(0, await storage.QueueCountAsync());
    }
}
