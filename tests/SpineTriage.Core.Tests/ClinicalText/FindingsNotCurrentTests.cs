using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>
/// Findings copied from an older referral, or a patient not examined for this one: the structured
/// findings may be stale in either direction, so a clinician looks before the case proceeds or waits.
/// </summary>
public sealed class FindingsNotCurrentTests
{
    private static readonly ClinicalTextReader Reader = ClinicalTextReader.Default;

    private static readonly ClinicalConcept NotCurrent =
        Reader.Lexicon.Concepts.Single(c => c.Signal == ConceptSignal.NotCurrent);

    [Theory]
    [InlineData("No exam documented this referral; data copied from previous referral 18 months ago.")]
    [InlineData("Fields copied from the original listing.")]
    [InlineData("Findings carried over from the old referral, not re-examined.")]
    [InlineData("Telephone consultation only.")]
    [InlineData("Patient has not been examined by us.")]
    [InlineData("Neurology as per previous referral.")]
    [InlineData("Booked from an 18-month-old referral letter.")]
    [InlineData("Exam from 2 years ago: power 4/5 L EHL.")]
    [InlineData("Unable to examine today as patient in another hospital.")]
    [InlineData("No recent neurological examination.")]
    public void Read_FindingsNotFromACurrentExamination_AreMentioned(string sentence) =>
        Assert.True(Reader.Read(sentence, 2026).IsFlagged(NotCurrent), sentence);

    [Theory]
    [InlineData("Examined today: power 5/5 throughout, reflexes normal.")]
    [InlineData("Seen in clinic this morning, neuro exam documented above.")]
    [InlineData("MRI copied to the GP.")]
    [InlineData("Previous referral in 2023 for a different problem.")]
    [InlineData("Not seen any improvement with physiotherapy.")]
    public void Read_CurrentExaminations_AreNotMentioned(string sentence) =>
        Assert.False(Reader.Read(sentence, 2026).IsFlagged(NotCurrent), sentence);

    [Fact]
    public void NotCurrent_IsNeverARedFlag() => Assert.False(NotCurrent.IsRedFlag);

    [Theory]
    [InlineData(RegionStatus.Normal)]
    [InlineData(RegionStatus.Constrained)]
    [InlineData(RegionStatus.Crisis)]
    public void Classify_UrgentFindingsCopiedFromAnOldReferral_AreFlaggedAndNeverPostponedUnseen(RegionStatus status)
    {
        var result = UrgentMyelopathy("MRI 2024 (outside, report only): C5-7 stenosis. No exam documented this referral; data copied from previous referral 18 months ago.")
            .Classify(status);

        TriageAssert.HeldForReview(result, TriageCategory.Urgent, "Conflict: the structured findings may not be current");
    }

    [Fact]
    public void Classify_CurrentExamination_GivesNoStalenessReason()
    {
        var result = UrgentMyelopathy("Examined in clinic today: Hoffmann's positive, grip 4/5 bilaterally, gait slower than in March.")
            .Classify(RegionStatus.Normal);

        Assert.DoesNotContain(result.Reasons, r => r.Contains("may not be current", StringComparison.Ordinal));
    }

    // Cervical myelopathy with recent progression and a significant, stable deficit: Urgent.
    private static ReferralBuilder UrgentMyelopathy(string notes) => ReferralBuilder.Valid()
        .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient, "C5-7 ACDF")
        .WithDiagnoses("M50.020")
        .WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable)
        .WithMyelopathy(recentProgression: true)
        .WithCause(Cause.Degenerative)
        .WithNotes(notes);
}
