using SpineTriage.Core.Tests.Builders;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline.Rules;

/// <summary>
/// urgent.intractable-pain: intractable AND (ED presentation OR severe functional limitation OR
/// excessive opioid use) AND non-procedural care tried (notes/rules.md).
/// </summary>
public sealed class IntractablePainRuleTests
{
    public enum Consequence
    {
        EdPresentation,
        SevereFunctionalLimitation,
        ExcessiveOpioidUse,
        NoneOfTheThreeFalse,
        NoneOfTheThreeUnreported,
    }

    [Theory]
    // one consequence true: the failedNonProceduralCare flag decides
    [InlineData(Consequence.EdPresentation, true, true, false)]
    [InlineData(Consequence.EdPresentation, false, false, false)]
    [InlineData(Consequence.EdPresentation, null, false, true)]
    [InlineData(Consequence.SevereFunctionalLimitation, true, true, false)]
    [InlineData(Consequence.SevereFunctionalLimitation, false, false, false)]
    [InlineData(Consequence.SevereFunctionalLimitation, null, false, true)]
    [InlineData(Consequence.ExcessiveOpioidUse, true, true, false)]
    [InlineData(Consequence.ExcessiveOpioidUse, false, false, false)]
    [InlineData(Consequence.ExcessiveOpioidUse, null, false, true)]
    // none of the three: never a match; a review only where a missing answer could still make it match
    [InlineData(Consequence.NoneOfTheThreeFalse, true, false, false)]
    [InlineData(Consequence.NoneOfTheThreeFalse, false, false, false)]
    [InlineData(Consequence.NoneOfTheThreeFalse, null, false, false)]
    [InlineData(Consequence.NoneOfTheThreeUnreported, true, false, true)]
    [InlineData(Consequence.NoneOfTheThreeUnreported, false, false, false)]
    [InlineData(Consequence.NoneOfTheThreeUnreported, null, false, true)]
    public void Classify_IntractablePain_MatchesOnlyWithAConsequenceAndFailedCare(
        Consequence consequence, bool? failedNonProceduralCare, bool matches, bool expectedReview)
    {
        bool? ed = null, functional = null, opioid = null;
        switch (consequence)
        {
            case Consequence.EdPresentation:
                ed = true;
                break;
            case Consequence.SevereFunctionalLimitation:
                functional = true;
                break;
            case Consequence.ExcessiveOpioidUse:
                opioid = true;
                break;
            case Consequence.NoneOfTheThreeFalse:
                ed = functional = opioid = false;
                break;
        }

        TriageAssert.Triages(
            ReferralBuilder.Valid().WithPain(true, ed, functional, opioid, failedNonProceduralCare),
            matches ? [IntractablePain] : [],
            expectedReview);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Classify_IntractablePainWithOneConsequenceOthersFalse_IsUrgent(bool ed, bool functional, bool opioid)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithPain(true, ed, functional, opioid, failedNonProceduralCare: true),
            [IntractablePain],
            expectedReview: false);
    }

    [Fact]
    public void Classify_AllThreeConsequences_IsUrgent()
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithPain(true, true, true, true, true),
            [IntractablePain],
            expectedReview: false);
    }

    [Fact]
    public void Classify_PainNotIntractable_DoesNotMatch()
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithPain(false, true, true, true, true),
            [],
            expectedReview: false);
    }

    [Theory]
    // intractable unreported: never a match; a review where the answer could make it Urgent
    [InlineData(true, null, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Classify_IntractableNotReported_DoesNotMatchButFlagsWhenItCouldBeUrgent(
        bool edPresentation, bool? failedNonProceduralCare, bool expectedReview)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithPain(null, edPresentation, false, false, failedNonProceduralCare),
            [],
            expectedReview);
    }
}
