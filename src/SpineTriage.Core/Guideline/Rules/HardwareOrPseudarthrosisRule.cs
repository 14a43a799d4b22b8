using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>Elective: "Symptomatic hardware or pseudoarthrosis".</summary>
public sealed class HardwareOrPseudarthrosisRule : GuidelineRule
{
    private readonly string _hardware, _pseudarthrosis;

    /// <summary>Creates the rule.</summary>
    public HardwareOrPseudarthrosisRule()
    {
        _hardware = Because("Symptomatic hardware reported");
        _pseudarthrosis = Because("Pseudarthrosis reported");
    }

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.HardwareOrPseudarthrosis;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.SymptomaticHardware == true)
        {
            evidence.Match(Criterion, _hardware);
        }

        if (referral.Findings?.Pseudarthrosis == true)
        {
            evidence.Match(Criterion, _pseudarthrosis);
        }
    }
}
