using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>Emergent: "Epidural abscess requiring surgical decompression".</summary>
public sealed class EpiduralAbscessDecompressionRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public EpiduralAbscessDecompressionRule() => _match = Because("Epidural abscess requiring surgical decompression reported");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.EpiduralAbscessDecompression;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Infection is { Kind: InfectionKind.EpiduralAbscess, RequiresDecompression: true })
        {
            evidence.Match(Criterion, _match);
        }
    }
}
