using SpineTriage.Core.Contract;
using SpineTriage.Core.Pipeline;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests;

/// <summary>Rejected messages: kept whole, once per queue message id, readable oldest first.</summary>
[Collection(SharedAzurite.Name)]
public sealed class TableRejectedMessageStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private StorageHarness _storage = null!;

    public async Task InitializeAsync() => _storage = await StorageHarness.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Save_RejectedMessage_KeepsReasonBodyDequeueCountAndReferralId()
    {
        var body = "{\"referralId\":\"REF-1\",\"schemaVersion\":2}"u8.ToArray();
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-1", "REF-1", "schemaVersion must be 1", body, T0, 3));

        var kept = Assert.Single(await _storage.RejectedAsync());

        Assert.Equal("msg-1", kept.MessageId);
        Assert.Equal("REF-1", kept.ReferralId);
        Assert.Equal("schemaVersion must be 1", kept.Reason);
        Assert.Equal(body, kept.Body.ToArray());
        Assert.Equal(T0, kept.ReceivedAt);
        Assert.Equal(3, kept.DequeueCount);
    }

    [Fact]
    public async Task Save_WithoutAReferralId_KeepsNull()
    {
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-1", null, "not JSON", "}{"u8.ToArray(), T0, 1));

        Assert.Null(Assert.Single(await _storage.RejectedAsync()).ReferralId);
    }

    [Fact]
    public async Task Save_BodyThatIsNotUtf8_RoundTripsByteForByte()
    {
        // Invalid UTF-8 (lone continuation bytes, overlong form, 0xFF), NUL and a BOM: a string property would mangle these.
        byte[] body = [0xEF, 0xBB, 0xBF, 0x7B, 0x80, 0xBF, 0xC0, 0xAF, 0xFF, 0xFE, 0x00, 0x22, 0xED, 0xA0, 0x80, 0x7D];
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-bin", null, "not JSON", body, T0, 1));

        Assert.Equal(body, Assert.Single(await _storage.RejectedAsync()).Body.ToArray());
    }

    [Fact]
    public async Task Save_BodyOfTheFullMessageSize_RoundTripsByteForByte()
    {
        var body = new byte[TableRejectedMessageStore.MaxKeptBodyBytes];
        new Random(42).NextBytes(body);
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-64k", null, "not JSON", body, T0, 1));

        var kept = Assert.Single(await _storage.RejectedAsync());

        Assert.Equal(body.Length, kept.Body.Length);
        Assert.True(body.AsSpan().SequenceEqual(kept.Body.Span));
    }

    [Fact]
    public async Task Save_BodyOverTheMessageSize_KeepsItsFirst64KiB()
    {
        var body = new byte[TableRejectedMessageStore.MaxKeptBodyBytes + 1000];
        new Random(7).NextBytes(body);
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-big", null, "message must be at most 65536 bytes", body, T0, 1));

        var kept = Assert.Single(await _storage.RejectedAsync());

        Assert.True(body.AsSpan(0, TableRejectedMessageStore.MaxKeptBodyBytes).SequenceEqual(kept.Body.Span));
    }

    [Fact]
    public async Task Save_EmptyBody_IsKept()
    {
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-empty", null, "empty", ReadOnlyMemory<byte>.Empty, T0, 1));

        Assert.True(Assert.Single(await _storage.RejectedAsync()).Body.IsEmpty);
    }

    [Fact]
    public async Task Save_SameMessageIdTwice_KeepsOneRowAsFirstKept()
    {
        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-1", "REF-1", "first", "a"u8.ToArray(), T0, 1));

        await _storage.Rejects.SaveAsync(new RejectedMessage("msg-1", "REF-1", "second", "b"u8.ToArray(), T0.AddMinutes(1), 2));

        var kept = Assert.Single(await _storage.RejectedAsync());
        Assert.Equal("first", kept.Reason);
        Assert.Equal(1, kept.DequeueCount);
        Assert.Single(await StorageHarness.AllRowsAsync(_storage.RejectedTable));
    }

    [Fact]
    public async Task GetAll_ReturnsRejectedMessagesOldestFirst()
    {
        // Message ids sort the other way round from their times, so the order can only come from the times.
        await _storage.Rejects.SaveAsync(new RejectedMessage("a-third", null, "r", "3"u8.ToArray(), T0.AddMinutes(2), 1));
        await _storage.Rejects.SaveAsync(new RejectedMessage("c-first", null, "r", "1"u8.ToArray(), T0, 1));
        await _storage.Rejects.SaveAsync(new RejectedMessage("b-second", null, "r", "2"u8.ToArray(), T0.AddSeconds(1), 1));

        var all = await _storage.RejectedAsync();

        Assert.Equal(["c-first", "b-second", "a-third"], all.Select(m => m.MessageId));
    }

    [Fact]
    public async Task GetAll_NothingRejected_IsEmpty()
    {
        Assert.Empty(await _storage.RejectedAsync());
    }

    [Theory]
    [InlineData("msg/1")]
    [InlineData("msg#1")]
    [InlineData("msg?1")]
    [InlineData("msg\\1")]
    public async Task Save_MessageIdThatCannotBeAKey_IsRefused(string messageId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _storage.Rejects.SaveAsync(new RejectedMessage(messageId, null, "r", "x"u8.ToArray(), T0, 1)));
    }
}
