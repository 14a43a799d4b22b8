using System.Collections.Frozen;

namespace SpineTriage.Core.ClinicalText;

/// <summary>
/// Whether a free text is written in a language the clinical text reader cannot read. The
/// lexicon is English; a note in German, French, Spanish, Italian or Portuguese ("Seit gestern
/// Blasenentleerungsstörung und Reithosenanästhesie") flags nothing, and that silence must not
/// pass for "no red flags". The check counts function words, the words every sentence of a
/// language needs and no clinical vocabulary replaces: a text is foreign when at least three of
/// its words are function words of those languages and they outnumber its English ones. Words
/// that are also English or English shorthand ("a", "die", "per", "non", "los", "IM", "von", "Na", "IL")
/// are not counted.
/// </summary>
public static class TextLanguage
{
    /// <summary>How many foreign function words make a text foreign (with more of them than English ones).</summary>
    public const int MinimumForeignWords = 3;

    private const int MaxWordLength = 16;

    private static readonly FrozenSet<string> English = FrozenSet.Create(StringComparer.Ordinal,
        "the", "and", "of", "with", "for", "to", "is", "was", "are", "were", "has", "had", "have", "been",
        "not", "since", "from", "at", "on", "but", "this", "that", "these", "he", "she", "his", "her",
        "they", "their", "an", "or", "by", "as", "it", "its", "into", "over", "after", "before",
        "without", "both", "now", "which", "who", "be", "no", "in", "than", "then", "some", "any");

    private static readonly FrozenSet<string> Foreign = FrozenSet.Create(StringComparer.Ordinal,
        // German
        "der", "das", "und", "mit", "seit", "nicht", "ein", "eine", "einer", "einem", "ist", "bei",
        "zu", "auf", "keine", "kein", "links", "rechts", "beidseits", "tagen", "wochen", "gestern",
        "heute", "sowie", "wurde", "noch", "nach", "oder",
        // French
        "les", "des", "du", "et", "avec", "une", "dans", "sur", "depuis", "droite", "gauche", "droit",
        "jours", "semaines", "hier", "aujourd", "elle", "sans", "aucun", "aucune", "au", "aux",
        // Spanish
        "las", "una", "por", "desde", "izquierda", "derecha", "dias", "días", "semanas", "ayer", "hoy",
        "paciente", "pero", "sus", "muy",
        // Italian
        "gli", "della", "dello", "delle", "sinistra", "destra", "giorni", "settimane", "ieri", "oggi",
        "nel", "nella", "alla",
        // Portuguese
        "não", "esquerda", "direita", "ontem", "hoje", "nas");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup = English.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ForeignLookup = Foreign.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the text reads as written in a language other than English.</summary>
    public static bool IsForeign(ReadOnlySpan<char> text)
    {
        var english = 0;
        var foreign = 0;
        Span<char> word = stackalloc char[MaxWordLength];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (length > MaxWordLength)
            {
                continue;
            }

            var lower = word[..length];
            text.Slice(start, length).ToLowerInvariant(lower);
            if (EnglishLookup.Contains(lower))
            {
                english++;
            }
            else if (ForeignLookup.Contains(lower))
            {
                foreign++;
            }
        }

        return foreign >= MinimumForeignWords && foreign > english;
    }
}
