using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using static SpineTriage.Core.Tests.Builders.CriterionIds;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>
/// The ICD-10-CM mapping table: each family with a concrete, real code; prefix matching that is
/// case- and dot-insensitive; near misses that must not match; rows that first-match lookup can
/// always reach; spine-relevant codes the table does not map; and what a code does to a triage.
/// </summary>
public sealed class DiagnosisCodeMapTests
{
    /// <summary>A real ICD-10-CM code of each family of the table, with the criterion docs/clinical-rules.md gives it.</summary>
    private static readonly (string Family, string Code, string CriterionId, bool DecidesAlone)[] Families =
    [
        ("G83.4", "G83.4", SevereOrProgressiveDeficit, true),           // cauda equina syndrome
        ("G95.81", "G95.81", SevereOrProgressiveDeficit, false),        // conus medullaris syndrome
        ("G95.2", "G95.20", SevereOrProgressiveDeficit, false),         // cord compression, unspecified
        ("G95.1", "G95.11", SevereOrProgressiveDeficit, false),         // acute infarction of spinal cord
        ("G82", "G82.21", SevereOrProgressiveDeficit, false),           // paraplegia, complete
        ("G83.0", "G83.0", SevereOrProgressiveDeficit, false),          // diplegia of upper limbs
        ("G83.1", "G83.10", SevereOrProgressiveDeficit, false),         // monoplegia of lower limb, unspecified side
        ("G83.2", "G83.21", SevereOrProgressiveDeficit, false),         // monoplegia of upper limb, right dominant side
        ("G83.3", "G83.30", SevereOrProgressiveDeficit, false),         // monoplegia, unspecified
        ("G83.81", "G83.81", SevereOrProgressiveDeficit, false),        // Brown-Sequard syndrome
        ("G83.82", "G83.82", SevereOrProgressiveDeficit, false),        // anterior cord syndrome
        ("G83.83", "G83.83", SevereOrProgressiveDeficit, false),        // posterior cord syndrome
        ("S14.0", "S14.0XXA", SevereOrProgressiveDeficit, false),       // concussion and edema of cervical cord
        ("S14.1", "S14.121A", SevereOrProgressiveDeficit, false),       // central cord syndrome at C1
        ("S14.2", "S14.2XXA", SevereOrProgressiveDeficit, false),       // injury of nerve root of cervical spine
        ("S24.0", "S24.0XXA", SevereOrProgressiveDeficit, false),       // concussion and edema of thoracic cord
        ("S24.1", "S24.101A", SevereOrProgressiveDeficit, false),       // unspecified injury at T1 level of thoracic cord
        ("S24.2", "S24.2XXA", SevereOrProgressiveDeficit, false),       // injury of nerve root of thoracic spine
        ("S34.0", "S34.01XA", SevereOrProgressiveDeficit, false),       // concussion and edema of lumbar cord
        ("S34.1", "S34.121A", SevereOrProgressiveDeficit, false),       // incomplete lesion of L1 level of lumbar cord
        ("S34.2", "S34.21XA", SevereOrProgressiveDeficit, false),       // injury of nerve root of lumbar spine
        ("S34.3", "S34.3XXA", SevereOrProgressiveDeficit, false),       // injury of cauda equina
        ("C70.1", "C70.1", SevereOrProgressiveDeficit, false),          // malignant neoplasm of spinal meninges
        ("C72.0", "C72.0", SevereOrProgressiveDeficit, false),          // malignant neoplasm of spinal cord
        ("C72.1", "C72.1", SevereOrProgressiveDeficit, false),          // malignant neoplasm of cauda equina
        ("D32.1", "D32.1", SevereOrProgressiveDeficit, false),          // benign neoplasm of spinal meninges
        ("D33.4", "D33.4", SevereOrProgressiveDeficit, false),          // benign neoplasm of spinal cord
        ("D42.1", "D42.1", SevereOrProgressiveDeficit, false),          // uncertain behavior, spinal meninges
        ("D43.4", "D43.4", SevereOrProgressiveDeficit, false),          // uncertain behavior, spinal cord
        ("R33", "R33.9", SevereOrProgressiveDeficit, false),            // retention of urine, unspecified
        ("R32", "R32", SevereOrProgressiveDeficit, false),              // unspecified urinary incontinence
        ("N39.42", "N39.42", SevereOrProgressiveDeficit, false),        // incontinence without sensory awareness
        ("N39.490", "N39.490", SevereOrProgressiveDeficit, false),      // overflow incontinence
        ("R15", "R15.9", SevereOrProgressiveDeficit, false),            // full incontinence of feces
        ("N31", "N31.9", SevereOrProgressiveDeficit, false),            // neuromuscular dysfunction of bladder, unspecified
        ("K59.2", "K59.2", SevereOrProgressiveDeficit, false),          // neurogenic bowel
        ("M21.37", "M21.372", SevereOrProgressiveDeficit, false),       // foot drop, left foot
        ("S12.0", "S12.000A", SpinalInstability, false),                // fracture of first cervical vertebra
        ("S12.1", "S12.110A", SpinalInstability, false),                // anterior displaced type II dens fracture
        ("S12.2", "S12.200A", SpinalInstability, false),                // fracture of third cervical vertebra
        ("S12.3", "S12.300A", SpinalInstability, false),                // fracture of fourth cervical vertebra
        ("S12.4", "S12.400A", SpinalInstability, false),                // fracture of fifth cervical vertebra
        ("S12.5", "S12.500A", SpinalInstability, false),                // fracture of sixth cervical vertebra
        ("S12.6", "S12.600A", SpinalInstability, false),                // fracture of seventh cervical vertebra
        ("S12.9", "S12.9XXA", SpinalInstability, false),                // fracture of neck, unspecified
        ("S13.0", "S13.0XXA", SpinalInstability, false),                // traumatic rupture of cervical disc
        ("S13.1", "S13.161A", SpinalInstability, false),                // dislocation of C6/C7
        ("S22.0", "S22.050A", SpinalInstability, false),                // wedge compression fracture T5-T6
        ("S23.0", "S23.0XXA", SpinalInstability, false),                // traumatic rupture of thoracic disc
        ("S23.1", "S23.101A", SpinalInstability, false),                // dislocation of unspecified thoracic vertebra
        ("S32.0", "S32.010A", SpinalInstability, false),                // wedge compression fracture L1
        ("S32.1", "S32.10XA", SpinalInstability, false),                // unspecified fracture of sacrum
        ("S33.0", "S33.0XXA", SpinalInstability, false),                // traumatic rupture of lumbar disc
        ("S33.1", "S33.101A", SpinalInstability, false),                // dislocation of unspecified lumbar vertebra
        ("M53.2", "M53.2X6", SpinalInstability, false),                 // spinal instabilities, lumbar
        ("M43.3", "M43.3", SpinalInstability, false),                   // recurrent atlantoaxial dislocation with myelopathy
        ("M43.4", "M43.4", SpinalInstability, false),                   // other recurrent atlantoaxial dislocation
        ("M43.5", "M43.5X6", SpinalInstability, false),                 // other recurrent vertebral dislocation, lumbar
        ("M45", "M45.6", SpinalInstability, false),                     // ankylosing spondylitis, lumbar
        ("M48.1", "M48.12", SpinalInstability, false),                  // ankylosing hyperostosis, cervical
        ("M84.48", "M84.48XA", SpinalInstability, false),               // pathological fracture, other site
        ("M84.58", "M84.58XA", SpinalInstability, false),               // pathological fracture in neoplastic disease, other site
        ("M84.68", "M84.68XA", SpinalInstability, false),               // pathological fracture in other disease, other site
        ("M96.69", "M96.69", SpinalInstability, false),                 // fracture of other bone after an implant
        ("C41.2", "C41.2", SpinalInstability, false),                   // malignant neoplasm of vertebral column
        ("C41.4", "C41.4", SpinalInstability, false),                   // malignant neoplasm of pelvic bones, sacrum, coccyx
        ("C79.51", "C79.51", SpinalInstability, false),                 // secondary malignant neoplasm of bone
        ("D16.6", "D16.6", SpinalInstability, false),                   // benign neoplasm of vertebral column
        ("D16.8", "D16.8", SpinalInstability, false),                   // benign neoplasm of pelvic bones, sacrum, coccyx
        ("G06.1", "G06.1", EpiduralAbscessDecompression, false),        // intraspinal abscess and granuloma
        ("G06.2", "G06.2", EpiduralAbscessDecompression, false),        // extradural and subdural abscess, unspecified
        ("G07", "G07", EpiduralAbscessDecompression, false),            // intraspinal abscess in a disease classified elsewhere
        ("T84.63", "T84.63XA", PostoperativeWoundInfection, true),      // infection due to internal fixation device of spine
        ("T84.7", "T84.7XXA", PostoperativeWoundInfection, false),      // infection due to other internal orthopedic devices
        ("T81.4", "T81.41XA", PostoperativeWoundInfection, false),      // superficial incisional surgical site infection
        ("M47.1", "M47.12", ProgressiveMyelopathy, false),              // other spondylosis with myelopathy, cervical
        ("M50.0", "M50.00", ProgressiveMyelopathy, false),              // cervical disc disorder with myelopathy
        ("M51.0", "M51.06", ProgressiveMyelopathy, false),              // lumbar disc disorder with myelopathy
        ("M48.8", "M48.8X2", ProgressiveMyelopathy, false),             // other specified spondylopathies (OPLL), cervical
        ("G95.0", "G95.0", ProgressiveMyelopathy, false),               // syringomyelia and syringobulbia
        ("G95.89", "G95.89", ProgressiveMyelopathy, false),             // other specified diseases of spinal cord
        ("G95.9", "G95.9", ProgressiveMyelopathy, false),               // disease of spinal cord, unspecified
        ("G99.2", "G99.2", ProgressiveMyelopathy, false),               // myelopathy in diseases classified elsewhere
        ("M46.2", "M46.26", InfectionFailingMedicalManagement, false),  // osteomyelitis of vertebra, lumbar
        ("M46.3", "M46.36", InfectionFailingMedicalManagement, false),  // infection of intervertebral disc (pyogenic), lumbar
        ("M46.4", "M46.46", InfectionFailingMedicalManagement, false),  // discitis, lumbar
        ("M46.5", "M46.56", InfectionFailingMedicalManagement, false),  // other infective spondylopathies, lumbar
        ("A18.01", "A18.01", InfectionFailingMedicalManagement, false), // tuberculosis of spine
        ("M48.4", "M48.46XA", IntractablePain, false),                  // fatigue fracture of vertebra, lumbar
        ("M48.5", "M48.56XA", IntractablePain, false),                  // collapsed vertebra, lumbar
        ("M80.?8", "M80.08XA", IntractablePain, false),                 // age-related osteoporosis with vertebral fracture
        ("M48.0", "M48.062", ManageableWithoutProcedure, true),         // lumbar stenosis with neurogenic claudication
        ("M43.0", "M43.06", ManageableWithoutProcedure, true),          // spondylolysis, lumbar
        ("M43.1", "M43.16", ManageableWithoutProcedure, true),          // spondylolisthesis, lumbar
        ("Q76.2", "Q76.2", ManageableWithoutProcedure, true),           // congenital spondylolisthesis
        ("M47.2", "M47.26", ManageableWithoutProcedure, true),          // other spondylosis with radiculopathy, lumbar
        ("M47.8", "M47.816", ManageableWithoutProcedure, true),         // spondylosis without myelopathy or radiculopathy, lumbar
        ("M47.9", "M47.9", ManageableWithoutProcedure, true),           // spondylosis, unspecified
        ("M48.2", "M48.26", ManageableWithoutProcedure, true),          // kissing spine, lumbar
        ("M50.1", "M50.11", ManageableWithoutProcedure, true),          // cervical disc disorder with radiculopathy, high cervical
        ("M51.1", "M51.16", ManageableWithoutProcedure, true),          // lumbar disc disorder with radiculopathy
        ("M50.2", "M50.23", ManageableWithoutProcedure, true),          // other cervical disc displacement, cervicothoracic
        ("M51.2", "M51.26", ManageableWithoutProcedure, true),          // other lumbar disc displacement
        ("M50.3", "M50.30", ManageableWithoutProcedure, true),          // other cervical disc degeneration
        ("M51.3", "M51.36", ManageableWithoutProcedure, true),          // other lumbar disc degeneration
        ("M51.4", "M51.46", ManageableWithoutProcedure, true),          // Schmorl's nodes, lumbar
        ("M51.A", "M51.A0", ManageableWithoutProcedure, true),          // annulus fibrosus defect, lumbar, unspecified size
        ("M50.8", "M50.81", ManageableWithoutProcedure, true),          // other cervical disc disorders, high cervical
        ("M50.9", "M50.90", ManageableWithoutProcedure, true),          // cervical disc disorder, unspecified
        ("M51.8", "M51.86", ManageableWithoutProcedure, true),          // other lumbar disc disorders
        ("M51.9", "M51.9", ManageableWithoutProcedure, true),           // unspecified thoracic or lumbar disc disorder
        ("M54.1", "M54.16", ManageableWithoutProcedure, true),          // radiculopathy, lumbar
        ("G54.2", "G54.2", ManageableWithoutProcedure, true),           // cervical root disorders NEC
        ("G54.3", "G54.3", ManageableWithoutProcedure, true),           // thoracic root disorders NEC
        ("G54.4", "G54.4", ManageableWithoutProcedure, true),           // lumbosacral root disorders NEC
        ("M54.2", "M54.2", ManageableWithoutProcedure, true),           // cervicalgia
        ("M54.3", "M54.31", ManageableWithoutProcedure, true),          // sciatica, right side
        ("M54.4", "M54.42", ManageableWithoutProcedure, true),          // lumbago with sciatica, left side
        ("M54.5", "M54.50", ManageableWithoutProcedure, true),          // low back pain, unspecified
        ("M54.6", "M54.6", ManageableWithoutProcedure, true),           // pain in thoracic spine
        ("M54.8", "M54.89", ManageableWithoutProcedure, true),          // other dorsalgia
        ("M54.9", "M54.9", ManageableWithoutProcedure, true),           // dorsalgia, unspecified
        ("M53.0", "M53.0", ManageableWithoutProcedure, true),           // cervicocranial syndrome
        ("M53.1", "M53.1", ManageableWithoutProcedure, true),           // cervicobrachial syndrome
        ("M53.3", "M53.3", ManageableWithoutProcedure, true),           // coccygodynia
        ("M46.1", "M46.1", ManageableWithoutProcedure, true),           // sacroiliitis NEC
        ("S13.4XXD", "S13.4XXD", ManageableWithoutProcedure, true),     // whiplash, subsequent encounter
        ("S13.4XXS", "S13.4XXS", ManageableWithoutProcedure, true),     // whiplash, sequela
        ("M96.1", "M96.1", ManageableWithoutProcedure, true),           // postlaminectomy syndrome
        ("M42.1", "M42.16", ManageableWithoutProcedure, true),          // adult osteochondrosis of spine, lumbar
        ("M42.9", "M42.9", ManageableWithoutProcedure, true),           // spinal osteochondrosis, unspecified
        ("M99", "M99.23", ManageableWithoutProcedure, true),            // subluxation stenosis of neural canal, lumbar
        ("M40", "M40.204", DeformityCorrection, true),                  // unspecified kyphosis, thoracic
        ("M41", "M41.26", DeformityCorrection, true),                   // other idiopathic scoliosis, lumbar
        ("M42.0", "M42.04", DeformityCorrection, true),                 // juvenile osteochondrosis (Scheuermann), thoracic
        ("M96.2", "M96.2", DeformityCorrection, true),                  // postradiation kyphosis
        ("M96.3", "M96.3", DeformityCorrection, true),                  // postlaminectomy kyphosis
        ("M96.4", "M96.4", DeformityCorrection, true),                  // postsurgical lordosis
        ("M96.5", "M96.5", DeformityCorrection, true),                  // postradiation scoliosis
        ("Q76.3", "Q76.3", DeformityCorrection, true),                  // congenital scoliosis due to bony malformation
        ("Q76.41", "Q76.414", DeformityCorrection, true),               // congenital kyphosis, thoracic
        ("Q76.42", "Q76.426", DeformityCorrection, true),               // congenital lordosis, lumbar
        ("M43.8", "M43.8X6", DeformityCorrection, false),               // other specified deforming dorsopathies, lumbar
        ("M43.9", "M43.9", DeformityCorrection, false),                 // deforming dorsopathy, unspecified
        ("M96.0", "M96.0", HardwareOrPseudarthrosis, true),             // pseudarthrosis after fusion
        ("T84.2?6", "T84.226A", HardwareOrPseudarthrosis, true),        // displacement of internal fixation device of vertebrae
        ("T84.84", "T84.84XA", HardwareOrPseudarthrosis, false),        // pain due to internal orthopedic devices
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
        // Neurologic status reported as none, so that Elective codes raise no "not reported" flag;
        // not reported for a code that names a severe deficit (cauda equina, retention), which "none"
        // would contradict (and a reported severe deficit would confirm, leaving nothing to review).
        var builder = ReferralBuilder.Valid().WithDiagnoses(code);
        var result = (criterionId == SevereOrProgressiveDeficit ? builder : builder.WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)).Classify();

