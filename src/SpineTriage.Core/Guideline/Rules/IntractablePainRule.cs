using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Urgent: "Spinal conditions causing intractable pain that result in ED presentation, severe
/// functional limitations and/or excessive opioid use despite non-procedural attempts at
/// management". Intractable pain AND (ED presentation OR severe functional limitation OR excessive
/// opioid use) AND non-procedural care tried. Where a missing answer could make it match, it flags.
/// </summary>
public sealed class IntractablePainRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public IntractablePainRule() =>
        _match = Because("Intractable pain with ED presentation, severe functional limitation or excessive opioid use despite non-procedural care");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.IntractablePain;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Pain is not { } pain || pain.Intractable == false)
        {
            return;
        }

        var consequence = pain.EdPresentation == true || pain.SevereFunctionalLimitation == true || pain.ExcessiveOpioidUse == true;
        if (pain.Intractable is null)
        {
            if (consequence && pain.FailedNonProceduralCare != false)
            {
                evidence.Review("Pain with ED presentation, functional limitation or opioid use reported without whether it is intractable: Urgent if it is");
            }

            return;
        }

        var consequenceUnknown = !consequence && (pain.EdPresentation is null || pain.SevereFunctionalLimitation is null || pain.ExcessiveOpioidUse is null);

        if (consequence && pain.FailedNonProceduralCare == true)
        {
            evidence.Match(Criterion, _match);
        }
        else if (consequence && pain.FailedNonProceduralCare is null)
        {
            evidence.Review("Intractable pain reported without whether non-procedural care was tried: Urgent if it was");
        }
        else if (consequenceUnknown && pain.FailedNonProceduralCare != false)
        {
            evidence.Review("Intractable pain reported without ED presentation, functional limitation or opioid use: Urgent if any applies");
        }
    }
}
