using Microsoft.Extensions.Time.Testing;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests;

/// <summary>Region statuses: set at run time, read through a short cache, default when unset.</summary>
[Collection(SharedAzurite.Name)]
public sealed class TableRegionStatusStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Set_ThenGet_ReturnsStatusSetterAndTime()
    {
        var time = new FakeTimeProvider(T0);
        var storage = await StorageHarness.CreateAsync(azurite, time: time);

        var set = await storage.Regions.SetAsync("north-east", RegionStatus.Crisis, "ops@example.org");

        Assert.Equal(new RegionStatusRecord("north-east", RegionStatus.Crisis, "ops@example.org", T0), set);
        Assert.Equal(set, await storage.Regions.GetAsync("north-east"));
    }

    [Fact]
    public async Task Set_Again_ReplacesTheStatus()
    {
        var time = new FakeTimeProvider(T0);
        var storage = await StorageHarness.CreateAsync(azurite, time: time);
        await storage.Regions.SetAsync("north-east", RegionStatus.Crisis, "a");
        time.Advance(TimeSpan.FromHours(1));

        await storage.Regions.SetAsync("north-east", RegionStatus.Normal, "b");

        Assert.Equal(new RegionStatusRecord("north-east", RegionStatus.Normal, "b", T0.AddHours(1)), await storage.Regions.GetAsync("north-east"));
        Assert.Single(await StorageHarness.AllRowsAsync(storage.RegionsTable));
    }

    [Fact]
    public async Task Get_RegionWithoutStatus_IsNull()
    {
        var storage = await StorageHarness.CreateAsync(azurite);

        Assert.Null(await storage.Regions.GetAsync("north-east"));
    }

    [Fact]
    public async Task GetAll_ReturnsEveryRegionWithAStatus()
    {
        var storage = await StorageHarness.CreateAsync(azurite);
        await storage.Regions.SetAsync("south", RegionStatus.Normal, "a");
        await storage.Regions.SetAsync("north-east", RegionStatus.Crisis, "b");
        await storage.Regions.SetAsync("west-2", RegionStatus.Constrained, "c");

        var all = new List<RegionStatusRecord>();
        await foreach (var record in storage.Regions.GetAllAsync())
        {
            all.Add(record);
        }

        Assert.Equal(
            [("north-east", RegionStatus.Crisis), ("south", RegionStatus.Normal), ("west-2", RegionStatus.Constrained)],
            all.Select(r => (r.Region, r.Status)).OrderBy(r => r.Region, StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetStatus_RegionWithoutStatus_IsConstrainedByDefault()
    {
        var storage = await StorageHarness.CreateAsync(azurite);

        Assert.Equal(RegionStatus.Constrained, await storage.Regions.GetStatusAsync("north-east"));
    }

    [Theory]
    [InlineData(RegionStatus.Normal)]
    [InlineData(RegionStatus.Crisis)]
    public async Task GetStatus_RegionWithoutStatus_IsTheConfiguredDefault(RegionStatus configured)
    {
        var storage = await StorageHarness.CreateAsync(azurite, o => o.DefaultRegionStatus = configured);

        Assert.Equal(configured, await storage.Regions.GetStatusAsync("north-east"));
    }

    [Fact]
    public async Task GetStatus_RegionWithStatus_IsThatStatusWhateverTheDefault()
    {
        var storage = await StorageHarness.CreateAsync(azurite, o => o.DefaultRegionStatus = RegionStatus.Normal);
        await storage.Regions.SetAsync("north-east", RegionStatus.Crisis, "ops");

        Assert.Equal(RegionStatus.Crisis, await storage.Regions.GetStatusAsync("north-east"));
        Assert.Equal(RegionStatus.Normal, await storage.Regions.GetStatusAsync("south"));
    }

    [Fact]
    public async Task GetStatus_AfterSetThroughTheSameStore_SeesTheNewStatusAtOnce()
    {
        var time = new FakeTimeProvider(T0);
        var storage = await StorageHarness.CreateAsync(azurite, time: time);
        Assert.Equal(RegionStatus.Constrained, await storage.Regions.GetStatusAsync("north-east"));

        await storage.Regions.SetAsync("north-east", RegionStatus.Crisis, "ops");

        Assert.Equal(RegionStatus.Crisis, await storage.Regions.GetStatusAsync("north-east"));
    }

    [Fact]
    public async Task GetStatus_AfterSetThroughAnotherStore_SeesTheNewStatusOnceTheCacheExpires()
    {
        var time = new FakeTimeProvider(T0);
        var duration = TimeSpan.FromSeconds(30);
        var storage = await StorageHarness.CreateAsync(azurite, o => o.RegionStatusCacheDuration = duration, time);
        var otherWorker = storage.NewRegionStore(time);
        Assert.Equal(RegionStatus.Constrained, await storage.Regions.GetStatusAsync("north-east"));

        await otherWorker.SetAsync("north-east", RegionStatus.Crisis, "ops");

        Assert.Equal(RegionStatus.Constrained, await storage.Regions.GetStatusAsync("north-east"));
        time.Advance(duration - TimeSpan.FromMilliseconds(1));
        Assert.Equal(RegionStatus.Constrained, await storage.Regions.GetStatusAsync("north-east"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(RegionStatus.Crisis, await storage.Regions.GetStatusAsync("north-east"));
    }

    [Fact]
    public async Task GetStatus_CachedPerRegion_OtherRegionsReadTheirOwn()
    {
        var time = new FakeTimeProvider(T0);
        var storage = await StorageHarness.CreateAsync(azurite, time: time);
        var otherWorker = storage.NewRegionStore(time);
        Assert.Equal(RegionStatus.Constrained, await storage.Regions.GetStatusAsync("north-east"));

        await otherWorker.SetAsync("south", RegionStatus.Normal, "ops");

        Assert.Equal(RegionStatus.Normal, await storage.Regions.GetStatusAsync("south"));
    }

    [Theory]
    [InlineData("North-East")]
    [InlineData("o'brien")]
    [InlineData("north\"east")]
    [InlineData("north/east")]
    [InlineData("north#east")]
    [InlineData("north east")]
    [InlineData("north_east")]
    [InlineData("")]
    public async Task Set_RegionOutsideTheContract_IsRefused(string region)
    {
        var storage = await StorageHarness.CreateAsync(azurite);

        await Assert.ThrowsAsync<ArgumentException>(() => storage.Regions.SetAsync(region, RegionStatus.Crisis, "ops"));
        Assert.Empty(await StorageHarness.AllRowsAsync(storage.RegionsTable));
    }

    [Fact]
    public async Task Set_RegionOf65Characters_IsRefusedAnd64Accepted()
    {
        var storage = await StorageHarness.CreateAsync(azurite);

        await Assert.ThrowsAsync<ArgumentException>(() => storage.Regions.SetAsync(new string('a', 65), RegionStatus.Crisis, "ops"));
        await storage.Regions.SetAsync(new string('a', 64), RegionStatus.Crisis, "ops");

        Assert.Equal(new string('a', 64), Assert.Single(await StorageHarness.AllRowsAsync(storage.RegionsTable)).RowKey);
    }
}
