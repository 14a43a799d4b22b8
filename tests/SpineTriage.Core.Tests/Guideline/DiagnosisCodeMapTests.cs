using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>
/// The ICD-10-CM mapping table: each family with a concrete, real code; prefix matching that is
/// case- and dot-insensitive; near misses that must not match; and what a code does to a triage.
/// </summary>
public sealed class DiagnosisCodeMapTests
{
    /// <summary>A real ICD-10-CM code of each family of the table, with the criterion rules.md gives it.</summary>
    private static readonly (string Family, string Code, string CriterionId, bool DecidesAlone)[] Families =
    [
        ("G83.4", "G83.4", SevereOrProgressiveDeficit, true),       // cauda equina syndrome
        ("G95.2", "G95.20", SevereOrProgressiveDeficit, false),     // cord compression, unspecified
        ("S12", "S12.000A", SpinalInstability, false),                    // fracture of first cervical vertebra
        ("S22.0", "S22.050A", SpinalInstability, false),                  // wedge compression fracture T5-T6
        ("S32.0", "S32.010A", SpinalInstability, false),                  // wedge compression fracture L1
        ("M84.58", "M84.58XA", SpinalInstability, false),                 // pathological fracture in neoplastic disease, vertebrae
        ("M84.68", "M84.68XA", SpinalInstability, false),                 // pathological fracture in other disease, vertebrae
        ("C41.2", "C41.2", SpinalInstability, false),                     // malignant neoplasm of vertebral column
        ("C79.51", "C79.51", SpinalInstability, false),                   // secondary malignant neoplasm of bone
        ("D16.6", "D16.6", SpinalInstability, false),                     // benign neoplasm of vertebral column
        ("G06.1", "G06.1", EpiduralAbscessDecompression, false),    // intraspinal abscess and granuloma
        ("T81.4", "T81.41XA", PostoperativeWoundInfection, true),   // infection following a procedure, superficial incisional SSI
        ("T84.6", "T84.63XA", PostoperativeWoundInfection, true),   // infection due to internal fixation device of spine
        ("M47.1", "M47.12", ProgressiveMyelopathy, false),          // spondylosis with myelopathy, cervical
        ("M50.0", "M50.00", ProgressiveMyelopathy, false),          // cervical disc disorder with myelopathy
        ("M51.0", "M51.06", ProgressiveMyelopathy, false),          // lumbar disc disorder with myelopathy
        ("M46.2", "M46.26", InfectionFailingMedicalManagement, false), // osteomyelitis of vertebra, lumbar
        ("M46.3", "M46.36", InfectionFailingMedicalManagement, false), // infection of intervertebral disc (pyogenic), lumbar
        ("M46.4", "M46.46", InfectionFailingMedicalManagement, false), // discitis, lumbar
        ("M48.5", "M48.56XA", IntractablePain, false),              // collapsed vertebra, lumbar
        ("M80.?8", "M80.08XA", IntractablePain, false),             // age-related osteoporosis with vertebral fracture
        ("M48.0", "M48.062", ManageableWithoutProcedure, true),     // lumbar stenosis with neurogenic claudication
        ("M43.1", "M43.16", ManageableWithoutProcedure, true),      // spondylolisthesis, lumbar
        ("M50.1", "M50.11", ManageableWithoutProcedure, true),      // cervical disc disorder with radiculopathy, high cervical
        ("M51.1", "M51.16", ManageableWithoutProcedure, true),      // lumbar disc disorder with radiculopathy
        ("M50.2", "M50.23", ManageableWithoutProcedure, true),      // other cervical disc displacement, cervicothoracic
        ("M51.2", "M51.26", ManageableWithoutProcedure, true),      // other lumbar disc displacement
        ("M54.1", "M54.16", ManageableWithoutProcedure, true),      // radiculopathy, lumbar
        ("M50.3", "M50.30", ManageableWithoutProcedure, true),      // other cervical disc degeneration
        ("M51.3", "M51.36", ManageableWithoutProcedure, true),      // other lumbar disc degeneration
        ("M40", "M40.204", DeformityCorrection, true),              // unspecified kyphosis, thoracic
        ("M41", "M41.26", DeformityCorrection, true),               // other idiopathic scoliosis, lumbar
        ("M96.0", "M96.0", HardwareOrPseudarthrosis, true),         // pseudarthrosis after fusion
        ("T84.2", "T84.226A", HardwareOrPseudarthrosis, true),      // displacement of internal fixation device of vertebrae
    ];

