using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;
using Xunit.Abstractions;
using static SpineTriage.Storage.Tests.Builders.DecisionBuilder;

namespace SpineTriage.Storage.Tests;

/// <summary>Ordering, redelivery and races of <see cref="TableTriageStore.SaveAsync"/> on a real Table service.</summary>
[Collection(SharedAzurite.Name)]
public sealed class TableTriageStoreSaveTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private StorageHarness _storage = null!;

    public async Task InitializeAsync() => _storage = await StorageHarness.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Save_FirstDecision_IsStoredAndReadable()
    {
        var decision = Decision().WithSequence(3).Postponed().WithRegionStatus(RegionStatus.Crisis).Build();

        var outcome = await _storage.Triage.SaveAsync(decision);

        Assert.Equal(SaveOutcome.Stored, outcome);
        var stored = await _storage.Triage.GetAsync(DefaultReferralId);
        Assert.NotNull(stored);
        Assert.Equal(decision.Result.Sequence, stored.Sequence);
        Assert.Equal(decision.Result.Region, stored.Region);
        Assert.Equal(decision.Result.Category, stored.Category);
        Assert.Equal(decision.Result.Disposition, stored.Disposition);
        Assert.Equal(decision.Result.Recommendation, stored.Recommendation);
        Assert.Equal(decision.Result.Criteria, stored.Criteria);
        Assert.Equal(decision.Result.NeedsReview, stored.NeedsReview);
        Assert.Equal(decision.Result.Reasons, stored.Reasons);
        Assert.Equal(RegionStatus.Crisis, stored.RegionStatus);
        Assert.Equal(decision.Result.GuidelineVersion, stored.GuidelineVersion);
        Assert.Equal(decision.Result.DecidedAt, stored.DecidedAt);
        Assert.Equal(DefaultReceivedAt, (await _storage.ResultRowAsync(DefaultReferralId))!.ReceivedAt);
    }

    [Fact]
    public async Task Get_UnknownReferral_IsNull()
    {
        Assert.Null(await _storage.Triage.GetAsync("REF-NEVER-SEEN"));
    }

    [Fact]
    public async Task Save_RedeliveredDecision_ChangesNothing()
    {
        var decision = Decision().WithSequence(4).Postponed().Build();
        Assert.Equal(SaveOutcome.Stored, await _storage.Triage.SaveAsync(decision));
        var before = await _storage.ResultRowAsync(DefaultReferralId);

        var outcome = await _storage.Triage.SaveAsync(decision);

        Assert.Equal(SaveOutcome.Duplicate, outcome);
        var after = await _storage.ResultRowAsync(DefaultReferralId);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(before.Timestamp, after.Timestamp);
        Assert.Single(await _storage.ResultRowsAsync());
        Assert.Equal(4, Assert.Single(await _storage.HistoryAsync(DefaultReferralId)).Sequence);
        Assert.Single(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_HigherSequence_ReplacesTheResult()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().Build());

        var outcome = await _storage.Triage.SaveAsync(Decision().WithSequence(2).Proceeding().Build());

        Assert.Equal(SaveOutcome.Stored, outcome);
        var stored = await _storage.Triage.GetAsync(DefaultReferralId);
        Assert.Equal(2, stored!.Sequence);
        Assert.Equal(Disposition.Proceed, stored.Disposition);
        Assert.Single(await _storage.ResultRowsAsync());
    }

    [Fact]
    public async Task Save_LowerSequenceAfterAHigherOne_IsSupersededAndChangesNothing()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Proceeding().Build());
        await _storage.Triage.SaveAsync(Decision().WithSequence(5).Postponed().Build());
        var before = await _storage.ResultRowAsync(DefaultReferralId);

        var outcome = await _storage.Triage.SaveAsync(Decision().WithSequence(3).ForReview().Build());

        Assert.Equal(SaveOutcome.Superseded, outcome);
        var after = await _storage.ResultRowAsync(DefaultReferralId);
        Assert.Equal(5, after!.Sequence);
        Assert.Equal("postpone", after.Disposition);
        Assert.Equal(before!.DecidedAt, after.DecidedAt);

        // Only the trail grew: the late decision's entry was appended with it.
        Assert.Equal(before.TrailLength + 1, after.TrailLength);
        var postponed = Assert.Single(await _storage.PostponedAsync(DefaultRegion));
        Assert.Equal(5, postponed.Sequence);

        // The trail keeps every decision in the order recorded, the superseded one too, each sequence once.
        var history = await _storage.HistoryAsync(DefaultReferralId);
        Assert.Equal([1L, 5L, 3L], history.Select(h => h.Sequence));
        Assert.Equal([Disposition.Proceed, Disposition.Postpone, Disposition.Review], history.Select(h => h.Disposition));
    }

    [Fact]
    public async Task Save_EverySequenceRedelivered_KeepsEachHistoryRowOnce()
    {
        foreach (var sequence in new long[] { 0, 2, 1, 2, 0, 10, 1 })
        {
            await _storage.Triage.SaveAsync(Decision().WithSequence(sequence).Build());
        }

        var history = await _storage.HistoryAsync(DefaultReferralId);

        Assert.Equal([0L, 2L, 1L, 10L], history.Select(h => h.Sequence));
        Assert.Equal(10, (await _storage.Triage.GetAsync(DefaultReferralId))!.Sequence);
    }

    [Fact]
    public async Task Save_ReferralIdWithAForbiddenKeyCharacter_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.Triage.SaveAsync(Decision().For("REF/1").Build()));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.Triage.SaveAsync(Decision().InRegion("north#east").Build()));
        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.ResultsTable));
    }

    // Round r: in even rounds odd sequences postpone (so the final 19 is postponed), in odd rounds
    // even sequences postpone (so the final 19 proceeds): the postponed row must follow sequence 19 either way.
    [Fact]
    public async Task Save_TwentyConcurrentSequencesInRandomOrder_EndWithTheHighest()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        const int rounds = 6;
        const int updates = 20;
        for (var round = 0; round < rounds; round++)
        {
            var referralId = $"REF-RACE-{round}";
            var postponeOdd = round % 2 == 0;
            var order = Enumerable.Range(0, updates).ToArray();
            random.Shuffle(order);

            var outcomes = await Task.WhenAll(order.Select(sequence => Task.Run(() => _storage.Triage.SaveAsync(
                Decision().For(referralId).WithSequence(sequence)
                    .With(sequence % 2 == 1 == postponeOdd ? Disposition.Postpone : Disposition.Proceed)
                    .Build()))));

            var final = await _storage.Triage.GetAsync(referralId);
            Assert.Equal(updates - 1, final!.Sequence);
            Assert.Equal(SaveOutcome.Stored, outcomes[Array.IndexOf(order, updates - 1)]);
            Assert.DoesNotContain(SaveOutcome.Duplicate, outcomes);
            Assert.Equal(Enumerable.Range(0, updates).Select(i => (long)i), (await _storage.HistoryAsync(referralId)).Select(h => h.Sequence).Order());
            var postponed = (await _storage.PostponedAsync(DefaultRegion)).Where(c => c.ReferralId == referralId).ToList();
            if (final.Disposition == Disposition.Postpone)
            {
                Assert.True(postponeOdd, $"round {round}");
                Assert.Equal(updates - 1, Assert.Single(postponed).Sequence);
            }
            else
            {
                Assert.False(postponeOdd, $"round {round}");
                Assert.Empty(postponed);
            }

            // What a summary reads is what the table holds (a read repairs a row a slow worker left).
            var row = await _storage.PostponedRowAsync(DefaultRegion, referralId);
            Assert.Equal(postponed.Count == 1, row is not null);
        }
    }

    // Each sequence goes to one of three regions with a random disposition: however the workers
    // interleave, the case is postponed only in the region of sequence 19, and only if 19 postpones.
    [Fact]
    public async Task Save_ConcurrentSequencesMovingBetweenRegions_LeaveThePostponedCaseOnlyWhereItIsNow()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string[] regions = ["north", "south", "east"];
        const int updates = 20;
        for (var round = 0; round < 6; round++)
        {
            var referralId = $"REF-MOVE-{round}";
            var decisions = Enumerable.Range(0, updates)
                .Select(sequence => Decision().For(referralId).WithSequence(sequence).InRegion(regions[random.Next(regions.Length)])
                    .With(random.Next(3) == 0 ? Disposition.Proceed : Disposition.Postpone).Build())
                .ToArray();
            random.Shuffle(decisions);

            await Task.WhenAll(decisions.Select(d => Task.Run(() => _storage.Triage.SaveAsync(d))));

            var last = decisions.Single(d => d.Result.Sequence == updates - 1).Result;
            var final = await _storage.Triage.GetAsync(referralId);
            Assert.Equal(last, final! with { Criteria = last.Criteria, Reasons = last.Reasons });
            foreach (var region in regions)
            {
                var here = (await _storage.PostponedAsync(region)).Where(c => c.ReferralId == referralId).ToList();
                var expected = region == last.Region && last.Disposition == Disposition.Postpone;
                Assert.True(expected == (here.Count == 1), $"round {round}, region {region}: {here.Count} rows, final {last.Region} {last.Disposition}");
                Assert.All(here, c => Assert.Equal(updates - 1, c.Sequence));
            }
        }
    }
}
