using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;
using Xunit.Abstractions;
using static SpineTriage.Storage.Tests.Builders.DecisionBuilder;

namespace SpineTriage.Storage.Tests;

/// <summary>
/// Clinician decisions, the worklist and the audit trail on a real Table service: a decision applies
/// to its sequence only, moves the case between the indexes, and is in the trail with the machine's
/// decisions, in order, never rewritten.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class ReviewStoreTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset DecidedByClinicianAt = DefaultDecidedAt.AddHours(3);
    private StorageHarness _storage = null!;
    private ReviewService _review = null!;

    public async Task InitializeAsync()
    {
        _storage = await StorageHarness.CreateAsync(azurite);
        _review = new ReviewService(_storage.Triage, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DecidedByClinicianAt));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Confirm_PostponedCaseThatNeedsReview_LeavesTheWorklistAndStaysPostponedAsReviewed()
    {
        await _storage.Triage.SaveAsync(Decision().Postponed().NeedingReview().Build());
        Assert.Single(await _review.ListAsync(DefaultRegion));
        Assert.True(Assert.Single(await _storage.PostponedAsync(DefaultRegion)).NeedsReview);

        var decided = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, Confirm: true, null, null, "dr-lee", null));

        Assert.True(decided.Recorded, decided.Error?.Message);
        Assert.Empty(await _review.ListAsync(DefaultRegion));
        Assert.Empty(await _storage.ReviewBacklogAsync(DefaultRegion));
        var postponed = Assert.Single(await _storage.PostponedAsync(DefaultRegion));
        Assert.False(postponed.NeedsReview);
        var now = await _review.GetCaseAsync(DefaultReferralId);
        Assert.Equal(ReviewAction.Confirm, now!.Clinician!.Action);
        Assert.Equal("dr-lee", now.Clinician.By);
        Assert.Equal(DecidedByClinicianAt, now.Clinician.DecidedAt);
        Assert.Equal(Disposition.Postpone, now.Disposition);
    }

    [Fact]
    public async Task Override_PostponeToProceed_LeavesThePostponedCasesAndResultsShowTheClinician()
    {
        await _storage.Triage.SaveAsync(Decision().Postponed().NeedingReview().Build());

        var decided = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, false, null, "proceed", "dr-lee", "Theatre slot available; patient low risk"));

        Assert.True(decided.Recorded, decided.Error?.Message);
        Assert.Empty(await _storage.PostponedAsync(DefaultRegion));
        Assert.Empty(await _review.ListAsync());
        var proceeding = new List<ReferralCase>();
        await foreach (var item in _storage.Triage.GetResultsAsync(disposition: Disposition.Proceed))
        {
            proceeding.Add(item);
        }

        var now = Assert.Single(proceeding);
        Assert.Equal(Disposition.Postpone, now.Machine.Disposition);
        Assert.Equal(Disposition.Proceed, now.Disposition);
        Assert.Equal("Theatre slot available; patient low risk", now.Clinician!.Reason);
    }

    [Fact]
    public async Task Override_UnclassifiedHeldForReview_ToElectivePostpone_EntersThePostponedCases()
    {
        await _storage.Triage.SaveAsync(Decision().ForReview().Build());
        Assert.Equal(TriageCategory.Unclassified, Assert.Single(await _review.ListAsync()).Category);
        Assert.Empty(await _storage.PostponedAsync(DefaultRegion));

        var refused = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, true, null, null, "dr-lee", null));
        Assert.Equal("decision", refused.Error!.Field);
        var noCategory = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, false, null, "postpone", "dr-lee", "stable"));
        Assert.Equal("category", noCategory.Error!.Field);

        var decided = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, false, "Elective", "postpone", "dr-lee", "Chronic axial pain, no deficit"));

        Assert.True(decided.Recorded, decided.Error?.Message);
        var postponed = Assert.Single(await _storage.PostponedAsync(DefaultRegion));
        Assert.Equal(TriageCategory.Elective, postponed.Category);
        Assert.False(postponed.NeedsReview);
        Assert.Empty(await _review.ListAsync());
    }

    [Fact]
    public async Task Decide_AfterANewerMessage_IsRefusedAndRecordsNothing()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(0).ForReview().Build());
        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().Build());
        var trailBefore = await TrailAsync();

        var stale = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, false, "Urgent", "proceed", "dr-lee", "seen in clinic"));
        var future = await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 2, false, "Urgent", "proceed", "dr-lee", "seen in clinic"));
        var unknown = await _review.DecideAsync(new DecisionRequest("REF-NEVER-SEEN", 0, false, "Urgent", "proceed", "dr-lee", "seen in clinic"));

        Assert.Equal("sequence", stale.Error!.Field);
        Assert.Contains("sequence 1 now", stale.Error.Message, StringComparison.Ordinal);
        Assert.Equal("sequence", future.Error!.Field);
        Assert.Equal("referralId", unknown.Error!.Field);
        Assert.Equal(trailBefore.Count, (await TrailAsync()).Count);
        Assert.Single(await _review.ListAsync());
    }

    [Fact]
    public async Task NewerMessage_AfterADecision_ReturnsToTheWorklistAndTheTrailKeepsEverything()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(0).ForReview().Build());
        await _review.DecideAsync(new DecisionRequest(DefaultReferralId, 0, false, "Elective", "postpone", "dr-lee", "no deficit"));
        Assert.Empty(await _review.ListAsync());

        await _storage.Triage.SaveAsync(Decision().WithSequence(1).ForReview().DecidedAt(DefaultDecidedAt.AddDays(1)).Build());

        var item = Assert.Single(await _review.ListAsync());
        Assert.Equal(1, item.Sequence);
        Assert.Null((await _review.GetCaseAsync(DefaultReferralId))!.Clinician);

        // The postponement was the clinician's, for sequence 0 only: sequence 1 is held for review again.
        Assert.Empty(await _storage.PostponedAsync(DefaultRegion));
        var trail = await TrailAsync();
        Assert.Equal([0L, 1L, 2L], trail.Select(e => e.Index));
        Assert.Equal([TrailEntryKind.Machine, TrailEntryKind.Clinician, TrailEntryKind.Machine], trail.Select(e => e.Kind));
        Assert.Equal([0L, 0L, 1L], trail.Select(e => e.Sequence));
        Assert.Equal("dr-lee", trail[1].Clinician!.By);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 1)]
    [InlineData(256 * 1024)]
    public async Task Trail_KeepsTheMessageExactlyAsReceived(int size)
    {
        var message = new byte[size];
        new Random(size).NextBytes(message);
        var decision = Decision().Build() with { Message = message };

        await _storage.Triage.SaveAsync(decision);

        var entry = Assert.Single(await TrailAsync());
        Assert.True(entry.BecameCurrent);
        Assert.Equal(message, entry.Message.ToArray());
        Assert.Equal(decision.Result.Reasons, entry.Machine!.Reasons);
        Assert.Equal(decision.Result.GuidelineVersion, entry.Machine.GuidelineVersion);
    }

    [Fact]
    public async Task Trail_LateOlderMessage_IsRecordedOnceAsNotCurrent()
    {
        await _storage.Triage.SaveAsync(Decision().WithSequence(2).Build() with { Message = "two"u8.ToArray() });
        var late = Decision().WithSequence(1).Build() with { Message = "one"u8.ToArray() };

        Assert.Equal(SaveOutcome.Superseded, await _storage.Triage.SaveAsync(late));
        Assert.Equal(SaveOutcome.Superseded, await _storage.Triage.SaveAsync(late));
        Assert.Equal(SaveOutcome.Duplicate, await _storage.Triage.SaveAsync(Decision().WithSequence(2).Build()));

        var trail = await TrailAsync();
        Assert.Equal([2L, 1L], trail.Select(e => e.Sequence));
        Assert.Equal([true, false], trail.Select(e => e.BecameCurrent));
        Assert.Equal("one", System.Text.Encoding.UTF8.GetString(trail[1].Message.Span));
    }

    [Fact]
    public async Task Worklist_AcrossRegions_EmergentFirstThenUnclassifiedUrgentElective_LongestWaitingFirst()
    {
        var t = DefaultDecidedAt;
        await _storage.Triage.SaveAsync(Decision().For("E-1").InRegion("north-east").Postponed().NeedingReview().DecidedAt(t).Build());
        await _storage.Triage.SaveAsync(Decision().For("U-1").InRegion("south-west").WithCategory(TriageCategory.Urgent).With(Disposition.Postpone).NeedingReview().DecidedAt(t.AddHours(1)).Build());
        await _storage.Triage.SaveAsync(Decision().For("X-2").InRegion("north-east").ForReview().DecidedAt(t.AddHours(2)).Build());
        await _storage.Triage.SaveAsync(Decision().For("X-1").InRegion("south-west").ForReview().DecidedAt(t.AddHours(-2)).Build());
        await _storage.Triage.SaveAsync(Decision().For("M-1").InRegion("midlands").WithCategory(TriageCategory.Emergent).With(Disposition.Proceed).NeedingReview().DecidedAt(t.AddHours(5)).Build());
        await _storage.Triage.SaveAsync(Decision().For("OK-1").InRegion("midlands").Proceeding().Build());

        var all = await _review.ListAsync();

        Assert.Equal(["M-1", "X-1", "X-2", "U-1", "E-1"], all.Select(i => i.ReferralId));
        Assert.Equal(["X-1", "U-1"], (await _review.ListAsync("south-west")).Select(i => i.ReferralId));
        Assert.All(all, i => Assert.NotEmpty(i.Reasons));
    }

    // A decision racing a newer message: either the decision lands on the old sequence (and the newer
    // message then replaces it) or it is refused as stale; the trail never has a gap or a duplicate index,
    // and the worklist always follows the current result.
    [Fact]
    public async Task Decision_RacingANewerMessage_LeavesAConsistentTrailAndWorklist()
    {
        for (var round = 0; round < 8; round++)
        {
            var id = $"REF-RACE-{round}";
            await _storage.Triage.SaveAsync(Decision().For(id).WithSequence(0).ForReview().Build());
            var decide = Task.Run(() => _review.DecideAsync(new DecisionRequest(id, 0, false, "Elective", "postpone", "dr-lee", "race")));
            var newer = Task.Run(() => _storage.Triage.SaveAsync(Decision().For(id).WithSequence(1).ForReview().Build()));
            var decided = await decide;
            await newer;

            var trail = new List<TrailEntry>();
            await foreach (var entry in _review.GetTrailAsync(id))
            {
                trail.Add(entry);
            }

            output.WriteLine($"round {round}: decision {(decided.Recorded ? "recorded" : "refused")}, trail {string.Join(",", trail.Select(e => e.Kind))}");
            Assert.Equal(Enumerable.Range(0, trail.Count).Select(i => (long)i), trail.Select(e => e.Index));
            Assert.Equal(decided.Recorded ? 3 : 2, trail.Count);
            Assert.Equal(1, trail[^1].Sequence);
            Assert.Contains((await _review.ListAsync(DefaultRegion)), i => i.ReferralId == id && i.Sequence == 1);
        }
    }

    private async Task<List<TrailEntry>> TrailAsync(string referralId = DefaultReferralId)
    {
        var trail = new List<TrailEntry>();
        await foreach (var entry in _review.GetTrailAsync(referralId))
        {
            trail.Add(entry);
        }

        return trail;
    }
}
