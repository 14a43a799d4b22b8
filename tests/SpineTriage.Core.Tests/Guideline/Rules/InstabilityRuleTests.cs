using SpineTriage.Core.Tests.Builders;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline.Rules;

/// <summary>emergent.instability: riskOfNeurologicInjury true.</summary>
public sealed class InstabilityRuleTests
{
    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    [InlineData(null, false, true)] // instability reported without the risk: Emergent if it does, review
    public void Classify_InstabilityRisk_GivesCriterionAndReview(bool? riskOfNeurologicInjury, bool matches, bool expectedReview)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithInstability(riskOfNeurologicInjury),
            matches ? [SpinalInstability] : [],
            expectedReview);
    }
}
