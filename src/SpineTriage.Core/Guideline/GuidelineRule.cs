using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline;

/// <summary>
/// Decides one guideline criterion from a referral's structured findings. Each rule is a small
/// class beside the guidance's wording of its criterion (<see cref="Criterion"/>), so a clinician
/// can check one against the other.
/// </summary>
public abstract class GuidelineRule
{
    /// <summary>The criterion this rule decides.</summary>
    public abstract Criterion Criterion { get; }

    /// <summary>Adds a match and/or review flags to <paramref name="evidence"/>. Never throws for valid referrals.</summary>
    public abstract void Evaluate(ReferralMessage referral, TriageEvidence evidence);

    /// <summary>A reason sentence: the evidence, then the category and criterion it places the referral in.</summary>
    protected string Because(string evidence) => Reasons.ForMatch(evidence, Criterion);
}

/// <summary>Reason sentences shared by the rules, the diagnosis-code mapping and the classifier.</summary>
public static class Reasons
{
    /// <summary>
    /// "{evidence}: {Category} ({criterion id})". The guidance's own wording of each criterion is in
    /// <see cref="Criterion.Guidance"/> and docs/clinical-rules.md; results stay short enough to read at a glance.
    /// </summary>
    public static string ForMatch(string evidence, Criterion criterion)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        return $"{evidence}: {criterion.Category} ({criterion.Id})";
    }
}
