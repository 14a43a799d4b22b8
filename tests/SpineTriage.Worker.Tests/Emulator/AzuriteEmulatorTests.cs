using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using SpineTriage.TestSupport;
using SpineTriage.Worker.Emulator;

namespace SpineTriage.Worker.Tests.Emulator;

public sealed class AzuriteEmulatorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(2);

    private static Task<bool> AnswersAsync(int port) => AzuriteEmulator.IsRunningAsync(AzuriteEmulator.Host, port, Probe);

    [Fact]
    public async Task Start_BlobQueueAndTablePortsAnswer()
    {
        Assert.True(await AnswersAsync(azurite.BlobPort));
        Assert.True(await AnswersAsync(azurite.QueuePort));
        Assert.True(await AnswersAsync(azurite.TablePort));
        Assert.Equal(3, new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Distinct().Count());
    }

    [Fact]
    public async Task StopThenStartAgain_ClosesThenReopensTheSamePorts_AndStartsEmpty()
    {
        var queue = new QueueClient(azurite.ConnectionString, azurite.UniqueName("outage"));
        await queue.CreateAsync();
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);

        await azurite.StopAsync();

        Assert.False(azurite.Emulator.IsRunning);
        Assert.False(await AnswersAsync(ports.QueuePort));
        Assert.False(await AnswersAsync(ports.TablePort));
        Assert.False(await AnswersAsync(ports.BlobPort));

        await azurite.StartAgainAsync();

        Assert.Equal(ports, (azurite.BlobPort, azurite.QueuePort, azurite.TablePort));
        Assert.True(await AnswersAsync(ports.QueuePort));
        Assert.True(await AnswersAsync(ports.TablePort));
        // In-memory persistence: an outage loses everything, as documented.
        Assert.False((await queue.ExistsAsync()).Value);
    }

    [Fact]
    public async Task ConnectionString_SendsAndReceivesAQueueMessage()
    {
        var queue = new QueueClient(azurite.ConnectionString, azurite.UniqueName("roundtrip"));
        await queue.CreateAsync();

        await queue.SendMessageAsync("hello from the fixture");
        var received = await queue.ReceiveMessageAsync();

        Assert.NotNull(received.Value);
        Assert.Equal("hello from the fixture", received.Value.Body.ToString());
        await queue.DeleteMessageAsync(received.Value.MessageId, received.Value.PopReceipt);
    }

    [Theory]
    [InlineData("outage")]
    [InlineData("Referral-Results_2026")]
    [InlineData("42-starts-with-digits")]
    [InlineData("")]
    [InlineData("a-very-long-prefix-that-goes-well-past-the-sixty-three-character-limit-of-azure")]
    public void UniqueName_IsAValidQueueAndTableName(string prefix)
    {
        var first = azurite.UniqueName(prefix);
        var second = azurite.UniqueName(prefix);

        Assert.Matches(new Regex("^[a-z][a-z0-9]{2,62}$"), first);
        Assert.NotEqual(first, second);
    }
}
