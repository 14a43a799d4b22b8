using SpineTriage.Core.ClinicalText;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>
/// The classes of wording the reader must get right, each as (sentence, flagged concepts, and the
/// context the mentions were judged in), as a ConText rule table would list them.
/// </summary>
public sealed class ClinicalTextReaderTests
{
    private static readonly ClinicalTextReader Reader = ClinicalTextReader.Default;

    [Theory]
    // Negation scope ends at "and has", "now", "reports", "positive for", a new onset after a list
    // break ("new" also qualifies the numbness as a new deficit).
    [InlineData("Denies trauma and has new saddle numbness.", "saddle-sensory-loss,progressive-weakness")]
    [InlineData("No fever, now reports urinary retention.", "urinary-retention")]
    [InlineData("Negative for trauma, positive for faecal incontinence.", "sphincter-dysfunction")]
    [InlineData("No previous surgery, now presents with foot drop.", "foot-drop")]
    [InlineData("No trauma, new saddle numbness since Tuesday.", "saddle-sensory-loss,progressive-weakness")]
    [InlineData("No retention, PVR 800 mL.", "urinary-retention")]
    // Pseudo-negation.
    [InlineData("No change in his incontinence.", "sphincter-dysfunction")]
    [InlineData("No longer able to walk.", "unable-to-walk")]
    [InlineData("No longer denies saddle anaesthesia.", "saddle-sensory-loss")]
    [InlineData("Cannot exclude cauda equina syndrome.", "cauda-equina")]
    // Vocabulary.
    [InlineData("?CES, for MRI tonight.", "cauda-equina")]
    [InlineData("Cauda-equina symptoms.", "cauda-equina")]
    [InlineData("L drop foot.", "foot-drop")]
    [InlineData("Paraparesis.", "severe-weakness,bilateral-leg-symptoms")]
    [InlineData("Catheterised, drained 1.2 L.", "urinary-retention")]
    [InlineData("Saddle hypoaesthesia.", "saddle-sensory-loss")]
    [InlineData("Reduced anal tone on PR.", "sphincter-dysfunction")]
    [InlineData("Altered sensation when wiping.", "saddle-sensory-loss")]
    [InlineData("Rapidly worsening weakness of both legs.", "bilateral-leg-symptoms,progressive-weakness")]
    [InlineData("Hoffmann's positive, upgoing plantars.", "myelopathy-signs")]
    [InlineData("Absent anal tone.", "sphincter-dysfunction")]
    [InlineData("Anal tone absent.", "sphincter-dysfunction")]
    // Not flags: clean screens, history, safety-netting, family.
    [InlineData("Denies saddle anaesthesia, urinary retention, faecal incontinence or bilateral leg weakness.", "")]
    [InlineData("History of CES, decompressed 2019, fully recovered.", "")]
    [InlineData("Advised to return if he develops retention or saddle numbness.", "")]
    [InlineData("Mother had cauda equina syndrome.", "")]
    [InlineData("Anal tone normal, saddle sensation intact.", "")]
    [InlineData("Saddle anaesthesia: N", "")]
    [InlineData("Given CES card.", "")]
    [InlineData("Risks include infection, CES, paralysis and dural tear.", "")]
    // History that returns: a recurrence after the history brings the history back too.
    [InlineData("History of CES in 2015, now recurrent saddle numbness.", "saddle-sensory-loss,cauda-equina")]
    // A worsening that opens the next sentence refers to the baseline before it; a negated, stable or
    // hypothetical one does not.
    [InlineData("L foot drop since his 2015 discectomy, unchanged. Now worse.", "foot-drop,progressive-weakness")]
    [InlineData("L foot drop since his 2015 discectomy, unchanged. No worse.", "")]
    [InlineData("L foot drop since his 2015 discectomy, unchanged. If worse, to come straight back.", "")]
    [InlineData("Biceps 3/5, wrist extension 3/5 R. Not getting worse over the last week, not better.", "significant-deficit")]
    [InlineData("Biceps 3/5, wrist extension 3/5 R. Getting worse over the last week.", "significant-deficit,progressive-weakness")]
    // A symptom put down to a named cause outside the spine, unless it changes or the writer doubts it.
    [InlineData("Numbness B/L feet glove-stocking type - known diabetic neuropathy.", "")]
    [InlineData("Bilateral foot numbness, known diabetic neuropathy, now spreading up both legs.", "bilateral-leg-symptoms,progressive-weakness")]
    [InlineData("Wt down 12 kg - deliberate, on semaglutide.", "")]
    [InlineData("Unexplained weight loss 8kg, on semaglutide for diabetes.", "constitutional-symptoms")]
    // A doubt that a result in the same text answers is settled; a fact stated elsewhere is not.
    [InlineData("Referred as ?CES; MRI shows no neural compression, CES excluded.", "")]
    [InlineData("?CES. MRI: CES excluded. Now new urinary retention, PVR 650.", "urinary-retention")]
    [InlineData("?CES. Clinically cauda equina syndrome: saddle anaesthesia. MRI report awaited, CES excluded on the first read.", "cauda-equina,saddle-sensory-loss")]
    // A bare number is a volume, a year is not.
    [InlineData("Bladder scan residual 650.", "urinary-retention")]
    [InlineData("Epidural abscess drained 2017, full recovery.", "")]
    public void Read_ClinicalWording_FlagsWhatAClinicianFlags(string sentence, string expected)
    {
        var flagged = Reader.FlaggedConcepts(sentence, 2026);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), flagged.Order());
    }

    [Theory]
    [InlineData("Denies urinary retention.", "NEGATED_EXISTENCE")]
    [InlineData("History of urinary retention.", "HISTORICAL")]
    [InlineData("Return if urinary retention.", "HYPOTHETICAL")]
    [InlineData("Mother had urinary retention.", "FAMILY")]
    [InlineData("?urinary retention.", "UNCERTAIN")]
    public void Explain_EachMention_NamesTheContextThatJudgedIt(string sentence, string category)
    {
        var step = Assert.Single(Reader.Explain(sentence, 2026));

        Assert.StartsWith("urinary-retention ", step, StringComparison.Ordinal);
        Assert.Contains(category, step, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BareYearOfTheReferral_IsNotPast()
    {
        // A year before the referral's reads as past; its own year does not.
        Assert.Empty(Reader.FlaggedConcepts("Retention 2019.", 2026));
        Assert.Equal(["urinary-retention"], Reader.FlaggedConcepts("Retention 2026.", 2026));
    }

    [Fact]
    public void Read_LongText_IsReadLikeAShortOne()
    {
        // Past the stack buffers the reader rents arrays: same answer, nothing left behind.
        var filler = string.Concat(Enumerable.Repeat("Mechanical low back pain for years. ", 60));
        Assert.Equal(["urinary-retention"], Reader.FlaggedConcepts(filler + "New urinary retention.", 2026));
    }

    [Fact]
    public void Load_MalformedPhrase_FailsNamingIt()
    {
        var json = """
            {"version":"t","concepts":[{"id":"x","name":"x","signals":"severeDeficit","suggests":"emergent.instability","codes":[],"meaning":"m","variants":["(a|b"]}],
             "exclusions":[],"context":[]}
            """;
        var lexicon = ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        var error = Assert.Throws<FormatException>(() => new ClinicalTextReader(lexicon));
        Assert.Contains("(a|b", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("roond", "round", "numb roond the back passage", true)]
    [InlineData("roond", "round", "numb around the back passage", false)]
    [InlineData("dinnae", "don't", "i dinnae have a numb round the back passage", false)]
    public void Read_Spelling_IsReadAsTheWordItStandsFor(string written, string reads, string text, bool flagged)
    {
        var json = $$"""
            {"version":"t","concepts":[{"id":"saddle-sensory-loss","name":"x","signals":"severeDeficit","suggests":"emergent.cauda-equina","codes":[],"meaning":"m","variants":["numb round the back passage"]}],
             "exclusions":[],"spellings":[{"written":"{{written}}","reads":"{{reads}}"}],
             "context":[{"literal":"don't have","category":"NEGATED_EXISTENCE","direction":"FORWARD","maxScope":5}]}
            """;
        var reader = new ClinicalTextReader(ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));

        Assert.Equal(flagged, reader.FlaggedConcepts(text, 2026).Contains("saddle-sensory-loss"));
    }

    [Theory]
    [InlineData("roond", "rund")]
    [InlineData("numb", "round")]
    [InlineData("two words", "round")]
    public void Build_SpellingOfNoPhraseWord_OrOfAPhraseWord_FailsNamingIt(string written, string reads)
    {
        var json = $$"""
            {"version":"t","concepts":[{"id":"saddle-sensory-loss","name":"x","signals":"severeDeficit","suggests":"emergent.cauda-equina","codes":[],"meaning":"m","variants":["numb round the back passage"]}],
             "exclusions":[],"spellings":[{"written":"{{written}}","reads":"{{reads}}"}],"context":[]}
            """;

        var error = Assert.ThrowsAny<FormatException>(() => new ClinicalTextReader(ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))));
        Assert.Contains(written, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FAMILY", "SECTION", true)]
    [InlineData("TERMINATE", "SECTION", true)]
    [InlineData("NEGATED_EXISTENCE", "TERMINATE", false)]
    [InlineData("TERMINATE", "FORWARD", false)]
    [InlineData("PSEUDO", "SECTION", false)]
    public void Load_SectionHeadings_TakeACategoryOrEndASection(string category, string direction, bool loads)
    {
        var json = $$"""
            {"version":"t","concepts":[],"exclusions":[],"context":[{"literal":"family history :","category":"{{category}}","direction":"{{direction}}","maxScope":3}]}
            """;

        var load = () => ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        if (loads)
        {
            Assert.Single(load().Rules);
        }
        else
        {
            Assert.Contains("family history", Assert.Throws<FormatException>(load).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", "explains")]
    [InlineData(",\"explains\":[\"no-such-concept\"]", "no-such-concept")]
    public void Load_ExplainedRuleWithoutKnownConcepts_FailsNamingWhy(string explains, string named)
    {
        var json = $$"""
            {"version":"t","concepts":[{"id":"x","name":"x","signals":"warning","suggests":"emergent.instability","codes":[],"meaning":"m","variants":["a"]}],
             "exclusions":[],"context":[{"literal":"known neuropathy","category":"EXPLAINED","direction":"BIDIRECTIONAL","maxScope":3{{explains}}}]}
            """;

        var error = Assert.Throws<FormatException>(() => ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RedFlagWithoutCriterion_FailsNamingTheConcept()
    {
        var json = """
            {"version":"t","concepts":[{"id":"new-flag","name":"x","signals":"severeDeficit","codes":[],"meaning":"m","variants":["a"]}],
             "exclusions":[],"context":[]}
            """;

        var error = Assert.Throws<FormatException>(() => ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains("new-flag", error.Message, StringComparison.Ordinal);
        Assert.Contains("suggests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NeverARedFlagWithoutCriterion_Loads()
    {
        var json = """
            {"version":"t","concepts":[{"id":"stale","name":"x","signals":"notCurrent","codes":[],"meaning":"m","variants":["a"]}],
             "exclusions":[],"context":[]}
            """;

        var concept = Assert.Single(ClinicalLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Concepts);
        Assert.Null(concept.Suggests);
        Assert.False(concept.IsRedFlag);
    }
}
