using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline.Rules;

/// <summary>
/// Urgent: "Persistent significant neurologic deficit due to neurologic compression with or without
/// deformity (distinguished from 'severe neurologic deficit' that is listed under emergent)".
/// A significant deficit that is not progressive (stable, improving, or trend not reported); an
/// improving one is flagged, as recovery may make the procedure unnecessary.
/// Where a missing severity or trend could make the deficit Emergent, the rule flags it.
/// </summary>
public sealed class PersistentSignificantDeficitRule : GuidelineRule
{
    private readonly string _match;

    /// <summary>Creates the rule.</summary>
    public PersistentSignificantDeficitRule() => _match = Because("Significant, non-progressive neurologic deficit reported");

    /// <inheritdoc />
    public override Criterion Criterion => NassGuideline.PersistentSignificantDeficit;

    /// <inheritdoc />
    public override void Evaluate(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.NeurologicDeficit is not { } deficit)
        {
            return;
        }

        switch (deficit.Severity, deficit.Trend)
        {
            case (DeficitSeverity.Significant, DeficitTrend.Stable):
                evidence.Match(Criterion, _match);
                break;
            case (DeficitSeverity.Significant, DeficitTrend.Improving):
                // The criterion names a persistent deficit: one that is recovering may not need the
                // procedure now, which is a clinician's call (the Urgent category stands meanwhile).
                evidence.Match(Criterion, _match);
                evidence.Review("Significant deficit reported as improving: the criterion names a persistent deficit, clinician review");
                break;
            case (DeficitSeverity.Significant, null):
                evidence.Match(Criterion, _match);
                evidence.Review("Deficit trend not reported: a progressive deficit would be Emergent");
                break;
            case (DeficitSeverity.Mild, null):
                evidence.Review("Mild deficit with trend not reported: a progressive deficit would be Emergent");
                break;
            case (null, DeficitTrend.Stable or DeficitTrend.Improving):
                evidence.Review("Deficit severity not reported: a severe deficit would be Emergent, a significant one Urgent");
                break;
            case (null, null):
                evidence.Review("Neurologic deficit reported without severity or trend: clinician review");
                break;
        }
    }
}
