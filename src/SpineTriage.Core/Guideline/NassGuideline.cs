using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Guideline;

/// <summary>
/// The NASS COVID-19 guidance for spine procedures as data: each criterion with its stable id,
/// category and the guidance's wording (shared/seed/nass-covid19-spine-guidance.txt). The rule
/// that decides each criterion is in <c>Guideline/Rules</c>, one small class per criterion.
/// </summary>
public static class NassGuideline
{
    /// <summary>The rule-set version recorded in every result. Change it whenever a rule or mapping changes.</summary>
    public const string Version = "nass-covid19-2020.25";

    /// <summary>
    /// The clinical lexicon's version this rule set was measured with (ClinicalText/clinical-lexicon.json).
    /// The lexicon decides red flags and conflicts, so changing it is a rule-set change: bump both.
    /// </summary>
    public const string LexiconVersion = "spine-lexicon-2026.20";

    /// <summary>Progressive or severe neurologic deficit.</summary>
    public static readonly Criterion SevereOrProgressiveDeficit = new(
        "emergent.severe-or-progressive-deficit", TriageCategory.Emergent,
        "Progressive or severe neurologic deficit due to neurologic compression from any cause (eg, infection, tumor, fracture, disc herniation)", 0);

    /// <summary>Spinal instability at risk of causing neurologic injury.</summary>
    public static readonly Criterion Instability = new(
        "emergent.instability", TriageCategory.Emergent,
        "Spinal instability at risk of causing neurologic injury from any cause (eg, fracture, tumor, infection)", 1);

    /// <summary>Epidural abscess requiring surgical decompression.</summary>
    public static readonly Criterion EpiduralAbscessDecompression = new(
        "emergent.epidural-abscess-decompression", TriageCategory.Emergent,
        "Epidural abscess requiring surgical decompression", 2);

    /// <summary>Postoperative wound infection.</summary>
    public static readonly Criterion PostoperativeWoundInfection = new(
        "emergent.postoperative-wound-infection", TriageCategory.Emergent,
        "Postoperative wound infection", 3);

    /// <summary>Cervical or thoracic myelopathy with recent progression.</summary>
    public static readonly Criterion ProgressiveMyelopathy = new(
        "urgent.progressive-myelopathy", TriageCategory.Urgent,
        "Cervical or thoracic myelopathy due to spinal stenosis, with recent progression", 4);

    /// <summary>Spinal infection failing medical management.</summary>
    public static readonly Criterion InfectionFailingMedicalManagement = new(
        "urgent.infection-failing-medical-management", TriageCategory.Urgent,
        "Spinal infection (eg, discitis, osteomyelitis, epidural abscess) that fails to respond to medical management", 5);

    /// <summary>Persistent significant neurologic deficit.</summary>
    public static readonly Criterion PersistentSignificantDeficit = new(
        "urgent.persistent-significant-deficit", TriageCategory.Urgent,
        "Persistent significant neurologic deficit due to neurologic compression with or without deformity (distinguished from \"severe neurologic deficit\" that is listed under emergent)", 6);

    /// <summary>Intractable pain despite non-procedural management.</summary>
    public static readonly Criterion IntractablePain = new(
        "urgent.intractable-pain", TriageCategory.Urgent,
        "Spinal conditions causing intractable pain that result in ED presentation, severe functional limitations and/or excessive opioid use despite non-procedural attempts at management (eg, painful disc herniation, painful fracture, progressive fracture related deformity)", 7);

    /// <summary>Manageable without a procedure during the crisis.</summary>
    public static readonly Criterion ManageableWithoutProcedure = new(
        "elective.manageable-without-procedure", TriageCategory.Elective,
        "Spinal conditions where pain and dysfunction can be reasonably managed without procedural intervention during the crisis (eg, chronic conditions, degenerative spinal disorders such as degenerative disc disease, some disc herniations, spinal stenosis or spondylolisthesis without significant neurologic deficit)", 8);

    /// <summary>Scoliosis and/or kyphosis correction.</summary>
    public static readonly Criterion DeformityCorrection = new(
        "elective.deformity-correction", TriageCategory.Elective,
        "Scoliosis and/or kyphosis correction", 9);

    /// <summary>Symptomatic hardware or pseudarthrosis.</summary>
    public static readonly Criterion HardwareOrPseudarthrosis = new(
        "elective.hardware-or-pseudarthrosis", TriageCategory.Elective,
        "Symptomatic hardware or pseudoarthrosis", 10);

    /// <summary>Every criterion, in the guidance's order.</summary>
    public static IReadOnlyList<Criterion> Criteria => CriteriaInOrder;

    internal static readonly Criterion[] CriteriaInOrder =
    [
        SevereOrProgressiveDeficit, Instability, EpiduralAbscessDecompression, PostoperativeWoundInfection,
        ProgressiveMyelopathy, InfectionFailingMedicalManagement, PersistentSignificantDeficit, IntractablePain,
        ManageableWithoutProcedure, DeformityCorrection, HardwareOrPseudarthrosis,
    ];

    /// <summary>Finds a criterion by its stable id.</summary>
    public static Criterion GetCriterion(string id) =>
        Criteria.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"No guideline criterion has the id '{id}'.");

    /// <summary>The guidance's recommendation for a category.</summary>
    public static string Recommendation(TriageCategory category) => category switch
    {
        TriageCategory.Emergent => "Do not postpone the procedure/treatment",
        TriageCategory.Urgent => "Proceed if the local situation and resources allow",
        TriageCategory.Elective => "Consider postponing the procedure/treatment",
        TriageCategory.Unclassified => "Clinician review: no guideline criterion could be applied",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
