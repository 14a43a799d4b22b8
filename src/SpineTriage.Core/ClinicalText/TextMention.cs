namespace SpineTriage.Core.ClinicalText;

/// <summary>
/// One mention of a lexicon concept in a text, as the reader judged it
/// (<see cref="ClinicalTextReader.Mentions"/>): what a clinician's screen highlights.
/// </summary>
/// <param name="ConceptId">The concept's id (e.g. <c>saddle-sensory-loss</c>).</param>
/// <param name="Phrase">The phrase as matched (lower case, quotes and dashes normalised): the text's characters from <paramref name="Start"/> for <paramref name="Length"/>.</param>
/// <param name="Start">Where the phrase starts in the text read (a UTF-16 index).</param>
/// <param name="Length">The phrase's length in the text read.</param>
/// <param name="Flagged">Whether the mention counts as a current finding (else hidden: negated, past, hypothetical, family...).</param>
/// <param name="Context">The context categories that applied to it, space-separated (e.g. <c>PROGRESSION</c>, <c>NEGATED_EXISTENCE</c>); empty when none.</param>
/// <param name="IsRedFlag">Whether the concept is a red flag when flagged (not a sign of an intact or settled state).</param>
public sealed record TextMention(string ConceptId, string Phrase, int Start, int Length, bool Flagged, string Context, bool IsRedFlag)
{
    /// <summary>The verdict: <c>flagged</c> or <c>hidden</c>.</summary>
    public string Verdict => Flagged ? "flagged" : "hidden";

    /// <summary>The phrase's characters as written in <paramref name="text"/> (the text it was read from).</summary>
    public string Original(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Substring(Start, Length);
    }

    /// <summary>One trace line: <c>saddle-sensory-loss "saddle numbness": flagged [PROGRESSION]</c>.</summary>
    public override string ToString() => $"{ConceptId} \"{Phrase}\": {Verdict} [{Context}]";
}
