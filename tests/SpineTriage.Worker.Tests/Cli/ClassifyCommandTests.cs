using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpineTriage.Worker.Tests.Cli;

public sealed class ClassifyCommandTests
{
    private const string Valid =
        """{"schemaVersion":1,"referralId":"CLI-1","receivedAt":"2026-11-20T09:15:00Z","region":"north-east","findings":{"cause":"degenerative","neurologicDeficit":{"severity":"mild","trend":"stable"}}}""";

    private static string WithId(string json, string id) =>
        json.Replace("\"CLI-1\"", $"\"{id}\"", StringComparison.Ordinal);

    [Fact]
    public async Task Classify_SampleFile_WritesOneResultPerLineInInputOrder()
    {
        var path = SpineTriageProcess.Sample("referrals.jsonl");
        var inputIds = File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => JsonNode.Parse(l)!["referralId"]!.GetValue<string>()).ToList();

        var run = await SpineTriageProcess.RunAsync(null, "classify", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(inputIds, run.Lines.Select(l => l.GetProperty("referralId").GetString()!).ToList());
        Assert.All(run.Lines, line =>
        {
            Assert.Equal(SpineTriage.Core.Guideline.NassGuideline.Version, line.GetProperty("guidelineVersion").GetString());
            Assert.Equal("constrained", line.GetProperty("regionStatus").GetString());
            Assert.NotEqual(0, line.GetProperty("reasons").GetArrayLength());
        });
    }

