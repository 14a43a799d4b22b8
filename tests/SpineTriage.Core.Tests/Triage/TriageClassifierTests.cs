using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>The classifier: precedence when several criteria match, and the result's shape.</summary>
public sealed class TriageClassifierTests
{
    [Fact]
    public void Classify_EmergentUrgentAndElectiveMatch_EmergentWinsAndAllAreReportedInGuidanceOrder()
    {
        var result = ReferralBuilder.Valid()
            .WithDeformityCorrection()
            .WithMyelopathy(true)
            .WithDeficit(DeficitSeverity.Severe, DeficitTrend.Stable)
            .Classify();

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.Equal([SevereOrProgressiveDeficit, ProgressiveMyelopathy, DeformityCorrection], result.Criteria);
        foreach (var id in result.Criteria)
        {
            Assert.Contains(result.Reasons, r => r.Contains(id, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Classify_UrgentAndElectiveMatch_UrgentWins()
    {
        var result = ReferralBuilder.Valid()
            .WithCause(Cause.DiscHerniation)
            .WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable)
            .WithPain(true, edPresentation: true, failedNonProceduralCare: true)
            .Classify(RegionStatus.Crisis);

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.Equal([IntractablePain, ManageableWithoutProcedure], result.Criteria);
        Assert.Equal(Disposition.Postpone, result.Disposition);
        Assert.Equal(NassGuideline.Recommendation(TriageCategory.Urgent), result.Recommendation);
    }

    [Fact]
    public void Classify_ManyCriteriaFromFindingsAndCodes_AllReportedInGuidanceOrderWhateverTheOrderTheyMatched()
    {
        var result = ReferralBuilder.Valid()
            .WithDiagnoses("T84.226A", "M41.26", "M46.46", "G06.1", "G83.4")
            .WithPseudarthrosis()
            .WithInstability(true)
            .WithInfection(InfectionKind.PostoperativeWound)
            .WithMyelopathy(true)
            .WithPain(true, true, true, true, true)
            .WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable)
            .Classify();

        string[] expected =
        [
            SevereOrProgressiveDeficit, SpinalInstability, EpiduralAbscessDecompression, PostoperativeWoundInfection,
            ProgressiveMyelopathy, InfectionFailingMedicalManagement, PersistentSignificantDeficit, IntractablePain,
            DeformityCorrection, HardwareOrPseudarthrosis,
        ];
        Assert.Equal(expected, result.Criteria);
        Assert.Equal(TriageCategory.Emergent, result.Category);
        // G06.1 and M46.46 cannot decide alone, but the findings reach Emergent without them: no doubt.
        Assert.DoesNotContain(result.Reasons, r => r.Contains("alone cannot decide", StringComparison.Ordinal));
        foreach (var id in expected)
        {
            Assert.Contains(result.Reasons, r => r.Contains(id, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Classify_CodesListedLowestFirst_StillReportedInGuidanceOrder()
    {
        var result = ReferralBuilder.Valid().WithDiagnoses("M41.26", "M48.56XA", "G83.4").WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).Classify();

        Assert.Equal([SevereOrProgressiveDeficit, IntractablePain, DeformityCorrection], result.Criteria);
        Assert.Equal(TriageCategory.Emergent, result.Category);
    }

    [Fact]
    public void Classify_SameCriterionFromFindingAndCode_IsReportedOnce()
    {
        var result = ReferralBuilder.Valid().WithDeformityCorrection().WithDiagnoses("M41.26", "M40.204").Classify();

        Assert.Equal([DeformityCorrection], result.Criteria);
        Assert.Equal(3, result.Reasons.Count(r => r.Contains(DeformityCorrection, StringComparison.Ordinal)));
    }

    [Fact]
    public void Classify_Result_CarriesIdentityStatusVersionTimeAndDispositionReasonLast()
    {
        var decidedAt = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.FromHours(1));
        var referral = ReferralBuilder.Valid().WithReferralId("REF-42").WithRegion("south").WithSequence(7).WithDeformityCorrection().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).Build();

        var result = new TriageClassifier().Classify(referral, RegionStatus.Crisis, decidedAt);

        Assert.Equal("REF-42", result.ReferralId);
        Assert.Equal(7, result.Sequence);
        Assert.Equal("south", result.Region);
        Assert.Equal(RegionStatus.Crisis, result.RegionStatus);
        Assert.Equal(NassGuideline.Version, result.GuidelineVersion);
        Assert.Equal(decidedAt, result.DecidedAt);
        Assert.Equal(TriageCategory.Elective, result.Category);
        Assert.Equal(Disposition.Postpone, result.Disposition);
        Assert.Equal("Consider postponing the procedure/treatment", result.Recommendation);
        Assert.Equal(DispositionPolicy.Decide(TriageCategory.Elective, RegionStatus.Crisis, false, false, false).Reason, result.Reasons[^1]);
    }

    [Fact]
    public void Classify_NoSequence_ReportsZero()
    {
        Assert.Equal(0, ReferralBuilder.Valid().WithSequence(null).Classify().Sequence);
    }

    [Fact]
    public void Classify_Unclassified_SaysNothingMatchedAndAsksForReview()
    {
        var result = ReferralBuilder.Valid().WithMyelopathy(false).Classify(RegionStatus.Normal);

        Assert.Equal(TriageCategory.Unclassified, result.Category);
        Assert.Equal(Disposition.Review, result.Disposition);
        Assert.True(result.NeedsReview);
        Assert.Equal(NassGuideline.Recommendation(TriageCategory.Unclassified), result.Recommendation);
    }

    [Theory]
    [InlineData(null, "north-east")]
    [InlineData("REF-1", null)]
    public void Classify_UnvalidatedReferral_Throws(string? referralId, string? region)
    {
        var referral = ReferralBuilder.Valid().WithReferralId(referralId).WithRegion(region).Build();

        Assert.Throws<ArgumentException>(() => new TriageClassifier().Classify(referral, RegionStatus.Normal, TriageAssert.DecidedAt));
    }

    [Fact]
    public void Classify_ResultJson_HasTheDesignShape()
    {
        var json = System.Text.Json.JsonDocument.Parse(ReferralBuilder.Valid().WithMyelopathy(true).Classify(RegionStatus.Constrained).ToJson()).RootElement;

        Assert.Equal("REF-2026-000123", json.GetProperty("referralId").GetString());
        Assert.Equal("Urgent", json.GetProperty("category").GetString());
        Assert.Equal("proceed", json.GetProperty("disposition").GetString());
        Assert.Equal("constrained", json.GetProperty("regionStatus").GetString());
        Assert.Equal(ProgressiveMyelopathy, json.GetProperty("criteria")[0].GetString());
        Assert.False(json.GetProperty("needsReview").GetBoolean());
        Assert.Equal(NassGuideline.Version, json.GetProperty("guidelineVersion").GetString());
    }
}
