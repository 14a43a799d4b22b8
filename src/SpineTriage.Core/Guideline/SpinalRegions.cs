namespace SpineTriage.Core.Guideline;

/// <summary>
/// Regions of the spine as bits (cervical 1, thoracic 2, lumbar/sacral 4): the region an
/// ICD-10-CM dorsopathy code names by its site character, and the regions whose levels a text
/// names ("C5/6", "T12", "L4-S1").
/// </summary>
public static class SpinalRegions
{
    /// <summary>Cervical.</summary>
    public const int Cervical = 1;

    /// <summary>Thoracic.</summary>
    public const int Thoracic = 2;

    /// <summary>Lumbar or sacral.</summary>
    public const int Lumbar = 4;

    // Families whose site is the character after the subcategory (M48.0[6]1, M47.1[2], M54.1[6]),
    // and the position of that character in the normalised code (no dot).
    private static readonly (string Family, int Position)[] SiteCoded =
    [
        ("M4781", 5), ("M4789", 5), ("M471", 4), ("M472", 4), ("M480", 4), ("M431", 4), ("M541", 4),
        ("M511", 4), ("M512", 4), ("M513", 4), ("M510", 4), ("M464", 4), ("M462", 4), ("M463", 4),
    ];

    /// <summary>The region a code names, or 0 when it names none (or several, or an unspecified site).</summary>
    public static int OfCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalized = DiagnosisCodeMap.Normalize(code);
        if (normalized.StartsWith("M50", StringComparison.Ordinal) || normalized.StartsWith("M542", StringComparison.Ordinal))
        {
            return Cervical; // cervical disc disorders, cervicalgia
        }

        if (normalized.StartsWith("M545", StringComparison.Ordinal) || normalized.StartsWith("M543", StringComparison.Ordinal) || normalized.StartsWith("M544", StringComparison.Ordinal))
        {
            return Lumbar; // low back pain, sciatica, lumbago with sciatica
        }

        if (normalized.StartsWith("M546", StringComparison.Ordinal))
        {
            return Thoracic; // pain in thoracic spine
        }

        foreach (var (family, position) in SiteCoded)
        {
            if (normalized.StartsWith(family, StringComparison.Ordinal) && normalized.Length > position)
            {
                return normalized[position] switch
                {
                    '1' or '2' => Cervical,
                    '4' => Thoracic,
                    '6' or '7' or '8' => Lumbar,
                    _ => 0, // cervicothoracic, thoracolumbar, unspecified: no single region
                };
            }
        }

        return 0;
    }

    /// <summary>The regions whose levels a text names: C1-C7, T1-T12, L1-L5, S1-S5 as words.</summary>
    public static int Named(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var regions = 0;
        var rangeFrom = 0;
        var rangeTo = -1;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            var letter = char.ToUpperInvariant(text[i]);
            if (letter is not ('C' or 'T' or 'L' or 'S') || (i > 0 && char.IsLetterOrDigit(text[i - 1])) || !char.IsAsciiDigit(text[i + 1]))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            // "T2 signal", "C-spine": a level is a short number not followed by more letters ("T2W").
            if (end - i > 3 || (end < text.Length && char.IsLetter(text[end])))
            {
                continue;
            }

            var level = int.Parse(text.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture);
            var region = letter switch
            {
                'C' when level is >= 1 and <= 7 => Cervical,
                'T' when level is >= 1 and <= 12 => Thoracic,
                'L' when level is >= 1 and <= 5 => Lumbar,
                'S' when level is >= 1 and <= 5 => Lumbar,
                _ => 0,
            };

            // A range spans every region between its ends: "C4-T2" is cervical and thoracic, "T4-L3"
            // thoracic and lumbar, "C2-L1" all three, and "T10-pelvis" (a long fusion to the ilium or
            // sacrum) reaches the lumbar spine too.
            regions |= region | (i == rangeTo ? Between(rangeFrom, region) : 0);
            rangeFrom = 0;
            if (region != 0 && RangeJoinerEnds(text, end) is var next and > 0)
            {
                if (StartsWithAny(text.AsSpan(next), PelvicEnds))
                {
                    regions |= Lumbar | Between(region, Lumbar);
                }
                else
                {
                    // Only a level right after the joiner ends this range ("C5-6 ACDF and L4-5" is no C-L range).
                    rangeFrom = region;
                    rangeTo = next;
                }
            }

            i = end - 1;
        }

        return regions;
    }

    private static readonly string[] PelvicEnds = ["pelvis", "ilium", "iliac", "sacrum", "sacral", "sacroiliac", "coccyx", "s2ai", "s2-alar"];

    // The regions strictly between two (bits: cervical 1, thoracic 2, lumbar 4): only thoracic lies between.
    private static int Between(int from, int to) =>
        from != 0 && to != 0 && (from | to) == (Cervical | Lumbar) ? Thoracic : 0;

    // Where the next level starts after a range joiner ("-", "–", "to", "through") at text[at], or -1.
    private static int RangeJoinerEnds(string text, int at)
    {
        var i = SkipSpaces(text, at);
        if (i < text.Length && text[i] is '-' or '\u2013' or '\u2014')
        {
            i++;
        }
        else if (StartsWithWord(text, i, "to"))
        {
            i += 2;
        }
        else if (StartsWithWord(text, i, "through"))
        {
            i += 7;
        }
        else
        {
            return -1;
        }

        i = SkipSpaces(text, i);
        if (StartsWithWord(text, i, "the"))
        {
            // "T10 to the pelvis".
            i = SkipSpaces(text, i + 3);
        }

        return i < text.Length ? i : -1;
    }

    private static int SkipSpaces(string text, int at)
    {
        while (at < text.Length && text[at] == ' ')
        {
            at++;
        }

        return at;
    }

    private static bool StartsWithWord(string text, int at, string word) =>
        text.AsSpan(at).StartsWith(word, StringComparison.OrdinalIgnoreCase)
        && (at + word.Length == text.Length || !char.IsLetter(text[at + word.Length]));

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"cervical", "thoracic and lumbar"...</summary>
    public static string Describe(int regions)
    {
        var names = new List<string>(3);
        if ((regions & Cervical) != 0)
        {
            names.Add("cervical");
        }

        if ((regions & Thoracic) != 0)
        {
            names.Add("thoracic");
        }

        if ((regions & Lumbar) != 0)
        {
            names.Add("lumbar");
        }

        return string.Join(" and ", names);
    }
}
