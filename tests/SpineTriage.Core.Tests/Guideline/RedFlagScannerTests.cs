using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>
/// Red flags in the notes: each phrase flags unless negated ("denies", "no", "without",
/// "negative for") earlier in the same sentence, within six words, with no "but" between; a red
/// flag only sets needsReview with the phrase, never the category or criteria.
/// </summary>
public sealed class RedFlagScannerTests
{
    public static TheoryData<string> AllPhrases() => [.. RedFlagScanner.Phrases];

    /// <summary>The phrases DESIGN.md and rules.md name; the scanner must know each.</summary>
    [Theory]
    [InlineData("cauda equina")]
    [InlineData("saddle anaesthesia")]
    [InlineData("saddle anesthesia")]
    [InlineData("saddle numbness")]
    [InlineData("urinary retention")]
    [InlineData("bowel incontinence")]
    [InlineData("bladder incontinence")]
    [InlineData("incontinence")]
    [InlineData("loss of bladder control")]
    [InlineData("loss of bowel control")]
    [InlineData("rapidly progressive weakness")]
    [InlineData("progressive weakness")]
    public void Phrases_IncludeEachRedFlagOfTheSpec(string phrase)
    {
        Assert.Contains(phrase, RedFlagScanner.Phrases);
    }

    [Theory]
    [MemberData(nameof(AllPhrases))]
    public void Scan_EachPhraseNotNegated_Flags(string phrase)
    {
        Assert.Equal([phrase], RedFlagScanner.Scan($"Seen today. Patient reports {phrase} since Monday."));
    }

    [Theory]
    [MemberData(nameof(AllPhrases))]
    public void Scan_EachPhraseInUpperCase_Flags(string phrase)
    {
        Assert.Equal([phrase], RedFlagScanner.Scan($"NEW {phrase.ToUpperInvariant()}"));
    }

    [Theory]
    [MemberData(nameof(AllPhrases))]
    public void Scan_EachPhraseDenied_DoesNotFlag(string phrase)
    {
        Assert.Empty(RedFlagScanner.Scan($"Patient denies {phrase}."));
    }

    [Theory]
    [InlineData("Denies cauda equina symptoms.")]
    [InlineData("denies urinary retention")]
    [InlineData("No urinary retention.")]
    [InlineData("no saddle anaesthesia or leg pain")]
    [InlineData("Walks without progressive weakness.")]
    [InlineData("Negative for bowel incontinence.")]
    [InlineData("negative for cauda equina on MRI")]
    [InlineData("Patient denied bladder incontinence.")]
    [InlineData("No history of urinary retention.")]
    public void Scan_NegatedPhrase_DoesNotFlag(string notes)
    {
        Assert.Empty(RedFlagScanner.Scan(notes));
    }

    [Theory]
    [InlineData("No fever. Urinary retention since yesterday.")]
    [InlineData("No fever; urinary retention since yesterday.")]
    [InlineData("No fever\nurinary retention since yesterday.")]
    [InlineData("No fever\r\nurinary retention since yesterday.")]
    [InlineData("No fever! Urinary retention since yesterday.")]
    [InlineData("No fever? Urinary retention since yesterday.")]
    public void Scan_NegationInAnEarlierSentence_StillFlags(string notes)
    {
        Assert.Equal(["urinary retention"], RedFlagScanner.Scan(notes));
    }

    [Theory]
    [InlineData("No fever but urinary retention since yesterday.")]
    [InlineData("No fever, but urinary retention since yesterday.")]
    [InlineData("Denies pain however urinary retention noted.")]
    [InlineData("No fever although urinary retention noted.")]
    [InlineData("No fever yet urinary retention noted.")]
    [InlineData("No symptoms except urinary retention.")]
    public void Scan_ContrastWordBetweenNegationAndPhrase_StillFlags(string notes)
    {
        Assert.Equal(["urinary retention"], RedFlagScanner.Scan(notes));
    }

