using Moq;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>The evidence the rules fill, and the classifier's use of whatever rules it is given.</summary>
public sealed class TriageEvidenceTests
{
    [Fact]
    public void Match_InAnyOrder_CriteriaAreListedOnceInGuidanceOrder()
    {
        var evidence = new TriageEvidence();

        evidence.Match(NassGuideline.HardwareOrPseudarthrosis, "a");
        evidence.Match(NassGuideline.SevereOrProgressiveDeficit, "b");
        evidence.Match(NassGuideline.HardwareOrPseudarthrosis, "c");
        evidence.Match(NassGuideline.ProgressiveMyelopathy, "d");

        Assert.Equal(
            [NassGuideline.SevereOrProgressiveDeficit, NassGuideline.ProgressiveMyelopathy, NassGuideline.HardwareOrPseudarthrosis],
            evidence.Criteria);
        Assert.Equal(["a", "b", "c", "d"], evidence.Reasons);
        Assert.True(evidence.HasMatched(NassGuideline.ProgressiveMyelopathy));
        Assert.False(evidence.HasMatched(NassGuideline.Instability));
        Assert.False(evidence.NeedsReview);
    }

    [Fact]
    public void Review_SetsNeedsReviewAndKeepsTheReason()
    {
        var evidence = new TriageEvidence();

        evidence.Review("look at this");

        Assert.True(evidence.NeedsReview);
        Assert.Empty(evidence.Criteria);
        Assert.Equal(["look at this"], evidence.Reasons);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Match_CriterionOutsideTheGuideline_DoesNotMarkAGuidelineCriterion(int order)
    {
        // Criterion is a public record and TriageClassifier takes any rules: a criterion that is not
        // one of the guidance's must not be taken for the guidance criterion at the same position.
        var custom = new Criterion("emergent.custom", TriageCategory.Emergent, "a local criterion", order);
        var evidence = new TriageEvidence();

        evidence.Match(custom, "custom match");

        Assert.False(evidence.HasMatched(NassGuideline.SevereOrProgressiveDeficit));
        Assert.DoesNotContain(NassGuideline.SevereOrProgressiveDeficit, evidence.Criteria);
    }

    [Fact]
    public void Classify_WithInjectedRule_UsesItsMatchAndReview()
    {
        var rule = new Mock<GuidelineRule>();
        rule.SetupGet(r => r.Criterion).Returns(NassGuideline.Instability);
        rule.Setup(r => r.Evaluate(It.IsAny<ReferralMessage>(), It.IsAny<TriageEvidence>()))
            .Callback<ReferralMessage, TriageEvidence>((_, e) =>
            {
                e.Match(NassGuideline.Instability, "injected match");
                e.Review("injected review");
            });
        var classifier = new TriageClassifier([rule.Object]);

        var result = classifier.Classify(ReferralBuilder.Valid().Build(), RegionStatus.Normal, TriageAssert.DecidedAt);

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.Equal([CriterionIds.SpinalInstability], result.Criteria);
        Assert.True(result.NeedsReview);
        Assert.Equal(["injected match", "injected review"], result.Reasons.Take(2));
        rule.Verify(r => r.Evaluate(It.IsAny<ReferralMessage>(), It.IsAny<TriageEvidence>()), Times.Once);
    }

    [Fact]
    public void Classify_WithNoRules_StillAppliesTheCodeTable()
    {
        var result = new TriageClassifier([]).Classify(
            ReferralBuilder.Valid().WithDiagnoses("G83.4").WithDeformityCorrection().Build(), RegionStatus.Normal, TriageAssert.DecidedAt);

        Assert.Equal([CriterionIds.SevereOrProgressiveDeficit], result.Criteria);
    }
}
