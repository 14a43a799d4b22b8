using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Emergent: "Progressive or severe neurologic deficit due to neurologic compression from any cause
/// (eg, infection, tumor, fracture, disc herniation)". A severe deficit, or any deficit whose trend
/// is progressive. Severity "none" with a progressive trend contradicts itself: it still matches
/// (never guessed low) and is flagged for review.
/// </summary>
public sealed class SevereOrProgressiveDeficitRule : GuidelineRule
{
    private readonly string _severe, _progressive;

    /// <summary>Creates the rule.</summary>
    public SevereOrProgressiveDeficitRule()
    {
        _severe = Because("Severe neurologic deficit reported");
        _progressive = Because("Progressive neurologic deficit reported");
    }

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.SevereOrProgressiveDeficit;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.NeurologicDeficit is not { } deficit)
        {
            return;
        }

        if (deficit.Severity == DeficitSeverity.Severe)
        {
            evidence.Match(Criterion, _severe);
        }
        else if (deficit.Trend == DeficitTrend.Progressive)
        {
            evidence.Match(Criterion, _progressive);
            if (deficit.Severity == DeficitSeverity.None)
            {
                evidence.Review("Deficit severity \"none\" conflicts with trend \"progressive\": confirm the neurologic status");
            }
        }
    }
}
