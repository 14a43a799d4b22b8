using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Urgent: "Cervical or thoracic myelopathy due to spinal stenosis, with recent progression".
/// Myelopathy is cord compression, so cervical or thoracic by nature: an unreported level still
/// matches. Myelopathy without reported recent progression fits no criterion and is flagged.
/// </summary>
public sealed class ProgressiveMyelopathyRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public ProgressiveMyelopathyRule() => _match = Because("Myelopathy with recent progression reported");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.ProgressiveMyelopathy;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Myelopathy is not { } myelopathy)
        {
            return;
        }

        if (myelopathy.RecentProgression == true)
        {
            evidence.Match(Criterion, _match);
        }
        else
        {
            evidence.Review("Myelopathy without reported recent progression: no criterion covers it, clinician review");
        }
    }
}
