using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>Structured findings that overstate what the notes describe are a conflict for a clinician, not a silent Urgent.</summary>
public sealed class OverstatedFindingsTests
{
    [Fact]
    public void Classify_SignificantDeficitBesideOnlyAMildGrade_IsAConflict()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable).WithCause(Cause.DiscHerniation)
            .WithNotes("L L5 radiculopathy 4/12. Power: EHL 4+/5 L only, all else 5/5. Sens reduced L L5.").Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains("Conflict: findings.neurologicDeficit.severity is \"significant\" but the text describes only a mild motor deficit: clinician review", result.Reasons);
    }

    [Fact]
    public void Classify_SignificantDeficitBesideA3Of5Grade_IsNoConflict()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable).WithCause(Cause.DiscHerniation)
            .WithNotes("L L5 radiculopathy. EHL 3/5, ankle DF 4+/5.").Classify();

        Assert.DoesNotContain(result.Reasons, r => r.Contains("only a mild motor deficit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Neurogenic claudication 1 yr. Exam: strength 5/5 throughout, SILT, DTRs 2+ symmetric, gait normal.", true)]
    [InlineData("Neurogenic claudication 1 yr. Exam: strength 5/5 except L EHL 3/5, DTRs 2+ symmetric.", false)]
    [InlineData("Neurogenic claudication 1 yr. Exam: L EHL weak, otherwise full power.", false)]
    public void Classify_SignificantDeficitBesideAnIntactExamination_IsAConflict(string notes, bool conflict)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable).WithCause(Cause.Degenerative)
            .WithNotes(notes).Classify();

        Assert.Equal(conflict, result.Reasons.Any(r => r.StartsWith("Conflict: findings.neurologicDeficit.severity is \"significant\" but the text describes an intact", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("R S1 sciatica 5/12, now mostly settled - pain 2-3/10 on paracetamol, working full time. Not on opioids.")]
    [InlineData("Pain settled well with physio, back at work full time.")]
    public void Classify_IntractablePainBesideSettledPain_IsAConflict(string notes)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable).WithCause(Cause.DiscHerniation)
            .WithPain(intractable: true, edPresentation: true, failedNonProceduralCare: true).WithNotes(notes).Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.StartsWith("Conflict: findings.pain.intractable is true but the text describes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pre-op call. Pt states she tested positive on a lateral flow test yesterday, mild cough.", true)]
    [InlineData("Covid PCR positive on admission swab.", true)]
    [InlineData("Lateral flow negative today. PCR 2 weeks ago negative.", false)]
    [InlineData("Advised to do a lateral flow test before admission; if positive, call the unit.", false)]
    public void Classify_PositiveTestInTheNotesAgainstItsStatus_IsAConflict(string notes, bool conflict)
    {
        var result = ReferralBuilder.Valid().WithPatient(37, CovidStatus.Negative).WithDeficit(DeficitSeverity.Mild, DeficitTrend.Improving)
            .WithCause(Cause.DiscHerniation).WithNotes(notes).Classify(RegionStatus.Constrained);

        Assert.Equal(conflict, result.Reasons.Contains("Conflict: patient.covidStatus is \"negative\" but the notes report a positive COVID-19 test: clinician review"));
    }
}
