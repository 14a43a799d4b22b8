using SpineTriage.Worker.Emulator;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// With no storage configured, commands share one local store whose data stays on disk: what
/// <c>submit</c> queues, <c>run</c> stores, and <c>results</c> and <c>rejects</c> show, each a separate
/// process. <c>storage where</c> says where it is; <c>storage reset --yes</c> empties it.
/// </summary>
[Collection(DevelopmentPorts.Name)]
public sealed class LocalStoreTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("spinetriage-local-store-");

    private Dictionary<string, string> Environment => new() { [AzuriteOptions.DataVariable] = _data.FullName };

    [Fact]
    public async Task SubmitRunResultsRejects_InARowWithoutStorage_SeeTheSameData_ThenResetEmptiesIt()
    {
        Assert.False(
            await AzuriteEmulator.IsRunningAsync(AzuriteEmulator.Host, AzuriteOptions.DevelopmentQueuePort, TimeSpan.FromSeconds(1)),
            "An emulator already answers on the development ports: this test needs them free.");

        var valid = await CliProcess.RunAsync(Environment, Limit, "submit", SpineTriageProcess.Sample("referrals.jsonl"));
        var invalid = await CliProcess.RunAsync(Environment, Limit, "submit", SpineTriageProcess.Sample("invalid-referrals.jsonl"));
        var run = await CliProcess.RunAsync(Environment, Limit, "run", "--until-idle");
        var results = await CliProcess.RunAsync(Environment, Limit, "results");
        var rejects = await CliProcess.RunAsync(Environment, Limit, "rejects");

        Assert.Equal(("84", "38", 0), (valid.StandardOutput.Trim(), invalid.StandardOutput.Trim(), run.ExitCode));
        var referrals = File.ReadLines(SpineTriageProcess.Sample("referrals.jsonl")).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("referralId").GetString()).Distinct().Count();
        Assert.Equal(referrals, results.Lines.Count);
        Assert.Equal(38, rejects.Lines.Count);

        var where = await CliProcess.RunAsync(Environment, Limit, "storage", "where");
        Assert.Contains(_data.FullName, where.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("not running", where.StandardOutput, StringComparison.Ordinal);

        var refused = await CliProcess.RunAsync(Environment, Limit, "storage", "reset");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--yes", refused.StandardError, StringComparison.Ordinal);
        Assert.True(Directory.Exists(_data.FullName));

        var reset = await CliProcess.RunAsync(Environment, Limit, "storage", "reset", "--yes");
        Assert.Equal(0, reset.ExitCode);
        Assert.False(Directory.Exists(_data.FullName));
        var empty = await CliProcess.RunAsync(Environment, Limit, "results");
        Assert.Equal((0, 0), (empty.ExitCode, empty.Lines.Count));
    }

    public void Dispose()
    {
        if (_data.Exists)
        {
            _data.Delete(recursive: true);
        }
    }
}

/// <summary>Tests that use the development ports: never in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DevelopmentPorts
{
    public const string Name = "Local store (development ports)";
}
