using SpineTriage.Core.ClinicalText;

namespace SpineTriage.Core.Tests.ClinicalText;

public sealed class TextMentionTests
{
    private static readonly ClinicalTextReader Reader = ClinicalTextReader.Default;

    [Fact]
    public void Mentions_NameWhereEachPhraseStandsInTheOriginalText()
    {
        const string text = "Seen today. New SADDLE numbness since Tuesday; denies urinary retention.";

        var mentions = Reader.Mentions(text, 2026);

        var saddle = Assert.Single(mentions, m => m.ConceptId == "saddle-sensory-loss");
        Assert.True(saddle.Flagged);
        Assert.True(saddle.IsRedFlag);
        Assert.Equal("SADDLE numbness", saddle.Original(text));
        Assert.Equal(saddle.Phrase, saddle.Original(text).ToLowerInvariant());
        var retention = Assert.Single(mentions, m => m.ConceptId == "urinary-retention");
        Assert.False(retention.Flagged);
        Assert.Equal("hidden", retention.Verdict);
        Assert.Contains("NEGATED_EXISTENCE", retention.Context, StringComparison.Ordinal);
        Assert.Equal("urinary retention", retention.Original(text));
        Assert.True(saddle.Start < retention.Start);
    }

    [Theory]
    [InlineData("Denies urinary retention.")]
    [InlineData("History of CES in 2015, now recurrent saddle numbness.")]
    [InlineData("Progressive foot drop over 3 days; ?cauda equina.")]
    public void Explain_IsTheMentionsOneLineEach(string text)
    {
        var mentions = Reader.Mentions(text, 2026);

        Assert.NotEmpty(mentions);
        Assert.Equal(mentions.Select(m => $"{m.ConceptId} \"{m.Phrase}\": {m.Verdict} [{m.Context}]"), Reader.Explain(text, 2026));
    }

    [Fact]
    public void Mentions_AgreeWithRead()
    {
        const string text = "Acute cauda equina syndrome with urinary retention since this morning.";

        var flagged = Reader.Mentions(text, 2026).Where(m => m.Flagged).Select(m => m.ConceptId).Distinct().Order();

        Assert.Equal(Reader.Ids(Reader.Read(text, 2026).Flagged).Order(), flagged);
        Assert.Empty(Reader.Mentions(null, 2026));
        Assert.Empty(Reader.Mentions(string.Empty, 2026));
    }

    [Fact]
    public void Read_WithoutTrace_DoesNotAllocate()
    {
        const string text = "New saddle numbness and urinary retention since this morning; denies fever.";
        Reader.Read(text, 2026);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Reader.Read(text, 2026);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
