using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Summaries;
using SpineTriage.Storage.Summaries;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests.Summaries;

/// <summary>The summary ledger (SummaryRuns: partition region, row period key) against Azurite.</summary>
[Collection(SharedAzurite.Name)]
public sealed class TableSummaryLedgerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Day1 = "20261122T060000Z";
    private const string Day2 = "20261123T060000Z";
    private const string Day3 = "20261124T060000Z";
    private static readonly DateTimeOffset At = new(2026, 11, 24, 6, 0, 3, TimeSpan.Zero);
    private TableSummaryLedger _ledger = null!;
    private TableClient _table = null!;

    public async Task InitializeAsync()
    {
        var options = StorageHarness.UniqueOptions(azurite);
        options.SummaryRunsTable = azurite.UniqueName("summaryruns");
        _ledger = new TableSummaryLedger(new StorageClients(options.Connection), Options.Create(options));
        await _ledger.CreateTableAsync();
        _table = new TableServiceClient(azurite.ConnectionString).GetTableClient(options.SummaryRunsTable);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static SummaryRun Run(string region, string period, int postponed = 3, DateTimeOffset? at = null) =>
        new(region, period, at ?? At, (at ?? At).AddSeconds(2), $"/pickup/{region}-{period}.eml", 2, postponed, 1, postponed - 1);

    [Fact]
    public async Task Get_NothingRecorded_IsNull() => Assert.Null(await _ledger.GetAsync("north-east", Day3));

    [Fact]
    public async Task Record_ThenGet_ReturnsTheRun()
    {
        var run = Run("north-east", Day3);

        await _ledger.RecordAsync(run);

        Assert.Equal(run, await _ledger.GetAsync("north-east", Day3));
        Assert.Null(await _ledger.GetAsync("north-east", Day2));
        Assert.Null(await _ledger.GetAsync("south-west", Day3));
    }

    [Fact]
    public async Task Record_SamePeriodTwice_Upserts()
    {
        await _ledger.RecordAsync(Run("north-east", Day3, postponed: 3));

        await _ledger.RecordAsync(Run("north-east", Day3, postponed: 5));

        Assert.Equal(5, (await _ledger.GetAsync("north-east", Day3))!.Postponed);
        Assert.Equal(2, (await StorageHarness.AllRowsAsync(_table)).Count); // the run and the partition's latest row
    }

    [Fact]
    public async Task Record_Rollup_GoesToItsOwnPartition()
    {
        await _ledger.RecordAsync(Run(RegionSummary.AllRegions, Day3));

        var rows = await StorageHarness.AllRowsAsync(_table);
        Assert.All(rows, r => Assert.Equal(TableSummaryLedger.RollupPartition, r.PartitionKey));
        Assert.Equal(RegionSummary.AllRegions, (await _ledger.GetAsync(RegionSummary.AllRegions, Day3))!.Region);
    }

    [Fact]
    public async Task GetPrevious_NoRun_IsNull() => Assert.Null(await _ledger.GetPreviousAsync("north-east", Day3));

    [Fact]
    public async Task GetPrevious_OnlyThisPeriod_IsNull()
    {
        await _ledger.RecordAsync(Run("north-east", Day3));

        Assert.Null(await _ledger.GetPreviousAsync("north-east", Day3));
    }

    [Fact]
    public async Task GetPrevious_AfterTheLatest_IsTheLatest()
    {
        await _ledger.RecordAsync(Run("north-east", Day1, at: At.AddDays(-2)));
        await _ledger.RecordAsync(Run("north-east", Day2, at: At.AddDays(-1)));

        var previous = await _ledger.GetPreviousAsync("north-east", Day3);

        Assert.Equal(Day2, previous!.PeriodKey);
        Assert.Equal(At.AddDays(-1), previous.SummarisedAt);
    }

    [Fact]
    public async Task GetPrevious_ForAPastPeriod_IsTheRunBeforeIt()
    {
        await _ledger.RecordAsync(Run("north-east", Day1, at: At.AddDays(-2)));
        await _ledger.RecordAsync(Run("north-east", Day2, at: At.AddDays(-1)));
        await _ledger.RecordAsync(Run("north-east", Day3));

        Assert.Equal(Day1, (await _ledger.GetPreviousAsync("north-east", Day2))!.PeriodKey);
        Assert.Equal(Day2, (await _ledger.GetPreviousAsync("north-east", Day3))!.PeriodKey);
        Assert.Null(await _ledger.GetPreviousAsync("north-east", Day1));
    }

    [Fact]
    public async Task Record_APastPeriodAfterALaterOne_KeepsTheLatest()
    {
        await _ledger.RecordAsync(Run("north-east", Day3));

        await _ledger.RecordAsync(Run("north-east", Day1, at: At.AddDays(-2)));

        Assert.Equal(Day3, (await _ledger.GetPreviousAsync("north-east", "20261125T060000Z"))!.PeriodKey);
        Assert.Equal(Day1, (await _ledger.GetPreviousAsync("north-east", Day3))!.PeriodKey);
    }

    [Fact]
    public async Task GetPrevious_OtherRegions_AreNotCounted()
    {
        await _ledger.RecordAsync(Run("south-west", Day2));

        Assert.Null(await _ledger.GetPreviousAsync("north-east", Day3));
    }

    [Fact]
    public async Task Record_ConcurrentPeriods_LatestIsTheLast()
    {
        var periods = Enumerable.Range(1, 12).Select(d => $"202611{d:D2}T060000Z").ToList();

        await Task.WhenAll(periods.Select(p => _ledger.RecordAsync(Run("north-east", p))));

        Assert.Equal(periods[^1], (await _ledger.GetPreviousAsync("north-east", "20261201T060000Z"))!.PeriodKey);
        Assert.Equal(13, (await StorageHarness.AllRowsAsync(_table)).Count);
    }

    [Theory]
    [InlineData("2026-11-24T06:00:00Z")]
    [InlineData("latest")]
    [InlineData("")]
    public async Task Get_NotAPeriodKey_Throws(string period) =>
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.GetAsync("north-east", period));

    [Fact]
    public async Task Record_RegionThatCannotBeAKey_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.RecordAsync(Run("north/east", Day3)));
}
