using Azure.Storage.Queues;
using SpineTriage.TestSupport;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary><c>spinetriage poison list|replay</c> as real processes against a fresh emulator.</summary>
public sealed class PoisonCommandsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PoisonListThenReplay_MovesEveryOriginalBodyBackToTheQueue()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var poison = new QueueClient(azurite.ConnectionString, "referrals-poison", options);
        var queue = new QueueClient(azurite.ConnectionString, "referrals", options);
        await poison.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();
        string[] bodies = ["""{"referralId":"P-1","note":"éè"}""", """{"referralId":"P-2"}""", "not json at all"];
        foreach (var body in bodies)
        {
            await poison.SendMessageAsync(BinaryData.FromString(body));
        }

        var plain = await CliProcess.RunAsync(null, Limit, "poison", "list", "--storage", azurite.ConnectionString);
        Assert.True(plain.ExitCode == 0, plain.StandardError);
        Assert.All(plain.Lines, l => Assert.False(l.TryGetProperty("body", out _)));
        Assert.Equal(bodies.Select(b => System.Text.Encoding.UTF8.GetByteCount(b)).Order(), plain.Lines.Select(l => l.GetProperty("size").GetInt32()).Order());

        var list = await CliProcess.RunAsync(null, Limit, "poison", "list", "--show-body", "--storage", azurite.ConnectionString);
        Assert.True(list.ExitCode == 0, list.StandardError);
        Assert.Contains("patient data", list.StandardError, StringComparison.Ordinal);
        Assert.Equal(bodies.Order(StringComparer.Ordinal), list.Lines.Select(l => l.GetProperty("body").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var replay = await CliProcess.RunAsync(null, Limit, "poison", "replay", "--storage", azurite.ConnectionString);
        Assert.True(replay.ExitCode == 0, replay.StandardError);
        Assert.Equal("3", replay.StandardOutput.Trim());

        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var moved = (await queue.ReceiveMessagesAsync(32)).Value.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(bodies.Order(StringComparer.Ordinal), moved);
    }

    [Fact]
    public async Task PoisonList_ABodyThatIsNotUtf8_IsShownAsBase64()
    {
        var queueName = azurite.UniqueName("referrals");
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var poison = new QueueClient(azurite.ConnectionString, queueName + "-poison", options);
        await poison.CreateIfNotExistsAsync();
        byte[] latin1 = [0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D]; // {"n":"é"} in ISO-8859-1
        await poison.SendMessageAsync(new BinaryData(latin1));
        var environment = new Dictionary<string, string> { ["SpineTriage__Storage__QueueName"] = queueName };

        var list = await CliProcess.RunAsync(environment, Limit, "poison", "list", "--show-body", "--storage", azurite.ConnectionString);

        Assert.True(list.ExitCode == 0, list.StandardError);
        var line = Assert.Single(list.Lines);
        Assert.False(line.TryGetProperty("body", out _));
        Assert.Equal(latin1, line.GetProperty("bodyBase64").GetBytesFromBase64());
    }
}
