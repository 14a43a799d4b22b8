using SpineTriage.Core.ClinicalText;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>One sentence of the clinical wording corpus: what a spine clinician would flag in it.</summary>
public sealed record CorpusSentence(int Line, IReadOnlyList<string> Expected, string Pattern, string Text);

/// <summary>The scanner's figures on the corpus, at sentence level.</summary>
/// <param name="Positives">Sentences with at least one concept a clinician flags.</param>
/// <param name="TruePositives">Of those, sentences where every expected concept was flagged.</param>
/// <param name="Negatives">Sentences a clinician would not flag.</param>
/// <param name="TrueNegatives">Of those, sentences where nothing was flagged.</param>
public sealed record CorpusFigures(int Positives, int TruePositives, int Negatives, int TrueNegatives, IReadOnlyList<string> Misses, IReadOnlyList<string> FalseAlarms)
{
    public double Sensitivity => Positives == 0 ? 1 : (double)TruePositives / Positives;

    public double Specificity => Negatives == 0 ? 1 : (double)TrueNegatives / Negatives;
}

/// <summary>
/// Reads <c>ClinicalText/clinical-sentences.tsv</c> (expected concepts, pattern, text) and scores a reader on it.
/// A text's <c>\n</c> is a line break (a form with one check box per line).
/// </summary>
public static class ClinicalCorpus
{
    /// <summary>The year the corpus is written in (bare years before it read as past).</summary>
    public const int ReferenceYear = 2026;

    public static IReadOnlyList<CorpusSentence> Sentences { get; } = Load();

    private static List<CorpusSentence> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ClinicalText", "clinical-sentences.tsv");
        var lines = File.ReadAllLines(path);
        Assert.Equal("expected\tpattern\ttext", lines[0]);
        return [.. lines.Skip(1).Select((line, i) =>
        {
            var cells = line.Split('\t');
            Assert.True(cells.Length == 3, $"clinical-sentences.tsv line {i + 2}: expected 3 tab-separated cells.");
            return new CorpusSentence(i + 2, cells[0].Split(',', StringSplitOptions.RemoveEmptyEntries), cells[1], cells[2].Replace("\\n", "\n", StringComparison.Ordinal));
        })];
    }

    public static CorpusFigures Score(ClinicalTextReader reader)
    {
        int positives = 0, truePositives = 0, negatives = 0, trueNegatives = 0;
        var misses = new List<string>();
        var falseAlarms = new List<string>();
        foreach (var sentence in Sentences)
        {
            var found = reader.FlaggedConcepts(sentence.Text, ReferenceYear);
            if (sentence.Expected.Count > 0)
            {
                positives++;
                var missing = sentence.Expected.Except(found).ToList();
                if (missing.Count == 0)
                {
                    truePositives++;
                }
                else
                {
                    misses.Add($"line {sentence.Line} [{sentence.Pattern}] missed {string.Join(',', missing)}: {sentence.Text}");
                }
            }
            else
            {
                negatives++;
                if (found.Count == 0)
                {
                    trueNegatives++;
                }
                else
                {
                    falseAlarms.Add($"line {sentence.Line} [{sentence.Pattern}] flagged {string.Join(',', found)}: {sentence.Text}");
                }
            }
        }

        return new CorpusFigures(positives, truePositives, negatives, trueNegatives, misses, falseAlarms);
    }
}