    [Theory]
    [InlineData("No cauda equina", true)]                            // cue 1 word before
    [InlineData("No signs of cauda equina", true)]                   // 3 words before
    [InlineData("No one two three four five cauda equina", true)]    // cue is the 6th word before: within the window
    [InlineData("No one two three four five six cauda equina", false)] // cue is the 7th word before: more than six
    [InlineData("No one two three four five six seven cauda equina", false)]
    public void Scan_NegationWindow_IsSixWords(string notes, bool negated)
    {
        Assert.Equal(negated ? [] : ["cauda equina"], RedFlagScanner.Scan(notes));
    }

    [Theory]
    [InlineData("Denies urinary retention. Now has urinary retention.")]
    [InlineData("No urinary retention yesterday; urinary retention today.")]
    [InlineData("Denies urinary retention but has urinary retention.")]
    public void Scan_SecondOccurrenceNotNegated_FlagsEvenIfTheFirstIsNegated(string notes)
    {
        Assert.Equal(["urinary retention"], RedFlagScanner.Scan(notes));
    }

    [Fact]
    public void Scan_SamePhraseTwice_ReportsItOnce()
    {
        Assert.Equal(["foot drop"], RedFlagScanner.Scan("Foot drop left. Foot drop right."));
    }

    [Fact]
    public void Scan_SeveralPhrases_ReportsEachInOrderOfFirstOccurrence()
    {
        Assert.Equal(
            ["saddle anaesthesia", "urinary retention", "foot drop"],
            RedFlagScanner.Scan("Saddle anaesthesia and urinary retention since Friday. Denies fever. Foot drop."));
    }

    [Theory]
    [InlineData("Rapidly progressive weakness of both legs.", "rapidly progressive weakness")]
    [InlineData("Bladder incontinence overnight.", "bladder incontinence")]
    [InlineData("Loss of bladder control.", "loss of bladder control")]
    public void Scan_LongerPhrase_WinsOverTheShorterItContains(string notes, string expected)
    {
        Assert.Equal([expected], RedFlagScanner.Scan(notes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Chronic low back pain, worse on standing.")]
    [InlineData("Caudal epidural planned.")]
    [InlineData("Incontinentia pigmenti in the family.")]  // not the word "incontinent"
    [InlineData("Xcauda equina")]                         // not at a word start
    public void Scan_NoRedFlag_FindsNothing(string notes)
    {
        Assert.Empty(RedFlagScanner.Scan(notes));
    }

    [Fact]
    public void Classify_RedFlagInNotes_SetsNeedsReviewWithThePhrase()
    {
        var result = ReferralBuilder.Valid().WithDeformityCorrection().WithNotes("New saddle anaesthesia.").Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains(result.Reasons, r => r.Contains("saddle anaesthesia", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_NegatedRedFlag_DoesNotSetNeedsReview()
    {
        var result = ReferralBuilder.Valid().WithDeformityCorrection().WithNotes("Denies saddle anaesthesia.").Classify();

        Assert.False(result.NeedsReview);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("saddle", StringComparison.Ordinal));
    }

    public static TheoryData<string> Referrals() =>
    [
        "deformity", "degenerative", "significant", "nothing", "myelopathy", "postop",
    ];

    [Theory]
    [MemberData(nameof(Referrals))]
    public void Classify_RedFlags_NeverChangeCategoryOrCriteria(string kind)
    {
        var builder = kind switch
        {
            "deformity" => ReferralBuilder.Valid().WithDeformityCorrection(),
            "degenerative" => ReferralBuilder.Valid().WithCause(Cause.Degenerative).WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable),
            "significant" => ReferralBuilder.Valid().WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable),
            "myelopathy" => ReferralBuilder.Valid().WithMyelopathy(true),
            "postop" => ReferralBuilder.Valid().WithInfection(InfectionKind.PostoperativeWound),
            _ => ReferralBuilder.Valid(),
        };
        var without = builder.Classify(RegionStatus.Constrained);
        var with = ReferralBuilder.From(builder.Build())
            .WithNotes("Cauda equina syndrome suspected, urinary retention, rapidly progressive weakness.")
            .Classify(RegionStatus.Constrained);

        Assert.Equal(without.Category, with.Category);
        Assert.Equal(without.Criteria, with.Criteria);
        Assert.Equal(without.Disposition, with.Disposition);
        Assert.True(with.NeedsReview);
        Assert.Equal(3, with.Reasons.Count - without.Reasons.Count);
    }
}
