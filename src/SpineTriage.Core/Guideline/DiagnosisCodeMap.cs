namespace SpineTriage.Core.Guideline;

/// <summary>
/// One row of the ICD-10-CM mapping: a code family, the criterion it adds, whether the code alone
/// decides it or only sets the plausible category and asks for review, and the clinical reason.
/// </summary>
/// <param name="Pattern">The code family as clinicians write it: <c>M47.1</c> covers M47.1x; <c>?</c> stands for any one character (<c>M80.?8</c>).</param>
/// <param name="Description">What the family is, in the classification's words.</param>
/// <param name="Criterion">The criterion the family adds.</param>
/// <param name="DecidesAlone">True when the code alone is enough; false when it sets <c>needsReview</c>.</param>
/// <param name="Rationale">One sentence for the clinician who checks the row: why this criterion, and why alone or review.</param>
public sealed record DiagnosisCodeMapping(string Pattern, string Description, Criterion Criterion, bool DecidesAlone, string Rationale)
{
    private readonly string _normalized = DiagnosisCodeMap.Normalize(Pattern);

    /// <summary>Whether a normalized code (upper case, no dot) belongs to this family.</summary>
    public bool Covers(ReadOnlySpan<char> normalizedCode) => DiagnosisCodeMap.Matches(_normalized, normalizedCode);
}

/// <summary>
/// The ICD-10-CM mapping table, kept as data: code family to criterion. Codes match by prefix,
/// case- and dot-insensitive (M47.12, m4712 and M47.12 are the same code); the first row that
/// matches wins, so rows follow the guidance's order of criteria and no row is shadowed by an
/// earlier one. Where a code alone cannot decide (cord compression, abscess, fractures, tumours,
/// myelopathy, infection, red-flag symptoms) it sets the plausible category, never a lower one, and
/// flags the referral for review. A spine-relevant code that no row maps is recognised by
/// <see cref="IsSpineRelevant"/>, so that it can be flagged rather than add nothing.
/// </summary>
public static class DiagnosisCodeMap
{
    private static DiagnosisCodeMapping Decides(string pattern, string description, Criterion criterion, string rationale) =>
        new(pattern, description, criterion, true, rationale);

    private static DiagnosisCodeMapping Review(string pattern, string description, Criterion criterion, string rationale) =>
        new(pattern, description, criterion, false, rationale);

    // Reasons shared by several rows of one kind.
    private const string CordInjury =
        "An acute cord injury is a severe deficit that ongoing compression (fragment, disc, haematoma) can worsen; the code gives neither the course nor the compression.";
    private const string RootInjury =
        "A traumatic root injury is a deficit a compressing fragment may cause; the code gives neither its severity nor whether the root is still compressed.";
    private const string IntraspinalTumour =
        "A tumour inside the spinal canal compresses the cord or cauda equina (the guidance names tumour as a cause); the code does not say whether a deficit is present or progressing.";
    private const string LimbParalysis =
        "A paralysed limb is a severe deficit; the code gives neither its onset, its course nor whether compression causes it.";
    private const string CordSyndrome =
        "An incomplete cord syndrome is a severe deficit; the code does not say whether it is acute, progressing or from compression.";
    private const string Sphincter =
        "Cauda equina compression shows first in the bladder and bowel, but the symptom has common non-spinal causes: Emergent assumed until a clinician has seen the referral, never decided by the code.";
    private const string VertebralFracture =
        "A vertebral fracture may be unstable and threaten the cord or roots; the code gives neither the fracture's morphology nor the ligaments' state.";
    private const string DiscLigamentInjury =
        "A traumatic dislocation or disc rupture is a disco-ligamentous injury: instability must be excluded, which the code cannot do.";
    private const string BoneTumour =
        "A tumour in a vertebra can destroy it and make the spine unstable (the guidance names tumour); the code gives neither the extent nor the stability.";
    private const string Ankylosed =
        "An ankylosed spine breaks with little force and its fractures are unstable; the code does not say whether the referral is for a fracture or a chronic deformity.";
    private const string PathologicalFracture =
        "A pathological vertebral fracture may come from a tumour and be unstable (vertebrae are coded under 'other site'); the code gives neither cause nor stability.";
    private const string EpiduralAbscess =
        "An intraspinal abscess may need emergency decompression; the code does not say whether it compresses neural structures or responds to antibiotics.";
    private const string Myelopathy =
        "Myelopathy is Urgent in the guidance only with recent progression, which the code cannot show; a severe or progressive deficit in the findings raises it.";
    private const string SpinalInfection =
        "A spinal infection is Urgent when it fails medical management, which the code cannot show; an abscess, instability or deficit in the findings raises it.";
    private const string PainfulFracture =
        "A painful vertebral collapse is the guidance's 'painful fracture', but whether the pain is intractable, or the collapse progresses or compresses, the code cannot show.";
    private const string Degenerative =
        "A degenerative disc or spondylotic condition is the guidance's own Elective example; a significant or severe deficit in the findings overrides the code.";
    private const string Radicular =
        "Radiculopathy without significant deficit is manageable without a procedure in the guidance; a significant or severe deficit in the findings overrides the code.";
    private const string BackPain =
        "Neck or back pain is the guidance's chronic condition manageable without a procedure; intractable pain or a deficit reported in the findings raises the category.";
    private const string Whiplash =
        "A cervical sprain (whiplash) after its acute phase is neck pain manageable without a procedure; the acute injury (initial encounter) stays a clinician's call, and a fracture or instability has its own codes.";
    private const string Listhesis =
        "Spondylolisthesis without significant deficit is the guidance's own Elective example; a significant or severe deficit in the findings overrides the code.";
    private const string Deformity =
        "Scoliosis and kyphosis correction is the guidance's own Elective example.";
    private const string UnclearDeformity =
        "A deformity is Elective, but this family is too broad to know that correction is what is asked for.";

