namespace SpineTriage.Core.Guideline;

/// <summary>
/// What the rules found for one referral: the criteria that matched (each with a reason in plain
/// words) and anything a clinician must review. Filled by <see cref="GuidelineRule"/>s.
/// </summary>
public sealed class TriageEvidence
{
    private readonly List<string> _reasons = new(6);
    private uint _matched;
    private int _reviewCount;

    /// <summary>Every reason so far: matches and review flags, in the order they were found.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>Whether anything so far needs a clinician's review.</summary>
    public bool NeedsReview => _reviewCount > 0;

    /// <summary>The matched criteria, in the guidance's order.</summary>
    public IReadOnlyList<Criterion> Criteria => [.. NassGuideline.Criteria.Where(HasMatched)];

    /// <summary>Whether any criterion has matched.</summary>
    public bool AnyMatched => _matched != 0;

    /// <summary>How many distinct criteria have matched.</summary>
    public int MatchedCount => System.Numerics.BitOperations.PopCount(_matched);

    /// <summary>Records that a criterion matched, with the reason a clinician can check.</summary>
    public void Match(Criterion criterion, string reason)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(reason);
        _matched |= Bit(criterion);
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
        return (_matched & Bit(criterion)) != 0;
    }

    /// <summary>
    /// Ends the evidence with the disposition's reason and hands over the reasons list, which the
    /// result keeps as it is (no copy: this runs once per referral). The evidence is done after this.
    /// </summary>
    internal IReadOnlyList<string> Conclude(string dispositionReason)
    {
        _reasons.Add(dispositionReason);
        return _reasons;
    }

    // Criteria are identified by their position in the guidance (fewer than 32).
    private static uint Bit(Criterion criterion) => 1u << criterion.Order;
}
