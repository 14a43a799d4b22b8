using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>
/// A past cancer is history, and night pain alone is a pain pattern; together they are the classic red flag
/// for spinal metastasis, so the case is held for a clinician, never postponed quietly.
/// </summary>
public sealed class CancerHistoryWithNightPainTests
{
    private static TriageResult Classify(string notes) =>
        ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Degenerative).WithDiagnoses("M54.50")
            .WithNotes(notes).Classify(RegionStatus.Constrained);

    [Theory]
    [InlineData("57M, 6/52 low back pain. Worse at night, waking him most nights. PMHx: melanoma L calf (stage IIIB) 2021, adjuvant nivolumab, onc f/u 6-monthly.")]
    [InlineData("Hx prostate ca 2018, radical RT. New thoracic pain for 6 weeks, keeps him awake, not eased by lying down.")]
    [InlineData("Breast cancer 2015, treated. Now rest pain in the lower back, sleeping in a chair.")]
    public void Classify_CancerHistoryWithNightPain_IsHeldForReview(string notes)
    {
        var result = Classify(notes);

        Assert.Equal(Disposition.Review, result.Disposition);
        Assert.Contains("Red flag in the notes: night or rest pain with a history of cancer (malignancy, points to Emergent): clinician review", result.Reasons);
    }

    [Theory]
    [InlineData("Breast ca 2009 treated, discharged 2019, no recurrence. Mechanical LBP, no night pain, bloods normal.")]
    [InlineData("Mechanical LBP, worse at night when he rolls over. No history of cancer.")]
    [InlineData("Mother had breast cancer. Pain worse at night.")]
    public void Classify_NightPainWithoutCancerHistory_OrCancerHistoryWithoutNightPain_IsNotThisFlag(string notes)
    {
        var result = Classify(notes);

        Assert.DoesNotContain(result.Reasons, r => r.Contains("night or rest pain with a history of cancer", StringComparison.Ordinal));
    }
}
