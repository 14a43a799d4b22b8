using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>The spinal region a code names and a procedure's levels name, and the conflict between them.</summary>
public sealed class SpinalRegionsTests
{
    [Theory]
    [InlineData("M48.02", SpinalRegions.Cervical)]
    [InlineData("M48.061", SpinalRegions.Lumbar)]
    [InlineData("M47.812", SpinalRegions.Cervical)]
    [InlineData("M51.14", SpinalRegions.Thoracic)]
    [InlineData("M51.17", SpinalRegions.Lumbar)]
    [InlineData("M50.122", SpinalRegions.Cervical)]
    [InlineData("M54.50", SpinalRegions.Lumbar)]
    [InlineData("M51.15", 0)] // thoracolumbar: no single region
    [InlineData("G83.4", 0)]
    public void OfCode_DorsopathyCode_GivesItsRegion(string code, int expected)
    {
        Assert.Equal(expected, SpinalRegions.OfCode(code));
    }

    [Theory]
    [InlineData("L3-L5 decompression", SpinalRegions.Lumbar)]
    [InlineData("C5/6 ACDF", SpinalRegions.Cervical)]
    [InlineData("T10-L2 fixation", SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("L4-S1 fusion", SpinalRegions.Lumbar)]
    [InlineData("T2W imaging review", 0)]
    [InlineData("Lumbar decompression", 0)]
    [InlineData("T10-pelvis posterior spinal fusion", SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("Revision posterior instrumentation T10 to ilium", SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("C2-T2 posterior fixation", SpinalRegions.Cervical | SpinalRegions.Thoracic)]
    [InlineData("C2\u2013L1 growing rods", SpinalRegions.Cervical | SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("T4 and L3 biopsies", SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("C5/6 ACDF, pelvis normal", SpinalRegions.Cervical)]
    [InlineData("C5-6 ACDF and L4-5 decompression", SpinalRegions.Cervical | SpinalRegions.Lumbar)]
    [InlineData("C5 to be reviewed; L4 decompression", SpinalRegions.Cervical | SpinalRegions.Lumbar)]
    [InlineData("Revision T10 to the pelvis", SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("Fusion T10\u2014pelvis", SpinalRegions.Thoracic | SpinalRegions.Lumbar)]
    [InlineData("C7-", SpinalRegions.Cervical)]
    [InlineData("T12 to", SpinalRegions.Thoracic)]
    public void Named_ProcedureText_GivesTheRegionsOfItsLevels(string text, int expected)
    {
        Assert.Equal(expected, SpinalRegions.Named(text));
    }

    [Fact]
    public void Classify_CervicalCodeOnALumbarProcedure_IsAConflictForReview()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)
            .WithProcedure(ProcedureKind.Surgery, description: "L3-L5 decompression").WithDiagnoses("M48.02").Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.StartsWith("Conflict: diagnosis M48.02 is cervical but the procedure description names lumbar levels", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Percutaneous SCS trial, 2 leads T8-T10", false)]
    [InlineData("Spinal cord stimulator trial, leads T9-T10", false)]
    [InlineData("T10-L2 posterior fusion for the L1 burst fracture", false)]
    [InlineData("T8-T10 laminectomy", true)]
    [InlineData("T8-T10 laminectomy after two L4/5 discs failed", false)]
    public void Classify_StimulatorLeadsAboveALumbarCode_AreNoLevelConflict(string description, bool conflict)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)
            .WithProcedure(ProcedureKind.Interventional, description: description).WithDiagnoses("M54.17").Classify();

        Assert.Equal(conflict, result.Reasons.Any(r => r.StartsWith("Conflict: diagnosis M54.17 is lumbar", StringComparison.Ordinal)));
    }

    [Fact]
    public void Classify_CodeOnTheProceduresRegion_IsNoConflict()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)
            .WithProcedure(ProcedureKind.Surgery, description: "L3-L5 decompression").WithDiagnoses("M48.061").Classify();

        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Conflict", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(MyelopathyLevel.Thoracic, "C3-C6 laminoplasty", "M47.12", true)]
    [InlineData(MyelopathyLevel.Cervical, "C3-C6 laminoplasty", "M47.12", false)]
    [InlineData(MyelopathyLevel.Thoracic, "T10/11 decompression", "M47.14", false)]
    [InlineData(MyelopathyLevel.Cervical, "Spinal opinion", "M54.50", true)]
    public void Classify_MyelopathyLevelAgainstCodesAndProcedure_IsAConflictWhenTheyDisagree(MyelopathyLevel level, string description, string code, bool conflict)
    {
        var result = ReferralBuilder.Valid().WithMyelopathy(recentProgression: true, level).WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable)
            .WithProcedure(ProcedureKind.Surgery, description: description).WithDiagnoses(code).Classify();

        Assert.Equal(conflict, result.Reasons.Any(r => r.StartsWith("Conflict: findings.myelopathy.level", StringComparison.Ordinal)));
    }
}
