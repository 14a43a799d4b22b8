using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Urgent: "Spinal infection (eg, discitis, osteomyelitis, epidural abscess) that fails to respond to
/// medical management". A spinal infection that neither requires decompression (an epidural
/// abscess, Emergent) nor fails medical management fits no criterion and is flagged, as is a
/// request to decompress discitis or osteomyelitis (the Emergent criterion names epidural abscess).
/// </summary>
public sealed class InfectionFailingMedicalManagementRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public InfectionFailingMedicalManagementRule() => _match = Because("Spinal infection failing medical management reported");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.InfectionFailingMedicalManagement;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Infection is not { } infection)
        {
            return;
        }

        switch (infection.Kind)
        {
            case InfectionKind.PostoperativeWound:
                return;
            case null:
                evidence.Review("Infection reported without its kind: clinician review");
                return;
        }

        if (infection.FailedMedicalManagement == true)
        {
            evidence.Match(Criterion, _match);
        }

        var decompressedAbscess = infection is { Kind: InfectionKind.EpiduralAbscess, RequiresDecompression: true };
        if (infection.RequiresDecompression == true && !decompressedAbscess)
        {
            evidence.Review("Decompression requested for discitis or osteomyelitis: the Emergent criterion names epidural abscess, clinician review");
        }
        else if (!decompressedAbscess && infection.FailedMedicalManagement != true)
        {
            evidence.Review("Spinal infection neither requiring decompression nor reported as failing medical management: clinician review");
        }
    }
}
