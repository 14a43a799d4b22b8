using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>The disposition table of DESIGN.md and rules.md, cell by cell, and high COVID-19 risk.</summary>
public sealed class DispositionPolicyTests
{
    [Theory]
    [InlineData(TriageCategory.Emergent, RegionStatus.Normal, false, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Emergent, RegionStatus.Normal, true, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Emergent, RegionStatus.Constrained, false, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Emergent, RegionStatus.Constrained, true, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Emergent, RegionStatus.Crisis, false, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Emergent, RegionStatus.Crisis, true, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Urgent, RegionStatus.Normal, false, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Urgent, RegionStatus.Normal, true, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Urgent, RegionStatus.Constrained, false, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Urgent, RegionStatus.Constrained, true, Disposition.Postpone, true)]
    [InlineData(TriageCategory.Urgent, RegionStatus.Crisis, false, Disposition.Postpone, true)]
    [InlineData(TriageCategory.Urgent, RegionStatus.Crisis, true, Disposition.Postpone, true)]
    [InlineData(TriageCategory.Elective, RegionStatus.Normal, false, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Elective, RegionStatus.Normal, true, Disposition.Proceed, false)]
    [InlineData(TriageCategory.Elective, RegionStatus.Constrained, false, Disposition.Postpone, false)]
    [InlineData(TriageCategory.Elective, RegionStatus.Constrained, true, Disposition.Postpone, false)]
    [InlineData(TriageCategory.Elective, RegionStatus.Crisis, false, Disposition.Postpone, false)]
    [InlineData(TriageCategory.Elective, RegionStatus.Crisis, true, Disposition.Postpone, false)]
    [InlineData(TriageCategory.Unclassified, RegionStatus.Normal, false, Disposition.Review, true)]
    [InlineData(TriageCategory.Unclassified, RegionStatus.Normal, true, Disposition.Review, true)]
    [InlineData(TriageCategory.Unclassified, RegionStatus.Constrained, false, Disposition.Review, true)]
    [InlineData(TriageCategory.Unclassified, RegionStatus.Constrained, true, Disposition.Review, true)]
    [InlineData(TriageCategory.Unclassified, RegionStatus.Crisis, false, Disposition.Review, true)]
    [InlineData(TriageCategory.Unclassified, RegionStatus.Crisis, true, Disposition.Review, true)]
    public void Decide_EveryCell_GivesTheTablesDisposition(
        TriageCategory category, RegionStatus status, bool highRisk, Disposition expected, bool expectedReview)
    {
        var decision = DispositionPolicy.Decide(category, status, highRisk, covidPositive: false, doubt: false);

        Assert.Equal(expected, decision.Disposition);
        Assert.Equal(expectedReview, decision.NeedsReview);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Theory]
    [InlineData(TriageCategory.Elective, RegionStatus.Normal)]
    [InlineData(TriageCategory.Elective, RegionStatus.Constrained)]
    [InlineData(TriageCategory.Elective, RegionStatus.Crisis)]
    public void Decide_ElectiveCovidPositive_IsPostponedInEveryRegionStatus(TriageCategory category, RegionStatus status)
    {
        var decision = DispositionPolicy.Decide(category, status, highCovidRisk: true, covidPositive: true, doubt: false);

        Assert.Equal(Disposition.Postpone, decision.Disposition);
        Assert.Contains("COVID-19 positive", decision.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<TriageCategory, RegionStatus, bool, bool> EveryCell()
    {
        var data = new TheoryData<TriageCategory, RegionStatus, bool, bool>();
        foreach (var category in Enum.GetValues<TriageCategory>())
        {
            foreach (var status in Enum.GetValues<RegionStatus>())
            {
                foreach (var highRisk in new[] { false, true })
                {
                    foreach (var positive in new[] { false, true })
                    {
                        if (!positive || highRisk)
                        {
                            data.Add(category, status, highRisk, positive);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCell))]
    public void Decide_WithADoubt_NeverPostponesAndOtherwiseKeepsTheTable(TriageCategory category, RegionStatus status, bool highRisk, bool positive)
    {
        var plain = DispositionPolicy.Decide(category, status, highRisk, positive, doubt: false);
        var doubted = DispositionPolicy.Decide(category, status, highRisk, positive, doubt: true);

        Assert.NotEqual(Disposition.Postpone, doubted.Disposition);
        Assert.Equal(plain.Disposition == Disposition.Postpone ? Disposition.Review : plain.Disposition, doubted.Disposition);
        Assert.True(doubted.NeedsReview || plain.Disposition == Disposition.Proceed);
        Assert.StartsWith(plain.Reason, doubted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UndefinedCategory_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DispositionPolicy.Decide((TriageCategory)42, RegionStatus.Normal, false, false, false));
    }

    [Fact]
    public void IsHighCovidRisk_Positive_IsHigh()
    {
        Assert.True(DispositionPolicy.IsHighCovidRisk(new Patient { CovidStatus = CovidStatus.Positive, AgeYears = 30 }));
    }

    public static TheoryData<CovidRiskFactor> Factors() => [.. Enum.GetValues<CovidRiskFactor>().Where(f => f != CovidRiskFactor.Unrecognized)];

    [Theory]
    [MemberData(nameof(Factors))]
    public void IsHighCovidRisk_AnyFactor_IsHigh(CovidRiskFactor factor)
    {
        Assert.True(DispositionPolicy.IsHighCovidRisk(new Patient { CovidStatus = CovidStatus.Negative, AgeYears = 30, CovidRiskFactors = [factor] }));
    }

    [Theory]
    [InlineData(65, true)]
    [InlineData(66, true)]
    [InlineData(130, true)]
    [InlineData(64, false)]
    [InlineData(0, false)]
    public void IsHighCovidRisk_AgeAloneWithNoFactors_IsHighFrom65(int ageYears, bool expected)
    {
        Assert.Equal(expected, DispositionPolicy.IsHighCovidRisk(new Patient { CovidStatus = CovidStatus.Negative, AgeYears = ageYears, CovidRiskFactors = [] }));
    }

    [Theory]
    [InlineData(CovidStatus.Unknown)]
    [InlineData(CovidStatus.Negative)]
    [InlineData(null)]
    public void IsHighCovidRisk_NotPositiveNoFactorsNoAge_IsNotHigh(CovidStatus? status)
    {
        Assert.False(DispositionPolicy.IsHighCovidRisk(new Patient { CovidStatus = status }));
    }

    [Fact]
    public void IsHighCovidRisk_NoPatient_IsNotHigh()
    {
        Assert.False(DispositionPolicy.IsHighCovidRisk(null));
    }

    [Theory]
    [InlineData(70, null, false, Disposition.Postpone, true)]   // age alone is high risk
    [InlineData(40, CovidStatus.Positive, false, Disposition.Postpone, true)]
    [InlineData(40, null, true, Disposition.Postpone, true)]    // a risk factor
    [InlineData(40, CovidStatus.Negative, false, Disposition.Proceed, false)]
    [InlineData(64, CovidStatus.Unknown, false, Disposition.Proceed, false)]
    public void Classify_UrgentInConstrainedRegion_PostponesOnlyHighRiskPatients(
        int age, CovidStatus? status, bool withFactor, Disposition expected, bool expectedReview)
    {
        var factors = withFactor ? new[] { CovidRiskFactor.Diabetes } : [];
        var result = ReferralBuilder.Valid().WithMyelopathy(true).WithPatient(age, status, factors).Classify(RegionStatus.Constrained);

        Assert.Equal(TriageCategory.Urgent, result.Category);
        Assert.Equal(expected, result.Disposition);
        Assert.Equal(expectedReview, result.NeedsReview);
        Assert.Equal(RegionStatus.Constrained, result.RegionStatus);
    }

    [Theory]
    [InlineData(RegionStatus.Normal, Disposition.Proceed)]
    [InlineData(RegionStatus.Constrained, Disposition.Postpone)]
    [InlineData(RegionStatus.Crisis, Disposition.Postpone)]
    public void Classify_ElectiveByStatusWithNeurologyReported_FollowsTheTable(RegionStatus status, Disposition expected)
    {
        var result = ReferralBuilder.Valid().WithDeformityCorrection().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).Classify(status);

        Assert.Equal(expected, result.Disposition);
        Assert.False(result.NeedsReview);
    }

    [Theory]
    [InlineData(RegionStatus.Normal, Disposition.Proceed)]
    [InlineData(RegionStatus.Constrained, Disposition.Review)]
    [InlineData(RegionStatus.Crisis, Disposition.Review)]
    public void Classify_ElectiveWithNeurologyNotReported_IsHeldForReviewNotPostponed(RegionStatus status, Disposition expected)
    {
        var result = ReferralBuilder.Valid().WithSymptomaticHardware().Classify(status);

        Assert.Equal(TriageCategory.Elective, result.Category);
        Assert.Equal(expected, result.Disposition);
        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.StartsWith("Neurologic status not reported", StringComparison.Ordinal));
    }

    [Fact]
    public void RegionStatuses_DefaultIsConstrained()
    {
        Assert.Equal(RegionStatus.Constrained, RegionStatuses.Default);
    }
}
