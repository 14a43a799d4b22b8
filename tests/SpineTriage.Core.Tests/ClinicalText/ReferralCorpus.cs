using System.Text;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>A whole referral with what a spine surgeon assigned to it.</summary>
/// <param name="Referral">The referral.</param>
/// <param name="SurgeonCategory">The category the surgeon assigned, reading the whole referral.</param>
/// <param name="NeedsClinician">Whether the surgeon wants a clinician to look before it could be postponed.</param>
public sealed record CorpusReferral(ReferralMessage Referral, TriageCategory SurgeonCategory, bool NeedsClinician);

/// <summary>How the classifier fared on a referral corpus, under every region status.</summary>
public sealed record ReferralFigures(int Referrals, IReadOnlyList<string> UnderTriaged, int CleanReferrals, IReadOnlyList<string> OverFlagged, int SameCategory);

/// <summary>
/// Reads a referral corpus (JSON Lines of v1 referrals, and a CSV of referralId, surgeonCategory,
/// needsClinician, rationale) and scores the classifier on it. Under-triage, under any region
/// status: a referral the surgeon places higher than the result, or wants a clinician to see, that
/// is postponed, or is left unflagged below Emergent (an Emergent result proceeds everywhere). Over-flagging: a clean referral (the surgeon's category, no
/// clinician needed) that the result flags.
/// </summary>
public static class ReferralCorpus
{
    private static readonly RegionStatus[] Statuses = [RegionStatus.Normal, RegionStatus.Constrained, RegionStatus.Crisis];

    public static IReadOnlyList<CorpusReferral> Load(string jsonlPath, string csvPath)
    {
        var expected = File.ReadAllLines(csvPath).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .ToDictionary(c => c[0], c => (Enum.Parse<TriageCategory>(c[1]), bool.Parse(c[2])));
        var result = new List<CorpusReferral>();
        foreach (var line in File.ReadAllLines(jsonlPath).Where(l => l.Length > 0))
        {
            var read = ReferralReader.Read(Encoding.UTF8.GetBytes(line));
            Assert.True(read.IsValid, $"{read.ReferralId}: {read.ErrorMessage}");
            var (category, needsClinician) = expected[read.Referral!.ReferralId!];
            result.Add(new CorpusReferral(read.Referral, category, needsClinician));
        }

        Assert.Equal(expected.Count, result.Count);
        return result;
    }

    public static ReferralFigures Score(IReadOnlyList<CorpusReferral> corpus, TriageClassifier classifier)
    {
        var under = new List<string>();
        var over = new List<string>();
        var clean = 0;
        var same = 0;
        var at = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
        foreach (var item in corpus)
        {
            var attention = item.NeedsClinician;
            var results = Statuses.Select(s => classifier.Classify(item.Referral, s, at)).ToList();
            if (results[0].Category == item.SurgeonCategory)
            {
                same++;
            }

            foreach (var result in results)
            {
                // Under-triage: what needs a clinician or a higher category is postponed, or left
                // unflagged below Emergent (an Emergent result proceeds in every region status).
                var higher = item.SurgeonCategory > result.Category;
                var unflagged = !result.NeedsReview && result.Category != TriageCategory.Emergent;
                if ((higher || attention) && (unflagged || result.Disposition == Disposition.Postpone))
                {
                    under.Add($"{item.Referral.ReferralId} [{result.RegionStatus.Name()}] surgeon {item.SurgeonCategory}{(attention ? " + clinician" : string.Empty)}, "
                        + $"result {result.Category} {Name(result.Disposition)}{(result.NeedsReview ? " + review" : string.Empty)}: {string.Join(" | ", result.Reasons)}");
                    break;
                }
            }

            if (!attention && results[0].Category == item.SurgeonCategory)
            {
                clean++;
                if (results[0].NeedsReview)
                {
                    over.Add($"{item.Referral.ReferralId} {results[0].Category}: {string.Join(" | ", results[0].Reasons)}");
                }
            }
        }

        return new ReferralFigures(corpus.Count, under, clean, over, same);
    }

    private static string Name(Disposition disposition) => disposition.ToString().ToLowerInvariant();
}