        Assert.Equal([criterionId], result.Criteria);
        Assert.Equal(CategoryOf(criterionId), result.Category);
        // Codes of the severe-deficit criterion are classified here without a neurologic status, so
        // the category rests on the code alone: a clinician confirms it even when the code decides.
        var codesAlone = criterionId == SevereOrProgressiveDeficit;
        Assert.Equal(!decidesAlone || codesAlone, result.NeedsReview);
        Assert.Equal(codesAlone, result.Reasons.Any(r => r.StartsWith("The category rests on diagnosis codes alone", StringComparison.Ordinal)));
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
    [InlineData("M47")]        // shorter than any M47 family
    [InlineData("M47.0")]      // anterior spinal and vertebral artery compression: no row
    [InlineData("M80.00XA")]   // M80.0 with 5th character 0: not M80.?8
    [InlineData("M80.00")]
    [InlineData("M80.8")]
    [InlineData("S22.1")]      // S22.1 is not S22.0
    [InlineData("S22.1XXA")]
    [InlineData("S22.31XA")]   // fracture of one rib
    [InlineData("S12.8XXA")]   // fracture of other parts of neck (hyoid, larynx): not a vertebra
    [InlineData("S32.2XXA")]   // fracture of coccyx: spine-relevant, but no row
    [InlineData("S32.401A")]   // fracture of acetabulum
    [InlineData("S13.4XXA")]   // sprain of ligaments of cervical spine: spine-relevant, but no row
    [InlineData("S14.3XXA")]   // injury of brachial plexus
    [InlineData("S34.4XXA")]   // injury of lumbosacral plexus
    [InlineData("G95.8")]      // the parent of G95.81 and G95.89
    [InlineData("G83.5")]      // locked-in state
    [InlineData("G83.84")]     // Todd's paralysis
    [InlineData("G06.0")]      // intracranial abscess
    [InlineData("G54.0")]      // brachial plexus disorders
    [InlineData("C41.3")]
    [InlineData("C79.52")]
    [InlineData("T81.3")]
    [InlineData("T84.5")]
    [InlineData("T84.010A")]   // broken internal right hip prosthesis
    [InlineData("M46.0")]      // spinal enthesopathy
    [InlineData("M54.0")]
    [InlineData("M96.621A")]   // fracture of humerus following insertion of an implant
    [InlineData("N39.3")]      // stress incontinence
    [InlineData("N39.41")]     // urge incontinence
    [InlineData("J18.9")]
    [InlineData("S13")]
    public void Find_NearMissesAndUnmappedCodes_FindNothing(string code)
    {
        Assert.Null(DiagnosisCodeMap.Find(code));
    }

