using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Emergent: "Spinal instability at risk of causing neurologic injury from any cause (eg, fracture,
/// tumor, infection)". Instability reported without saying whether it risks injury is flagged.
/// </summary>
public sealed class InstabilityRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public InstabilityRule() => _match = Because("Spinal instability at risk of neurologic injury reported");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.Instability;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Instability is not { } instability)
        {
            return;
        }

        if (instability.RiskOfNeurologicInjury == true)
        {
            evidence.Match(Criterion, _match);
        }
        else if (instability.RiskOfNeurologicInjury is null)
        {
            evidence.Review("Spinal instability reported without whether it risks neurologic injury: Emergent if it does");
        }
    }
}
