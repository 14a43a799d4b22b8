using System.Collections.Frozen;

namespace SpineTriage.Core.ClinicalText;

/// <summary>
/// Whether a free text is written in a language the clinical text reader cannot read. The
/// lexicon is English; a note in German, French, Spanish, Italian or Portuguese ("Seit gestern
/// Blasenentleerungsstörung und Reithosenanästhesie") flags nothing, and that silence must not
/// pass for "no red flags". The check counts function words, the words every sentence of a
/// language needs and no clinical vocabulary replaces (with the few body and symptom words a
/// family member writes: "orina", "Schmerzen", "jambe"), and of Polish, Romanian, Dutch, Turkish and
/// Hindi or Urdu written in Latin letters ("peshab theek se nahi utar raha"),
/// any word with a letter English never writes (é, ñ, ł, ą, ş), and any word written in a script
/// other than Latin (Cyrillic, Arabic, Chinese...): a text is foreign
/// when at least three of its words are such words and they outnumber its English ones, in the whole
/// text or in one passage of it (a sentence, a line or a quotation), so a relative's quoted words
/// inside an English note count. Words that are also English or English shorthand ("a", "die",
/// "per", "non", "los", "la", "le", "se", "al", "y", "IM", "von", "Na", "IL") are not counted.
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
        "heute", "sowie", "wurde", "noch", "nach", "oder", "schmerzen", "bein", "beine", "blase", "taubheit",
        // French
        "les", "des", "du", "et", "avec", "une", "dans", "sur", "depuis", "droite", "gauche", "droit",
        "jours", "semaines", "hier", "aujourd", "elle", "sans", "aucun", "aucune", "au", "aux",
        "douleur", "douleurs", "jambe", "jambes", "selles",
        // Spanish
        "las", "una", "por", "desde", "izquierda", "derecha", "dias", "días", "semanas", "ayer", "hoy",
        "paciente", "pero", "sus", "muy", "que", "hace", "dice", "nada", "con", "cuando", "tiene",
        "dolor", "espalda", "pierna", "piernas", "orina", "heces", "entumecimiento", "hormigueo",
        // Italian
        "gli", "della", "dello", "delle", "sinistra", "destra", "giorni", "settimane", "ieri", "oggi",
        "nel", "nella", "alla", "dolore", "gamba", "gambe", "schiena",
        // Portuguese
        "não", "esquerda", "direita", "ontem", "hoje", "nas", "dor", "perna", "pernas", "costas",
        // Polish ("od", "do", "po", "na", "to" and "i" are also English or English shorthand)
        "nie", "się", "jest", "mam", "mnie", "teraz", "też", "kiedy", "oraz", "przez", "bardzo", "wczoraj",
        "dzisiaj", "noga", "nogi", "nogę", "ból", "boli", "plecy", "mocz", "krocze",
        // Romanian
        "și", "în", "că", "pentru", "este", "sunt", "foarte", "ieri", "azi", "dureri", "durere", "picior",
        "picioare", "spate", "urină",
        // Dutch
        "het", "een", "niet", "ook", "maar", "geen", "mijn", "zijn", "heb", "sinds", "gisteren", "pijn",
        "benen", "plassen",
        // Turkish ("ve" is English "+ve")
        "bir", "çok", "için", "değil", "dün", "bugün", "yok", "ağrı", "ağrısı", "bacak", "bacağım", "idrar",
        // Hindi and Urdu in Latin letters, as a referrer writes a patient's words ("se", "do" and "pet" are also English)
        "hai", "hain", "nahi", "nahin", "raha", "rahi", "rahe", "lagta", "lagti", "mujhe", "mera", "meri", "bahut",
        "theek", "thik", "din", "aaj", "dard", "peshab", "pishab", "kamar", "bhara", "utar", "hota", "hoti");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup = English.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ForeignLookup = Foreign.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the text, or a passage of it (a sentence, a line, a quotation), reads as written in a language other than English.</summary>
    public static bool IsForeign(ReadOnlySpan<char> text)
    {
        // Counts for the whole text and for the current passage.
        int english = 0, foreign = 0, passageEnglish = 0, passageForeign = 0;
        Span<char> word = stackalloc char[MaxWordLength];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                if (EndsPassage(text, i))
                {
                    if (IsForeign(passageForeign, passageEnglish))
                    {
                        return true;
                    }

                    passageEnglish = passageForeign = 0;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (NonLatinWords(text.Slice(start, length)) is > 0 and var words)
            {
                foreign += words;
                passageForeign += words;
                continue;
            }

            if (length > MaxWordLength)
            {
                continue;
            }

            var lower = word[..length];
            text.Slice(start, length).ToLowerInvariant(lower);
            // A capitalised word with a foreign letter is most often a name (Dr Müller, Guillain-Barré).
            var foreignLetter = !char.IsUpper(text[start]) && HasForeignLetter(lower);
            if (EnglishLookup.Contains(lower) && !foreignLetter)
            {
                english++;
                passageEnglish++;
            }
            else if (ForeignLookup.Contains(lower) || foreignLetter)
            {
                foreign++;
                passageForeign++;
            }
        }

        return IsForeign(foreign, english) || IsForeign(passageForeign, passageEnglish);
    }

    // How many words a run of letters of a script other than Latin counts for (Cyrillic, Greek,
    // Arabic, Hebrew, the Indic scripts: one; Chinese, Japanese and Korean, written without spaces:
    // one per two characters); 0 for Latin letters or a single letter (no clinical English is written
    // so; "TNF-α" and "μg" count nothing).
    private static int NonLatinWords(ReadOnlySpan<char> run)
    {
        if (run.Length < 2)
        {
            return 0;
        }

        var ideographs = 0;
        foreach (var c in run)
        {
            if (c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF')
            {
                return 0;
            }

            if (c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF')
            {
                ideographs++;
            }
        }

        return ideographs > 0 ? Math.Max(1, run.Length / 2) : 1;
    }

    // A letter English never writes: accented Latin (é, ñ, ü, ç) and the Latin letters of Central and
    // Eastern Europe and Turkey (ł, ą, ę, ś, ż, ő, ş, ğ, ă, ț). A word with one is another language's
    // (a lower-case word: a capitalised one is most often a name; "café" alone is one word, never three).
    private static bool HasForeignLetter(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is >= '\u00C0' and <= '\u024F' and not '\u00D7' and not '\u00F7')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsForeign(int foreign, int english) => foreign >= MinimumForeignWords && foreign > english;

    // A sentence end, a line break, or a quotation mark (an apostrophe inside a word, "can't", is not one).
    private static bool EndsPassage(ReadOnlySpan<char> text, int i) => text[i] switch
    {
        '.' or '!' or '?' or ';' or '\n' or '\r' or '"' or '\u201C' or '\u201D' or '\u00AB' or '\u00BB' => true,
        '\'' or '\u2018' or '\u2019' => !(i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1])),
        _ => false,
    };
}
