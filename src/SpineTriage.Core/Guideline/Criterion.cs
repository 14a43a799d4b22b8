using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Guideline;

/// <summary>One criterion of the NASS guidance: a stable id, its category, and the guidance's own words.</summary>
/// <param name="Id">Stable id, e.g. <c>urgent.progressive-myelopathy</c>; stored with every result.</param>
/// <param name="Category">The category the criterion places a referral in.</param>
/// <param name="Guidance">The guidance's wording, so a clinician can check the rule against it.</param>
/// <param name="Order">Position in the guidance table; results list criteria in this order.</param>
public sealed record Criterion(string Id, TriageCategory Category, string Guidance, int Order);
