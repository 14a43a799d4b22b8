namespace SpineTriage.Core.Guideline;

/// <summary>
/// What the rules found for one referral: the criteria that matched (each with a reason in plain
/// words) and anything a clinician must review. Filled by <see cref="GuidelineRule"/>s.
/// </summary>
public sealed class TriageEvidence
{
    private readonly List<Criterion> _criteria = new(4);
    private readonly List<string> _reasons = new(6);
    private int _reviewCount;

    /// <summary>The matched criteria, each once, in the order they were first matched.</summary>
    public IReadOnlyList<Criterion> Criteria => _criteria;

    /// <summary>Every reason so far: matches and review flags, in the order they were found.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>Whether anything so far needs a clinician's review.</summary>
    public bool NeedsReview => _reviewCount > 0;

    /// <summary>Records that a criterion matched, with the reason a clinician can check.</summary>
    public void Match(Criterion criterion, string reason)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(reason);
        if (!_criteria.Contains(criterion))
        {
            _criteria.Add(criterion);
        }

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
    public bool HasMatched(Criterion criterion) => _criteria.Contains(criterion);
}