    [Fact]
    public async Task Classify_PrettyPrintedSingleReferral_WritesOneResult()
    {
        var run = await SpineTriageProcess.RunAsync(null, "classify", SpineTriageProcess.Sample("referral.json"));

        Assert.Equal(0, run.ExitCode);
        var result = Assert.Single(run.Lines);
        Assert.Equal("REF-2026-000123", result.GetProperty("referralId").GetString());
        Assert.Equal("Emergent", result.GetProperty("category").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Classify_StandardInput_IsReadWhenNoFileOrDash(bool dash)
    {
        string[] arguments = dash ? ["classify", "-"] : ["classify"];
        var run = await SpineTriageProcess.RunAsync(Valid + "\n", arguments);

        Assert.Equal(0, run.ExitCode);
        var result = Assert.Single(run.Lines);
        Assert.Equal("Elective", result.GetProperty("category").GetString());
        Assert.Equal("postpone", result.GetProperty("disposition").GetString());
    }

    [Theory]
    [InlineData("normal", "proceed")]
    [InlineData("constrained", "postpone")]
    [InlineData("crisis", "postpone")]
    public async Task Classify_RegionStatusOption_DecidesTheElectiveDisposition(string status, string disposition)
    {
        var run = await SpineTriageProcess.RunAsync(Valid, "classify", "--region-status", status);

        Assert.Equal(0, run.ExitCode);
        var result = Assert.Single(run.Lines);
        Assert.Equal(status, result.GetProperty("regionStatus").GetString());
        Assert.Equal(disposition, result.GetProperty("disposition").GetString());
    }

    [Fact]
    public async Task Classify_UnknownRegionStatus_FailsWithUsageError()
    {
        var run = await SpineTriageProcess.RunAsync(Valid, "classify", "--region-status", "panic");

        Assert.NotEqual(0, run.ExitCode);
        Assert.NotEqual(2, run.ExitCode);
        Assert.Contains("panic", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(run.StandardOutput.Split('\n'), line => line.StartsWith('{'));
    }

    [Fact]
    public async Task Classify_InvalidLines_WriteErrorsInPlaceAndExitTwo()
    {
        var input = string.Join('\n',
            WithId(Valid, "A-1"),
            """{"schemaVersion":1,"referralId":"A-2","receivedAt":"2026-11-20T09:15:00Z","region":"North East","patient":{"ageYears":131}}""",
            "this is not json",
            WithId(Valid, "A-4"));

        var run = await SpineTriageProcess.RunAsync(input, "classify");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(4, run.Lines.Count);
        Assert.Equal("A-1", run.Lines[0].GetProperty("referralId").GetString());
        Assert.Equal("A-2", run.Lines[1].GetProperty("referralId").GetString());
        var error = run.Lines[1].GetProperty("error").GetString()!;
        Assert.Contains("region must be", error, StringComparison.Ordinal);
        Assert.Contains("patient.ageYears must be 0-130", error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, run.Lines[2].GetProperty("referralId").ValueKind);
        Assert.Contains("not valid JSON", run.Lines[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("A-4", run.Lines[3].GetProperty("referralId").GetString());
        Assert.True(run.Lines[3].TryGetProperty("category", out _));
    }

    [Fact]
    public async Task Classify_InvalidSampleFile_NamesTheExpectedFieldOnEveryLine()
    {
        var path = SpineTriageProcess.Sample("invalid-referrals.jsonl");
        var expected = File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => JsonNode.Parse(l)!["_expectedErrorField"]!.GetValue<string>()).ToList();

        var run = await SpineTriageProcess.RunAsync(null, "classify", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected.Count, run.Lines.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var error = run.Lines[i].GetProperty("error").GetString()!;
            foreach (var field in expected[i].Split('|'))
            {
                Assert.Contains(field, error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Classify_TruncatedLineBeforeValidLine_RejectsOnlyTheTruncatedOne()
    {
        var input = "{\"schemaVersion\":1,\"referralId\":\"T-1\",\"rec\n" + WithId(Valid, "T-2") + "\n";

        var run = await SpineTriageProcess.RunAsync(input, "classify");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);
        Assert.Equal("T-1", run.Lines[0].GetProperty("referralId").GetString());
        Assert.True(run.Lines[0].TryGetProperty("error", out _));
        Assert.Equal("T-2", run.Lines[1].GetProperty("referralId").GetString());
        Assert.True(run.Lines[1].TryGetProperty("category", out _));
    }

    [Fact]
    public async Task Classify_BlankLinesAndCrLf_AreTolerated()
    {
        var input = "\r\n" + WithId(Valid, "C-1") + "\r\n\r\n   \n" + WithId(Valid, "C-2") + "\r\n";

        var run = await SpineTriageProcess.RunAsync(input, "classify");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["C-1", "C-2"], run.Lines.Select(l => l.GetProperty("referralId").GetString()));
    }

    [Fact]
    public async Task Classify_ManyBlocksOfInput_KeepsInputOrderAndCount()
    {
        // About 8 MiB: many read blocks, classified concurrently, written in order.
        var lines = Enumerable.Range(0, 40_000).Select(i => WithId(Valid, $"M-{i:D6}")).ToList();
        var file = Path.Combine(Path.GetTempPath(), $"spinetriage-many-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            var run = await SpineTriageProcess.RunAsync(null, "classify", file);

            Assert.Equal(0, run.ExitCode);
            var ids = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonNode.Parse(l)!["referralId"]!.GetValue<string>()).ToList();
            Assert.Equal(lines.Select((_, i) => $"M-{i:D6}"), ids);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Classify_LineLongerThanAReadBlock_IsRejectedForItsSizeAndTheNextLineStillClassified()
    {
        var huge = "{\"referralId\":\"BIG-1\",\"notes\":\"" + new string('x', 3 * 1024 * 1024) + "\"}";
        var input = huge + "\n" + WithId(Valid, "AFTER-1") + "\n";

        var run = await SpineTriageProcess.RunAsync(input, "classify");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);
        Assert.Equal("BIG-1", run.Lines[0].GetProperty("referralId").GetString());
        Assert.Contains($"at most {Core.Contract.ReferralReader.StorageQueueMaxBytes} bytes", run.Lines[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("AFTER-1", run.Lines[1].GetProperty("referralId").GetString());
    }

    [Fact]
    public async Task Classify_Output_NeverCarriesNotesOrPatientFields()
    {
        const string canary = "CANARY-7f3e-PATIENT-TEXT";
        var input = """{"schemaVersion":1,"referralId":"P-1","receivedAt":"2026-11-20T09:15:00Z","region":"r1","facility":"f","patient":{"ref":"CANARY-7f3e-PATIENT-TEXT","ageYears":40},"procedure":{"description":"CANARY-7f3e-PATIENT-TEXT"},"notes":"CANARY-7f3e-PATIENT-TEXT with urinary retention"}""";

        var run = await SpineTriageProcess.RunAsync(input, "classify");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(canary, run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("urinary retention", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_MissingFile_ExitsOneWithAMessage()
    {
        var run = await SpineTriageProcess.RunAsync(null, "classify", "/nonexistent/referrals.jsonl");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/nonexistent/referrals.jsonl", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public async Task Help_DocumentsClassifyAndItsOptions()
    {
        var run = await SpineTriageProcess.RunAsync(null, "classify", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--region-status", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("normal|constrained|crisis", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("exit code is 2", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_EmptyInput_WritesNothingAndSucceeds()
    {
        var run = await SpineTriageProcess.RunAsync(string.Empty, "classify");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public async Task Classify_NonAsciiText_IsReadAsUtf8()
    {
        var input = WithId(Valid, "U-1").Replace("\"region\"", "\"notes\":\"Patient décrit une rétention — bladder incontinence ✓\",\"region\"", StringComparison.Ordinal);

        var run = await SpineTriageProcess.RunAsync(input, "classify");

        Assert.Equal(0, run.ExitCode);
        var result = Assert.Single(run.Lines);
        Assert.True(result.GetProperty("needsReview").GetBoolean());
        // Reasons name the lexicon's concept, never text copied from the notes.
        Assert.Contains(result.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("(sphincter-dysfunction", StringComparison.Ordinal));
        Assert.DoesNotContain(result.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("rétention", StringComparison.Ordinal));
        _ = Encoding.UTF8;
    }
}
