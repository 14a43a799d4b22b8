using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Builders;

/// <summary>
/// The stable criterion ids of DESIGN.md, written out here (not read from src) so that a renamed
/// id, which would break every stored result, fails the tests.
/// </summary>
public static class CriterionIds
{
    public const string SevereOrProgressiveDeficit = "emergent.severe-or-progressive-deficit";
    public const string SpinalInstability = "emergent.instability";
    public const string EpiduralAbscessDecompression = "emergent.epidural-abscess-decompression";
    public const string PostoperativeWoundInfection = "emergent.postoperative-wound-infection";
    public const string ProgressiveMyelopathy = "urgent.progressive-myelopathy";
    public const string InfectionFailingMedicalManagement = "urgent.infection-failing-medical-management";
    public const string PersistentSignificantDeficit = "urgent.persistent-significant-deficit";
    public const string IntractablePain = "urgent.intractable-pain";
    public const string ManageableWithoutProcedure = "elective.manageable-without-procedure";
    public const string DeformityCorrection = "elective.deformity-correction";
    public const string HardwareOrPseudarthrosis = "elective.hardware-or-pseudarthrosis";

    /// <summary>Every id, in the guidance's order (the order results list them in).</summary>
    public static IReadOnlyList<string> InGuidanceOrder { get; } =
    [
        SevereOrProgressiveDeficit, SpinalInstability, EpiduralAbscessDecompression, PostoperativeWoundInfection,
        ProgressiveMyelopathy, InfectionFailingMedicalManagement, PersistentSignificantDeficit, IntractablePain,
        ManageableWithoutProcedure, DeformityCorrection, HardwareOrPseudarthrosis,
    ];

    /// <summary>The category an id belongs to, from its prefix.</summary>
    public static TriageCategory CategoryOf(string id) => id.Split('.')[0] switch
    {
        "emergent" => TriageCategory.Emergent,
        "urgent" => TriageCategory.Urgent,
        "elective" => TriageCategory.Elective,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Not a criterion id."),
    };

    /// <summary>The category a set of matched criteria gives: the highest, or Unclassified when none.</summary>
    public static TriageCategory CategoryOf(IEnumerable<string> ids) =>
        ids.Select(CategoryOf).DefaultIfEmpty(TriageCategory.Unclassified).Max();

    /// <summary>The ids in the guidance's order.</summary>
    public static string[] Ordered(IEnumerable<string> ids) =>
        [.. ids.Distinct().OrderBy(id => InGuidanceOrder.ToList().IndexOf(id))];
}
