using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary><c>spinetriage demo</c> ends by writing the summary emails of its sample data to a pickup folder and saying where.</summary>
public sealed class DemoSummaryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), "spinetriage-demo-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_WritesOneSummaryEmailPerRegionAndTheRollup_AndPrintsTheFolder()
    {
        var demo = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["SpineTriage__Email__SmtpHost"] = "smtp.invalid" }, TimeSpan.FromSeconds(120), "demo", "--summaries", _pickup);

        output.WriteLine(demo.StandardOutput);
        output.WriteLine(demo.StandardError);
        Assert.Equal(0, demo.ExitCode);
        Assert.Contains("7 summary emails written to", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(_pickup, demo.StandardOutput.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // Six regions and the rollup; an SMTP host in the environment is ignored: the demo never sends.
        var files = Directory.GetFiles(_pickup, "*.eml");
        Assert.Equal(7, files.Length);
        foreach (var region in new[] { "north-east", "south-west", "central", "coastal", "highlands", "metro-west", "all-regions" })
        {
            Assert.Single(files, f => Path.GetFileName(f).Contains($"-{region}-", StringComparison.Ordinal));
        }

        var northEast = await File.ReadAllTextAsync(files.Single(f => f.Contains("-north-east-", StringComparison.Ordinal)));
        Assert.Contains("spine-lead.north-east@example.org", northEast, StringComparison.Ordinal);

        // Beside each .eml, its browser preview: the HTML part with the chart inlined.
        foreach (var file in files)
        {
            var preview = await File.ReadAllTextAsync(Path.ChangeExtension(file, ".html"));
            Assert.DoesNotContain("cid:", preview, StringComparison.Ordinal);
            Assert.Contains("src=\"data:image/png;base64,", preview, StringComparison.Ordinal);
        }

        Assert.Contains("By region", await File.ReadAllTextAsync(Path.ChangeExtension(files.Single(f => f.Contains("-all-regions-", StringComparison.Ordinal)), ".html")), StringComparison.Ordinal);
    }
}