    [Theory]
    [InlineData("T84.60XA")]   // infection due to internal fixation device, unspecified site
    [InlineData("T84.610A")]   // ... of right humerus
    [InlineData("T84.620A")]   // ... of right femur
    [InlineData("T84.69XA")]   // ... of other site
    [InlineData("T84.210A")]   // breakage of internal fixation device of bones of hand and wrist
    [InlineData("T84.213A")]   // breakage of internal fixation device of bones of foot and toes
    [InlineData("T84.218A")]   // breakage of internal fixation device of other bones
    [InlineData("T84.228A")]   // displacement of internal fixation device of other bones
    [InlineData("T84.290A")]   // other mechanical complication, bones of hand and wrist
    public void Find_LimbFixationDeviceCodes_NoLongerMapToTheSpineRows(string code)
    {
        Assert.Null(DiagnosisCodeMap.Find(code));
    }

    [Theory]
    [InlineData("T84.216A", "T84.2?6")]   // breakage of internal fixation device of vertebrae
    [InlineData("T84.226A", "T84.2?6")]   // displacement
    [InlineData("T84.296A", "T84.2?6")]   // other mechanical complication
    [InlineData("T84.63XA", "T84.63")]    // infection due to internal fixation device of spine
    public void Find_SpinalFixationDeviceCodes_KeepTheirRows(string code, string family)
    {
        Assert.Equal(family, DiagnosisCodeMap.Find(code)?.Pattern);
    }