    /// <summary>The table, in the guidance's order of criteria.</summary>
    public static IReadOnlyList<DiagnosisCodeMapping> Table => Mappings;

    private static readonly DiagnosisCodeMapping[] Mappings =
    [
        // Emergent: progressive or severe neurologic deficit due to compression.
        Decides("G83.4", "cauda equina syndrome", NassGuideline.SevereOrProgressiveDeficit,
            "Cauda equina syndrome is compression of the cauda equina with sphincter or saddle involvement, the guidance's own example: the code names the emergency."),
        Review("G95.81", "conus medullaris syndrome", NassGuideline.SevereOrProgressiveDeficit,
            "The conus syndrome is cauda equina syndrome one level up, but the code does not say its cause is compressive (infarct, myelitis)."),
        Review("G95.2", "other and unspecified cord compression", NassGuideline.SevereOrProgressiveDeficit,
            "Cord compression can cause a severe deficit, but the code does not say whether a deficit is present or progressing."),
        Review("G95.1", "vascular myelopathies", NassGuideline.SevereOrProgressiveDeficit,
            "Cord infarction or haemorrhage gives a severe deficit; the code does not say whether a compressing cause (a haematoma) needs decompression."),
        Review("G82", "paraplegia (paraparesis) and quadriplegia (quadriparesis)", NassGuideline.SevereOrProgressiveDeficit,
            "Paralysis is a severe deficit, but the code is also used for old injuries: it says neither whether it is new nor whether compression causes it."),
        Review("G83.0", "diplegia of upper limbs", NassGuideline.SevereOrProgressiveDeficit, LimbParalysis),
        Review("G83.1", "monoplegia of lower limb", NassGuideline.SevereOrProgressiveDeficit, LimbParalysis),
        Review("G83.2", "monoplegia of upper limb", NassGuideline.SevereOrProgressiveDeficit, LimbParalysis),
        Review("G83.3", "monoplegia, unspecified", NassGuideline.SevereOrProgressiveDeficit, LimbParalysis),
        Review("G83.81", "Brown-Séquard syndrome", NassGuideline.SevereOrProgressiveDeficit, CordSyndrome),
        Review("G83.82", "anterior cord syndrome", NassGuideline.SevereOrProgressiveDeficit, CordSyndrome),
        Review("G83.83", "posterior cord syndrome", NassGuideline.SevereOrProgressiveDeficit, CordSyndrome),
        Review("S14.0", "concussion and edema of cervical spinal cord", NassGuideline.SevereOrProgressiveDeficit, CordInjury),
        Review("S14.1", "other and unspecified injuries of cervical spinal cord (complete, central, anterior, Brown-Séquard, incomplete)", NassGuideline.SevereOrProgressiveDeficit, CordInjury),
        Review("S14.2", "injury of nerve root of cervical spine", NassGuideline.SevereOrProgressiveDeficit, RootInjury),
        Review("S24.0", "concussion and edema of thoracic spinal cord", NassGuideline.SevereOrProgressiveDeficit, CordInjury),
        Review("S24.1", "other and unspecified injuries of thoracic spinal cord", NassGuideline.SevereOrProgressiveDeficit, CordInjury),
        Review("S24.2", "injury of nerve root of thoracic spine", NassGuideline.SevereOrProgressiveDeficit, RootInjury),
        Review("S34.0", "concussion and edema of lumbar and sacral spinal cord", NassGuideline.SevereOrProgressiveDeficit, CordInjury),
        Review("S34.1", "other and unspecified injury of lumbar and sacral spinal cord", NassGuideline.SevereOrProgressiveDeficit, CordInjury),
        Review("S34.2", "injury of nerve root of lumbar and sacral spine", NassGuideline.SevereOrProgressiveDeficit, RootInjury),
        Review("S34.3", "injury of cauda equina", NassGuideline.SevereOrProgressiveDeficit,
            "A traumatic cauda equina injury is a severe deficit like cauda equina syndrome; the code does not say whether the canal is still compromised."),
        Review("C70.1", "malignant neoplasm of spinal meninges", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("C72.0", "malignant neoplasm of spinal cord", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("C72.1", "malignant neoplasm of cauda equina", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("D32.1", "benign neoplasm of spinal meninges", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("D33.4", "benign neoplasm of spinal cord", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("D42.1", "neoplasm of uncertain behavior of spinal meninges", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("D43.4", "neoplasm of uncertain behavior of spinal cord", NassGuideline.SevereOrProgressiveDeficit, IntraspinalTumour),
        Review("R33", "retention of urine", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("R32", "unspecified urinary incontinence", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("N39.42", "incontinence without sensory awareness", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("N39.490", "overflow incontinence", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("R15", "fecal incontinence", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("N31", "neuromuscular dysfunction of bladder, not elsewhere classified (neurogenic bladder)", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("K59.2", "neurogenic bowel, not elsewhere classified", NassGuideline.SevereOrProgressiveDeficit, Sphincter),
        Review("M21.37", "foot drop (acquired)", NassGuideline.SevereOrProgressiveDeficit,
            "A foot drop is a motor deficit that root compression can cause and worsen; the code gives neither its course nor its cause (a peroneal palsy looks the same)."),

        // Emergent: spinal instability at risk of causing neurologic injury.
        Review("S12.0", "fracture of first cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.1", "fracture of second cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.2", "fracture of third cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.3", "fracture of fourth cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.4", "fracture of fifth cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.5", "fracture of sixth cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.6", "fracture of seventh cervical vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S12.9", "fracture of neck, unspecified (cervical spine NOS)", NassGuideline.Instability, VertebralFracture),
        Review("S13.0", "traumatic rupture of cervical intervertebral disc", NassGuideline.Instability, DiscLigamentInjury),
        Review("S13.1", "subluxation and dislocation of cervical vertebrae", NassGuideline.Instability, DiscLigamentInjury),
        Review("S22.0", "fracture of thoracic vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S23.0", "traumatic rupture of thoracic intervertebral disc", NassGuideline.Instability, DiscLigamentInjury),
        Review("S23.1", "subluxation and dislocation of thoracic vertebra", NassGuideline.Instability, DiscLigamentInjury),
        Review("S32.0", "fracture of lumbar vertebra", NassGuideline.Instability, VertebralFracture),
        Review("S32.1", "fracture of sacrum", NassGuideline.Instability,
            "A sacral fracture can disconnect the spine from the pelvis or narrow the sacral canal; the code gives neither its pattern nor its stability."),
        Review("S33.0", "traumatic rupture of lumbar intervertebral disc", NassGuideline.Instability, DiscLigamentInjury),
        Review("S33.1", "subluxation and dislocation of lumbar vertebra", NassGuideline.Instability, DiscLigamentInjury),
        Review("M53.2", "spinal instabilities", NassGuideline.Instability,
            "The code names instability but not its cause or whether it threatens neural structures: Emergent assumed, a clinician may downgrade degenerative instability to Elective."),
        Review("M43.3", "recurrent atlantoaxial dislocation with myelopathy", NassGuideline.Instability,
            "Atlantoaxial instability that already affects the cord is instability at risk of neurologic injury; the code does not say whether it is progressing."),
        Review("M43.4", "other recurrent atlantoaxial dislocation", NassGuideline.Instability,
            "A recurrently dislocating atlantoaxial joint threatens the cord; the code gives neither the degree nor the neurologic state."),
        Review("M43.5", "other recurrent vertebral dislocation", NassGuideline.Instability,
            "A recurrently dislocating vertebra is unstable by definition; the code gives neither the degree nor the neurologic state."),
        Review("M45", "ankylosing spondylitis", NassGuideline.Instability, Ankylosed),
        Review("M48.1", "ankylosing hyperostosis [Forestier] (DISH)", NassGuideline.Instability, Ankylosed),
        Review("M84.48", "pathological fracture, other site", NassGuideline.Instability, PathologicalFracture),
        Review("M84.58", "pathological fracture in neoplastic disease, other specified site (vertebrae are coded here)", NassGuideline.Instability, PathologicalFracture),
        Review("M84.68", "pathological fracture in other disease, other site", NassGuideline.Instability, PathologicalFracture),
        Review("M96.69", "fracture of other bone following insertion of orthopedic implant, joint prosthesis, or bone plate", NassGuideline.Instability,
            "A fracture next to spinal instrumentation can make the construct fail; the code gives neither the bone (it may not be a vertebra) nor the stability."),
        Review("C41.2", "malignant neoplasm of vertebral column", NassGuideline.Instability, BoneTumour),
        Review("C41.4", "malignant neoplasm of pelvic bones, sacrum and coccyx", NassGuideline.Instability, BoneTumour),
        Review("C79.51", "secondary malignant neoplasm of bone (spinal metastases are coded here)", NassGuideline.Instability,
            "Spinal metastases are coded here (the code is not specific to the spine): a metastasis can make a vertebra unstable, and the code gives neither the level nor the stability."),
        Review("D16.6", "benign neoplasm of vertebral column", NassGuideline.Instability, BoneTumour),
        Review("D16.8", "benign neoplasm of pelvic bones, sacrum and coccyx", NassGuideline.Instability, BoneTumour),

        // Emergent: epidural abscess requiring surgical decompression.
        Review("G06.1", "intraspinal abscess and granuloma", NassGuideline.EpiduralAbscessDecompression, EpiduralAbscess),
        Review("G06.2", "extradural and subdural abscess, unspecified", NassGuideline.EpiduralAbscessDecompression, EpiduralAbscess),
        Review("G07", "intracranial and intraspinal abscess and granuloma in diseases classified elsewhere", NassGuideline.EpiduralAbscessDecompression,
            "The code covers intraspinal abscesses (and intracranial ones) in another disease, such as tuberculosis; it does not say whether decompression is needed."),

        // Emergent: postoperative wound infection.
        Decides("T84.63", "infection and inflammatory reaction due to internal fixation device of spine", NassGuideline.PostoperativeWoundInfection,
            "Infected spinal instrumentation is a postoperative infection at the spine, and the code says both: it decides."),
        Review("T84.7", "infection and inflammatory reaction due to other internal orthopedic prosthetic devices, implants and grafts", NassGuideline.PostoperativeWoundInfection,
            "A deep implant or graft infection, but the code gives no site: it may not be the spine."),
        Review("T81.4", "infection following a procedure", NassGuideline.PostoperativeWoundInfection,
            "A surgical-site infection, but after any procedure: the code says neither that the operation was on the spine nor how deep the infection is."),

        // Urgent: cervical or thoracic myelopathy with recent progression.
        Review("M47.1", "other spondylosis with myelopathy", NassGuideline.ProgressiveMyelopathy, Myelopathy),
        Review("M50.0", "cervical disc disorder with myelopathy", NassGuideline.ProgressiveMyelopathy, Myelopathy),
        Review("M51.0", "thoracic, thoracolumbar and lumbosacral intervertebral disc disorders with myelopathy", NassGuideline.ProgressiveMyelopathy, Myelopathy),
        Review("M48.8", "other specified spondylopathies (ossification of the posterior longitudinal ligament or ligamentum flavum)", NassGuideline.ProgressiveMyelopathy,
            "Ossified ligaments are coded here and narrow the canal; the code says neither whether myelopathy is present nor whether it progresses."),
        Review("G95.0", "syringomyelia and syringobulbia", NassGuideline.ProgressiveMyelopathy, Myelopathy),
        Review("G95.89", "other specified diseases of spinal cord", NassGuideline.ProgressiveMyelopathy, Myelopathy),
        Review("G95.9", "disease of spinal cord, unspecified (myelopathy NOS)", NassGuideline.ProgressiveMyelopathy, Myelopathy),
        Review("G99.2", "myelopathy in diseases classified elsewhere", NassGuideline.ProgressiveMyelopathy, Myelopathy),

        // Urgent: spinal infection failing medical management.
        Review("M46.2", "osteomyelitis of vertebra", NassGuideline.InfectionFailingMedicalManagement, SpinalInfection),
        Review("M46.3", "infection of intervertebral disc (pyogenic)", NassGuideline.InfectionFailingMedicalManagement, SpinalInfection),
        Review("M46.4", "discitis, unspecified", NassGuideline.InfectionFailingMedicalManagement, SpinalInfection),
        Review("M46.5", "other infective spondylopathies", NassGuideline.InfectionFailingMedicalManagement, SpinalInfection),
        Review("A18.01", "tuberculosis of spine", NassGuideline.InfectionFailingMedicalManagement, SpinalInfection),

        // Urgent: intractable pain despite non-procedural management.
        Review("M48.4", "fatigue fracture of vertebra", NassGuideline.IntractablePain, PainfulFracture),
        Review("M48.5", "collapsed vertebra, not elsewhere classified", NassGuideline.IntractablePain, PainfulFracture),
        Review("M80.?8", "osteoporosis with current pathological fracture, vertebra(e)", NassGuideline.IntractablePain, PainfulFracture),

        // Elective: manageable without a procedure.
        Decides("M48.0", "spinal stenosis", NassGuideline.ManageableWithoutProcedure,
            "Stenosis without significant deficit is the guidance's own Elective example; a significant or severe deficit in the findings overrides the code."),
        Decides("M43.0", "spondylolysis", NassGuideline.ManageableWithoutProcedure,
            "A pars defect without significant deficit is a chronic condition manageable without a procedure; a significant or severe deficit in the findings overrides the code."),
        Decides("M43.1", "spondylolisthesis", NassGuideline.ManageableWithoutProcedure, Listhesis),
        Decides("Q76.2", "congenital spondylolisthesis", NassGuideline.ManageableWithoutProcedure, Listhesis),
        Decides("M47.2", "other spondylosis with radiculopathy", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M47.8", "other spondylosis", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M47.9", "spondylosis, unspecified", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M48.2", "kissing spine", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M50.1", "cervical disc disorder with radiculopathy", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M51.1", "thoracic, thoracolumbar and lumbosacral intervertebral disc disorders with radiculopathy", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M50.2", "other cervical disc displacement", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M51.2", "other thoracic, thoracolumbar and lumbosacral intervertebral disc displacement", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M50.3", "other cervical disc degeneration", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M51.3", "other thoracic, thoracolumbar and lumbosacral intervertebral disc degeneration", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M51.4", "Schmorl's nodes", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M51.A", "intervertebral annulus fibrosus defect", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M50.8", "other cervical disc disorders", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M50.9", "cervical disc disorder, unspecified", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M51.8", "other thoracic, thoracolumbar and lumbosacral intervertebral disc disorders", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M51.9", "unspecified thoracic, thoracolumbar and lumbosacral intervertebral disc disorder", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M54.1", "radiculopathy", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("G54.2", "cervical root disorders, not elsewhere classified", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("G54.3", "thoracic root disorders, not elsewhere classified", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("G54.4", "lumbosacral root disorders, not elsewhere classified", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M54.2", "cervicalgia", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M54.3", "sciatica", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M54.4", "lumbago with sciatica", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M54.5", "low back pain", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M54.6", "pain in thoracic spine", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M54.8", "other dorsalgia", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M54.9", "dorsalgia, unspecified", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M53.0", "cervicocranial syndrome", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M53.1", "cervicobrachial syndrome", NassGuideline.ManageableWithoutProcedure, Radicular),
        Decides("M53.3", "sacrococcygeal disorders, not elsewhere classified (coccygodynia)", NassGuideline.ManageableWithoutProcedure, BackPain),
        Decides("M46.1", "sacroiliitis, not elsewhere classified", NassGuideline.ManageableWithoutProcedure,
            "Sacroiliac joint pain is a chronic condition manageable without a procedure; an infected joint or spine has its own codes, and a deficit in the findings raises the category."),
        Decides("S13.4XXD", "sprain of ligaments of cervical spine (whiplash), subsequent encounter", NassGuideline.ManageableWithoutProcedure, Whiplash),
        Decides("S13.4XXS", "sprain of ligaments of cervical spine (whiplash), sequela", NassGuideline.ManageableWithoutProcedure, Whiplash),
        Decides("M96.1", "postlaminectomy syndrome, not elsewhere classified", NassGuideline.ManageableWithoutProcedure,
            "Persistent pain after spinal surgery is a chronic condition manageable without a procedure; hardware failure, pseudarthrosis or a deficit have their own codes and findings."),
        Decides("M42.1", "adult osteochondrosis of spine", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M42.9", "spinal osteochondrosis, unspecified", NassGuideline.ManageableWithoutProcedure, Degenerative),
        Decides("M99", "biomechanical lesions, not elsewhere classified (segmental dysfunction, subluxation complex, stenoses of the neural canal and foramina)", NassGuideline.ManageableWithoutProcedure,
            "Chronic mechanical lesions and stenoses of the canal and foramina are the guidance's degenerative Elective example; a significant or severe deficit in the findings overrides the code."),

        // Elective: scoliosis and/or kyphosis correction.
        Decides("M40", "kyphosis and lordosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("M41", "scoliosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("M42.0", "juvenile osteochondrosis of spine (Scheuermann)", NassGuideline.DeformityCorrection,
            "Scheuermann's disease is a juvenile kyphosis, corrected electively."),
        Decides("M96.2", "postradiation kyphosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("M96.3", "postlaminectomy kyphosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("M96.4", "postsurgical lordosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("M96.5", "postradiation scoliosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("Q76.3", "congenital scoliosis due to congenital bony malformation", NassGuideline.DeformityCorrection, Deformity),
        Decides("Q76.41", "congenital kyphosis", NassGuideline.DeformityCorrection, Deformity),
        Decides("Q76.42", "congenital lordosis", NassGuideline.DeformityCorrection, Deformity),
        Review("M43.8", "other specified deforming dorsopathies", NassGuideline.DeformityCorrection, UnclearDeformity),
        Review("M43.9", "deforming dorsopathy, unspecified", NassGuideline.DeformityCorrection, UnclearDeformity),

        // Elective: symptomatic hardware or pseudarthrosis.
        Decides("M96.0", "pseudarthrosis after fusion or arthrodesis", NassGuideline.HardwareOrPseudarthrosis,
            "Pseudarthrosis is the guidance's own Elective example."),
        Decides("T84.2?6", "breakage, displacement or other mechanical complication of internal fixation device of vertebrae", NassGuideline.HardwareOrPseudarthrosis,
            "Failed spinal hardware is the guidance's 'symptomatic hardware'; instability or a deficit from it is reported in the findings and raises the category."),
        Review("T84.84", "pain due to internal orthopedic prosthetic devices, implants and grafts", NassGuideline.HardwareOrPseudarthrosis,
            "Painful hardware is the guidance's 'symptomatic hardware', but the code gives no site: it may not be the spine."),
    ];

    /// <summary>
    /// Families that concern the spine but have no row: a code of one of them cannot place a
    /// criterion by itself (sprains, congenital malformations, non-specific spinal cord and root
    /// disorders, other dorsopathies), so it must be flagged for a clinician rather than add nothing.
    /// Patterns as in the table; together with the table's rows they make <see cref="IsSpineRelevant"/>.
    /// </summary>
    public static IReadOnlyList<string> SpineRelevantFamilies => RelevantFamilies;

    private static readonly string[] RelevantFamilies =
    [
        "M4", "M50", "M51", "M53", "M54", // dorsopathies M40-M54 (there is no M52)
        "G95", "G83.89", "G83.9", "G54.8", "G54.9", "G55",
        "S13.4", "S23.3", "S32.2", "S33.5", // sprains of the spinal ligaments, fracture of coccyx
        "T84.60", // infection due to an internal fixation device, site unspecified
        "C79.49", // secondary malignant neoplasm of other parts of the nervous system (spinal cord, meninges)
        "N39.4", "R39.14", // other urinary incontinence, incomplete bladder emptying
        "Q05", "Q06", "Q76.0", "Q76.1", "Q76.49", // spina bifida, cord malformations (tethered cord), other congenital spine
    ];

    private static readonly string[] NormalizedRelevantFamilies = [.. RelevantFamilies.Select(Normalize)];

    // The rows by their ICD-10-CM category (the first three characters, which no pattern leaves
    // open), each bucket in table order: first match within the bucket is first match in the
    // table, and a lookup checks a few rows instead of all of them (this runs for every code of
    // every referral).
    private static readonly Dictionary<long, DiagnosisCodeMapping[]> ByCategory = IndexByCategory(Mappings);

    /// <summary>Finds the family of a code (any case, dot optional), or null when the table has none.</summary>
    public static DiagnosisCodeMapping? Find(ReadOnlySpan<char> code)
    {
        Span<char> normalized = stackalloc char[16];
        var length = Normalize(code, normalized);
        if (length < 3 || !ByCategory.TryGetValue(CategoryKey(normalized), out var candidates))
        {
            return null;
        }

        foreach (var mapping in candidates)
        {
            if (mapping.Covers(normalized[..length]))
            {
                return mapping;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a code (any case, dot optional) concerns the spine: a row of the table maps it, or it
    /// belongs to one of <see cref="SpineRelevantFamilies"/>. A spine-relevant code that
    /// <see cref="Find"/> does not map cannot place a criterion alone and calls for clinician review.
    /// Common comorbidities (diabetes, hypertension, ...) are not spine-relevant.
    /// </summary>
    public static bool IsSpineRelevant(ReadOnlySpan<char> code)
    {
        Span<char> normalized = stackalloc char[16];
        var length = Normalize(code, normalized);
        if (length < 0)
        {
            return false;
        }

        var candidate = normalized[..length];
        foreach (var family in NormalizedRelevantFamilies)
        {
            if (Matches(family, candidate))
            {
                return true;
            }
        }

        return Find(code) is not null;
    }

    /// <summary>Upper case without dots: the form codes are compared in.</summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Replace(".", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
    }

    /// <summary>The conventional display form: upper case, a dot after the third character.</summary>
    public static string Display(string code)
    {
        var normalized = Normalize(code);
        return normalized.Length > 3 ? string.Concat(normalized.AsSpan(0, 3), ".", normalized.AsSpan(3)) : normalized;
    }

    /// <summary>Whether a normalized code starts with a normalized pattern (<c>?</c> = any one character).</summary>
    internal static bool Matches(string normalizedPattern, ReadOnlySpan<char> normalizedCode)
    {
        if (normalizedCode.Length < normalizedPattern.Length)
        {
            return false;
        }

        for (var i = 0; i < normalizedPattern.Length; i++)
        {
            if (normalizedPattern[i] != '?' && normalizedPattern[i] != normalizedCode[i])
            {
                return false;
            }
        }

        return true;
    }

    private static long CategoryKey(ReadOnlySpan<char> normalized) =>
        ((long)normalized[0] << 32) | ((long)normalized[1] << 16) | normalized[2];

    private static Dictionary<long, DiagnosisCodeMapping[]> IndexByCategory(DiagnosisCodeMapping[] mappings)
    {
        var buckets = new Dictionary<long, List<DiagnosisCodeMapping>>();
        foreach (var mapping in mappings)
        {
            var pattern = Normalize(mapping.Pattern);
            if (pattern.Length < 3 || pattern.AsSpan(0, 3).Contains('?'))
            {
                throw new InvalidOperationException($"The pattern {mapping.Pattern} must start with a whole ICD-10-CM category (three characters, no '?').");
            }

            var key = CategoryKey(pattern);
            if (!buckets.TryGetValue(key, out var bucket))
            {
                buckets[key] = bucket = [];
            }

            bucket.Add(mapping);
        }

        return buckets.ToDictionary(b => b.Key, b => b.Value.ToArray());
    }

    /// <summary>Writes a code upper case without dots into <paramref name="destination"/>; returns its length, or -1 when it does not fit.</summary>
    internal static int Normalize(ReadOnlySpan<char> code, Span<char> destination)
    {
        var length = 0;
        foreach (var c in code)
        {
            if (c == '.')
            {
                continue;
            }

            if (length == destination.Length)
            {
                return -1;
            }

            destination[length++] = char.ToUpperInvariant(c);
        }

        return length;
    }
}
