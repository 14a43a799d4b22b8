using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;
using static SpineTriage.Storage.Tests.Builders.DecisionBuilder;

namespace SpineTriage.Storage.Tests;

/// <summary>
/// The PostponedCases table (partition: region, row: referral id) exists exactly while a referral's
/// current disposition is postpone; the summary reads only it.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class PostponedCasesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private StorageHarness _storage = null!;

    public async Task InitializeAsync() => _storage = await StorageHarness.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Save_PostponedThenProceed_RemovesThePostponedRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().Build());
        Assert.NotNull(await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId));

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Proceeding().Build());

        Assert.Null(await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId));
        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_PostponedThenReview_RemovesThePostponedRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().Build());

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).ForReview().Build());

        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_ProceedThenPostponed_AddsThePostponedRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Proceeding().Build());
        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.PostponedTable));

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Postponed().DecidedAt(T0).Build());

        var row = await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId);
        Assert.NotNull(row);
        Assert.Equal(2, row.Sequence);
        Assert.Equal(T0, row.PostponedSince);
        Assert.Equal(T0, row.DecidedAt);
        Assert.Equal(DefaultReceivedAt, row.ReceivedAt);
    }

    [Fact]
    public async Task Save_PostponedCaseMovesRegion_MovesThePostponedRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().InRegion("north-east").Build());

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Postponed().InRegion("south-west").Build());

        Assert.Empty(await _storage.PostponedAsync("north-east"));
        var moved = Assert.Single(await _storage.PostponedAsync("south-west"));
        Assert.Equal(DefaultReferralId, moved.ReferralId);
        Assert.Equal("south-west", moved.Region);
        Assert.Equal(2, moved.Sequence);
        Assert.Single(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_PostponedCaseMovesRegionAndProceeds_LeavesNoPostponedRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().InRegion("north-east").Build());

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Proceeding().InRegion("south-west").Build());

        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_ConsecutivePostponements_KeepTheFirstPostponedSince()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().DecidedAt(T0).Build());

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Postponed().DecidedAt(T0.AddDays(3))
            .WithCategory(TriageCategory.Urgent, "urgent.intractable-pain").NeedingReview().Build());

        var row = await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId);
        Assert.Equal(T0, row!.PostponedSince);
        Assert.Equal(T0.AddDays(3), row.DecidedAt);
        Assert.Equal(2, row.Sequence);
        Assert.Equal(T0, (await _storage.ResultRowAsync(DefaultReferralId))!.PostponedSince);
    }

    [Fact]
    public async Task Save_PostponedAgainAfterProceeding_StartsAFreshPostponedSince()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().DecidedAt(T0).Build());
        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Proceeding().DecidedAt(T0.AddDays(1)).Build());
        Assert.Null((await _storage.ResultRowAsync(DefaultReferralId))!.PostponedSince);

        await _storage.Triage.SaveAsync(Decision().WithSequence(3).Postponed().DecidedAt(T0.AddDays(5)).Build());

        Assert.Equal(T0.AddDays(5), (await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId))!.PostponedSince);
        Assert.Equal(T0.AddDays(5), (await _storage.ResultRowAsync(DefaultReferralId))!.PostponedSince);
    }

    [Fact]
    public async Task GetPostponed_Region_ReturnsOnlyThatRegionsPostponedCases()
    {
        await _storage.Triage.SaveAsync(Decision().For("REF-A").InRegion("north-east").Postponed().DecidedAt(T0).Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-B").InRegion("north-east").Postponed().DecidedAt(T0.AddHours(1))
            .WithCategory(TriageCategory.Urgent, "urgent.progressive-myelopathy", "urgent.intractable-pain").NeedingReview()
            .ReceivedAt(T0.AddDays(-2)).Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-C").InRegion("north-east").Proceeding().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-D").InRegion("north-east").ForReview().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-E").InRegion("north-east-2").Postponed().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-F").InRegion("south").Postponed().Build());

        var cases = (await _storage.PostponedAsync("north-east")).OrderBy(c => c.ReferralId, StringComparer.Ordinal).ToList();

        Assert.Equal(["REF-A", "REF-B"], cases.Select(c => c.ReferralId));
        Assert.All(cases, c => Assert.Equal("north-east", c.Region));
        var a = cases[0];
        Assert.Equal(TriageCategory.Elective, a.Category);
        Assert.Equal(["elective.manageable-without-procedure"], a.Criteria);
        Assert.False(a.NeedsReview);
        Assert.Equal(T0, a.PostponedSince);
        var b = cases[1];
        Assert.Equal(TriageCategory.Urgent, b.Category);
        Assert.Equal(["urgent.progressive-myelopathy", "urgent.intractable-pain"], b.Criteria);
        Assert.True(b.NeedsReview);
        Assert.Equal(T0.AddDays(-2), b.ReceivedAt);
        Assert.Equal(T0.AddHours(1), b.DecidedAt);
        Assert.Empty(await _storage.PostponedAsync("west"));
    }

    [Theory]
    [InlineData("o'brien")]
    [InlineData("x' or 'a' eq 'a")]
    [InlineData("north-east' or PartitionKey ne '")]
    public async Task GetPostponed_RegionWithQuotes_IsEscapedAndFindsNothing(string region)
    {
        await _storage.Triage.SaveAsync(Decision().For("REF-A").InRegion("north-east").Postponed().Build());

        Assert.Empty(await _storage.PostponedAsync(region));
    }

    // A crash between writing the result and writing its postponed row leaves the row missing;
    // the queue delivers the message again, and the redelivery repairs it.
    [Fact]
    public async Task Save_RedeliveryAfterACrashBeforeThePostponedRow_AddsTheRow()
    {
        var decision = Decision().WithSequence(7).Postponed().DecidedAt(T0).Build();
        Assert.Equal(SaveOutcome.Stored, await _storage.Triage.SaveAsync(decision));
        await _storage.PostponedTable.DeleteEntityAsync(DefaultRegion, DefaultReferralId);
        Assert.Empty(await _storage.PostponedAsync(DefaultRegion));

        var outcome = await _storage.Triage.SaveAsync(decision);

        Assert.Equal(SaveOutcome.Duplicate, outcome);
        var row = await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId);
        Assert.NotNull(row);
        Assert.Equal(7, row.Sequence);
        Assert.Equal(T0, row.PostponedSince);
        Assert.Equal(7, Assert.Single(await _storage.PostponedAsync(DefaultRegion)).Sequence);
    }

    // Same crash when the referral is no longer postponed: the stale row must not be reported, and goes.
    [Fact]
    public async Task Save_RedeliveryAfterACrashBeforeRemovingThePostponedRow_RemovesTheRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().Build());
        var stale = await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId);
        var proceed = Decision().WithSequence(2).Proceeding().Build();
        await _storage.Triage.SaveAsync(proceed);
        await _storage.PostponedTable.UpsertEntityAsync(stale!);

        var outcome = await _storage.Triage.SaveAsync(proceed);

        Assert.Equal(SaveOutcome.Duplicate, outcome);
        Assert.Null(await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId));
        Assert.Empty(await _storage.PostponedAsync(DefaultRegion));
    }

    // The crash happens while the referral moves region: the state it leaves is the new result with the
    // old region's postponed row still there (and none in the new region). After the redelivery the old
    // region's summary must not count a case that is neither postponed there nor its own.
    [Theory]
    [InlineData(Disposition.Proceed)]
    [InlineData(Disposition.Postpone)]
    public async Task Save_RedeliveryAfterACrashWhileMovingRegion_LeavesNoCaseInTheOldRegion(Disposition next)
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().InRegion("north-east").Build());
        var stale = await _storage.PostponedRowAsync("north-east", DefaultReferralId);
        var moved = Decision().WithSequence(2).With(next).InRegion("south-west").Build();
        Assert.Equal(SaveOutcome.Stored, await _storage.Triage.SaveAsync(moved));
        Assert.Empty(await _storage.PostponedAsync("north-east"));
        await _storage.PostponedTable.UpsertEntityAsync(stale!);
        await _storage.PostponedTable.DeleteEntityAsync("south-west", DefaultReferralId);

        var outcome = await _storage.Triage.SaveAsync(moved);

        Assert.Equal(SaveOutcome.Duplicate, outcome);
        Assert.Equal(next == Disposition.Postpone, await _storage.PostponedRowAsync("south-west", DefaultReferralId) is not null);
        Assert.Equal(next == Disposition.Postpone ? 1 : 0, (await _storage.PostponedAsync("south-west")).Count);
        Assert.Empty(await _storage.PostponedAsync("north-east"));
    }

    // A worker that stalls after writing an older postponed result, and writes its row after a newer
    // decision took over, must not make the case look postponed (or postponed with old data).
    [Theory]
    [InlineData(Disposition.Proceed)]
    [InlineData(Disposition.Postpone)]
    public async Task GetPostponed_RowLeftByASlowWorkerForAnOlderSequence_ReportsTheCurrentResult(Disposition current)
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).Postponed().DecidedAt(T0).Build());
        var late = await _storage.PostponedRowAsync(DefaultRegion, DefaultReferralId);
        await _storage.Triage.SaveAsync(Decision().WithSequence(2).With(current).DecidedAt(T0.AddDays(1))
            .WithCategory(TriageCategory.Elective, "elective.deformity-correction").Build());
        await _storage.PostponedTable.UpsertEntityAsync(late!);

        var cases = await _storage.PostponedAsync(DefaultRegion);

        if (current == Disposition.Postpone)
        {
            var reported = Assert.Single(cases);
            Assert.Equal(2, reported.Sequence);
            Assert.Equal(["elective.deformity-correction"], reported.Criteria);
            Assert.Equal(T0, reported.PostponedSince);
        }
        else
        {
            Assert.Empty(cases);
        }
    }

    // The interleaving, replayed step by step (each worker runs the real SaveAsync):
    //   W17 stores result 17 (postpone) and stalls before writing its postponed row;
    //   W18 stores result 18 (proceed) and stalls before its fenced delete of 17's row;
    //   W19 stores result 19 (postpone) and writes row 19;
    //   W17 resumes: its upsert of row 17 replaces row 19;
    //   W18 resumes: row 17 is not newer than 18, so it deletes it.
    // Every save reported Stored, the current result is 19 (postpone), and no redelivery will come.
    [Fact]
    public async Task Save_SlowWorkersInterleaved_KeepTheCurrentPostponedCaseListed()
    {
        using var gate = new RequestGate();
        // Worker 17's first write of its postponed row (an Add: a POST to the table) is held back.
        var w17Upsert = gate.HoldNext("w17", HttpMethod.Post, _storage.Options.PostponedTable);
        var w18Read = gate.HoldNext("w18", HttpMethod.Get, _storage.Options.PostponedTable + "(");
        var w17 = RunAs("w17", Decision().WithSequence(17).Postponed().Build());
        await w17Upsert.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        var w18 = RunAs("w18", Decision().WithSequence(18).Proceeding().Build());
        await w18Read.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SaveOutcome.Stored, await RunAs("w19", Decision().WithSequence(19).Postponed().Build()));

        w17Upsert.Release();
        Assert.Equal(SaveOutcome.Stored, await w17);
        w18Read.Release();
        Assert.Equal(SaveOutcome.Stored, await w18);

        Assert.Equal(19, (await _storage.Triage.GetAsync(DefaultReferralId))!.Sequence);
        Assert.Equal(19, Assert.Single(await _storage.PostponedAsync(DefaultRegion)).Sequence);
    }

    private Task<SaveOutcome> RunAs(string worker, TriageDecision decision) => Task.Run(() =>
    {
        RequestGate.Worker = worker;
        return _storage.Triage.SaveAsync(decision);
    });
}
