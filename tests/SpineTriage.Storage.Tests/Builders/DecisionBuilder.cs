using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;

namespace SpineTriage.Storage.Tests.Builders;

/// <summary>
/// Fluent test data for the store: a <see cref="TriageDecision"/> whose category, criteria and
/// review flag follow its disposition the way the classifier's would (postpone: Elective; proceed:
/// Urgent; review: Unclassified), so a test states only what it is about.
/// </summary>
public sealed class DecisionBuilder
{
    public const string DefaultReferralId = "REF-2026-000123";
    public const string DefaultRegion = "north-east";
    public static readonly DateTimeOffset DefaultReceivedAt = new(2026, 11, 20, 9, 15, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset DefaultDecidedAt = new(2026, 11, 20, 9, 16, 0, TimeSpan.Zero);

    private string _referralId = DefaultReferralId;
    private string _region = DefaultRegion;
    private long _sequence;
    private Disposition _disposition = Disposition.Proceed;
    private TriageCategory? _category;
    private string[]? _criteria;
    private bool? _needsReview;
    private RegionStatus _status = RegionStatus.Constrained;
    private DateTimeOffset _decidedAt = DefaultDecidedAt;
    private DateTimeOffset _receivedAt = DefaultReceivedAt;

    public static DecisionBuilder Decision() => new();

    public DecisionBuilder For(string referralId)
    {
        _referralId = referralId;
        return this;
    }

    public DecisionBuilder InRegion(string region)
    {
        _region = region;
        return this;
    }

    public DecisionBuilder WithSequence(long sequence)
    {
        _sequence = sequence;
        return this;
    }

    public DecisionBuilder Postponed() => With(Disposition.Postpone);

    public DecisionBuilder Proceeding() => With(Disposition.Proceed);

    public DecisionBuilder ForReview() => With(Disposition.Review);

    public DecisionBuilder With(Disposition disposition)
    {
        _disposition = disposition;
        return this;
    }

    public DecisionBuilder WithCategory(TriageCategory category, params string[] criteria)
    {
        _category = category;
        _criteria = criteria;
        return this;
    }

    public DecisionBuilder NeedingReview(bool needsReview = true)
    {
        _needsReview = needsReview;
        return this;
    }

    public DecisionBuilder WithRegionStatus(RegionStatus status)
    {
        _status = status;
        return this;
    }

    public DecisionBuilder DecidedAt(DateTimeOffset decidedAt)
    {
        _decidedAt = decidedAt;
        return this;
    }

    public DecisionBuilder ReceivedAt(DateTimeOffset receivedAt)
    {
        _receivedAt = receivedAt;
        return this;
    }

    public TriageDecision Build()
    {
        var category = _category ?? _disposition switch
        {
            Disposition.Postpone => TriageCategory.Elective,
            Disposition.Proceed => TriageCategory.Urgent,
            _ => TriageCategory.Unclassified,
        };
        var criteria = _criteria ?? category switch
        {
            TriageCategory.Elective => ["elective.manageable-without-procedure"],
            TriageCategory.Urgent => ["urgent.progressive-myelopathy"],
            TriageCategory.Emergent => ["emergent.instability"],
            _ => [],
        };
        var result = new TriageResult(
            _referralId,
            _sequence,
            _region,
            category,
            _disposition,
            $"recommendation for {category}",
            criteria,
            _needsReview ?? category == TriageCategory.Unclassified,
            [$"sequence {_sequence}: {_disposition}"],
            _status,
            "nass-covid19-2020.1",
            _decidedAt);
        return new TriageDecision(result, _receivedAt);
    }
}
