namespace SpineTriage.Core.ClinicalText;

/// <summary>
/// What the clinical text reader found in one text, per concept of the lexicon (a bit per
/// <see cref="ClinicalConcept.Index"/>). A concept can be in more than one set when it is mentioned
/// more than once ("history of CES in 2019, now recurrent CES").
/// </summary>
/// <param name="Flagged">Mentioned as a current finding in this patient, affirmed or suspected: a red flag.</param>
/// <param name="Uncertain">Flagged, and at least one flagged mention is suspected or uncertain ("?CES", "cannot exclude").</param>
/// <param name="Negated">Mentioned as absent or normal ("denies retention", "anal tone normal").</param>
/// <param name="Historical">Mentioned as past ("history of CES, decompressed 2019").</param>
/// <param name="Hypothetical">Mentioned as something that may happen ("return if retention").</param>
/// <param name="Family">Mentioned about another person ("mother had CES").</param>
public readonly record struct TextFindings(ulong Flagged, ulong Uncertain, ulong Negated, ulong Historical, ulong Hypothetical, ulong Family)
{
    /// <summary>Nothing found.</summary>
    public static TextFindings None => default;

    /// <summary>Whether any concept is flagged.</summary>
    public bool AnyFlagged => Flagged != 0;

    /// <summary>Whether a concept is flagged.</summary>
    public bool IsFlagged(ClinicalConcept concept) => Has(Flagged, concept);

    /// <summary>Whether a concept is mentioned only as absent, normal or past: never flagged.</summary>
    public bool IsOnlyNegatedOrPast(ClinicalConcept concept) => !Has(Flagged, concept) && (Has(Negated, concept) || Has(Historical, concept));

    /// <summary>Both texts' findings together.</summary>
    public TextFindings Union(TextFindings other) => new(
        Flagged | other.Flagged, Uncertain | other.Uncertain, Negated | other.Negated,
        Historical | other.Historical, Hypothetical | other.Hypothetical, Family | other.Family);

    private static bool Has(ulong mask, ClinicalConcept concept)
    {
        ArgumentNullException.ThrowIfNull(concept);
        return (mask & (1UL << concept.Index)) != 0;
    }
}
