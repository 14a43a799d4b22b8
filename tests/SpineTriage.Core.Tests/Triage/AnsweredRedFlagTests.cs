using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>
/// A fracture the text names is no doubt when findings.instability already says it puts no nerve at risk;
/// words that assert instability against that finding are a conflict, never silence.
/// </summary>
public sealed class AnsweredRedFlagTests
{
    private static ReferralBuilder OsteoporoticFracture(bool? riskOfNeurologicInjury, string notes) =>
        ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Fracture)
            .WithInstability(riskOfNeurologicInjury).WithPain(intractable: true, edPresentation: true, failedNonProceduralCare: true).WithNotes(notes);

    [Fact]
    public void Classify_FractureNamedWhenFindingsSayNoRisk_IsNoRedFlag()
    {
        var result = OsteoporoticFracture(false, "81F T12 osteoporotic wedge fracture after a fall, 25% height loss, neuro intact.").Classify();

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("fracture-instability", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_FractureNamedWithoutAStabilityFinding_StaysARedFlag()
    {
        var result = OsteoporoticFracture(null, "81F T12 osteoporotic wedge fracture after a fall, neuro intact.").Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains("(fracture-instability,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("T12 burst fracture with retropulsed fragment, PLC disrupted.")]
    [InlineData("L1 fracture, unstable on standing films.")]
    [InlineData("C5/6 subluxation after the fall.")]
    public void Classify_InstabilityAssertedAgainstNoRisk_IsAConflict(string notes)
    {
        var result = OsteoporoticFracture(false, notes).Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains("Conflict: findings.instability.riskOfNeurologicInjury is false but the text describes spinal instability: clinician review", result.Reasons);
    }

    [Fact]
    public void Classify_CordCompressionBesideAReportedMyelopathy_IsNoRedFlag()
    {
        var result = ReferralBuilder.Valid().WithMyelopathy(recentProgression: true).WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable)
            .WithNotes("DCM, mJOA 15 to 12 over 6 months. MRI: C4/5 and C5/6 disc-osteophyte complexes with cord compression and T2 signal change.").Classify();

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("(cord-compression,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MRI: cord compressed and kinked over the dens in flexion; ADI 10mm.", "spinal-instability")]
    [InlineData("MRI: cord compression C5/6; rapidly deteriorating power in both legs over 48 hours.", "progressive-weakness")]
    [InlineData("MRI: ?cord compression at C5/6, report awaited.", "cord-compression")]
    public void Classify_CordCompressionWithMoreThanMyelopathy_IsStillARedFlag(string notes, string concept)
    {
        var result = ReferralBuilder.Valid().WithMyelopathy(recentProgression: true).WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable)
            .WithNotes(notes).Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains($"({concept},", StringComparison.Ordinal));
    }
}
