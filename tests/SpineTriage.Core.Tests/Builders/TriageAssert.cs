using System.Text.Json;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Builders;

/// <summary>Classifying builders, and the assertion the rule tables share.</summary>
public static class TriageAssert
{
    public static readonly DateTimeOffset DecidedAt = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private static readonly TriageClassifier Classifier = new();

    /// <summary>
    /// Codes that decide their criterion alone and add no review flag: adding one whose criterion
    /// the row does not expect makes the category at least Elective, so the result's needsReview
    /// shows exactly the flags the findings raised (an Unclassified result always needs review).
    /// </summary>
    private static readonly (string Code, string CriterionId)[] Baselines =
    [
        ("M96.0", CriterionIds.HardwareOrPseudarthrosis),
        ("T84.63XA", CriterionIds.PostoperativeWoundInfection),
        ("G83.4", CriterionIds.SevereOrProgressiveDeficit),
    ];

    public static TriageResult Classify(this ReferralBuilder builder, RegionStatus status = RegionStatus.Normal) =>
        Classifier.Classify(builder.Build(), status, DecidedAt);

    public static TriageResult Classify(this ReferralMessage referral, RegionStatus status = RegionStatus.Normal) =>
        Classifier.Classify(referral, status, DecidedAt);

    public static string ToJson(this TriageResult result) =>
        JsonSerializer.Serialize(result, TriageJsonContext.Default.TriageResult);

    /// <summary>
    /// Asserts, in a region with normal resources (so the disposition adds no review of its own):
    /// the matched criteria (in guidance order), the category they give, and whether the findings
    /// raise a review flag. The flag is checked twice: on the referral as built (where an
    /// Unclassified result always needs review), and with a baseline code added that makes the
    /// result classified, where needsReview is exactly <paramref name="expectedReview"/>.
    /// </summary>
    /// <summary>A result of the category that a doubt holds for a clinician: flagged, never postponed, with a reason that starts so.</summary>
    public static void HeldForReview(TriageResult result, TriageCategory category, string reasonStart)
    {
        Assert.Equal(category, result.Category);
        Assert.True(result.NeedsReview);
        Assert.NotEqual(Disposition.Postpone, result.Disposition);
        Assert.Contains(result.Reasons, r => r.StartsWith(reasonStart, StringComparison.Ordinal));
    }

    /// <summary>Every Elective result without a reported neurologic status is flagged: Elective assumes no significant deficit.</summary>
    public static bool UnreportedElective(TriageResult result, ReferralMessage referral) =>
        result.Category == TriageCategory.Elective && referral.Findings?.NeurologicDeficit?.Severity is null;

    public static void Triages(ReferralBuilder builder, string[] expectedCriteria, bool expectedReview)
    {
        var referral = builder.Build();
        var expectedCategory = CriterionIds.CategoryOf(expectedCriteria);
        var result = referral.Classify();

        Assert.Equal(expectedCriteria, result.Criteria);
        Assert.Equal(expectedCategory, result.Category);
        Assert.Equal(expectedReview || expectedCategory == TriageCategory.Unclassified || UnreportedElective(result, referral), result.NeedsReview);

        var (code, baselineId) = Baselines.First(b => !expectedCriteria.Contains(b.CriterionId));
        var withBaseline = referral with
        {
            Diagnoses = [.. referral.Diagnoses ?? [], new Diagnosis { System = "ICD-10-CM", Code = code }],
        };
        var baselineResult = withBaseline.Classify();
        Assert.Equal(CriterionIds.Ordered([.. expectedCriteria, baselineId]), baselineResult.Criteria);
        Assert.True(
            (expectedReview || UnreportedElective(baselineResult, withBaseline)) == baselineResult.NeedsReview,
            $"needsReview expected {expectedReview} but was {baselineResult.NeedsReview}; reasons: {string.Join(" | ", baselineResult.Reasons)}");
    }
}
