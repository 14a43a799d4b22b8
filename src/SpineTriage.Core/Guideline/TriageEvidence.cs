namespace SpineTriage.Core.Guideline;

/// <summary>
/// What the rules found for one referral: the criteria that matched (each with a reason in plain
/// words) and anything a clinician must review. Filled by <see cref="GuidelineRule"/>s.
/// </summary>
public sealed class TriageEvidence
{
    private readonly List<string> _reasons = new(6);
    private List<Criterion>? _others;
    private uint _matched;
    private int _reviewCount;

    /// <summary>Every reason so far: matches and review flags, in the order they were found.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>Whether anything so far needs a clinician's review.</summary>
    public bool NeedsReview => _reviewCount > 0;

    /// <summary>The matched criteria: the guideline's in its order, then any others in the order matched.</summary>
    public IReadOnlyList<Criterion> Criteria => [.. NassGuideline.Criteria.Where(HasMatched), .. _others ?? []];

    /// <summary>Whether any criterion has matched.</summary>
    public bool AnyMatched => _matched != 0 || _others is { Count: > 0 };

    /// <summary>How many distinct criteria have matched.</summary>
    public int MatchedCount => System.Numerics.BitOperations.PopCount(_matched) + (_others?.Count ?? 0);

    /// <summary>Records that a criterion matched, with the reason a clinician can check.</summary>
    public void Match(Criterion criterion, string reason)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(reason);
        if (GuidelineBit(criterion) is var bit and not 0)
        {
            _matched |= bit;
        }
        else if (!(_others ??= []).Contains(criterion))
        {
            _others.Add(criterion);
        }

        _reasons.Add(reason);
    }

    /// <summary>Records how the result was reached where no criterion or review says it (e.g. where a value came from).</summary>
    public void Note(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        _reasons.Add(reason);
    }

    /// <summary>Records something a clinician must review, with the reason.</summary>
    public void Review(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        _reviewCount++;
        _reasons.Add(reason);
    }

    /// <summary>Whether a criterion has matched.</summary>
    public bool HasMatched(Criterion criterion)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        return GuidelineBit(criterion) is var bit and not 0
            ? (_matched & bit) != 0
            : _others?.Contains(criterion) == true;
    }

    /// <summary>Criteria matched that are not the guideline's (from custom rules), in the order matched.</summary>
    internal IReadOnlyList<Criterion> OtherCriteria => _others ?? (IReadOnlyList<Criterion>)[];

    /// <summary>
    /// Ends the evidence with the disposition's reason and hands over the reasons list, which the
    /// result keeps as it is (no copy: this runs once per referral). The evidence is done after this.
    /// </summary>
    internal IReadOnlyList<string> Conclude(string dispositionReason)
    {
        _reasons.Add(dispositionReason);
        return _reasons;
    }

    // The guideline's criteria are tracked as bits by their position in the guidance (a bit test
    // per rule, no allocation); any other criterion (a custom rule's) is kept in a list.
    private static uint GuidelineBit(Criterion criterion)
    {
        var all = NassGuideline.CriteriaInOrder;
        var order = criterion.Order;
        return order >= 0 && order < all.Length && ReferenceEquals(all[order], criterion) ? 1u << order : 0;
    }
}
