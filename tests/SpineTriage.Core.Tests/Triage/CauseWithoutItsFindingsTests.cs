using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>
/// A tumour, fracture or infection cause that ends at Elective without the finding that would place it
/// higher (instability, an infection's kind and course) is held for a clinician, not postponed quietly.
/// </summary>
public sealed class CauseWithoutItsFindingsTests
{
    [Theory]
    [InlineData(Cause.Tumor, TriageClassifier.TumorWithoutInstability)]
    [InlineData(Cause.Fracture, TriageClassifier.FractureWithoutInstability)]
    [InlineData(Cause.Infection, TriageClassifier.InfectionWithoutFindings)]
    public void Classify_CauseAtElectiveWithoutItsFindings_IsHeldForReview(Cause cause, string reason)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(cause).WithDiagnoses("M48.062")
            .Classify(RegionStatus.Constrained);

        Assert.Equal(TriageCategory.Elective, result.Category);
        Assert.Equal(Disposition.Review, result.Disposition);
        Assert.Contains(reason, result.Reasons);
    }

    [Fact]
    public void Classify_TumourAtElectiveWithStabilityReported_IsStillHeld()
    {
        // An incidental haemangioma written as cause "tumor" beside a disc protrusion: the stability is
        // reported, but whether the tumour matters is still a clinician's call.
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Tumor).WithInstability(false)
            .WithDiagnoses("M48.062").Classify(RegionStatus.Constrained);

        Assert.DoesNotContain(TriageClassifier.TumorWithoutInstability, result.Reasons);
        Assert.Contains(TriageClassifier.TumorAtElective, result.Reasons);
        Assert.Equal(Disposition.Review, result.Disposition);
    }

    [Fact]
    public void Classify_FractureAtElectiveWithStabilityReported_IsNotHeldForTheCause()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Fracture).WithInstability(false)
            .WithDiagnoses("M48.062").Classify(RegionStatus.Constrained);

        Assert.DoesNotContain(TriageClassifier.FractureWithoutInstability, result.Reasons);
        Assert.DoesNotContain(TriageClassifier.TumorAtElective, result.Reasons);
    }

    [Fact]
    public void Classify_FractureAlreadyAboveElective_AddsNoDoubtForTheCause()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable).WithCause(Cause.Fracture).Classify();

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.DoesNotContain(TriageClassifier.FractureWithoutInstability, result.Reasons);
    }

    [Fact]
    public void Classify_UrgentInfectionWithoutNeurologicStatus_IsHeldEvenWhereItWouldProceed()
    {
        // Discitis failing antibiotics is Urgent; with an abscess compressing the nerves it would be Emergent,
        // and nothing says whether the nerves are spared.
        var result = ReferralBuilder.Valid().WithDeficit(null, null).WithCause(Cause.Infection)
            .WithInfection(InfectionKind.Discitis, failedMedicalManagement: true).WithDiagnoses("M46.46")
            .WithNotes("CRP rising again on IV flucloxacillin, small paravertebral phlegmon, no epidural collection.")
            .Classify(RegionStatus.Normal);

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.Contains(TriageClassifier.InfectionWithoutNeurologicStatus, result.Reasons);
        Assert.True(result.NeedsReview);
    }

    [Theory]
    [InlineData("Neuro intact, power 5/5 throughout.", null)]
    [InlineData("CRP rising on IV flucloxacillin.", DeficitSeverity.None)]
    public void Classify_UrgentInfectionWithNeurologicStatus_AddsNoDoubtForIt(string notes, DeficitSeverity? severity)
    {
        var result = ReferralBuilder.Valid().WithDeficit(severity, severity is null ? null : DeficitTrend.Stable).WithCause(Cause.Infection)
            .WithInfection(InfectionKind.Discitis, failedMedicalManagement: true).WithDiagnoses("M46.46").WithNotes(notes)
            .Classify(RegionStatus.Normal);

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.DoesNotContain(TriageClassifier.InfectionWithoutNeurologicStatus, result.Reasons);
    }

    [Theory]
    [InlineData(DeficitSeverity.Mild, true)]
    [InlineData(DeficitSeverity.Significant, true)]
    [InlineData(DeficitSeverity.None, false)]
    public void Classify_UrgentEpiduralAbscessBesideADeficit_IsHeldForTheDecompressionQuestion(DeficitSeverity severity, bool held)
    {
        var result = ReferralBuilder.Valid().WithDeficit(severity, DeficitTrend.Stable).WithCause(Cause.Infection)
            .WithInfection(InfectionKind.EpiduralAbscess, requiresDecompression: false, failedMedicalManagement: true)
            .Classify(RegionStatus.Normal);

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.Equal(held, result.Reasons.Contains(TriageClassifier.EpiduralAbscessWithDeficit));
    }
}
