using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Review;

/// <summary>Which results call for an alert, and that an alert's codes come from the rule text, never the referral's.</summary>
public sealed class ReviewAlertsTests
{
    public static TheoryData<string, bool> RedFlagConcepts()
    {
        var data = new TheoryData<string, bool>();
        foreach (var concept in ClinicalLexicon.Default.Concepts.Where(c => c.Suggests is not null))
        {
            data.Add(concept.Id, false);
            data.Add(concept.Id, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RedFlagConcepts))]
    public void Code_EveryRedFlagReason_IsTheConceptId(string conceptId, bool uncertain)
    {
        var concept = ClinicalLexicon.Default.Concepts.Single(c => c.Id == conceptId);
        foreach (var field in Enum.GetValues<FreeTextField>())
        {
            Assert.Equal("red-flag:" + conceptId, ReviewAlerts.Code(FreeTextEvidence.RedFlagReason(field, concept, uncertain)));
        }
    }

    [Theory]
    [InlineData("Conflict: findings.neurologicDeficit.severity is \"none\" but the text describes urinary retention: clinician review", "conflict:findings.neurologicDeficit.severity")]
    [InlineData("Conflict: findings.cause is \"degenerative\" but the text describes tumour: clinician review", "conflict:findings.cause")]
    [InlineData("Conflict: diagnosis G83.4 names cauda equina syndrome but findings.neurologicDeficit.severity is \"mild\": clinician review", "conflict:diagnosis")]
    [InlineData("Conflict: diagnosis M48.062 is lumbar but the procedure description names thoracic levels: clinician review", "conflict:procedure-level")]
    [InlineData("Conflict: the structured findings may not be current: the text describes new weakness: clinician review", "conflict:findings")]
    [InlineData("Conflict: findings.instability.riskOfNeurologicInjury is false but the text describes spinal instability: clinician review", "conflict:findings.instability.riskOfNeurologicInjury")]
    [InlineData("Conflict: patient.ageYears is 17 but the notes give the age as 67 (the age decides the COVID-19 risk): clinician review", "conflict:patient.ageYears")]
    [InlineData("Conflict: procedure.kind is \"injection\" but the procedure description names an operation: clinician review", "conflict:procedure.kind")]
    [InlineData("Conflict: patient.covidStatus is \"negative\" but the notes report a positive COVID-19 test: clinician review", "conflict:patient.covidStatus")]
    [InlineData("Red flag in the notes: night or rest pain with a history of cancer (malignancy, points to Emergent): clinician review", "red-flag:malignancy")]
    [InlineData("Deficit trend not reported: a progressive deficit would be Emergent", null)]
    [InlineData("Elective in a constrained region: postpone", null)]
    public void Code_OtherReasons(string reason, string? code) => Assert.Equal(code, ReviewAlerts.Code(reason));

    [Fact]
    public void Codes_EmergentThatNeedsReview_IsAnAlert_ACleanResultIsNot()
    {
        Assert.Equal([ReviewAlerts.EmergentNeedsReview], ReviewAlerts.Codes(ReviewServiceTests.Result("R", TriageCategory.Emergent, Disposition.Proceed, needsReview: true)));
        Assert.False(ReviewAlerts.IsAlert(ReviewServiceTests.Result("R", TriageCategory.Emergent, Disposition.Proceed, needsReview: false)));
        Assert.False(ReviewAlerts.IsAlert(ReviewServiceTests.Result("R", TriageCategory.Unclassified, Disposition.Review, needsReview: true)));
    }

    [Fact]
    public void Codes_ARealRedFlagReferral_NameConceptsNotTheNotes()
    {
        const string notes = "Mr Smith, 52, plumber. New saddle numbness and has not passed urine since this morning.";
        var referral = SpineTriage.Core.Contract.ReferralReader.Read(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":1,"referralId":"R-1","receivedAt":"2026-11-20T09:15:00Z","region":"north-east","procedure":{"kind":"surgery","description":"L4-5 discectomy"},"findings":{"neurologicDeficit":{"severity":"none","trend":"stable"},"cause":"discHerniation"},"notes":"{{notes}}"}"""),
            SpineTriage.Core.Contract.ReferralReader.StorageQueueMaxBytes).Referral!;
        var result = new TriageClassifier().Classify(referral, RegionStatus.Constrained, DateTimeOffset.UnixEpoch);

        var codes = ReviewAlerts.Codes(result);

        Assert.Contains("red-flag:saddle-sensory-loss", codes);
        Assert.Contains("red-flag:urinary-retention", codes);
        Assert.Contains("conflict:findings.neurologicDeficit.severity", codes);
        Assert.All(codes, c => Assert.Matches("^[a-zA-Z0-9:.-]+$", c));
        Assert.DoesNotContain(codes, c => c.Contains("Smith", StringComparison.OrdinalIgnoreCase) || c.Contains("plumber", StringComparison.OrdinalIgnoreCase));
    }
}
