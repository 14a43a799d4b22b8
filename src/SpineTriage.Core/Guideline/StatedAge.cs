using System.Globalization;
using System.Text.RegularExpressions;

namespace SpineTriage.Core.Guideline;

/// <summary>
/// The patient's age as a referral's notes first state it ("67yo", "67 y/o", "a 67-year-old", "aged 67",
/// "67M", "66F"), to check against <c>patient.ageYears</c>: the age decides the COVID-19 risk and with it
/// the disposition, so two different ages are a conflict for a clinician, not a guess.
/// </summary>
public static partial class StatedAge
{
    /// <summary>The first age the text states, or null when it states none.</summary>
    public static int? InText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = Age().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var digits = match.Groups["a"].Success ? match.Groups["a"] : match.Groups["b"].Success ? match.Groups["b"] : match.Groups["c"];
        return int.Parse(digits.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
    }

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

    // "67yo", "67 y/o", "67-year-old", "67 yr old" (not "when he was 12 years old"), "Aged 67" or "Age: 67"
    // opening a sentence (not "polio aged 4"), and "67M" / "66F" (capital, not a catheter's French gauge:
    // "14F catheter", "16Fr").
    [GeneratedRegex(@"(?<![\w/.])(?:(?<!(?i:at|when|was|since|from|until|by|before|after)\s(?:a\s|an\s)?)(?<a>\d{1,3})\s?(?i:yo|y/o|y\.o\.?|yrs?\s?old|years?\s?old|-years?-old|-yrs?-old)(?![A-Za-z])|(?<=(?:^|[.\n;:])\s*)(?i:aged|age:?)\s?(?<b>\d{1,3})\b|(?<c>\d{1,3})[MF](?=[\s,.;:)]|$))(?!\s*(?i:catheter|cath|foley|fr\b|french|idc))",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Age();
}
