using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>
/// Classes of wording that a held-out set showed the reader missing or over-reading: a motor
/// deficit of any grade, unexplained weight loss, signs of intraspinal disease in a deformity, and an
/// intact finding beside the text's own emergency.
/// </summary>
public sealed class TextClassesTests
{
    [Theory]
    [InlineData("L C8 radic 3/12. L FDI/ADM 4/5 unchanged over 6 wks, reduced grip, numb little finger.")]
    [InlineData("Power: R ankle DF 4-/5, EHL 4/5, otherwise 5/5.")]
    [InlineData("Weak left tibialis anterior on examination.")]
    public void Classify_ElectiveWithAMotorDeficitInTheText_IsHeldWhateverTheFindingsSay(string notes)
    {
        // "Mild" in the findings is the intake's grading; whether the deficit is significant is a clinician's call.
        foreach (var severity in new[] { DeficitSeverity.None, DeficitSeverity.Mild })
        {
            var result = DiscSurgery(notes, severity).Classify(RegionStatus.Constrained);

            TriageAssert.HeldForReview(result, TriageCategory.Elective, "Red flag in the notes: a motor deficit of any grade");
        }
    }

    [Fact]
    public void Classify_MotorDeficitAgainstFindingsOfNone_IsAConflictNamingBothSides()
    {
        var result = DiscSurgery("Bilat EHL + TA 4/5, both unchanged over the last three visits.", DeficitSeverity.None).Classify(RegionStatus.Normal);

        Assert.Contains(result.Reasons, r => r.StartsWith("Conflict: findings.neurologicDeficit.severity is \"none\"", StringComparison.Ordinal)
            && r.Contains("a motor deficit of any grade", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Triceps 4+/5 and improving.")]
    [InlineData("Mild EHL weakness 4+/5, unchanged over a year.")]
    [InlineData("Power 4/5 limited by pain, no true weakness.")]
    [InlineData("L4/5 disc prolapse, pain for 4/5 days, neuro intact.")]
    public void Classify_MildOrPainLimitedPower_IsNoMotorFlag(string notes)
    {
        var result = DiscSurgery(notes, DeficitSeverity.Mild).Classify(RegionStatus.Constrained);

        Assert.DoesNotContain(result.Reasons, r => r.Contains("motor-weakness", StringComparison.Ordinal));
        Assert.Equal(Disposition.Postpone, result.Disposition);
    }

    [Theory]
    [InlineData("Back pain 3/12, worse at night. Lost 6kg (not trying). Ex-smoker 40 pk-yr.")]
    [InlineData("Has dropped 14 lbs since the summer without dieting.")]
    [InlineData("Wt down 2st over 6/12.")]
    public void Classify_ElectiveInjectionWithUnexplainedWeightLoss_IsHeld(string notes)
    {
        var result = ReferralBuilder.Valid()
            .WithProcedure(ProcedureKind.Injection, ProcedureSetting.Outpatient)
            .WithDiagnoses("M54.50")
            .WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)
            .WithCause(Cause.Degenerative)
            .WithNotes(notes)
            .Classify(RegionStatus.Constrained);

        TriageAssert.HeldForReview(result, TriageCategory.Elective, "Red flag in the notes: unexplained weight loss");
    }

    [Fact]
    public void Classify_WeightLossBesideAnInfection_IsNoCauseConflict()
    {
        // Weight loss fits a spinal infection as well as a tumour: it contradicts neither cause.
        var result = ReferralBuilder.Valid()
            .WithInfection(InfectionKind.Osteomyelitis, requiresDecompression: true)
            .WithCause(Cause.Infection)
            .WithDeficit(DeficitSeverity.Significant, DeficitTrend.Progressive)
            .WithNotes("4/12 thoracic back pain, night sweats, 9kg wt loss. Quantiferon +ve.")
            .Classify(RegionStatus.Constrained);

        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Conflict: findings.cause", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Left thoracic curve 52 deg, rapid progression. Absent abdominal reflexes on the right. Occasional headaches on coughing.")]
    [InlineData("AIS, abdo reflexes asymmetric; cough headache.")]
    public void Classify_DeformityWithSignsOfASyrinx_IsHeld(string notes)
    {
        var result = Deformity(notes).Classify(RegionStatus.Constrained);

        TriageAssert.HeldForReview(result, TriageCategory.Elective, "Red flag in the notes: myelopathic signs");
    }

    [Fact]
    public void Classify_DeformityWithSymmetricalAbdominalReflexes_IsNotHeld()
    {
        var result = Deformity("Right thoracic curve 58 deg, neurologically intact, symmetrical abdominal reflexes, whole-spine MRI normal.")
            .Classify(RegionStatus.Constrained);

        Assert.Equal(Disposition.Postpone, result.Disposition);
        Assert.False(result.NeedsReview, string.Join(" | ", result.Reasons));
    }

    [Fact]
    public void Classify_IntactPowerBesideTheTextsOwnCaudaEquina_IsNoConflict()
    {
        // "Power 5/5" in a cauda equina syndrome describes part of the examination, not findings that overstate.
        var result = ReferralBuilder.Valid()
            .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient)
            .WithDiagnoses("G83.4", "M51.26")
            .WithDeficit(DeficitSeverity.Severe, DeficitTrend.Progressive)
            .WithCause(Cause.DiscHerniation)
            .WithNotes("Not PU since 0800. Bladder scan 820ml, catheterised. PR: reduced anal tone. Power 5/5 throughout.")
            .Classify(RegionStatus.Crisis);

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Conflict:", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_IntactPowerAgainstASevereDeficitTheTextDoesNotDescribe_IsStillAConflict()
    {
        var result = ReferralBuilder.Valid()
            .WithDeficit(DeficitSeverity.Severe, DeficitTrend.Progressive)
            .WithCause(Cause.DiscHerniation)
            .WithNotes("Seen today: power 5/5 throughout, sensation normal.")
            .Classify(RegionStatus.Normal);

        Assert.Contains(result.Reasons, r => r.StartsWith("Conflict: findings.neurologicDeficit is \"severe\"", StringComparison.Ordinal));
    }

    // Lumbar disc surgery: Elective with no significant deficit.
    private static ReferralBuilder DiscSurgery(string notes, DeficitSeverity severity) => ReferralBuilder.Valid()
        .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient)
        .WithDiagnoses("M51.16")
        .WithDeficit(severity, DeficitTrend.Stable)
        .WithCause(Cause.DiscHerniation)
        .WithNotes(notes);

    private static ReferralBuilder Deformity(string notes) => ReferralBuilder.Valid()
        .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient)
        .WithDiagnoses("M41.124")
        .WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)
        .WithDeformityCorrection()
        .WithNotes(notes);
}
