using System.Diagnostics;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

public sealed class DemoCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_OnItsOwnEmulator_ExitsZeroWithinTwoMinutesAndPrintsDecisionsPostponedCasesAndRejects()
    {
        var stopwatch = Stopwatch.StartNew();

        var demo = await CliProcess.RunAsync(null, TimeSpan.FromSeconds(120), "demo");

        output.WriteLine($"demo took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(demo.StandardOutput);
        output.WriteLine(demo.StandardError);
        Assert.Equal(0, demo.ExitCode);
        Assert.Contains("Decisions", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Postponed cases per region", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("north-east", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("38 rejected", demo.StandardOutput, StringComparison.Ordinal);
    }
}
