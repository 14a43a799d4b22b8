using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;
using static SpineTriage.Storage.Tests.Builders.DecisionBuilder;

namespace SpineTriage.Storage.Tests;

/// <summary><see cref="TableTriageStore.GetResultsAsync"/>: filters, and user input that must stay a value.</summary>
[Collection(SharedAzurite.Name)]
public sealed class TriageQueryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private StorageHarness _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = await StorageHarness.CreateAsync(azurite);
        await _storage.Triage.SaveAsync(Decision().For("REF-NE-1").InRegion("north-east").Postponed().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-NE-2").InRegion("north-east").Proceeding().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-NE-3").InRegion("north-east").ForReview().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-SW-1").InRegion("south-west").Postponed().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-SW-2").InRegion("south-west").Proceeding().Build());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetResults_NoFilter_ReturnsEveryCurrentResult()
    {
        Assert.Equal(["REF-NE-1", "REF-NE-2", "REF-NE-3", "REF-SW-1", "REF-SW-2"], Ids(await _storage.ResultsAsync()));
    }

    [Fact]
    public async Task GetResults_Region_ReturnsThatRegionsResults()
    {
        Assert.Equal(["REF-NE-1", "REF-NE-2", "REF-NE-3"], Ids(await _storage.ResultsAsync(region: "north-east")));
    }

    [Fact]
    public async Task GetResults_Disposition_ReturnsResultsWithThatDisposition()
    {
        Assert.Equal(["REF-NE-1", "REF-SW-1"], Ids(await _storage.ResultsAsync(disposition: Disposition.Postpone)));
        Assert.Equal(["REF-NE-3"], Ids(await _storage.ResultsAsync(disposition: Disposition.Review)));
    }

    [Fact]
    public async Task GetResults_RegionAndDisposition_ReturnsResultsMatchingBoth()
    {
        Assert.Equal(["REF-SW-2"], Ids(await _storage.ResultsAsync("south-west", Disposition.Proceed)));
        Assert.Empty(await _storage.ResultsAsync("south-west", Disposition.Review));
    }

    [Fact]
    public async Task GetResults_OnlyTheCurrentResultOfAReferral_NotItsHistory()
    {
        await _storage.Triage.SaveAsync(Decision().For("REF-NE-1").WithSequence(1).InRegion("north-east").Proceeding().Build());

        Assert.Equal(["REF-SW-1"], Ids(await _storage.ResultsAsync(disposition: Disposition.Postpone)));
        Assert.Equal(["REF-NE-1", "REF-NE-2"], Ids(await _storage.ResultsAsync("north-east", Disposition.Proceed)));
    }

    [Theory]
    [InlineData("o'brien")]
    [InlineData("x' or 'a' eq 'a")]
    [InlineData("north-east' or PartitionKey ne '")]
    [InlineData("north-east' or Region ne '")]
    public async Task GetResults_RegionWithQuotes_IsEscapedAndFindsNothing(string region)
    {
        Assert.Empty(await _storage.ResultsAsync(region: region));
        Assert.Empty(await _storage.ResultsAsync(region, Disposition.Postpone));
    }

    [Fact]
    public async Task GetResults_RegionWithAQuoteThatWasStored_FindsExactlyIt()
    {
        // Not a contract region, but the store takes it: a quote must round-trip as a value.
        await _storage.Triage.SaveAsync(Decision().For("REF-Q").InRegion("o'brien").Build());

        Assert.Equal(["REF-Q"], Ids(await _storage.ResultsAsync(region: "o'brien")));
    }

    private static string[] Ids(IEnumerable<TriageResult> results) =>
        [.. results.Select(r => r.ReferralId).Order(StringComparer.Ordinal)];
}