    [Theory]
    [InlineData("T81.40XA")]   // infection following a procedure, unspecified
    [InlineData("T81.41XA")]   // superficial incisional surgical site infection
    [InlineData("T81.42XA")]   // deep incisional surgical site infection
    [InlineData("T81.43XA")]   // organ and space surgical site infection
    [InlineData("T81.44XA")]   // sepsis following a procedure
    [InlineData("T81.49XA")]   // other surgical site infection
    public void Classify_InfectionFollowingAnyProcedure_IsEmergentButNeedsReview(string code)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithDiagnoses(code).Classify();

        Assert.Equal([PostoperativeWoundInfection], result.Criteria);
        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains("alone cannot decide", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("S32.001A", "S32.0", SpinalInstability)]              // stable burst fracture of lumbar vertebra
    [InlineData("S12.110A", "S12.1", SpinalInstability)]              // type II dens fracture
    [InlineData("S14.121A", "S14.1", SevereOrProgressiveDeficit)]     // central cord syndrome at C1
    [InlineData("S14.125A", "S14.1", SevereOrProgressiveDeficit)]     // central cord syndrome at C5
    [InlineData("S24.111A", "S24.1", SevereOrProgressiveDeficit)]     // complete lesion at T1
    [InlineData("S34.3XXA", "S34.3", SevereOrProgressiveDeficit)]     // injury of cauda equina
    [InlineData("C72.0", "C72.0", SevereOrProgressiveDeficit)]        // malignant neoplasm of spinal cord
    [InlineData("C72.1", "C72.1", SevereOrProgressiveDeficit)]        // malignant neoplasm of cauda equina
    [InlineData("D32.1", "D32.1", SevereOrProgressiveDeficit)]        // spinal meningioma
    [InlineData("D33.4", "D33.4", SevereOrProgressiveDeficit)]        // benign neoplasm of spinal cord
    [InlineData("D42.1", "D42.1", SevereOrProgressiveDeficit)]
    [InlineData("D43.4", "D43.4", SevereOrProgressiveDeficit)]
    [InlineData("R33.0", "R33", SevereOrProgressiveDeficit)]          // drug-induced retention of urine
    [InlineData("R33.9", "R33", SevereOrProgressiveDeficit)]
    [InlineData("R32", "R32", SevereOrProgressiveDeficit)]
    [InlineData("R15.9", "R15", SevereOrProgressiveDeficit)]
    [InlineData("N31.2", "N31", SevereOrProgressiveDeficit)]          // flaccid neuropathic bladder
    [InlineData("N31.9", "N31", SevereOrProgressiveDeficit)]
    [InlineData("G82.54", "G82", SevereOrProgressiveDeficit)]         // quadriplegia, C5-C7 incomplete
    [InlineData("M47.26", "M47.2", ManageableWithoutProcedure)]
    [InlineData("M47.22", "M47.2", ManageableWithoutProcedure)]
    [InlineData("M47.816", "M47.8", ManageableWithoutProcedure)]
    [InlineData("M47.896", "M47.8", ManageableWithoutProcedure)]      // other spondylosis, lumbar
    [InlineData("M53.2X6", "M53.2", SpinalInstability)]
    [InlineData("M99.23", "M99", ManageableWithoutProcedure)]
    [InlineData("M99.33", "M99", ManageableWithoutProcedure)]         // osseous stenosis of neural canal, lumbar
    [InlineData("G06.2", "G06.2", EpiduralAbscessDecompression)]
    [InlineData("T84.7XXA", "T84.7", PostoperativeWoundInfection)]
    [InlineData("M84.48XA", "M84.48", SpinalInstability)]
    [InlineData("M46.56", "M46.5", InfectionFailingMedicalManagement)]
    [InlineData("M80.88XA", "M80.?8", IntractablePain)]               // other osteoporosis with vertebral fracture
    [InlineData("M48.8X4", "M48.8", ProgressiveMyelopathy)]           // thoracic ossified ligament
    public void Find_NewFamiliesRealisticFullCodes_GiveTheirRow(string code, string family, string criterionId)
    {
        var mapping = DiagnosisCodeMap.Find(code);

        Assert.NotNull(mapping);
        Assert.Equal(family, mapping.Pattern);
        Assert.Equal(criterionId, mapping.Criterion.Id);
    }

