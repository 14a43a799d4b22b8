using System.Text.Json;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// The clinician's commands end to end, each a real <c>spinetriage</c> process on a fresh emulator
/// holding the sample referrals: <c>review list</c>, <c>review decide</c>, <c>history</c>, and what a
/// decision changes in <c>results</c>.
/// </summary>
public sealed class ReviewCommandsTests(ReviewCommandsTests.Samples samples, ITestOutputHelper output) : IClassFixture<ReviewCommandsTests.Samples>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly string[] WorklistProperties = ["referralId", "sequence", "region", "category", "disposition", "criteria", "reasons", "waitingSince"];

    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync(null, Limit, [.. arguments, "--storage", samples.Azurite.ConnectionString]);

    [Fact]
    public async Task ReviewList_EveryReferralThatNeedsAClinician_IsListed_EmergentFirst()
    {
        var list = await RunAsync("review", "list");
        var results = await RunAsync("results");

        Assert.Equal(0, list.ExitCode);
        var needing = results.Lines
            .Where(r => r.GetProperty("current").GetProperty("decidedBy").GetString() == "machine"
                && (r.GetProperty("needsReview").GetBoolean() || r.GetProperty("disposition").GetString() == "review"))
            .Select(r => r.GetProperty("referralId").GetString())
            .ToHashSet();
        var listed = list.Lines.Select(l => l.GetProperty("referralId").GetString()).ToList();
        Assert.Superset(needing, listed.ToHashSet());
        Assert.All(list.Lines, l => Assert.Equal(WorklistProperties, l.EnumerateObject().Select(p => p.Name)));
        var ranks = list.Lines.Select(l => l.GetProperty("category").GetString() switch { "Emergent" => 0, "Unclassified" => 1, "Urgent" => 2, _ => 3 }).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Contains(list.Lines, l => l.GetProperty("category").GetString() == "Unclassified");
    }

    [Theory]
    [InlineData("--sequence", "0", "--category", "Urgent", "--by", "dr-a")]
    [InlineData("--sequence", "0", "--category", "Unclassified", "--by", "dr-a", "--reason", "x")]
    [InlineData("--sequence", "0", "--confirm", "--disposition", "proceed", "--by", "dr-a")]
    [InlineData("--sequence", "7", "--confirm", "--by", "dr-a")]
    public async Task ReviewDecide_BadInput_OneLineAndExitTwo(params string[] options)
    {
        var target = samples.Unclassified;

        var decide = await RunAsync(["review", "decide", target, .. options]);

        output.WriteLine(decide.StandardError);
        Assert.Equal(2, decide.ExitCode);
        Assert.Single(decide.StandardError.Trim().Split('\n'));
        Assert.StartsWith("spinetriage review decide: ", decide.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, decide.StandardOutput.Trim());
    }

    [Fact]
    public async Task ReviewDecide_UnknownReferral_OneLineAndExitTwo()
    {
        var decide = await RunAsync("review", "decide", "REF-NEVER-SEEN", "--sequence", "0", "--confirm", "--by", "dr-a");
        var history = await RunAsync("history", "REF-NEVER-SEEN");

        Assert.Equal((2, 2), (decide.ExitCode, history.ExitCode));
        Assert.Contains("No referral REF-NEVER-SEEN", decide.StandardError, StringComparison.Ordinal);
        Assert.Contains("no referral REF-NEVER-SEEN", history.StandardError, StringComparison.Ordinal);
    }

    // A clinician's whole loop on one referral: decide, off the list, results and history say so; a newer
    // message that is still uncertain puts it back on the list, and the trail keeps every entry in order.
    [Fact]
    public async Task Decide_ThenANewerUncertainMessage_TheReferralLeavesAndReturnsToTheList()
    {
        var id = samples.Decided;
        var decide = await RunAsync("review", "decide", id, "--sequence", "0", "--category", "Elective", "--disposition", "postpone", "--by", "dr-lee", "--reason", "Chronic pain; nothing acute on review");

        Assert.True(decide.ExitCode == 0, decide.StandardError);
        var decided = Assert.Single(decide.Lines);
        Assert.Equal("clinician", decided.GetProperty("current").GetProperty("decidedBy").GetString());
        Assert.Equal("postpone", decided.GetProperty("current").GetProperty("disposition").GetString());
        Assert.Equal("dr-lee", decided.GetProperty("clinician").GetProperty("by").GetString());
        Assert.DoesNotContain((await RunAsync("review", "list")).Lines, l => l.GetProperty("referralId").GetString() == id);
        Assert.Contains((await RunAsync("results", "--disposition", "postpone")).Lines, l => l.GetProperty("referralId").GetString() == id);

        var newer = Path.Combine(Path.GetTempPath(), $"review-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(newer, $$"""{"schemaVersion":1,"referralId":"{{id}}","sequence":1,"receivedAt":"2026-11-21T10:00:00Z","region":"north-east","notes":"Patient phoned: worse."}""");
        try
        {
            Assert.Equal(0, (await RunAsync("submit", newer)).ExitCode);
            Assert.Equal(0, (await CliProcess.RunAsync(
                new Dictionary<string, string> { ["SpineTriage__Queue__MaxPollingInterval"] = "00:00:00.200" }, Limit, "run", "--until-idle", "--storage", samples.Azurite.ConnectionString)).ExitCode);
        }
        finally
        {
            File.Delete(newer);
        }

        var back = Assert.Single((await RunAsync("review", "list")).Lines, l => l.GetProperty("referralId").GetString() == id);
        Assert.Equal(1, back.GetProperty("sequence").GetInt64());

        var history = await RunAsync("history", id);
        Assert.Equal(0, history.ExitCode);
        Assert.Equal(["machine", "clinician", "machine"], history.Lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal([0L, 1L, 2L], history.Lines.Select(l => l.GetProperty("index").GetInt64()));
        Assert.All(history.Lines.Where(l => l.GetProperty("kind").GetString() == "machine"), l =>
        {
            Assert.True(l.GetProperty("messageBytes").GetInt32() > 0);
            Assert.False(l.TryGetProperty("message", out _));
        });

        // Only with --show-message does the message appear, exactly as received, with a warning on standard error.
        var shown = await RunAsync("history", id, "--show-message");
        Assert.Equal("Patient phoned: worse.", shown.Lines[2].GetProperty("message").GetProperty("notes").GetString());
        Assert.Contains("patient data", shown.StandardError, StringComparison.Ordinal);
    }

    // Every referral on the worklist is in its region's summary (awaitingReview), region by region, and
    // the summary's rollup counts them all; a decision takes one off both.
    [Fact]
    public async Task Summary_AwaitingReviewPerRegion_IsTheWorklistPerRegion()
    {
        var pickup = Directory.CreateTempSubdirectory("review-summary-");
        try
        {
            var worklist = (await RunAsync("review", "list")).Lines
                .GroupBy(l => l.GetProperty("region").GetString()!)
                .ToDictionary(g => g.Key, g => g.Count());
            var summary = await CliProcess.RunAsync(
                new Dictionary<string, string>
                {
                    ["SpineTriage__Email__SmtpHost"] = "",
                    ["SpineTriage__Email__PickupDirectory"] = pickup.FullName,
                    ["SpineTriage__Storage__SummaryRunsTable"] = $"runs{Guid.NewGuid():N}",
                },
                Limit, "summary", "--now", DateTimeOffset.UtcNow.ToString("O"), "--storage", samples.Azurite.ConnectionString);

            Assert.True(summary.ExitCode == 0, summary.StandardError);
            var reported = summary.Lines.ToDictionary(l => l.GetProperty("region").GetString()!, l => l.GetProperty("awaitingReview").GetInt32());
            foreach (var (region, count) in worklist)
            {
                Assert.Equal(count, reported[region]);
            }

            Assert.Equal(worklist.Values.Sum(), reported["all regions"]);
        }
        finally
        {
            pickup.Delete(recursive: true);
        }
    }

    public sealed class Samples(IMessageSink diagnostics) : IAsyncLifetime
    {
        public AzuriteFixture Azurite { get; } = new(diagnostics);

        /// <summary>An Unclassified referral (held for review), left undecided for the refusal tests.</summary>
        public string Unclassified { get; private set; } = string.Empty;

        /// <summary>Another referral held for review, which the loop test decides.</summary>
        public string Decided { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await Azurite.InitializeAsync();
            var storage = Azurite.ConnectionString;
            await CliProcess.RunAsync(null, Limit, "submit", SpineTriageProcess.Sample("referrals.jsonl"), "--storage", storage);
            var run = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["SpineTriage__Queue__MaxPollingInterval"] = "00:00:00.200" },
                Limit, "run", "--until-idle", "--storage", storage);
            Assert.True(run.ExitCode == 0, run.StandardError);
            var held = (await CliProcess.RunAsync(null, Limit, "review", "list", "--storage", storage)).Lines
                .Where(l => l.GetProperty("category").GetString() == "Unclassified" && l.GetProperty("sequence").GetInt64() == 0)
                .Select(l => l.GetProperty("referralId").GetString()!)
                .ToList();
            Unclassified = held[0];
            Decided = held[1];
        }

        public Task DisposeAsync() => Azurite.DisposeAsync();
    }
}
