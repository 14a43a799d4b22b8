using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>A procedure description that names the other kind of procedure than procedure.kind is a conflict.</summary>
public sealed class ProcedureKindsTests
{
    [Theory]
    [InlineData("L4-5 laminectomy and instrumented posterolateral fusion", true, false)]
    [InlineData("C5-6 ACDF", true, false)]
    [InlineData("Bilateral L4/5 facet joint injections", false, true)]
    [InlineData("Re-exploration and evacuation of epidural haematoma L3-5", true, false)]
    [InlineData("R L5 TFESI (#2)", false, true)]
    [InlineData("L4/5 decompression +/- epidural steroid", true, true)]
    [InlineData("Spinal opinion - L5/S1", false, false)]
    public void Named_Description_GivesTheKindsItNames(string description, bool operation, bool injection)
    {
        Assert.Equal((operation, injection), ProcedureKinds.Named(description));
    }

    [Theory]
    [InlineData(ProcedureKind.Injection, "L4-5 laminectomy and instrumented posterolateral fusion", "Conflict: procedure.kind is \"injection\" but the procedure description names an operation: clinician review")]
    [InlineData(ProcedureKind.Surgery, "Caudal epidural steroid injection", "Conflict: procedure.kind is \"surgery\" but the procedure description names an injection: clinician review")]
    public void Classify_KindAgainstItsDescription_IsAConflict(ProcedureKind kind, string description, string reason)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Degenerative)
            .WithProcedure(kind, description: description).Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains(reason, result.Reasons);
    }

    [Theory]
    [InlineData(ProcedureKind.Surgery, "L4-5 laminectomy")]
    [InlineData(ProcedureKind.Injection, "L5 TFESI")]
    [InlineData(ProcedureKind.Interventional, "L4-5 laminectomy")]
    public void Classify_KindMatchingItsDescription_IsNoConflict(ProcedureKind kind, string description)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Degenerative)
            .WithProcedure(kind, description: description).Classify();

        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Conflict: procedure.kind", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_EmergentCase_IsNotHeldForItsListingOrAge()
    {
        var result = ReferralBuilder.Valid().WithPatient(17).WithDeficit(DeficitSeverity.Severe, DeficitTrend.Progressive)
            .WithProcedure(ProcedureKind.Injection, description: "Emergency L4-5 decompression").WithNotes("67yo, saddle anaesthesia and retention since this morning.").Classify();

        Assert.Equal(SpineTriage.Core.Triage.TriageCategory.Emergent, result.Category);
        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Conflict: procedure.kind", StringComparison.Ordinal) || r.StartsWith("Conflict: patient.ageYears", StringComparison.Ordinal));
    }
}
