using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline.Rules;

/// <summary>urgent.progressive-myelopathy: recentProgression true, level cervical, thoracic or not reported.</summary>
public sealed class ProgressiveMyelopathyRuleTests
{
    [Theory]
    [InlineData(MyelopathyLevel.Cervical, true, true, false)]
    [InlineData(MyelopathyLevel.Thoracic, true, true, false)]
    [InlineData(null, true, true, false)]
    [InlineData(MyelopathyLevel.Cervical, false, false, true)]
    [InlineData(MyelopathyLevel.Thoracic, false, false, true)]
    [InlineData(null, false, false, true)]
    [InlineData(MyelopathyLevel.Cervical, null, false, true)]
    [InlineData(MyelopathyLevel.Thoracic, null, false, true)]
    [InlineData(null, null, false, true)]
    public void Classify_MyelopathyLevelAndProgression_GivesCriterionAndReview(
        MyelopathyLevel? level, bool? recentProgression, bool matches, bool expectedReview)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithMyelopathy(recentProgression, level),
            matches ? [ProgressiveMyelopathy] : [],
            expectedReview);
    }

    [Fact]
    public void Classify_ProgressiveCervicalMyelopathy_IsUrgent()
    {
        var result = ReferralBuilder.Valid().WithMyelopathy(true, MyelopathyLevel.Cervical).Classify(RegionStatus.Constrained);

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.Equal(Disposition.Proceed, result.Disposition);
        Assert.False(result.NeedsReview);
    }
}
