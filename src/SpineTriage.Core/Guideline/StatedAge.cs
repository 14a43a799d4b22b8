using System.Globalization;

namespace SpineTriage.Core.Guideline;

/// <summary>
/// The patient's age as a referral's notes first state it ("67yo", "67 y/o", "a 67-year-old", "aged 67",
/// "67M", "66F"), to check against <c>patient.ageYears</c>: the age decides the COVID-19 risk and with it
/// the disposition, so two different ages are a conflict for a clinician, not a guess.
/// </summary>
public static class StatedAge
{
    /// <summary>The first age the text states, or null when it states none.</summary>
    public static int? InText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // A hand-written scan (this runs for every referral): each run of one to three digits that is not part
        // of a level, a grade or a decimal ("L5", "4/5", "3.5") is an age when a unit follows it or a label
        // that opens its sentence precedes it.
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var next = span[i..].IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return null;
            }

            var start = i + next;
            var end = start;
            while (end < span.Length && char.IsAsciiDigit(span[end]))
            {
                end++;
            }

            i = end;
            if (end - start > 3 || (start > 0 && (char.IsLetterOrDigit(span[start - 1]) || span[start - 1] is '/' or '.' or '-' or '+' or '_')))
            {
                continue;
            }

            if ((UnitAfter(span, end) && !EventBefore(span, start)) || SexAfter(span, end) || LabelBefore(span, start))
            {
                return int.Parse(span[start..end], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    // "67yo", "67 y/o", "67-year-old", "67 yrs old".
    private static bool UnitAfter(ReadOnlySpan<char> span, int at)
    {
        if (at < span.Length && span[at] is ' ' or '-')
        {
            at++;
        }

        var rest = span[at..];
        if (rest.IsEmpty || rest[0] is not ('y' or 'Y'))
        {
            return false;
        }

        foreach (var unit in (ReadOnlySpan<string>)["y/o", "y.o.", "y.o", "yo"])
        {
            if (rest.StartsWith(unit, StringComparison.OrdinalIgnoreCase) && !LetterAt(rest, unit.Length))
            {
                return true;
            }
        }

        foreach (var unit in (ReadOnlySpan<string>)["years", "year", "yrs", "yr"])
        {
            if (rest.StartsWith(unit, StringComparison.OrdinalIgnoreCase) && rest.Length > unit.Length + 3 && rest[unit.Length] is ' ' or '-'
                && rest[(unit.Length + 1)..].StartsWith("old", StringComparison.OrdinalIgnoreCase) && !LetterAt(rest, unit.Length + 4))
            {
                return true;
            }
        }

        return false;
    }

    // "67M", "66F" (capital, right after the number), not a catheter's French gauge ("14F catheter", "16Fr").
    private static bool SexAfter(ReadOnlySpan<char> span, int at)
    {
        if (at >= span.Length || span[at] is not ('M' or 'F') || (at + 1 < span.Length && span[at + 1] is not (' ' or ',' or '.' or ';' or ':' or ')')))
        {
            return false;
        }

        var after = span[(at + 1)..].TrimStart(' ');
        foreach (var word in (ReadOnlySpan<string>)["catheter", "cath", "foley", "fr ", "french", "idc"])
        {
            if (after.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    // "when he was 12 years old", "at 30 years old": an age at an event, not now; "lives alone with a 4
    // year old", "her 6-year-old": someone else's age.
    private static bool EventBefore(ReadOnlySpan<char> span, int at)
    {
        var word = LastWord(span[..at], out var rest);
        if (word.Equals("a", StringComparison.OrdinalIgnoreCase) || word.Equals("an", StringComparison.OrdinalIgnoreCase))
        {
            word = LastWord(rest, out _);
        }

        foreach (var marker in (ReadOnlySpan<string>)["at", "when", "was", "since", "from", "until", "by", "before", "after", "with", "her", "his", "their", "my", "our"])
        {
            if (word.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // "Aged 81", "Age: 39" opening a sentence or a line (not "polio aged 4").
    private static bool LabelBefore(ReadOnlySpan<char> span, int at)
    {
        var before = span[..at];
        var last = before.TrimEnd(' ').TrimEnd(':');
        if (last.IsEmpty || last[^1] is not ('e' or 'E' or 'd' or 'D'))
        {
            return false;
        }

        if (before.EndsWith(' '))
        {
            before = before[..^1];
        }

        if (before.EndsWith(':'))
        {
            before = before[..^1];
        }

        var word = LastWord(before, out _);
        if ((!word.Equals("aged", StringComparison.OrdinalIgnoreCase) && !word.Equals("age", StringComparison.OrdinalIgnoreCase)) || !before.EndsWith(word))
        {
            return false;
        }

        var opening = before[..^word.Length];
        var trimmed = opening.TrimEnd(" \t\r\n");
        return trimmed.IsEmpty || trimmed[^1] is '.' or ';' or ':' || opening[trimmed.Length..].Contains('\n');
    }

    // The word that ends a text (after its trailing spaces), and the text before that word.
    private static ReadOnlySpan<char> LastWord(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
    {
        text = text.TrimEnd(' ');
        var start = text.Length;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        rest = text[..start].TrimEnd(' ');
        return text[start..];
    }

    private static bool LetterAt(ReadOnlySpan<char> text, int at) => at < text.Length && char.IsLetter(text[at]);

    /// <summary>Adds a conflict when the notes state an age more than a year from <c>patient.ageYears</c>.</summary>
    public static void AddConflict(Contract.ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Patient?.AgeYears is not { } structured || InText(referral.Notes) is not { } stated || Math.Abs(stated - structured) <= 1)
        {
            return;
        }

        evidence.Review(string.Create(CultureInfo.InvariantCulture,
            $"Conflict: patient.ageYears is {structured} but the notes give the age as {stated} (the age decides the COVID-19 risk): clinician review"));
    }
}
