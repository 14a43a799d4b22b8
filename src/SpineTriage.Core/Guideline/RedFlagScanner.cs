using System.Buffers;

namespace SpineTriage.Core.Guideline;

/// <summary>
/// Scans the referring clinician's free-text notes for red flags (cauda equina, saddle anaesthesia,
/// urinary retention, bowel/bladder incontinence, rapidly progressive weakness...). A red flag never
/// changes the category: it only sets <c>needsReview</c>, with the phrase as the reason.
/// </summary>
/// <remarks>
/// A phrase is negated when "denies", "denied", "no", "without" or "negative for" stands before it in
/// the same sentence (a sentence ends at . ! ? ; or a line break), at most six words before it, with
/// no "but", "however", "although", "though", "yet" or "except" in between. The scope is kept short
/// on purpose: wrongly reading a flag as negated would hide it, so every doubt falls on the side of
/// flagging. Each occurrence is judged on its own; one that is not negated flags the phrase.
/// </remarks>
public static class RedFlagScanner
{
    /// <summary>The red-flag phrases, lower case. Longer phrases win over the shorter ones they contain.</summary>
    public static IReadOnlyList<string> Phrases => PhraseList;

    private static readonly string[] PhraseList =
    [
        "cauda equina",
        "saddle anaesthesia", "saddle anesthesia", "saddle numbness", "saddle paraesthesia", "saddle paresthesia",
        "perianal numbness", "perineal numbness",
        "urinary retention", "retention of urine",
        "bladder incontinence", "bowel incontinence", "urinary incontinence", "faecal incontinence", "fecal incontinence",
        "incontinence", "incontinent",
        "loss of bladder control", "loss of bowel control", "bladder dysfunction", "bowel dysfunction",
        "sphincter disturbance", "sphincter dysfunction",
        "rapidly progressive weakness", "progressive weakness", "bilateral leg weakness", "bilateral sciatica",
        "foot drop", "gait disturbance",
    ];

    private static readonly System.Collections.Frozen.FrozenDictionary<string, string> ReasonByPhrase =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(
            PhraseList, phrase => phrase, phrase => $"Red flag in the notes: \"{phrase}\" (not negated), clinician review", StringComparer.Ordinal);

    /// <summary>The review reason for a red-flag phrase of <see cref="Phrases"/>.</summary>
    public static string ReasonFor(string phrase) =>
        ReasonByPhrase.TryGetValue(phrase, out var reason) ? reason : throw new ArgumentException("Not a red-flag phrase.", nameof(phrase));

    private static readonly SearchValues<string> PhraseSearch = SearchValues.Create(PhraseList, StringComparison.OrdinalIgnoreCase);

    private static readonly string[] NegationCues = ["denies", "denied", "deny", "no", "without"];
    private static readonly string[] ContrastWords = ["but", "however", "although", "though", "yet", "except"];
    private const int NegationWindowWords = 6;
    private static readonly SearchValues<char> SentenceEnds = SearchValues.Create(".!?;\n\r");

    /// <summary>
    /// The red-flag phrases that occur in <paramref name="notes"/> at least once not negated, in the
    /// order of their first such occurrence, each once.
    /// </summary>
    public static IReadOnlyList<string> Scan(ReadOnlySpan<char> notes)
    {
        List<string>? found = null;
        var offset = 0;
        while (offset < notes.Length)
        {
            var hit = notes[offset..].IndexOfAny(PhraseSearch);
            if (hit < 0)
            {
                break;
            }

            var start = offset + hit;
            var phrase = LongestPhraseAt(notes, start);
            var end = start + phrase.Length;
            if (IsWordBoundary(notes, start - 1) && IsWordBoundary(notes, end) && !IsNegated(notes[..start]))
            {
                found ??= [];
                if (!found.Contains(phrase))
                {
                    found.Add(phrase);
                }
            }

            offset = end;
        }

        return found is null ? [] : found;
    }

    /// <summary>Whether a phrase that starts right after <paramref name="before"/> is negated in its sentence.</summary>
    internal static bool IsNegated(ReadOnlySpan<char> before)
    {
        var sentenceStart = before.LastIndexOfAny(SentenceEnds) + 1;
        var clause = before[sentenceStart..];
        var words = 0;
        var end = clause.Length;
        ReadOnlySpan<char> following = default;
        while (end > 0 && words < NegationWindowWords)
        {
            while (end > 0 && !char.IsLetter(clause[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && char.IsLetter(clause[start - 1]))
            {
                start--;
            }

            if (start == end)
            {
                break;
            }

            var word = clause[start..end];
            if (IsOneOf(word, ContrastWords))
            {
                return false;
            }

            if (IsOneOf(word, NegationCues) || (word.Equals("negative", StringComparison.OrdinalIgnoreCase) && following.Equals("for", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            following = word;
            words++;
            end = start;
        }

        return false;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string LongestPhraseAt(ReadOnlySpan<char> notes, int start)
    {
        string? best = null;
        var rest = notes[start..];
        foreach (var phrase in PhraseList)
        {
            if ((best is null || phrase.Length > best.Length) && rest.StartsWith(phrase, StringComparison.OrdinalIgnoreCase))
            {
                best = phrase;
            }
        }

        // SearchValues only reports positions where a phrase starts, so one always matches here.
        return best ?? throw new InvalidOperationException("A red-flag phrase was found but matched no phrase.");
    }

    private static bool IsWordBoundary(ReadOnlySpan<char> text, int index) =>
        index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);
}
