using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;
using SpineTriage.Core.Validation;

namespace SpineTriage.Core.Tests.Triage;

/// <summary>Properties of the classifier over arbitrary valid referrals (see <see cref="ReferralGenerators"/>).</summary>
public sealed class TriageClassifierPropertyTests
{
    private const int Runs = 500;

    private static readonly RegionStatus[] Statuses = [RegionStatus.Normal, RegionStatus.Constrained, RegionStatus.Crisis];

    [Property(MaxTest = Runs)]
    public Property Generated_Referrals_KeepTheContract() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r => Assert.Empty(ReferralValidator.Validate(r.Message)));

    [Property(MaxTest = Runs)]
    public Property Classify_SameInputTwice_GivesEqualResults() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            foreach (var status in Statuses)
            {
                var first = r.Message.Classify(status).ToJson();
                var second = new TriageClassifier().Classify(r.Message, status, TriageAssert.DecidedAt).ToJson();
                Assert.Equal(first, second);
            }
        });

    [Property(MaxTest = Runs)]
    public Property Classify_AddingAFinding_NeverLowersTheCategory() =>
        Prop.ForAll(ReferralGenerators.ReferralsWithAddedFinding(), pair =>
        {
            var before = pair.Before.Classify();
            var after = pair.After.Classify();
            Assert.True(
                after.Category >= before.Category,
                $"{pair.Change}: {before.Category} [{string.Join(", ", before.Criteria)}] became {after.Category} [{string.Join(", ", after.Criteria)}]");
        });

    [Property(MaxTest = Runs)]
    public Property Classify_Unclassified_ExactlyWhenNoCriterionMatched() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            var result = r.Message.Classify();
            Assert.Equal(result.Criteria.Count == 0, result.Category == TriageCategory.Unclassified);
        });

    [Property(MaxTest = Runs)]
    public Property Classify_Unclassified_AlwaysNeedsReview() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            foreach (var status in Statuses)
            {
                var result = r.Message.Classify(status);
                if (result.Category == TriageCategory.Unclassified)
                {
                    Assert.True(result.NeedsReview);
                    Assert.Equal(Disposition.Review, result.Disposition);
                }
            }
        });

    [Property(MaxTest = Runs)]
    public Property Classify_Criteria_AreGuidelineIdsInGuidanceOrderEachOnce() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            var result = r.Message.Classify();
            var guidance = NassGuideline.Criteria.Select(c => c.Id).ToList();
            Assert.All(result.Criteria, id => Assert.Contains(id, guidance));
            Assert.Equal(guidance.Where(result.Criteria.Contains), result.Criteria);
            Assert.Equal(CriterionIds.CategoryOf(result.Criteria), result.Category);
        });

    [Property(MaxTest = Runs)]
    public Property Classify_CategoryAndDisposition_FollowTheTables() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            foreach (var status in Statuses)
            {
                var result = r.Message.Classify(status);
                // The table's disposition, or review when a doubt holds a case the table would postpone.
                var decision = DispositionPolicy.Decide(result.Category, status, r.Message.Patient, doubt: false);
                var held = decision.Disposition == Disposition.Postpone && result.Disposition == Disposition.Review;
                Assert.True(result.Disposition == decision.Disposition || held, $"{result.Disposition} for {decision.Disposition}");
                Assert.True(!decision.NeedsReview || result.NeedsReview);
                Assert.True(!held || result.NeedsReview);
                Assert.Equal(NassGuideline.Recommendation(result.Category), result.Recommendation);
            }
        });

    [Property(MaxTest = Runs)]
    public Property Classify_Notes_NeverChangeCategoryOrCriteriaAndNeverLowerCaution() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            foreach (var status in Statuses)
            {
                var withNotes = r.Message.Classify(status);
                var withoutNotes = (r.Message with { Notes = null }).Classify(status);
                Assert.Equal(withoutNotes.Category, withNotes.Category);
                Assert.Equal(withoutNotes.Criteria, withNotes.Criteria);
                Assert.True(Caution(withNotes.Disposition) >= Caution(withoutNotes.Disposition));
                Assert.True(withNotes.NeedsReview || !withoutNotes.NeedsReview);
            }
        });

    // Adding a red-flag sentence (as clinicians write them: the corpus's flagged sentences) anywhere
    // in the notes or the procedure description never makes the disposition less cautious, always
    // flags the result, and never lets it be postponed.
    [Property(MaxTest = Runs)]
    public Property Classify_AddingARedFlagSentence_NeverMakesTheDispositionLessCautious() =>
        Prop.ForAll(ReferralGenerators.Referrals(), Gen.Elements(RedFlagSentences).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (r, sentence, inNotes) =>
        {
            var flagged = inNotes
                ? r.Message with { Notes = $"{r.Message.Notes}. {sentence}" }
                : r.Message with { Procedure = (r.Message.Procedure ?? new Procedure()) with { Description = $"{r.Message.Procedure?.Description}. {sentence}" } };
            // A fracture the findings already report as stable is answered by them (FreeTextEvidence.Answered).
            var pointsTo = PointsTo(sentence, SpineTriage.Core.Guideline.FreeTextEvidence.Answered(flagged,
                SpineTriage.Core.ClinicalText.ClinicalTextReader.Default.Read(sentence, 2026)));
            foreach (var status in Statuses)
            {
                var before = r.Message.Classify(status);
                var after = flagged.Classify(status);
                Assert.True(Caution(after.Disposition) >= Caution(before.Disposition), $"{before.Disposition} became {after.Disposition} with: {sentence}");
                Assert.Equal(before.Category, after.Category);

                // Below the category the text points to, the result is flagged and never postponed.
                if (after.Category < pointsTo)
                {
                    Assert.True(after.NeedsReview, sentence);
                    Assert.NotEqual(Disposition.Postpone, after.Disposition);
                }
            }
        });

    private static TriageCategory PointsTo(string sentence, ulong answered)
    {
        var reader = SpineTriage.Core.ClinicalText.ClinicalTextReader.Default;
        var flagged = reader.Read(sentence, 2026).Flagged & ~answered;
        return reader.Lexicon.Concepts.Where(c => c.Suggests is not null && (flagged & (1UL << c.Index)) != 0)
            .Select(c => NassGuideline.GetCriterion(c.Suggests!).Category).DefaultIfEmpty(TriageCategory.Unclassified).Max();
    }

    private static readonly string[] RedFlagSentences =
        [.. SpineTriage.Core.Tests.ClinicalText.ClinicalCorpus.Sentences.Where(s => s.Expected.Count > 0).Select(s => s.Text)];

    // proceed < postpone < review: review holds the case for a clinician, postpone at least keeps it listed.
    private static int Caution(Disposition disposition) => disposition switch
    {
        Disposition.Proceed => 0,
        Disposition.Postpone => 1,
        _ => 2,
    };

    [Property(MaxTest = Runs)]
    public Property Read_SerializedReferral_RoundTripsToAnEqualClassification() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            var body = ReferralBuilder.ToJson(r.Message);
            var read = ReferralReader.Read(body);

            Assert.True(read.IsValid, read.ErrorMessage);
            Assert.Equal(r.Message.ReferralId, read.ReferralId);
            Assert.Equal(body, ReferralBuilder.ToJson(read.Referral!));
            foreach (var status in Statuses)
            {
                Assert.Equal(r.Message.Classify(status).ToJson(), read.Referral!.Classify(status).ToJson());
            }
        });
}
