namespace SpineTriage.Core.Guideline;

/// <summary>
/// One row of the ICD-10-CM mapping: a code family, the criterion it adds, and whether the code
/// alone decides it or only sets the plausible category and asks for review.
/// </summary>
/// <param name="Pattern">The code family as clinicians write it: <c>M47.1</c> covers M47.1x; <c>?</c> stands for any one character (<c>M80.?8</c>).</param>
/// <param name="Description">What the family is, in the classification's words.</param>
/// <param name="Criterion">The criterion the family adds.</param>
/// <param name="DecidesAlone">True when the code alone is enough; false when it sets <c>needsReview</c>.</param>
public sealed record DiagnosisCodeMapping(string Pattern, string Description, Criterion Criterion, bool DecidesAlone)
{
    private readonly string _normalized = DiagnosisCodeMap.Normalize(Pattern);

    /// <summary>Whether a normalized code (upper case, no dot) belongs to this family.</summary>
    public bool Covers(ReadOnlySpan<char> normalizedCode)
    {
        if (normalizedCode.Length < _normalized.Length)
        {
            return false;
        }

        for (var i = 0; i < _normalized.Length; i++)
        {
            if (_normalized[i] != '?' && _normalized[i] != normalizedCode[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The ICD-10-CM mapping table, kept as data: code family to criterion. Codes match by prefix,
/// case- and dot-insensitive (M47.12, m4712 and M47.12 are the same code). Where a code alone
/// cannot decide (cord compression, abscess, fractures, tumours, myelopathy, infection) it sets the
/// plausible category, never a lower one, and flags the referral for review.
/// </summary>
public static class DiagnosisCodeMap
{
    private static DiagnosisCodeMapping Decides(string pattern, string description, Criterion criterion) => new(pattern, description, criterion, true);

    private static DiagnosisCodeMapping Review(string pattern, string description, Criterion criterion) => new(pattern, description, criterion, false);

    /// <summary>The table, in the guidance's order of criteria.</summary>
    public static IReadOnlyList<DiagnosisCodeMapping> Table => Mappings;

    private static readonly DiagnosisCodeMapping[] Mappings =
    [
        Decides("G83.4", "cauda equina syndrome", NassGuideline.SevereOrProgressiveDeficit),
        Review("G95.2", "cord compression", NassGuideline.SevereOrProgressiveDeficit),
        Review("S12", "fracture of cervical vertebra", NassGuideline.Instability),
        Review("S22.0", "fracture of thoracic vertebra", NassGuideline.Instability),
        Review("S32.0", "fracture of lumbar vertebra", NassGuideline.Instability),
        Review("M84.58", "pathological fracture in neoplastic disease, vertebrae", NassGuideline.Instability),
        Review("M84.68", "pathological fracture in other disease, vertebrae", NassGuideline.Instability),
        Review("C41.2", "malignant neoplasm of vertebral column", NassGuideline.Instability),
        Review("C79.51", "secondary malignant neoplasm of bone", NassGuideline.Instability),
        Review("D16.6", "benign neoplasm of vertebral column", NassGuideline.Instability),
        Review("G06.1", "intraspinal abscess and granuloma", NassGuideline.EpiduralAbscessDecompression),
        Decides("T81.4", "infection following a procedure", NassGuideline.PostoperativeWoundInfection),
        Decides("T84.6", "infection and inflammatory reaction due to internal fixation device", NassGuideline.PostoperativeWoundInfection),
        Review("M47.1", "spondylosis with myelopathy", NassGuideline.ProgressiveMyelopathy),
        Review("M50.0", "cervical disc disorder with myelopathy", NassGuideline.ProgressiveMyelopathy),
        Review("M51.0", "thoracic or lumbar disc disorder with myelopathy", NassGuideline.ProgressiveMyelopathy),
        Review("M46.2", "osteomyelitis of vertebra", NassGuideline.InfectionFailingMedicalManagement),
        Review("M46.3", "infection of intervertebral disc (pyogenic)", NassGuideline.InfectionFailingMedicalManagement),
        Review("M46.4", "discitis", NassGuideline.InfectionFailingMedicalManagement),
        Review("M48.5", "collapsed vertebra", NassGuideline.IntractablePain),
        Review("M80.?8", "osteoporosis with current pathological fracture, vertebra", NassGuideline.IntractablePain),
        Decides("M48.0", "spinal stenosis", NassGuideline.ManageableWithoutProcedure),
        Decides("M43.1", "spondylolisthesis", NassGuideline.ManageableWithoutProcedure),
        Decides("M50.1", "cervical disc disorder with radiculopathy", NassGuideline.ManageableWithoutProcedure),
        Decides("M51.1", "thoracic or lumbar disc disorder with radiculopathy", NassGuideline.ManageableWithoutProcedure),
        Decides("M50.2", "other cervical disc displacement", NassGuideline.ManageableWithoutProcedure),
        Decides("M51.2", "other thoracic or lumbar disc displacement", NassGuideline.ManageableWithoutProcedure),
        Decides("M54.1", "radiculopathy", NassGuideline.ManageableWithoutProcedure),
        Decides("M50.3", "other cervical disc degeneration", NassGuideline.ManageableWithoutProcedure),
        Decides("M51.3", "other thoracic or lumbar disc degeneration", NassGuideline.ManageableWithoutProcedure),
        Decides("M40", "kyphosis and lordosis", NassGuideline.DeformityCorrection),
        Decides("M41", "scoliosis", NassGuideline.DeformityCorrection),
        Decides("M96.0", "pseudarthrosis after fusion or arthrodesis", NassGuideline.HardwareOrPseudarthrosis),
        Decides("T84.2", "mechanical complication of internal fixation device", NassGuideline.HardwareOrPseudarthrosis),
    ];

    /// <summary>Finds the family of a code (any case, dot optional), or null when the table has none.</summary>
    public static DiagnosisCodeMapping? Find(ReadOnlySpan<char> code)
    {
        Span<char> normalized = stackalloc char[16];
        var length = Normalize(code, normalized);
        if (length < 0)
        {
            return null;
        }

        foreach (var mapping in Mappings)
        {
            if (mapping.Covers(normalized[..length]))
            {
                return mapping;
            }
        }

        return null;
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

    private static int Normalize(ReadOnlySpan<char> code, Span<char> destination)
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
