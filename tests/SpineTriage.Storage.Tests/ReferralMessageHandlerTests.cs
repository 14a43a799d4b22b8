using System.Text;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests;

/// <summary>The Core pipeline step end to end over the real Table stores.</summary>
[Collection(SharedAzurite.Name)]
public sealed class ReferralMessageHandlerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private StorageHarness _storage = null!;
    private ReferralMessageHandler _handler = null!;

    public async Task InitializeAsync()
    {
        _storage = await StorageHarness.CreateAsync(azurite);
        _handler = _storage.CreateHandler();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(RegionStatus.Normal, Disposition.Proceed)]
    [InlineData(RegionStatus.Crisis, Disposition.Postpone)]
    public async Task Handle_ValidMessage_StoresTheDecisionWithTheRegionsStatus(RegionStatus status, Disposition expected)
    {
        await _storage.Regions.SetAsync("north-east", status, "ops");

        var outcome = await _handler.HandleAsync(ReferralJson.Elective(), new QueueMessageContext("msg-1", 1));

        Assert.Equal(HandleOutcome.Stored, outcome);
        var stored = await _storage.Triage.GetAsync("REF-2026-000123");
        Assert.NotNull(stored);
        Assert.Equal("north-east", stored.Region);
        Assert.Equal(TriageCategory.Elective, stored.Category);
        Assert.Equal(["elective.manageable-without-procedure"], stored.Criteria);
        Assert.Equal(status, stored.RegionStatus);
        Assert.Equal(expected, stored.Disposition);
        Assert.Equal(expected == Disposition.Postpone, (await _storage.PostponedAsync("north-east")).Count == 1);
        Assert.Empty(await _storage.RejectedAsync());
    }

    [Fact]
    public async Task Handle_ValidMessageInARegionWithoutStatus_UsesTheDefault()
    {
        await _handler.HandleAsync(ReferralJson.Elective(region: "south"), new QueueMessageContext("msg-1", 1));

        var stored = await _storage.Triage.GetAsync("REF-2026-000123");
        Assert.Equal(RegionStatus.Constrained, stored!.RegionStatus);
        Assert.Equal(Disposition.Postpone, stored.Disposition);
    }

    [Fact]
    public async Task Handle_RedeliveredAndOlderMessages_AreDuplicateAndSuperseded()
    {
        Assert.Equal(HandleOutcome.Stored, await _handler.HandleAsync(ReferralJson.Elective(sequence: 2), new QueueMessageContext("msg-2", 1)));

        Assert.Equal(HandleOutcome.Duplicate, await _handler.HandleAsync(ReferralJson.Elective(sequence: 2), new QueueMessageContext("msg-2", 2)));
        Assert.Equal(HandleOutcome.Superseded, await _handler.HandleAsync(ReferralJson.Elective(sequence: 1), new QueueMessageContext("msg-1", 1)));

        Assert.Equal(2, (await _storage.Triage.GetAsync("REF-2026-000123"))!.Sequence);
        Assert.Equal(2, (await _storage.HistoryAsync("REF-2026-000123")).Count);
    }

    [Fact]
    public async Task Handle_InvalidJson_IsRejectedAndKeptWithReasonAndBody()
    {
        var body = ReferralJson.NotJson;

        var outcome = await _handler.HandleAsync(body, new QueueMessageContext("msg-bad", 4));

        Assert.Equal(HandleOutcome.Rejected, outcome);
        var kept = Assert.Single(await _storage.RejectedAsync());
        Assert.Equal("msg-bad", kept.MessageId);
        Assert.False(string.IsNullOrWhiteSpace(kept.Reason));
        Assert.Equal(body, kept.Body.ToArray());
        Assert.Equal(4, kept.DequeueCount);
        Assert.Empty(await _storage.ResultsAsync());
    }

    [Fact]
    public async Task Handle_MessageBreakingTheContract_IsRejectedWithItsReferralIdAndFieldNamed()
    {
        var outcome = await _handler.HandleAsync(ReferralJson.BadRegion(), new QueueMessageContext("msg-region", 1));

        Assert.Equal(HandleOutcome.Rejected, outcome);
        var kept = Assert.Single(await _storage.RejectedAsync());
        Assert.Equal("REF-2026-000999", kept.ReferralId);
        Assert.Contains("region", kept.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("North East", kept.Reason, StringComparison.Ordinal);
        Assert.Null(await _storage.Triage.GetAsync("REF-2026-000999"));
    }

    [Fact]
    public async Task Handle_SameInvalidMessageTwice_KeepsOneRejectedRow()
    {
        Assert.Equal(HandleOutcome.Rejected, await _handler.HandleAsync(ReferralJson.NotJson, new QueueMessageContext("msg-bad", 1)));

        Assert.Equal(HandleOutcome.Rejected, await _handler.HandleAsync(ReferralJson.NotJson, new QueueMessageContext("msg-bad", 2)));

        Assert.Single(await StorageHarness.AllRowsAsync(_storage.RejectedTable));
        Assert.Equal(1, Assert.Single(await _storage.RejectedAsync()).DequeueCount);
    }

    [Fact]
    public async Task Handle_OnServiceBus_AMessageOverTheStorageQueuesLimitIsAReferral_AndOneOverServiceBussIsKeptUpTo64KiB()
    {
        var handler = _storage.CreateHandler(MessageTransport.ServiceBus);
        var elective = Encoding.UTF8.GetString(ReferralJson.Elective("REF-SB-BIG"));
        var big = Encoding.UTF8.GetBytes(elective.Replace("\"schemaVersion\": 1,", $"\"schemaVersion\": 1, \"notes\": \"{new string('x', 100 * 1024)}\",", StringComparison.Ordinal));
        var huge = Encoding.UTF8.GetBytes("{\"notes\":\"" + new string('x', ReferralReader.ServiceBusMaxBytes) + "\"}");

        Assert.Equal(HandleOutcome.Stored, await handler.HandleAsync(big, new QueueMessageContext("msg-sb-big", 1)));
        Assert.Equal(HandleOutcome.Rejected, await handler.HandleAsync(huge, new QueueMessageContext("msg-sb-huge", 1)));

        var kept = Assert.Single(await _storage.RejectedAsync());
        Assert.Contains($"at most {ReferralReader.ServiceBusMaxBytes} bytes", kept.Reason, StringComparison.Ordinal);
        Assert.True(huge.AsSpan(0, TableRejectedMessageStore.MaxKeptBodyBytes).SequenceEqual(kept.Body.Span));
    }

    [Fact]
    public async Task Handle_MessageOverTheStorageQueuesLimit_IsRejectedAndKeptWhole()
    {
        var body = Encoding.UTF8.GetBytes("{\"notes\":\"" + new string('x', ReferralReader.StorageQueueMaxBytes) + "\"}");

        var outcome = await _handler.HandleAsync(body, new QueueMessageContext("msg-huge", 1));

        Assert.Equal(HandleOutcome.Rejected, outcome);
        var kept = Assert.Single(await _storage.RejectedAsync());
        Assert.Contains($"at most {ReferralReader.StorageQueueMaxBytes} bytes", kept.Reason, StringComparison.Ordinal);
        Assert.Equal(body, kept.Body.ToArray());
    }

    // Real Table Storage refuses a string property over 64 KiB (32 Ki UTF-16 characters) and an entity
    // over 1 MiB; Azurite accepts both. A message under the size limit can still carry thousands of
    // contract errors, and the rejected row must stay within the service's limits, or the handler
    // throws on Azure and the message is retried into the poison queue instead of being kept.
    [Fact]
    public async Task Handle_MessageWithThousandsOfContractErrors_KeepsAReasonWithinTableStorageLimits()
    {
        var factors = string.Join(",", Enumerable.Repeat("\"x\"", 11_000));
        var body = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":1,\"referralId\":\"REF-MANY\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"north-east\"," +
            "\"patient\":{\"covidRiskFactors\":[" + factors + "]}}");
        Assert.True(body.Length <= ReferralReader.StorageQueueMaxBytes);

        var outcome = await _handler.HandleAsync(body, new QueueMessageContext("msg-many", 1));

        Assert.Equal(HandleOutcome.Rejected, outcome);
        var kept = Assert.Single(await _storage.RejectedAsync());
        Assert.Equal(body, kept.Body.ToArray());
        Assert.Contains("patient.covidRiskFactors[0]", kept.Reason, StringComparison.Ordinal);
        Assert.True(kept.Reason.Length <= 32 * 1024, $"reason of {kept.Reason.Length} characters: over Table Storage's 64 KiB string property");
    }
}
