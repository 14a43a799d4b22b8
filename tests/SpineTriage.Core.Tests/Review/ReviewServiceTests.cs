using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Review;

/// <summary>The review use case's rules: what a decision request must hold, what a confirm and an override record, the worklist order.</summary>
public sealed class ReviewServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("REF/1", 0, true, null, null, "dr-a", null, "referralId")]
    [InlineData("", 0, true, null, null, "dr-a", null, "referralId")]
    [InlineData("REF-1", -1, true, null, null, "dr-a", null, "sequence")]
    [InlineData("REF-1", 0, true, null, null, "", null, "by")]
    [InlineData("REF-1", 0, true, null, null, "dr\u0007a", null, "by")]
    [InlineData("REF-1", 0, true, "Urgent", null, "dr-a", null, "decision")]
    [InlineData("REF-1", 0, false, null, null, "dr-a", "why", "decision")]
    [InlineData("REF-1", 0, false, "Unclassified", null, "dr-a", "why", "category")]
    [InlineData("REF-1", 0, false, "urgentish", null, "dr-a", "why", "category")]
    [InlineData("REF-1", 0, false, null, "review", "dr-a", "why", "disposition")]
    [InlineData("REF-1", 0, false, "Urgent", "proceed", "dr-a", null, "reason")]
    [InlineData("REF-1", 0, false, "Urgent", "proceed", "dr-a", "   ", "reason")]
    [InlineData("REF-1", 3, false, "Urgent", "proceed", "dr-a", "why", "sequence")]
    [InlineData("REF-9", 0, false, "Urgent", "proceed", "dr-a", "why", "referralId")]
    public async Task Decide_BadRequest_IsRefusedNamingTheField(string id, long sequence, bool confirm, string? category, string? disposition, string by, string? reason, string field)
    {
        var store = new MemoryReviewStore(Result("REF-1", TriageCategory.Elective, Disposition.Postpone, needsReview: true));
        var service = new ReviewService(store, new FakeTimeProvider(Now));

        var decided = await service.DecideAsync(new DecisionRequest(id, sequence, confirm, category, disposition, by, reason));

        Assert.False(decided.Recorded);
        Assert.Equal(field, decided.Error!.Field);
        Assert.DoesNotContain('\n', decided.Error.Message);
        Assert.Empty(store.Recorded);
    }

    [Fact]
    public async Task Decide_ReasonTooLong_IsRefused()
    {
        var store = new MemoryReviewStore(Result("REF-1", TriageCategory.Elective, Disposition.Postpone, needsReview: true));
        var decided = await new ReviewService(store, new FakeTimeProvider(Now))
            .DecideAsync(new DecisionRequest("REF-1", 0, false, "Urgent", null, "dr-a", new string('x', ReviewService.MaxReasonLength + 1)));
        Assert.Equal("reason", decided.Error!.Field);
    }

    [Fact]
    public async Task Confirm_KeepsTheMachinesCategoryAndDisposition()
    {
        var store = new MemoryReviewStore(Result("REF-1", TriageCategory.Urgent, Disposition.Postpone, needsReview: true));

        var decided = await new ReviewService(store, new FakeTimeProvider(Now)).DecideAsync(new DecisionRequest("REF-1", 0, true, null, null, " dr-a ", null));

        var decision = Assert.Single(store.Recorded);
        Assert.Equal(decided.Decision, decision);
        Assert.Equal((ReviewAction.Confirm, TriageCategory.Urgent, Disposition.Postpone, "dr-a", Now), (decision.Action, decision.Category, decision.Disposition, decision.By, decision.DecidedAt));
    }

    [Fact]
    public async Task Override_OnlyTheCategory_KeepsTheMachinesDisposition()
    {
        var store = new MemoryReviewStore(Result("REF-1", TriageCategory.Elective, Disposition.Postpone, needsReview: true));

        await new ReviewService(store, new FakeTimeProvider(Now)).DecideAsync(new DecisionRequest("REF-1", 0, false, "urgent", null, "dr-a", "Weakness is worse"));

        var decision = Assert.Single(store.Recorded);
        Assert.Equal((ReviewAction.Override, TriageCategory.Urgent, Disposition.Postpone), (decision.Action, decision.Category, decision.Disposition));
    }

    [Fact]
    public async Task Decide_StoreSaysStale_IsRefusedNamingTheCurrentSequence()
    {
        var store = new MemoryReviewStore(Result("REF-1", TriageCategory.Elective, Disposition.Postpone, needsReview: true)) { StaleOnRecord = 4 };

        var decided = await new ReviewService(store, new FakeTimeProvider(Now)).DecideAsync(new DecisionRequest("REF-1", 0, true, null, null, "dr-a", null));

        Assert.Equal("sequence", decided.Error!.Field);
        Assert.Contains("sequence 4 now", decided.Error.Message, StringComparison.Ordinal);
    }

    // Whatever a request asks, a recorded decision is final: a category of the guidance and proceed or postpone, never review.
    [Property(MaxTest = 300)]
    public Property Decide_AnyRequest_RecordsOnlyAFinalDecision() =>
        Prop.ForAll(Requests().ToArbitrary(), Results().ToArbitrary(), (request, machine) =>
        {
            var store = new MemoryReviewStore(machine);
            var decided = new ReviewService(store, new FakeTimeProvider(Now)).DecideAsync(request).GetAwaiter().GetResult();
            if (decided.Decision is { } decision)
            {
                Assert.NotEqual(TriageCategory.Unclassified, decision.Category);
                Assert.NotEqual(Disposition.Review, decision.Disposition);
                Assert.True(decision.Action == ReviewAction.Confirm || decision.Reason.Length > 0);
                Assert.Equal(machine.Sequence, decision.Sequence);
            }
            else
            {
                Assert.Empty(store.Recorded);
            }
        });

    // The worklist order: a permutation, by urgency rank, then the longest waiting first.
    [Property(MaxTest = 300)]
    public Property Order_AnyItems_IsAPermutationByUrgencyThenWaiting() =>
        Prop.ForAll(Items().ListOf().ToArbitrary(), items =>
        {
            var ordered = ReviewService.Order(items);
            Assert.Equal(items.Select(i => i.ReferralId).Order(), ordered.Select(i => i.ReferralId).Order());
            for (var i = 1; i < ordered.Count; i++)
            {
                var (a, b) = (ordered[i - 1], ordered[i]);
                var rank = ReviewService.Urgency(a.Category).CompareTo(ReviewService.Urgency(b.Category));
                Assert.True(rank < 0 || (rank == 0 && a.WaitingSince <= b.WaitingSince));
            }

            if (ordered.Count > 0 && items.Any(i => i.Category == TriageCategory.Emergent))
            {
                Assert.Equal(TriageCategory.Emergent, ordered[0].Category);
            }
        });

    private static Gen<DecisionRequest> Requests() =>
        from confirm in Gen.Elements(true, false)
        from category in Gen.Elements<string?>(null, "Emergent", "urgent", "Elective", "Unclassified", "x")
        from disposition in Gen.Elements<string?>(null, "proceed", "POSTPONE", "review", "later")
        from reason in Gen.Elements<string?>(null, "", "   ", "Seen in clinic")
        select new DecisionRequest("REF-1", 0, confirm, category, disposition, "dr-a", reason);

    private static Gen<TriageResult> Results() =>
        from category in Gen.Elements(Enum.GetValues<TriageCategory>())
        from disposition in Gen.Elements(Enum.GetValues<Disposition>())
        from needsReview in Gen.Elements(true, false)
        select Result("REF-1", category, category == TriageCategory.Unclassified ? Disposition.Review : disposition, needsReview);

    private static Gen<WorklistItem> Items() =>
        from n in Gen.Choose(0, 100000)
        from category in Gen.Elements(Enum.GetValues<TriageCategory>())
        from minutes in Gen.Choose(0, 60 * 24 * 30)
        select new WorklistItem($"R-{n}-{Guid.NewGuid():N}", 0, "north-east", category, Disposition.Review, [], [], Now.AddMinutes(-minutes));

    internal static TriageResult Result(string id, TriageCategory category, Disposition disposition, bool needsReview, long sequence = 0) =>
        new(id, sequence, "north-east", category, disposition, "recommendation", [], needsReview, ["reason"], RegionStatus.Constrained, "test", Now.AddHours(-1));

    /// <summary>One referral in memory (a test double of the store port: the store itself is tested on Azurite).</summary>
    private sealed class MemoryReviewStore(TriageResult current) : IReviewStore
    {
        public List<ClinicianDecision> Recorded { get; } = [];

        public long? StaleOnRecord { get; init; }

        public async IAsyncEnumerable<string> GetWorklistRegionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return current.Region;
        }

        public Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(string region, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<WorklistItem>>([]);

        public Task<ReferralCase?> GetCaseAsync(string referralId, CancellationToken cancellationToken = default) =>
            Task.FromResult(referralId == current.ReferralId ? new ReferralCase(current, Now, null, null) : null);

        public Task<DecisionReceipt> RecordDecisionAsync(ClinicianDecision decision, CancellationToken cancellationToken = default)
        {
            if (StaleOnRecord is { } newer)
            {
                return Task.FromResult(new DecisionReceipt(DecisionOutcome.StaleSequence, newer));
            }

            Recorded.Add(decision);
            return Task.FromResult(new DecisionReceipt(DecisionOutcome.Recorded, current.Sequence));
        }

        public async IAsyncEnumerable<TrailEntry> GetTrailAsync(string referralId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield break;
        }
    }
}
