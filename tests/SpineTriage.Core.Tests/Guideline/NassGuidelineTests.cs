using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>The criteria as data: stable ids, categories and order.</summary>
public sealed class NassGuidelineTests
{
    [Fact]
    public void Criteria_AreTheDesignsIdsInGuidanceOrder()
    {
        Assert.Equal(CriterionIds.InGuidanceOrder, NassGuideline.Criteria.Select(c => c.Id));
        Assert.Equal(Enumerable.Range(0, NassGuideline.Criteria.Count), NassGuideline.Criteria.Select(c => c.Order));
    }

    [Fact]
    public void Criteria_CategoryMatchesTheIdPrefix()
    {
        foreach (var criterion in NassGuideline.Criteria)
        {
            Assert.Equal(CriterionIds.CategoryOf(criterion.Id), criterion.Category);
            Assert.False(string.IsNullOrWhiteSpace(criterion.Guidance));
        }
    }

    [Fact]
    public void DefaultRules_OneRulePerCriterionInGuidanceOrder()
    {
        Assert.Equal(NassGuideline.Criteria, TriageClassifier.DefaultRules().Select(r => r.Criterion));
    }

    [Fact]
    public void GetCriterion_KnownAndUnknownIds()
    {
        Assert.Same(NassGuideline.Instability, NassGuideline.GetCriterion(CriterionIds.SpinalInstability));
        Assert.Throws<KeyNotFoundException>(() => NassGuideline.GetCriterion("emergent.nope"));
    }

    [Theory]
    [InlineData(TriageCategory.Emergent, "Do not postpone the procedure/treatment")]
    [InlineData(TriageCategory.Urgent, "Proceed if the local situation and resources allow")]
    [InlineData(TriageCategory.Elective, "Consider postponing the procedure/treatment")]
    public void Recommendation_IsTheGuidancesWords(TriageCategory category, string expected)
    {
        Assert.Equal(expected, NassGuideline.Recommendation(category));
    }
}
