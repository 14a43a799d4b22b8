using System.Text.Json;
using System.Text.Json.Nodes;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// The pipeline commands end to end, each a real <c>spinetriage</c> process on a fresh emulator:
/// the fixture sets a region, submits both sample files and runs the worker until idle, once; the
/// tests check what each of those printed and what the query commands print afterwards.
/// </summary>
public sealed class PipelineCommandsTests(PipelineCommandsTests.SampleRun pipeline) : IClassFixture<PipelineCommandsTests.SampleRun>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly string[] ResultProperties =
    [
        "referralId", "sequence", "region", "category", "disposition", "recommendation", "criteria",
        "needsReview", "reasons", "regionStatus", "guidelineVersion", "decidedAt", "current",
    ];

    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync(null, Limit, [.. arguments, "--storage", pipeline.Azurite.ConnectionString]);

    [Fact]
    public void RegionSet_ContractRegionAndLevel_PrintsTheRecord()
    {
        var set = pipeline.RegionSet;

        Assert.Equal(0, set.ExitCode);
        var record = Assert.Single(set.Lines);
        Assert.Equal("north-east", record.GetProperty("region").GetString());
        Assert.Equal("crisis", record.GetProperty("status").GetString());
        Assert.Equal("cli-test", record.GetProperty("setBy").GetString());
        Assert.True(record.GetProperty("setAt").TryGetDateTimeOffset(out _));
    }

    [Fact]
    public void RegionSet_RegionOutsideTheContract_ExitsNonZeroWithAMessage()
    {
        var set = pipeline.BadRegionSet;

        Assert.NotEqual(0, set.ExitCode);
        Assert.Contains("region", set.StandardError, StringComparison.Ordinal);
        Assert.Equal("", set.StandardOutput.Trim());
    }

    [Fact]
    public void Submit_SampleFiles_PrintHowManyMessagesWereSent()
    {
        Assert.Equal((0, "84"), (pipeline.SubmitValid.ExitCode, pipeline.SubmitValid.StandardOutput.Trim()));
        Assert.Equal((0, "38"), (pipeline.SubmitInvalid.ExitCode, pipeline.SubmitInvalid.StandardOutput.Trim()));
    }

    [Fact]
    public void RunUntilIdle_SubmittedSamples_ExitsZero()
    {
        Assert.True(pipeline.Run.ExitCode == 0, pipeline.Run.StandardError);
    }

    [Fact]
    public async Task Results_AfterTheRun_PrintEightyResultsInTheResultShape_WithTheLatestSequenceOfEachReferral()
    {
        var results = await RunAsync("results");

        Assert.Equal(0, results.ExitCode);
        var lines = results.Lines;
        Assert.Equal(80, lines.Count);
        var latest = File.ReadLines(SpineTriageProcess.Sample("referrals.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonNode.Parse(l)!)
            .GroupBy(n => n["referralId"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Max(n => n["sequence"]!.GetValue<long>()));
        Assert.Equal(latest.Keys.Order(), lines.Select(l => l.GetProperty("referralId").GetString()!).Order());
        Assert.All(lines, line =>
        {
            Assert.Equal(ResultProperties.Order(), line.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(latest[line.GetProperty("referralId").GetString()!], line.GetProperty("sequence").GetInt64());
            Assert.Contains(line.GetProperty("disposition").GetString(), new[] { "proceed", "postpone", "review" });
            Assert.Equal(JsonValueKind.Array, line.GetProperty("criteria").ValueKind);
            Assert.Equal(line.GetProperty("region").GetString() == "north-east" ? "crisis" : "constrained", line.GetProperty("regionStatus").GetString());
        });
    }

    [Fact]
    public async Task Results_RegionAndDisposition_PrintOnlyTheMatchingResults()
    {
        var all = (await RunAsync("results")).Lines;
        var expected = all
            .Where(l => l.GetProperty("region").GetString() == "north-east" && l.GetProperty("disposition").GetString() == "postpone")
            .Select(l => l.GetProperty("referralId").GetString())
            .Order()
            .ToList();

        var filtered = await RunAsync("results", "--region", "north-east", "--disposition", "postpone");

        Assert.Equal(0, filtered.ExitCode);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, filtered.Lines.Select(l => l.GetProperty("referralId").GetString()).Order());
    }

    [Fact]
    public async Task Results_RegionWithAQuote_IsRefusedInOneLineBeforeAnyQuery()
    {
        var results = await RunAsync("results", "--region", "o'brien");

        Assert.Equal(2, results.ExitCode);
        Assert.Equal("spinetriage results: region must be 1-64 characters of a-z 0-9 -", results.StandardError.Trim());
        Assert.Equal("", results.StandardOutput);
    }

    [Theory]
    [InlineData("results", "--region", "northeast")]
    [InlineData("results", "--region", "North-East")]
    [InlineData("region", "set", "northeast", "crisis")]
    public async Task UnknownRegion_IsRefusedWithTheNearestKnownOne(params string[] command)
    {
        var run = await RunAsync(command);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean 'north-east'?", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
    }

    [Fact]
    public async Task RegionList_AfterTheRun_ListsEveryRegionTheSamplesUse_WithTheDefaultWhereNoneIsSet()
    {
        var list = await RunAsync("region", "list");

        Assert.Equal(0, list.ExitCode);
        var sampleRegions = File.ReadLines(SpineTriageProcess.Sample("referrals.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!["region"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToList();
        var listed = list.Lines.Select(l => l.GetProperty("region").GetString()!).ToList();
        Assert.Superset(sampleRegions.ToHashSet(), listed.ToHashSet());
        var unset = list.Lines.Where(l => l.GetProperty("setBy").ValueKind == JsonValueKind.Null).ToList();
        Assert.All(unset, l => Assert.Equal("constrained", l.GetProperty("status").GetString()));
        Assert.All(unset, l => Assert.True(l.TryGetProperty("firstSeenAt", out _)));
    }

    [Fact]
    public async Task Rejects_WithoutShowBody_PrintEachMessagesSizeAndNoBody()
    {
        var rejects = await RunAsync("rejects");

        Assert.Equal(0, rejects.ExitCode);
        var sent = File.ReadLines(SpineTriageProcess.Sample("invalid-referrals.jsonl")).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(38, rejects.Lines.Count);
        Assert.All(rejects.Lines, line => Assert.False(line.TryGetProperty("body", out _) || line.TryGetProperty("bodyBase64", out _)));
        Assert.Equal(
            sent.Select(l => System.Text.Encoding.UTF8.GetByteCount(l)).Order(),
            rejects.Lines.Select(l => l.GetProperty("size").GetInt32()).Order());
        Assert.Equal("", rejects.StandardError);
    }

    [Fact]
    public async Task Rejects_WithShowBody_PrintThirtyEightLinesWithReferralIdReasonReceivedAtAndBody_AndAWarning()
    {
        var rejects = await RunAsync("rejects", "--show-body");

        Assert.Equal(0, rejects.ExitCode);
        Assert.Contains("patient data", rejects.StandardError, StringComparison.Ordinal);
        var sent = File.ReadLines(SpineTriageProcess.Sample("invalid-referrals.jsonl")).Where(l => l.Trim().Length > 0).ToList();
        var lines = rejects.Lines;
        Assert.Equal(38, lines.Count);
        Assert.Equal(sent.Order(StringComparer.Ordinal), lines.Select(l => l.GetProperty("body").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(lines, line =>
        {
            Assert.True(line.TryGetProperty("referralId", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Null);
            Assert.True(line.GetProperty("receivedAt").TryGetDateTimeOffset(out _));
            var body = JsonNode.Parse(line.GetProperty("body").GetString()!)!;
            var reason = line.GetProperty("reason").GetString()!;
            foreach (var field in body["_expectedErrorField"]!.GetValue<string>().Split('|'))
            {
                Assert.Contains(field, reason, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task RegionList_AfterASet_ListsTheRegionWithItsStatus()
    {
        var list = await RunAsync("region", "list");

        Assert.Equal(0, list.ExitCode);
        var region = Assert.Single(list.Lines, l => l.GetProperty("region").GetString() == "north-east");
        Assert.Equal(("north-east", "crisis", "cli-test"), (region.GetProperty("region").GetString(), region.GetProperty("status").GetString(), region.GetProperty("setBy").GetString()));
    }

    /// <summary>A fresh emulator on which the region is set, both samples submitted and the worker run until idle.</summary>
    public sealed class SampleRun(IMessageSink diagnostics) : IAsyncLifetime
    {
        public AzuriteFixture Azurite { get; } = new(diagnostics);

        internal ProcessResult RegionSet { get; private set; } = null!;

        internal ProcessResult BadRegionSet { get; private set; } = null!;

        internal ProcessResult SubmitValid { get; private set; } = null!;

        internal ProcessResult SubmitInvalid { get; private set; } = null!;

        internal ProcessResult Run { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Azurite.InitializeAsync();
            var storage = Azurite.ConnectionString;
            // No referral uses north-east yet: a new region is set with --new.
            RegionSet = await CliProcess.RunAsync(null, Limit, "region", "set", "north-east", "crisis", "--by", "cli-test", "--new", "--storage", storage);
            BadRegionSet = await CliProcess.RunAsync(null, Limit, "region", "set", "Bad Region", "normal", "--storage", storage);
            SubmitValid = await CliProcess.RunAsync(null, Limit, "submit", SpineTriageProcess.Sample("referrals.jsonl"), "--storage", storage);
            SubmitInvalid = await CliProcess.RunAsync(null, Limit, "submit", SpineTriageProcess.Sample("invalid-referrals.jsonl"), "--storage", storage);
            Run = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["SpineTriage__Queue__MaxPollingInterval"] = "00:00:00.200" },
                Limit, "run", "--until-idle", "--storage", storage);
        }

        public Task DisposeAsync() => Azurite.DisposeAsync();
    }
}
