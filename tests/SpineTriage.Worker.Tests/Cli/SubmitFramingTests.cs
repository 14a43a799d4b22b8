using System.Text;
using System.Text.Json.Nodes;
using SpineTriage.TestSupport;
using SpineTriage.Worker.Tests.Queue;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// <c>submit</c> reads every framing <c>classify</c> reads (JSON Lines, one pretty-printed object, a
/// JSON array, with or without a byte order mark): one queue message per referral, never one per line.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class SubmitFramingTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("spinetriage-submit-");

    public static TheoryData<string, int> Framings => new()
    {
        { "pretty", 1 },
        { "pretty-bom", 1 },
        { "array", 3 },
        { "array-pretty-bom", 3 },
        { "jsonl-bom", 3 },
    };

    [Fact]
    public async Task Submit_TheShippedPrettyPrintedReferral_QueuesExactlyOneMessage()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);

        var run = await CliProcess.RunAsync(names.Environment(), Limit, "submit", SpineTriageProcess.Sample("referral.json"), "--storage", azurite.ConnectionString);

        Assert.Equal((0, "1"), (run.ExitCode, run.StandardOutput.Trim()));
        Assert.Equal(1, await storage.QueueCountAsync());
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task SubmitAndClassify_EachFraming_OneMessagePerReferral(string framing, int referrals)
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var path = Write(framing);

        var submit = await CliProcess.RunAsync(names.Environment(), Limit, "submit", path, "--storage", azurite.ConnectionString);
        var classify = await SpineTriageProcess.RunAsync(null, "classify", path);

        Assert.Equal((0, referrals.ToString(System.Globalization.CultureInfo.InvariantCulture)), (submit.ExitCode, submit.StandardOutput.Trim()));
        Assert.Equal(referrals, await storage.QueueCountAsync());
        Assert.Equal(0, classify.ExitCode);
        Assert.Equal(referrals, classify.Lines.Count(l => l.TryGetProperty("category", out _)));
    }

    public void Dispose() => _work.Delete(recursive: true);

    private string Write(string framing)
    {
        var samples = File.ReadAllLines(SpineTriageProcess.Sample("referrals.jsonl")).Where(l => l.Length > 0).Take(3).ToList();
        var objects = samples.Select(s => JsonNode.Parse(s)!).ToList();
        var pretty = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        var text = framing switch
        {
            "pretty" or "pretty-bom" => objects[0].ToJsonString(pretty),
            "array" => new JsonArray([.. objects.Select(o => o.DeepClone())]).ToJsonString(),
            "array-pretty-bom" => new JsonArray([.. objects.Select(o => o.DeepClone())]).ToJsonString(pretty),
            "jsonl-bom" => string.Join('\n', samples),
            _ => throw new ArgumentOutOfRangeException(nameof(framing)),
        };
        var path = Path.Combine(_work.FullName, framing + ".json");
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: framing.EndsWith("bom", StringComparison.Ordinal)));
        return path;
    }
}

/// <summary>
/// One size limit per transport, the same in every command: a Storage queue carries 48 KiB of JSON
/// (49,152 bytes: the body is Base64 in a 64 KiB message), so <c>classify</c> and <c>submit</c> accept
/// exactly that much and refuse one byte more.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class MessageSizeLimitTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("spinetriage-size-");

    [Theory]
    [InlineData(Core.Contract.ReferralReader.StorageQueueMaxBytes, true)]
    [InlineData(Core.Contract.ReferralReader.StorageQueueMaxBytes + 1, false)]
    public async Task ClassifyAndSubmit_AtTheStorageQueuesLimit_AgreeOnWhatFits(int size, bool fits)
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var path = Path.Combine(_work.FullName, $"{size}.jsonl");
        await File.WriteAllTextAsync(path, ReferralOfSize(size) + "\n");

        var classify = await SpineTriageProcess.RunAsync(null, "classify", path);
        var submit = await CliProcess.RunAsync(names.Environment(), Limit, "submit", path, "--storage", azurite.ConnectionString);

        Assert.Equal(fits ? 0 : 2, classify.ExitCode);
        Assert.Equal(fits ? (0, "1") : (2, "0"), (submit.ExitCode, submit.StandardOutput.Trim()));
        Assert.Equal(fits ? 1 : 0, await storage.QueueCountAsync());
        if (!fits)
        {
            Assert.Contains($"at most {Core.Contract.ReferralReader.StorageQueueMaxBytes} bytes", classify.Lines[0].GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Contains("Storage queue", submit.StandardError, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _work.Delete(recursive: true);

    // A valid referral whose notes pad it to exactly size bytes of UTF-8.
    private static string ReferralOfSize(int size)
    {
        var sample = File.ReadLines(SpineTriageProcess.Sample("referrals.jsonl")).First(l => l.Length > 0);
        var node = JsonNode.Parse(sample)!.AsObject();
        node["notes"] = string.Empty;
        var empty = node.ToJsonString();
        node["notes"] = new string('x', size - Encoding.UTF8.GetByteCount(empty));
        var text = node.ToJsonString();
        Assert.Equal(size, Encoding.UTF8.GetByteCount(text));
        return text;
    }
}
