using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Elective: "Spinal conditions where pain and dysfunction can be reasonably managed without
/// procedural intervention during the crisis (eg, chronic conditions, degenerative spinal disorders
/// such as degenerative disc disease, some disc herniations, spinal stenosis or spondylolisthesis
/// without significant neurologic deficit)". A degenerative cause or disc herniation without a
/// significant or severe deficit. (Diagnosis codes for stenosis, spondylolisthesis and disc disease
/// add this criterion through the mapping table.)
/// </summary>
public sealed class ManageableWithoutProcedureRule : GuidelineRule
{
    private readonly string _degenerative, _discHerniation;

    /// <summary>Creates the rule.</summary>
    public ManageableWithoutProcedureRule()
    {
        _degenerative = Because("Degenerative cause without significant neurologic deficit");
        _discHerniation = Because("Disc herniation without significant neurologic deficit");
    }

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.ManageableWithoutProcedure;

    /// <summary>Whether a significant or severe deficit is reported (which rules this criterion out).</summary>
    public static bool HasSignificantDeficit(ReferralMessage referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return referral.Findings?.NeurologicDeficit?.Severity is DeficitSeverity.Significant or DeficitSeverity.Severe;
    }

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (HasSignificantDeficit(referral))
        {
            return;
        }

        switch (referral.Findings?.Cause)
        {
            case Cause.Degenerative:
                evidence.Match(Criterion, _degenerative);
                break;
            case Cause.DiscHerniation:
                evidence.Match(Criterion, _discHerniation);
                break;
        }
    }
}