    [Theory]
    [InlineData("S14.121A")]
    [InlineData("S34.3XXA")]
    [InlineData("R33.9")]
    [InlineData("R32")]
    [InlineData("R15.9")]
    [InlineData("N31.9")]
    [InlineData("N39.490")]
    public void Classify_CaudaEquinaSymptomOrCordInjuryCode_IsEmergentAndNeverDecidesAlone(string code)
    {
        var mapping = DiagnosisCodeMap.Find(code);
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithDiagnoses(code).Classify();

        Assert.NotNull(mapping);
        Assert.False(mapping.DecidesAlone);
        Assert.Equal([SevereOrProgressiveDeficit], result.Criteria);
        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.True(result.NeedsReview);
    }

    [Fact]
    public void Table_EveryRowIsReachable_NoEarlierRowShadowsIt()
    {
        var table = DiagnosisCodeMap.Table;
        for (var i = 0; i < table.Count; i++)
        {
            // The family's own pattern as a code ('?' as a character no code has) must find the row.
            var code = table[i].Pattern.Replace('?', '0');
            Assert.Same(table[i], DiagnosisCodeMap.Find(code));
            for (var j = 0; j < i; j++)
            {
                // An earlier row that overlaps a later one must be the narrower of the two (first match wins).
                Assert.False(
                    Overlap(table[j].Pattern, table[i].Pattern) && !Covers(table[i].Pattern, table[j].Pattern),
                    $"row {j} {table[j].Pattern} takes codes of the later row {i} {table[i].Pattern}");
            }
        }
    }

