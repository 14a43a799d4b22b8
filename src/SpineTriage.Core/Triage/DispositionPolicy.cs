using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Triage;

/// <summary>What the disposition policy decided, and why.</summary>
/// <param name="Disposition">Proceed, postpone or review.</param>
/// <param name="NeedsReview">Whether the decision itself asks for a clinician (postpone + review).</param>
/// <param name="Reason">The rule of the table that applied, in plain words.</param>
public readonly record struct DispositionDecision(Disposition Disposition, bool NeedsReview, string Reason);

/// <summary>
/// The disposition table: what happens to a category given the region's status and the patient's
/// COVID-19 risk, and whether a doubt about the category holds the case for a clinician.
/// <code>
/// category      normal                              constrained                                   crisis
/// Emergent      proceed                             proceed                                       proceed
/// Urgent        proceed                             proceed (postpone + review if high risk)      postpone + review
/// Elective      proceed (postpone if COVID+)        postpone                                      postpone
/// Unclassified  review                              review                                        review
/// </code>
/// A doubt holds the case: when the result carries a doubt about its category (a red flag, a
/// conflict, missing data that could raise it, a code that cannot decide alone) and the table says
/// postpone, the disposition is review. A flagged case that proceeds keeps proceed.
/// </summary>
public static class DispositionPolicy
{
    /// <summary>The age from which a patient counts as at high COVID-19 risk even without the age65plus factor.</summary>
    public const int HighRiskAgeYears = 65;

    private const string HeldForReview = "; a doubt about the category holds the case for a clinician's review";

    /// <summary>
    /// High COVID-19 risk: status positive, or any risk factor given. An age of 65 or more counts as
    /// the age65plus factor even when the sender did not list it (never guessed low).
    /// </summary>
    public static bool IsHighCovidRisk(Patient? patient) =>
        patient is not null
        && (patient.CovidStatus == CovidStatus.Positive
            || patient.CovidRiskFactors is { Count: > 0 }
            || patient.AgeYears >= HighRiskAgeYears);

    /// <summary>Applies the table to a referral's patient and the result's doubt.</summary>
    /// <param name="category">The category.</param>
    /// <param name="status">The region's status.</param>
    /// <param name="patient">The patient (COVID-19 status, risk factors, age), if reported.</param>
    /// <param name="doubt">Whether the result carries a doubt about its category.</param>
    public static DispositionDecision Decide(TriageCategory category, RegionStatus status, Patient? patient, bool doubt) =>
        Decide(category, status, IsHighCovidRisk(patient), patient?.CovidStatus == CovidStatus.Positive, doubt);

    /// <summary>Applies the table.</summary>
    /// <param name="category">The category.</param>
    /// <param name="status">The region's status.</param>
    /// <param name="highCovidRisk">Whether the patient is at high COVID-19 risk.</param>
    /// <param name="covidPositive">Whether the patient is COVID-19 positive.</param>
    /// <param name="doubt">Whether the result carries a doubt about its category.</param>
    public static DispositionDecision Decide(TriageCategory category, RegionStatus status, bool highCovidRisk, bool covidPositive, bool doubt)
    {
        var decision = Table(category, status, highCovidRisk, covidPositive);
        return doubt && decision.Disposition == Disposition.Postpone
            ? new DispositionDecision(Disposition.Review, true, Held(decision.Reason))
            : decision;
    }

    private static DispositionDecision Table(TriageCategory category, RegionStatus status, bool highCovidRisk, bool covidPositive) =>
        (category, status) switch
        {
            (TriageCategory.Emergent, _) => new(Disposition.Proceed, false, "Emergent: proceed whatever the region's status"),
            (TriageCategory.Urgent, RegionStatus.Normal) => new(Disposition.Proceed, false, "Urgent in a region with normal resources: proceed"),
            (TriageCategory.Urgent, RegionStatus.Constrained) when highCovidRisk =>
                new(Disposition.Postpone, true, "Urgent in a constrained region with a patient at high COVID-19 risk: postpone, clinician review"),
            (TriageCategory.Urgent, RegionStatus.Constrained) =>
                new(Disposition.Proceed, false, "Urgent in a constrained region, patient not at high COVID-19 risk: proceed if local resources allow"),
            (TriageCategory.Urgent, RegionStatus.Crisis) => new(Disposition.Postpone, true, "Urgent in a region in crisis: postpone, clinician review"),
            (TriageCategory.Elective, _) when covidPositive => new(Disposition.Postpone, false, "Elective with a COVID-19 positive patient: postpone whatever the region's status"),
            (TriageCategory.Elective, RegionStatus.Normal) => new(Disposition.Proceed, false, "Elective in a region with normal resources: proceed"),
            (TriageCategory.Elective, RegionStatus.Constrained) => new(Disposition.Postpone, false, "Elective in a constrained region: postpone"),
            (TriageCategory.Elective, RegionStatus.Crisis) => new(Disposition.Postpone, false, "Elective in a region in crisis: postpone"),
            (TriageCategory.Unclassified, _) => new(Disposition.Review, true, "Unclassified: a clinician must triage this referral"),
            _ => throw new ArgumentOutOfRangeException(nameof(category), $"No disposition for {category} in a {status} region."),
        };

    // The held reasons are few (one per row of the table): built once each.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> HeldReasons = new(StringComparer.Ordinal);

    private static string Held(string reason) => HeldReasons.GetOrAdd(reason, static r => r + HeldForReview);
}
