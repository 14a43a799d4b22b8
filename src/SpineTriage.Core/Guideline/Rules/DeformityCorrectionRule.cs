using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>Elective: "Scoliosis and/or kyphosis correction".</summary>
public sealed class DeformityCorrectionRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public DeformityCorrectionRule() => _match = Because("Scoliosis and/or kyphosis correction requested");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.DeformityCorrection;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.DeformityCorrection == true)
        {
            evidence.Match(Criterion, _match);
        }
    }
}
