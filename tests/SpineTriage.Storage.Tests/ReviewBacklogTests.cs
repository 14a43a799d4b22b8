using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;
using Xunit.Abstractions;
using static SpineTriage.Storage.Tests.Builders.DecisionBuilder;

namespace SpineTriage.Storage.Tests;

/// <summary>
/// The review backlog table (partition: region, row: referral id) has a row exactly while a
/// referral's current result awaits a clinician: disposition review, or needsReview whatever the
/// disposition. Written and removed with the same sequence fencing as the postponed cases.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class ReviewBacklogTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private StorageHarness _storage = null!;

    public async Task InitializeAsync() => _storage = await StorageHarness.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Save_FirstDecisionForReview_AddsABacklogRowWithTheResultsColumns()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(4).ForReview().DecidedAt(T0).ReceivedAt(T0.AddDays(-1)).Build());

        var row = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        Assert.NotNull(row);
        Assert.Equal(4, row.Sequence);
        Assert.Equal("Unclassified", row.Category);
        Assert.Equal("review", row.Disposition);
        Assert.Equal("[]", row.Criteria);
        Assert.Equal(T0.AddDays(-1), row.ReceivedAt);
        Assert.Equal(T0, row.WaitingSince);
        Assert.Equal(T0, row.DecidedAt);
        Assert.Single(await StorageHarness.AllRowsAsync(_storage.ReviewTable));
        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_EmergentCaseProceedingWithNeedsReview_IsInTheBacklogAndNotPostponed()
    {
        await _storage.Triage.SaveAsync(Decision().Proceeding().WithCategory(TriageCategory.Emergent, "emergent.instability").NeedingReview().Build());

        var backlog = Assert.Single(await _storage.ReviewBacklogAsync(DefaultRegion));
        Assert.Equal(TriageCategory.Emergent, backlog.Category);
        Assert.Equal(Disposition.Proceed, backlog.Disposition);
        Assert.Equal(["emergent.instability"], backlog.Criteria);
        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.PostponedTable));
    }

    [Fact]
    public async Task Save_PostponedCaseWithNeedsReview_IsInBothIndexes()
    {
        await _storage.Triage.SaveAsync(Decision().Postponed().NeedingReview().Build());

        Assert.Equal(Disposition.Postpone, Assert.Single(await _storage.ReviewBacklogAsync(DefaultRegion)).Disposition);
        Assert.True(Assert.Single(await _storage.PostponedAsync(DefaultRegion)).NeedsReview);
    }

    [Theory]
    [InlineData(Disposition.Proceed)]
    [InlineData(Disposition.Postpone)]
    public async Task Save_ResultNotNeedingReview_AddsNoBacklogRow(Disposition disposition)
    {
        await _storage.Triage.SaveAsync(Decision().With(disposition).NeedingReview(false).Build());

        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.ReviewTable));
    }

    [Theory]
    [InlineData(Disposition.Proceed)]
    [InlineData(Disposition.Postpone)]
    public async Task Save_LaterResultNotNeedingReview_RemovesTheBacklogRow(Disposition next)
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().Build());
        Assert.NotNull(await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId));

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).With(next).NeedingReview(false).Build());

        Assert.Empty(await StorageHarness.AllRowsAsync(_storage.ReviewTable));
        Assert.Empty(await _storage.ReviewBacklogAsync(DefaultRegion));
    }

    [Fact]
    public async Task Save_SuccessiveResultsNeedingReview_KeepTheFirstWaitingSince()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().DecidedAt(T0).Build());

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Postponed().NeedingReview().DecidedAt(T0.AddDays(3))
            .WithCategory(TriageCategory.Urgent, "urgent.intractable-pain").Build());

        var row = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        Assert.Equal(T0, row!.WaitingSince);
        Assert.Equal(T0.AddDays(3), row.DecidedAt);
        Assert.Equal(2, row.Sequence);
        Assert.Equal(("Urgent", "postpone", "[\"urgent.intractable-pain\"]"), (row.Category, row.Disposition, row.Criteria));
        Assert.Equal(T0, (await _storage.ResultRowAsync(DefaultReferralId))!.WaitingSince);
        Assert.Equal(T0, Assert.Single(await _storage.ReviewBacklogAsync(DefaultRegion)).WaitingSince);
    }

    [Fact]
    public async Task Save_NeedingReviewAgainAfterABreak_StartsAFreshWaitingSince()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().DecidedAt(T0).Build());
        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Proceeding().DecidedAt(T0.AddDays(1)).Build());
        Assert.Null((await _storage.ResultRowAsync(DefaultReferralId))!.WaitingSince);

        await _storage.Triage.SaveAsync(Decision().WithSequence(3).ForReview().DecidedAt(T0.AddDays(5)).Build());

        Assert.Equal(T0.AddDays(5), (await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId))!.WaitingSince);
    }

    [Fact]
    public async Task Save_BacklogCaseMovesRegion_MovesTheRowAndKeepsWaitingSince()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().InRegion("north-east").DecidedAt(T0).Build());

        await _storage.Triage.SaveAsync(Decision().WithSequence(2).ForReview().InRegion("south-west").DecidedAt(T0.AddHours(5)).Build());

        Assert.Empty(await _storage.ReviewBacklogAsync("north-east"));
        var moved = Assert.Single(await _storage.ReviewBacklogAsync("south-west"));
        Assert.Equal((DefaultReferralId, "south-west", 2L, T0), (moved.ReferralId, moved.Region, moved.Sequence, moved.WaitingSince));
        Assert.Single(await StorageHarness.AllRowsAsync(_storage.ReviewTable));
    }

    [Fact]
    public async Task GetReviewBacklog_Region_ReturnsOnlyThatRegionsCasesAwaitingReview()
    {
        await _storage.Triage.SaveAsync(Decision().For("REF-A").InRegion("north-east").ForReview().DecidedAt(T0).ReceivedAt(T0.AddHours(-2)).Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-B").InRegion("north-east").Proceeding()
            .WithCategory(TriageCategory.Emergent, "emergent.instability", "emergent.severe-or-progressive-deficit").NeedingReview().DecidedAt(T0.AddHours(1)).Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-C").InRegion("north-east").Proceeding().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-D").InRegion("north-east").Postponed().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-E").InRegion("north-east-2").ForReview().Build());
        await _storage.Triage.SaveAsync(Decision().For("REF-F").InRegion("south").ForReview().Build());

        var cases = await _storage.ReviewBacklogAsync("north-east");

        Assert.Equal(["REF-A", "REF-B"], cases.Select(c => c.ReferralId));
        Assert.All(cases, c => Assert.Equal("north-east", c.Region));
        Assert.Equal((TriageCategory.Unclassified, Disposition.Review, 0, T0.AddHours(-2), T0, T0),
            (cases[0].Category, cases[0].Disposition, cases[0].Criteria.Count, cases[0].ReceivedAt, cases[0].WaitingSince, cases[0].DecidedAt));
        Assert.Equal(["emergent.instability", "emergent.severe-or-progressive-deficit"], cases[1].Criteria);
        Assert.Equal(DefaultReceivedAt, cases[1].ReceivedAt);
        Assert.Empty(await _storage.ReviewBacklogAsync("west"));
    }

    [Theory]
    [InlineData("o'brien")]
    [InlineData("north-east' or PartitionKey ne '")]
    public async Task GetReviewBacklog_RegionWithQuotes_IsEscapedAndFindsNothing(string region)
    {
        await _storage.Triage.SaveAsync(Decision().For("REF-A").InRegion("north-east").ForReview().Build());

        Assert.Empty(await _storage.ReviewBacklogAsync(region));
    }

    [Theory]
    [InlineData(Disposition.Proceed)]
    [InlineData(Disposition.Review)]
    public async Task Save_OlderMessageAfterANewerOne_NeitherRemovesNorOverwritesTheNewerRow(Disposition older)
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(5).ForReview().DecidedAt(T0).Build());

        var outcome = await _storage.Triage.SaveAsync(Decision().WithSequence(3).With(older)
            .WithCategory(TriageCategory.Urgent, "urgent.intractable-pain").NeedingReview(older == Disposition.Review).DecidedAt(T0.AddDays(-1)).Build());

        Assert.Equal(SaveOutcome.Superseded, outcome);
        var row = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        Assert.Equal((5L, "Unclassified", "[]", T0), (row!.Sequence, row.Category, row.Criteria, row.WaitingSince));
    }

    // A worker that stalls after writing an older result, and writes (or keeps) its row after a newer
    // decision took over: a read shows the current result, and repairs the table.
    [Theory]
    [InlineData(Disposition.Proceed)]
    [InlineData(Disposition.Review)]
    public async Task GetReviewBacklog_StaleRowOfAnOlderSequence_IsRepairedOnRead(Disposition current)
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().DecidedAt(T0).Build());
        var stale = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        await _storage.Triage.SaveAsync(Decision().WithSequence(2).With(current).DecidedAt(T0.AddDays(1))
            .WithCategory(TriageCategory.Elective, "elective.deformity-correction").NeedingReview(current == Disposition.Review).Build());
        await _storage.ReviewTable.UpsertEntityAsync(stale!);

        var cases = await _storage.ReviewBacklogAsync(DefaultRegion);

        var row = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        if (current == Disposition.Review)
        {
            var reported = Assert.Single(cases);
            Assert.Equal((2L, TriageCategory.Elective, T0), (reported.Sequence, reported.Category, reported.WaitingSince));
            Assert.Equal(["elective.deformity-correction"], reported.Criteria);
            Assert.Equal(2, row!.Sequence);
        }
        else
        {
            Assert.Empty(cases);
            Assert.Null(row);
        }
    }

    [Fact]
    public async Task GetReviewBacklog_RowLeftInTheOldRegionAfterAMove_IsRemovedOnRead()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().InRegion("north-east").Build());
        var stale = await _storage.ReviewRowAsync("north-east", DefaultReferralId);
        await _storage.Triage.SaveAsync(Decision().WithSequence(2).ForReview().InRegion("south-west").Build());
        await _storage.ReviewTable.UpsertEntityAsync(stale!);

        Assert.Empty(await _storage.ReviewBacklogAsync("north-east"));
        Assert.Null(await _storage.ReviewRowAsync("north-east", DefaultReferralId));
        Assert.Equal(2, Assert.Single(await _storage.ReviewBacklogAsync("south-west")).Sequence);
    }

    // A crash between writing the result and writing its backlog row: the redelivery adds the row.
    [Fact]
    public async Task Save_RedeliveryAfterACrashBeforeTheBacklogRow_AddsTheRow()
    {
        var decision = Decision().WithSequence(7).ForReview().DecidedAt(T0).Build();
        Assert.Equal(SaveOutcome.Stored, await _storage.Triage.SaveAsync(decision));
        await _storage.ReviewTable.DeleteEntityAsync(DefaultRegion, DefaultReferralId);

        Assert.Equal(SaveOutcome.Duplicate, await _storage.Triage.SaveAsync(decision));

        var row = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        Assert.Equal((7L, T0), (row!.Sequence, row.WaitingSince));
    }

    // The same crash when the referral no longer awaits review: the redelivery removes the old row.
    [Fact]
    public async Task Save_RedeliveryAfterACrashBeforeRemovingTheBacklogRow_RemovesTheRow()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().Build());
        var stale = await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId);
        var proceed = Decision().WithSequence(2).Proceeding().Build();
        await _storage.Triage.SaveAsync(proceed);
        await _storage.ReviewTable.UpsertEntityAsync(stale!);

        Assert.Equal(SaveOutcome.Duplicate, await _storage.Triage.SaveAsync(proceed));

        Assert.Null(await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId));
    }

    // The interleaving, replayed step by step (each worker runs the real SaveAsync):
    //   W17 stores result 17 (review) and stalls before adding its backlog row;
    //   W18 stores result 18 (proceed) and stalls before its fenced delete of 17's row;
    //   W19 stores result 19 (review) and adds row 19;
    //   W17 resumes: row 19 is newer than 17, so it leaves it;
    //   W18 resumes: row 19 is newer than 18, so it leaves it.
    [Fact]
    public async Task Save_SlowWorkersInterleaved_KeepTheCurrentBacklogRow()
    {
        using var gate = new RequestGate();
        var w17Add = gate.HoldNext("w17", HttpMethod.Post, _storage.Options.ReviewTable);
        var w18Read = gate.HoldNext("w18", HttpMethod.Get, _storage.Options.ReviewTable + "(");
        var w17 = RunAs("w17", Decision().WithSequence(17).ForReview().Build());
        await w17Add.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        var w18 = RunAs("w18", Decision().WithSequence(18).Proceeding().Build());
        await w18Read.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SaveOutcome.Stored, await RunAs("w19", Decision().WithSequence(19).ForReview().Build()));

        w17Add.Release();
        Assert.Equal(SaveOutcome.Stored, await w17);
        w18Read.Release();
        Assert.Equal(SaveOutcome.Stored, await w18);

        Assert.Equal(19, (await _storage.Triage.GetAsync(DefaultReferralId))!.Sequence);
        Assert.Equal(19, (await _storage.ReviewRowAsync(DefaultRegion, DefaultReferralId))!.Sequence);
        Assert.Equal(19, Assert.Single(await _storage.ReviewBacklogAsync(DefaultRegion)).Sequence);
    }

    // Each sequence goes to one of three regions with a random disposition and review flag: however
    // the workers interleave, the case is in the backlog only in the region of sequence 19, and only
    // if 19 awaits review.
    [Fact]
    public async Task Save_ConcurrentSequencesMovingBetweenRegions_LeaveTheBacklogRowOnlyWhereItIsNow()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string[] regions = ["north", "south", "east"];
        const int updates = 20;
        for (var round = 0; round < 4; round++)
        {
            var referralId = $"REF-BACKLOG-{round}";
            var decisions = Enumerable.Range(0, updates)
                .Select(sequence => Decision().For(referralId).WithSequence(sequence).InRegion(regions[random.Next(regions.Length)])
                    .With((Disposition)random.Next(3)).NeedingReview(random.Next(3) == 0).Build())
                .ToArray();
            random.Shuffle(decisions);

            await Task.WhenAll(decisions.Select(d => Task.Run(() => _storage.Triage.SaveAsync(d))));

            var last = decisions.Single(d => d.Result.Sequence == updates - 1).Result;
            var awaitsReview = last.Disposition == Disposition.Review || last.NeedsReview;
            foreach (var region in regions)
            {
                var here = (await _storage.ReviewBacklogAsync(region)).Where(c => c.ReferralId == referralId).ToList();
                var expected = region == last.Region && awaitsReview;
                Assert.True(expected == (here.Count == 1), $"round {round}, region {region}: {here.Count} rows, final {last.Region} {last.Disposition} review {last.NeedsReview}");
                Assert.All(here, c => Assert.Equal(updates - 1, c.Sequence));
                Assert.Equal(here.Count == 1, await _storage.ReviewRowAsync(region, referralId) is not null);
            }
        }
    }

    // What a save costs, counted on the wire: the first decision of a referral is one Add of the
    // result, plus one Add per index it belongs in; nothing is read first.
    [Theory]
    [InlineData(Disposition.Proceed, false, 1)]
    [InlineData(Disposition.Proceed, true, 2)]
    [InlineData(Disposition.Review, true, 2)]
    [InlineData(Disposition.Postpone, false, 2)]
    [InlineData(Disposition.Postpone, true, 3)]
    public async Task Save_FirstDecision_IsOneAddPlusOneAddPerIndexItBelongsIn(Disposition disposition, bool needsReview, int requests)
    {
        using var gate = new RequestGate();

        Assert.Equal(SaveOutcome.Stored, await RunAs("first", Decision().With(disposition).NeedingReview(needsReview).Build()));

        var sent = gate.RequestsOf("first");
        output.WriteLine(string.Join(Environment.NewLine, sent));
        Assert.Equal(requests, sent.Count);
        Assert.All(sent, r => Assert.StartsWith("POST ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCaseRegions_ListsEachRegionWithPostponedOrBacklogRowsOnceInOrder()
    {
        await _storage.Triage.SaveAsync(Decision().For("A").InRegion("west").Postponed().Build());
        await _storage.Triage.SaveAsync(Decision().For("B").InRegion("central").ForReview().Build());
        await _storage.Triage.SaveAsync(Decision().For("C").InRegion("west").ForReview().Build());
        await _storage.Triage.SaveAsync(Decision().For("D").InRegion("east").Postponed().NeedingReview().Build());
        await _storage.Triage.SaveAsync(Decision().For("E").InRegion("south").Proceeding().Build());

        var regions = new List<string>();
        await foreach (var region in _storage.Triage.GetCaseRegionsAsync())
        {
            regions.Add(region);
        }

        Assert.Equal(["central", "east", "west"], regions);
    }

    private Task<SaveOutcome> RunAs(string worker, TriageDecision decision) => Task.Run(() =>
    {
        RequestGate.Worker = worker;
        return _storage.Triage.SaveAsync(decision);
    });
}
