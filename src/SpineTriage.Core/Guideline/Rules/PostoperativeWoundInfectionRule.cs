using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>Emergent: "Postoperative wound infection".</summary>
public sealed class PostoperativeWoundInfectionRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public PostoperativeWoundInfectionRule() => _match = Because("Postoperative wound infection reported");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.PostoperativeWoundInfection;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Infection is { Kind: InfectionKind.PostoperativeWound })
        {
            evidence.Match(Criterion, _match);
        }
    }
}
