using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Guideline.Rules;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline.Rules;

/// <summary>
/// SevereOrProgressiveDeficitRule and PersistentSignificantDeficitRule together, over the full
/// severity x trend grid (null = not reported), per notes/rules.md.
/// </summary>
public sealed class NeurologicDeficitRulesTests
{
    [Theory]
    // severity none
    [InlineData(DeficitSeverity.None, DeficitTrend.Stable, null, false)]
    [InlineData(DeficitSeverity.None, DeficitTrend.Improving, null, false)]
    [InlineData(DeficitSeverity.None, DeficitTrend.Progressive, SevereOrProgressiveDeficit, true)] // contradiction: matches + review
    [InlineData(DeficitSeverity.None, null, null, false)]
    // severity mild
    [InlineData(DeficitSeverity.Mild, DeficitTrend.Stable, null, false)]
    [InlineData(DeficitSeverity.Mild, DeficitTrend.Improving, null, false)]
    [InlineData(DeficitSeverity.Mild, DeficitTrend.Progressive, SevereOrProgressiveDeficit, false)]
    [InlineData(DeficitSeverity.Mild, null, null, true)] // mild, trend unreported: review
    // severity significant
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Stable, PersistentSignificantDeficit, false)]
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Improving, PersistentSignificantDeficit, true)]
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Progressive, SevereOrProgressiveDeficit, false)]
    [InlineData(DeficitSeverity.Significant, null, PersistentSignificantDeficit, true)] // trend unreported: Urgent + review
    // severity severe
    [InlineData(DeficitSeverity.Severe, DeficitTrend.Stable, SevereOrProgressiveDeficit, false)]
    [InlineData(DeficitSeverity.Severe, DeficitTrend.Improving, SevereOrProgressiveDeficit, false)]
    [InlineData(DeficitSeverity.Severe, DeficitTrend.Progressive, SevereOrProgressiveDeficit, false)]
    [InlineData(DeficitSeverity.Severe, null, SevereOrProgressiveDeficit, false)]
    // severity not reported
    [InlineData(null, DeficitTrend.Stable, null, true)] // non-progressive trend, severity unreported: review
    [InlineData(null, DeficitTrend.Improving, null, true)]
    [InlineData(null, DeficitTrend.Progressive, SevereOrProgressiveDeficit, false)]
    [InlineData(null, null, null, true)]
    public void Classify_DeficitSeverityAndTrend_GivesCriterionAndReview(
        DeficitSeverity? severity, DeficitTrend? trend, string? expectedCriterion, bool expectedReview)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithDeficit(severity, trend),
            expectedCriterion is null ? [] : [expectedCriterion],
            expectedReview);
    }

    [Fact]
    public void Classify_SevereDeficit_IsEmergent()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Severe, DeficitTrend.Stable).Classify();

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.Equal(Disposition.Proceed, result.Disposition);
        Assert.Contains(result.Reasons, r => r.Contains(SevereOrProgressiveDeficit, StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_NoDeficitObject_MatchesNothingFromDeficitRules()
    {
        var evidence = new TriageEvidence();
        var referral = ReferralBuilder.Valid().WithEmptyFindings().Build();

        new SevereOrProgressiveDeficitRule().Evaluate(referral, evidence);
        new PersistentSignificantDeficitRule().Evaluate(referral, evidence);

        Assert.Empty(evidence.Criteria);
        Assert.False(evidence.NeedsReview);
    }

    [Theory]
    [InlineData(DeficitSeverity.Severe, DeficitTrend.Improving, true, false)]
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Stable, false, true)]
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Progressive, true, false)]
    [InlineData(DeficitSeverity.Mild, DeficitTrend.Stable, false, false)]
    public void Evaluate_EachDeficitRule_DecidesOnlyItsOwnCriterion(
        DeficitSeverity severity, DeficitTrend trend, bool severeOrProgressive, bool persistentSignificant)
    {
        var referral = ReferralBuilder.Valid().WithDeficit(severity, trend).Build();
        var emergent = new TriageEvidence();
        var urgent = new TriageEvidence();

        new SevereOrProgressiveDeficitRule().Evaluate(referral, emergent);
        new PersistentSignificantDeficitRule().Evaluate(referral, urgent);

        Assert.Equal(severeOrProgressive, emergent.HasMatched(NassGuideline.SevereOrProgressiveDeficit));
        Assert.Equal(persistentSignificant, urgent.HasMatched(NassGuideline.PersistentSignificantDeficit));
        Assert.DoesNotContain(NassGuideline.PersistentSignificantDeficit, emergent.Criteria);
        Assert.DoesNotContain(NassGuideline.SevereOrProgressiveDeficit, urgent.Criteria);
    }
}