    public static TheoryData<string, string, string, bool> FamilyCodes()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var (family, code, criterion, decidesAlone) in Families)
        {
            data.Add(family, code, criterion, decidesAlone);
        }

        return data;
    }

    [Fact]
    public void Table_EveryFamilyHasAnExampleHere()
    {
        Assert.Equal(
            DiagnosisCodeMap.Table.Select(m => m.Pattern).Order(StringComparer.Ordinal),
            Families.Select(f => f.Family).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FamilyCodes))]
    public void Find_RealCodeOfEachFamily_GivesItsCriterion(string family, string code, string criterionId, bool decidesAlone)
    {
        var mapping = DiagnosisCodeMap.Find(code);

        Assert.NotNull(mapping);
        Assert.Equal(family, mapping.Pattern);
        Assert.Equal(criterionId, mapping.Criterion.Id);
        Assert.Equal(decidesAlone, mapping.DecidesAlone);
    }

    [Theory]
    [MemberData(nameof(FamilyCodes))]
    public void Classify_RealCodeOfEachFamily_GivesCriterionAndReviewExactlyWhenItCannotDecideAlone(
        string family, string code, string criterionId, bool decidesAlone)
    {
        // Neurologic status reported as none/stable, so that Elective codes raise no "not reported" flag.
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithDiagnoses(code).Classify();

        Assert.Equal([criterionId], result.Criteria);
        Assert.Equal(CategoryOf(criterionId), result.Category);
        Assert.Equal(!decidesAlone, result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains(DiagnosisCodeMap.Display(code), StringComparison.Ordinal) && r.Contains(criterionId, StringComparison.Ordinal));
        Assert.Equal(family, DiagnosisCodeMap.Find(code)?.Pattern);
    }

    [Theory]
    [MemberData(nameof(FamilyCodes))]
    public void Validate_RealCodeOfEachFamily_KeepsTheContract(string family, string code, string criterionId, bool decidesAlone)
    {
        var read = ReferralReader.Read(ReferralBuilder.Valid().WithDiagnoses(code).BuildJson());

        Assert.True(read.IsValid, $"{family} {code} {criterionId} {decidesAlone}: {read.ErrorMessage}");
    }

    [Theory]
    [InlineData("M47.12")]
    [InlineData("M4712")]
    [InlineData("m4712")]
    [InlineData("m47.12")]
    public void Find_CaseAndDotInsensitive_FindsSpondylosisWithMyelopathy(string code)
    {
        Assert.Equal("M47.1", DiagnosisCodeMap.Find(code)?.Pattern);
    }

    [Theory]
    [InlineData("m4712")]
    [InlineData("M4712")]
    [InlineData("m47.12")]
    public void Classify_CaseAndDotVariants_ClassifyLikeTheCanonicalCode(string variant)
    {
        var canonical = ReferralBuilder.Valid().WithDiagnoses("M47.12").Classify();
        var other = ReferralBuilder.Valid().WithDiagnoses(variant).Classify();

        Assert.Equal(canonical.ToJson(), other.ToJson());
    }

    [Theory]
    [InlineData("M47.2")]      // spondylosis with radiculopathy: not M47.1
    [InlineData("M47.22")]
    [InlineData("M47")]        // shorter than the family
    [InlineData("M80.00XA")]   // M80.0 with 5th character 0: not M80.?8
    [InlineData("M80.00")]
    [InlineData("M80.8")]
    [InlineData("S22.1")]      // S22.1 is not S22.0
    [InlineData("S22.1XXA")]
    [InlineData("S32.1")]      // fracture of sacrum: not S32.0
    [InlineData("M84.48XA")]   // M84.4 pathological fracture NEC: not M84.58/M84.68
    [InlineData("G95.1")]
    [InlineData("G83.3")]
    [InlineData("C41.3")]
    [InlineData("C79.52")]
    [InlineData("T81.3")]
    [InlineData("T84.5")]
    [InlineData("M46.1")]
    [InlineData("M48.1")]
    [InlineData("M54.5")]      // low back pain
    [InlineData("M96.1")]
    [InlineData("J18.9")]
    [InlineData("S13")]
    public void Find_NearMissesAndUnmappedCodes_FindNothing(string code)
    {
        Assert.Null(DiagnosisCodeMap.Find(code));
    }

    [Theory]
    [InlineData("J18.9")]
    [InlineData("M54.5")]
    [InlineData("M47.22")]
    [InlineData("S22.1XXA")]
    public void Classify_UnmappedValidCode_ContributesNothing(string code)
    {
        var builder = ReferralBuilder.Valid().WithDeformityCorrection();
        var without = builder.Classify();
        var with = ReferralBuilder.From(builder.Build()).WithDiagnoses(code).Classify();

        Assert.Equal(without.ToJson(), with.ToJson());
        Assert.Equal([DeformityCorrection], with.Criteria);
        Assert.False(with.NeedsReview);
        Assert.DoesNotContain(with.Reasons, r => r.Contains(DiagnosisCodeMap.Display(code), StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_UnmappedCodeAlone_IsUnclassified()
    {
        var result = ReferralBuilder.Valid().WithDiagnoses("J18.9").Classify();

        Assert.Equal(TriageCategory.Unclassified, result.Category);
        Assert.Empty(result.Criteria);
        Assert.True(result.NeedsReview);
    }

    [Theory]
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Stable, PersistentSignificantDeficit, TriageCategory.Urgent)]
    [InlineData(DeficitSeverity.Significant, DeficitTrend.Improving, PersistentSignificantDeficit, TriageCategory.Urgent)]
    [InlineData(DeficitSeverity.Severe, DeficitTrend.Stable, SevereOrProgressiveDeficit, TriageCategory.Emergent)]
    public void Classify_StenosisCodeWithSignificantDeficit_IsNotElective(
        DeficitSeverity severity, DeficitTrend trend, string expectedCriterion, TriageCategory expectedCategory)
    {
        var result = ReferralBuilder.Valid().WithDeficit(severity, trend).WithDiagnoses("M48.062").Classify();

        Assert.Equal([expectedCriterion], result.Criteria);
        Assert.Equal(expectedCategory, result.Category);
        Assert.DoesNotContain(ManageableWithoutProcedure, result.Criteria);
    }

    [Fact]
    public void Classify_StenosisCodeWithMildDeficit_IsElective()
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable).WithDiagnoses("M48.062").Classify();

        Assert.Equal([ManageableWithoutProcedure], result.Criteria);
        Assert.False(result.NeedsReview);
    }

    [Fact]
    public void Classify_StenosisCodeWithoutNeurologicStatus_IsElectiveAndNeedsReview()
    {
        var result = ReferralBuilder.Valid().WithDiagnoses("M48.062").Classify();

        Assert.Equal(TriageCategory.Elective, result.Category);
        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains("Neurologic status not reported", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_ReviewCodeWithAgreeingFinding_StillNeedsReview()
    {
        // G95.2x can never decide alone, even when the findings say the same thing.
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Severe, DeficitTrend.Stable).WithDiagnoses("G95.20").Classify();

        Assert.Equal([SevereOrProgressiveDeficit], result.Criteria);
        Assert.True(result.NeedsReview);
    }

    [Theory]
    [InlineData("m47.12", "M47.12")]
    [InlineData("M4712", "M47.12")]
    [InlineData("t8463xa", "T84.63XA")]
    [InlineData("S12", "S12")]
    public void Display_AnySpelling_GivesTheConventionalForm(string code, string expected)
    {
        Assert.Equal(expected, DiagnosisCodeMap.Display(code));
    }
}
