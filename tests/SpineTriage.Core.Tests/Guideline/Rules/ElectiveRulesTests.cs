using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline.Rules;

/// <summary>
/// The Elective criteria: manageable-without-procedure (degenerative cause or disc herniation
/// without a significant deficit), deformity-correction, hardware-or-pseudarthrosis.
/// </summary>
public sealed class ElectiveRulesTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(null, false)]
    public void Classify_DeformityCorrection_MatchesOnlyWhenTrue(bool? value, bool matches)
    {
        TriageAssert.Triages(ReferralBuilder.Valid().WithDeformityCorrection(value), matches ? [DeformityCorrection] : [], false);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(null, true, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(null, null, false)]
    [InlineData(false, null, false)]
    public void Classify_HardwareOrPseudarthrosis_MatchesWhenEitherIsTrue(bool? hardware, bool? pseudarthrosis, bool matches)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithSymptomaticHardware(hardware).WithPseudarthrosis(pseudarthrosis),
            matches ? [HardwareOrPseudarthrosis] : [],
            false);
    }

    [Fact]
    public void Classify_HardwareAndPseudarthrosis_ReportsTheCriterionOnceWithBothReasons()
    {
        var result = ReferralBuilder.Valid().WithSymptomaticHardware().WithPseudarthrosis().Classify();

        Assert.Equal([HardwareOrPseudarthrosis], result.Criteria);
        Assert.Contains(result.Reasons, r => r.Contains("hardware", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(result.Reasons, r => r.Contains("Pseudarthrosis", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(Cause.Degenerative, DeficitSeverity.None, true)]
    [InlineData(Cause.Degenerative, DeficitSeverity.Mild, true)]
    [InlineData(Cause.Degenerative, DeficitSeverity.Significant, false)]
    [InlineData(Cause.Degenerative, DeficitSeverity.Severe, false)]
    [InlineData(Cause.DiscHerniation, DeficitSeverity.None, true)]
    [InlineData(Cause.DiscHerniation, DeficitSeverity.Mild, true)]
    [InlineData(Cause.DiscHerniation, DeficitSeverity.Significant, false)]
    [InlineData(Cause.DiscHerniation, DeficitSeverity.Severe, false)]
    [InlineData(Cause.Infection, DeficitSeverity.None, false)]
    [InlineData(Cause.Tumor, DeficitSeverity.None, false)]
    [InlineData(Cause.Fracture, DeficitSeverity.None, false)]
    [InlineData(Cause.Other, DeficitSeverity.None, false)]
    [InlineData(null, DeficitSeverity.None, false)]
    public void Classify_CauseWithReportedSeverity_IsManageableOnlyWhenDegenerativeWithoutSignificantDeficit(
        Cause? cause, DeficitSeverity severity, bool manageable)
    {
        var builder = ReferralBuilder.Valid().WithCause(cause).WithDeficit(severity, DeficitTrend.Stable);
        string[] expected = severity switch
        {
            DeficitSeverity.Severe => [SevereOrProgressiveDeficit],
            DeficitSeverity.Significant => [PersistentSignificantDeficit],
            _ => manageable ? [ManageableWithoutProcedure] : [],
        };

        // A tumour, fracture or infection cause left at Elective with nothing else reported is held: what
        // would make it Emergent or Urgent (instability, an abscess, failing medical management) is not reported.
        TriageAssert.Triages(builder, expected, expectedReview: cause is Cause.Infection or Cause.Tumor or Cause.Fracture && expected.Length == 0);
    }

    [Theory]
    [InlineData(Cause.Degenerative)]
    [InlineData(Cause.DiscHerniation)]
    public void Classify_DegenerativeWithoutDeficitReported_IsElectiveAndNeedsReview(Cause cause)
    {
        TriageAssert.Triages(ReferralBuilder.Valid().WithCause(cause), [ManageableWithoutProcedure], expectedReview: true);

        var result = ReferralBuilder.Valid().WithCause(cause).Classify();
        Assert.Contains(result.Reasons, r => r.Contains("Neurologic status not reported", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Chronic LBP. No neuro deficit on exam (strength/sensation/reflexes nl).")]
    [InlineData("Facet pain. Power 5/5 throughout, sensation intact.")]
    [InlineData("Neuro intact. Requests facet injection.")]
    public void Classify_DeficitUnreported_TextReportsAnIntactExamination_IsElectiveWithoutReview(string notes)
    {
        var result = ReferralBuilder.Valid().WithCause(Cause.Degenerative).WithNotes(notes).Classify();

        Assert.Equal(TriageCategory.Elective, result.Category);
        Assert.False(result.NeedsReview, string.Join(" | ", result.Reasons));
        Assert.Contains(result.Reasons, r => r.StartsWith("Neurologic status not in the findings, but the text describes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Neuro intact apart from EHL 4+/5 on the left.")]
    [InlineData("?neuro intact, examined over video only.")]
    [InlineData("Neuro intact at his 2019 review.")]
    [InlineData("Facet pain, requests injection.")]
    [InlineData("Deficit unchanged.")]
    [InlineData("Stable weakness.")]
    [InlineData("Neuro intact. Exam copied from previous referral.")]
    [InlineData("Neuro intact. Denies trauma, urinary incontinence which started 2 days ago.")]
    public void Classify_DeficitUnreported_TextGivesNoCleanIntactExamination_NeedsReview(string notes)
    {
        var result = ReferralBuilder.Valid().WithCause(Cause.Degenerative).WithNotes(notes).Classify();

        Assert.True(result.NeedsReview, string.Join(" | ", result.Reasons));
        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Neurologic status not in the findings", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_DegenerativeWithDeficitTrendOnly_IsElectiveAndNeedsReview()
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithCause(Cause.Degenerative).WithDeficit(null, DeficitTrend.Stable),
            [ManageableWithoutProcedure],
            expectedReview: true);
    }

    [Fact]
    public void Classify_DegenerativeMildStable_IsElectiveAndPostponedWhenConstrained()
    {
        var result = ReferralBuilder.Valid().WithCause(Cause.Degenerative).WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable)
            .Classify(RegionStatus.Constrained);

        Assert.Equal(TriageCategory.Elective, result.Category);
        Assert.Equal(Disposition.Postpone, result.Disposition);
        Assert.False(result.NeedsReview);
    }

    [Fact]
    public void Classify_NothingReported_IsUnclassifiedNeverElective()
    {
        var result = ReferralBuilder.Valid().Classify(RegionStatus.Crisis);

        Assert.Equal(TriageCategory.Unclassified, result.Category);
        Assert.Equal(Disposition.Review, result.Disposition);
        Assert.Empty(result.Criteria);
        Assert.True(result.NeedsReview);
    }
}
