using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline.Rules;

/// <summary>
/// The three infection criteria: emergent.epidural-abscess-decompression,
/// emergent.postoperative-wound-infection and urgent.infection-failing-medical-management; an
/// infection (not postoperative) matching neither infection criterion needs review.
/// </summary>
public sealed class InfectionRulesTests
{
    public static TheoryData<InfectionKind?, bool?, bool?, string[], bool> Grid()
    {
        var data = new TheoryData<InfectionKind?, bool?, bool?, string[], bool>();
        bool?[] flags = [true, false, null];
        foreach (var decompression in flags)
        {
            foreach (var failed in flags)
            {
                // Postoperative wound infection: Emergent whatever else is said.
                data.Add(InfectionKind.PostoperativeWound, decompression, failed, [PostoperativeWoundInfection], false);

                // Epidural abscess: decompression -> Emergent; failing medical management -> Urgent.
                string[] abscess = [.. decompression == true ? [EpiduralAbscessDecompression] : Array.Empty<string>(),
                    .. failed == true ? [InfectionFailingMedicalManagement] : Array.Empty<string>()];
                data.Add(InfectionKind.EpiduralAbscess, decompression, failed, abscess, abscess.Length == 0);

                // (A neurologic status is reported throughout: without one, an Urgent infection is held too.)
                // Discitis, osteomyelitis: only failing medical management matches. Matching neither
                // criterion needs review; so does a decompression request (the Emergent criterion
                // names epidural abscess only).
                foreach (var kind in new[] { InfectionKind.Discitis, InfectionKind.Osteomyelitis })
                {
                    string[] expected = failed == true ? [InfectionFailingMedicalManagement] : [];
                    data.Add(kind, decompression, failed, expected, failed != true || decompression == true);
                }

                // Kind not reported: no criterion can be applied, review.
                data.Add(null, decompression, failed, [], true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Classify_InfectionKindDecompressionAndFailedManagement_GivesCriteriaAndReview(
        InfectionKind? kind, bool? requiresDecompression, bool? failedMedicalManagement, string[] expectedCriteria, bool expectedReview)
    {
        TriageAssert.Triages(
            ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithInfection(kind, requiresDecompression, failedMedicalManagement),
            expectedCriteria,
            expectedReview);
    }

    [Fact]
    public void Classify_EpiduralAbscessRequiringDecompression_IsEmergent()
    {
        var result = ReferralBuilder.Valid().WithInfection(InfectionKind.EpiduralAbscess, true, false).Classify();

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.Equal([EpiduralAbscessDecompression], result.Criteria);
    }

    [Fact]
    public void Classify_DiscitisRespondingToMedicalManagement_IsUnclassifiedAndNeedsReview()
    {
        var result = ReferralBuilder.Valid().WithInfection(InfectionKind.Discitis, false, false).Classify();

        Assert.Equal(TriageCategory.Unclassified, result.Category);
        Assert.True(result.NeedsReview);
    }
}