    [Fact]
    public void Table_Rows_FollowTheGuidanceOrderOfCriteria()
    {
        var orders = DiagnosisCodeMap.Table.Select(m => m.Criterion.Order).ToList();

        Assert.Equal(orders.Order(), orders);
    }

    [Fact]
    public void Table_EveryRow_HasADistinctPatternAndASentenceOfRationale()
    {
        Assert.Equal(DiagnosisCodeMap.Table.Count, DiagnosisCodeMap.Table.Select(m => DiagnosisCodeMap.Normalize(m.Pattern)).Distinct().Count());
        Assert.All(DiagnosisCodeMap.Table, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Description), m.Pattern);
            Assert.EndsWith(".", m.Rationale, StringComparison.Ordinal);
            Assert.True(m.Rationale.Length is > 30 and < 240, $"{m.Pattern}: {m.Rationale}");
            Assert.DoesNotContain('|', m.Description + m.Rationale);
        });
    }

    [Fact]
    public void Table_OnlyTheNamedDiagnosesDecideAnEmergentCriterionAlone()
    {
        // An Emergent row that decides alone skips the clinician: only the codes that name the
        // emergency themselves may (cauda equina syndrome, infected spinal instrumentation).
        var alone = DiagnosisCodeMap.Table
            .Where(m => m.DecidesAlone && m.Criterion.Category == TriageCategory.Emergent)
            .Select(m => m.Pattern);

        Assert.Equal(["G83.4", "T84.63"], alone);
    }

    [Theory]
    [MemberData(nameof(FamilyCodes))]
    public void IsSpineRelevant_RealCodeOfEachFamily_IsTrue(string family, string code, string criterionId, bool decidesAlone)
    {
        Assert.True(DiagnosisCodeMap.IsSpineRelevant(code), $"{family} {code} {criterionId} {decidesAlone}");
    }

    [Theory]
    [InlineData("M46.0")]      // spinal enthesopathy
    [InlineData("M43.6")]      // torticollis
    [InlineData("M47.011")]    // anterior spinal artery compression syndrome, occipito-atlanto-axial
    [InlineData("M48.30")]     // traumatic spondylopathy
    [InlineData("M49.86")]     // spondylopathy in diseases classified elsewhere
    [InlineData("M53.86")]     // other specified dorsopathies, lumbar region
    [InlineData("M54.0")]      // panniculitis of neck and back
    [InlineData("m5389")]      // other specified dorsopathies, any spelling
    [InlineData("G95.8")]
    [InlineData("G83.9")]      // paralytic syndrome, unspecified
    [InlineData("G54.9")]      // nerve root and plexus disorder, unspecified
    [InlineData("G55")]        // nerve root compression in diseases classified elsewhere
    [InlineData("S13.4XXA")]   // sprain of ligaments of cervical spine
    [InlineData("S23.3XXA")]   // sprain of ligaments of thoracic spine
    [InlineData("S33.5XXA")]   // sprain of ligaments of lumbar spine
    [InlineData("S32.2XXA")]   // fracture of coccyx
    [InlineData("T84.60XA")]   // infection due to internal fixation device, unspecified site
    [InlineData("C79.49")]     // secondary malignant neoplasm of other parts of nervous system
    [InlineData("N39.41")]     // urge incontinence
    [InlineData("R39.14")]     // feeling of incomplete bladder emptying
    [InlineData("Q05.7")]      // lumbar spina bifida without hydrocephalus
    [InlineData("Q06.8")]      // other congenital malformations of spinal cord (tethered cord)
    [InlineData("Q76.0")]      // spina bifida occulta
    [InlineData("Q76.1")]      // Klippel-Feil syndrome
    [InlineData("Q76.49")]     // other congenital malformations of spine
    public void IsSpineRelevant_SpineCodeTheTableDoesNotMap_IsTrue(string code)
    {
        Assert.Null(DiagnosisCodeMap.Find(code));
        Assert.True(DiagnosisCodeMap.IsSpineRelevant(code));
    }

    [Theory]
    [InlineData("E11.9")]      // type 2 diabetes
    [InlineData("I10")]        // essential hypertension
    [InlineData("J44.9")]      // COPD
    [InlineData("F32.9")]      // depressive episode
    [InlineData("Z79.4")]      // long-term insulin use
    [InlineData("K21.9")]      // reflux
    [InlineData("J18.9")]
    [InlineData("S22.31XA")]   // fracture of one rib
    [InlineData("S12.8XXA")]   // fracture of hyoid or larynx
    [InlineData("T84.010A")]   // broken hip prosthesis
    [InlineData("T84.610A")]   // infection of a humeral fixation device
    [InlineData("G06.0")]      // intracranial abscess
    [InlineData("C41.3")]      // ribs, sternum and clavicle
    [InlineData("M79.7")]      // fibromyalgia
    [InlineData("M1")]         // shorter than any family
    [InlineData("")]
    public void IsSpineRelevant_CommonComorbidityOrOtherSite_IsFalse(string code)
    {
        Assert.False(DiagnosisCodeMap.IsSpineRelevant(code));
    }

    [Theory]
    [InlineData("J18.9")]
    [InlineData("E11.9")]
    [InlineData("I10")]
    [InlineData("S22.31XA")]
    public void Classify_UnmappedValidCode_ContributesNothing(string code)
    {
        var builder = ReferralBuilder.Valid().WithDeformityCorrection().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable);
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
    public void Classify_ReviewCodeWhoseCriterionTheFindingsMatch_IsNoDoubt()
    {
        // G95.2x cannot decide alone; here it does not: the reported severe deficit places the
        // referral under the same criterion, so the code adds no doubt of its own.
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Severe, DeficitTrend.Stable).WithDiagnoses("G95.20").Classify();

        Assert.Equal([SevereOrProgressiveDeficit], result.Criteria);
        Assert.False(result.NeedsReview, string.Join(" | ", result.Reasons));
    }

    [Fact]
    public void Classify_ReviewCodeWhoseCriterionTheFindingsDoNotMatch_NeedsReview()
    {
        // The findings give another criterion (significant deficit, Urgent): G95.2x alone says Emergent.
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable).WithDiagnoses("G95.20").Classify();

        Assert.Equal([SevereOrProgressiveDeficit, PersistentSignificantDeficit], result.Criteria);
        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains("G95.20", StringComparison.Ordinal) && r.Contains("alone cannot decide", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("C79.51", SpinalInstability)]            // spinal metastases: Emergent only with compression or instability
    [InlineData("M84.58XA", SpinalInstability)]          // pathological fracture in neoplastic disease
    [InlineData("S14.117A", SevereOrProgressiveDeficit)] // cervical cord injury
    public void Classify_ReviewCodeWhoseCategoryTheFindingsReachWithoutIt_IsNoDoubt(string code, string codeCriterion)
    {
        // The findings place the referral at Emergent by another criterion: the code decides nothing alone.
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Progressive).WithDiagnoses(code).Classify();

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.Contains(codeCriterion, result.Criteria);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("alone cannot decide", StringComparison.Ordinal));
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

    // Whether some code matches both patterns ('?' = any one character, prefix match).
    private static bool Overlap(string a, string b)
    {
        var x = DiagnosisCodeMap.Normalize(a);
        var y = DiagnosisCodeMap.Normalize(b);
        for (var k = 0; k < Math.Min(x.Length, y.Length); k++)
        {
            if (x[k] != '?' && y[k] != '?' && x[k] != y[k])
            {
                return false;
            }
        }

        return true;
    }

    // Whether every code of the narrow pattern matches the broad one.
    private static bool Covers(string broad, string narrow)
    {
        var x = DiagnosisCodeMap.Normalize(broad);
        var y = DiagnosisCodeMap.Normalize(narrow);
        if (x.Length > y.Length)
        {
            return false;
        }

        for (var k = 0; k < x.Length; k++)
        {
            if (x[k] != '?' && x[k] != y[k])
            {
                return false;
            }
        }

        return true;
    }
}
