using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Guideline.Rules;

namespace SpineTriage.Core.Triage;

/// <summary>
/// Applies the NASS guidance to a valid referral: every rule, the diagnosis-code mapping, the
/// clinical reading of every free-text field (red flags, and conflicts between findings, codes and
/// text); the highest matching category wins and every match is reported; then the disposition
/// policy, where any doubt holds a case that would be postponed. Pure and deterministic: the same referral, status and time give
/// the same result. Thread-safe.
/// </summary>
public sealed class TriageClassifier
{
    private static readonly string NotesForeign =
        "The notes are not in English, so they could not be read for red flags: clinician review";

    private static readonly string DescriptionForeign =
        "The procedure description is not in English, so it could not be read for red flags: clinician review";

    private static readonly string NeurologicStatusNotReported =
        "Neurologic status not reported: Elective assumes no significant deficit, clinician review";

    /// <summary>The review reason of a spinal infection below Emergent whose neurologic status is not reported.</summary>
    public const string InfectionWithoutNeurologicStatus =
        "Neurologic status not reported for a spinal infection: with a deficit it would be Emergent (an abscess compressing the nerves), clinician review";

    /// <summary>The review reason of an Urgent epidural abscess beside a neurologic deficit, decompression not reported.</summary>
    public const string EpiduralAbscessWithDeficit =
        "Epidural abscess with a neurologic deficit and findings.infection.requiresDecompression not true: whether it needs decompression now (Emergent) is a clinician's call, clinician review";

    private static readonly string CodesAlone =
        "The category rests on diagnosis codes alone, with no reported finding or neurologic status: clinician review";

    /// <summary>The review reason of a cause "tumor" at Elective without findings.instability.</summary>
    public const string TumorWithoutInstability = "findings.cause is \"tumor\" but findings.instability is not reported: instability at risk of neurologic injury would be Emergent, clinician review";

    /// <summary>The review reason of a cause "tumor" at Elective with findings.instability reported.</summary>
    public const string TumorAtElective = "findings.cause is \"tumor\" at Elective: whether a spinal tumour is benign, compresses or destabilises the spine is a clinician's call, clinician review";

    /// <summary>The review reason of a cause "fracture" at Elective without findings.instability.</summary>
    public const string FractureWithoutInstability = "findings.cause is \"fracture\" but findings.instability is not reported: instability at risk of neurologic injury would be Emergent, clinician review";

    /// <summary>The review reason of a cause "infection" at Elective without findings.infection.</summary>
    public const string InfectionWithoutFindings = "findings.cause is \"infection\" but findings.infection is not reported: a spinal infection may be Urgent or Emergent, clinician review";

    private static string? CauseWithoutItsFindings(Findings? findings) => findings switch
    {
        { Cause: Cause.Tumor, Instability: null } => TumorWithoutInstability,
        { Cause: Cause.Tumor } => TumorAtElective,
        { Cause: Cause.Fracture, Instability: null } => FractureWithoutInstability,
        { Cause: Cause.Infection, Infection: null } => InfectionWithoutFindings,
        _ => null,
    };

    private static readonly string NothingMatched =
        "No guideline criterion matched the reported findings and diagnoses";

    private readonly GuidelineRule[] _rules;
    // Null: the shipped reader, resolved at the first referral (its lexicon is built once per
    // process, so a host can warm it up in the background while it starts).
    private readonly ClinicalTextReader? _reader;

    /// <summary>Creates a classifier with the rules of <see cref="NassGuideline"/>.</summary>
    public TriageClassifier()
        : this(DefaultRules())
    {
    }

    /// <summary>Creates a classifier with the given rules (for tests of the pipeline around a rule).</summary>
    public TriageClassifier(IReadOnlyList<GuidelineRule> rules)
    {
        _rules = [.. rules ?? throw new ArgumentNullException(nameof(rules))];
    }

    /// <summary>Creates a classifier with the given rules and free-text reader.</summary>
    public TriageClassifier(IReadOnlyList<GuidelineRule> rules, ClinicalTextReader reader)
    {
        _rules = [.. rules ?? throw new ArgumentNullException(nameof(rules))];
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
    }

    /// <summary>One instance of every rule, in the guidance's order.</summary>
    public static IReadOnlyList<GuidelineRule> DefaultRules() =>
    [
        new SevereOrProgressiveDeficitRule(), new InstabilityRule(), new EpiduralAbscessDecompressionRule(),
        new PostoperativeWoundInfectionRule(), new ProgressiveMyelopathyRule(), new InfectionFailingMedicalManagementRule(),
        new PersistentSignificantDeficitRule(), new IntractablePainRule(), new ManageableWithoutProcedureRule(),
        new DeformityCorrectionRule(), new HardwareOrPseudarthrosisRule(),
    ];

    /// <summary>Classifies a referral that passed validation (see <see cref="ReferralReader"/>).</summary>
    /// <param name="referral">A valid referral.</param>
    /// <param name="regionStatus">The status of the referral's region.</param>
    /// <param name="decidedAt">The decision time recorded in the result.</param>
    public TriageResult Classify(ReferralMessage referral, RegionStatus regionStatus, DateTimeOffset decidedAt)
    {
        ArgumentNullException.ThrowIfNull(referral);
        if (referral.ReferralId is null || referral.Region is null)
        {
            throw new ArgumentException("The referral has not been validated: referralId and region are required.", nameof(referral));
        }

        var evidence = new TriageEvidence();
        // Indexed loops over arrays here and below: this runs for every message, and enumerating
        // an IReadOnlyList boxes its enumerator.
        for (var i = 0; i < _rules.Length; i++)
        {
            _rules[i].Evaluate(referral, evidence);
        }

        var byFindings = evidence.AnyMatched;
        ApplyDiagnosisCodes(referral, evidence);

        var category = TriageCategory.Unclassified;
        var all = NassGuideline.CriteriaInOrder;
        for (var i = 0; i < all.Length; i++)
        {
            var criterion = all[i];
            if (criterion.Category > category && evidence.HasMatched(criterion))
            {
                category = criterion.Category;
            }
        }

        var others = evidence.OtherCriteria;
        for (var i = 0; i < others.Count; i++)
        {
            if (others[i].Category > category)
            {
                category = others[i].Category;
            }
        }

        // Free text never changes the category: a red flag that points higher is a doubt for a clinician.
        var (notes, procedure) = FreeTextEvidence.Read(referral, _reader ?? ClinicalTextReader.Default);
        FreeTextEvidence.AddRedFlags(FreeTextField.Notes, notes, category, evidence, FreeTextEvidence.Answered(referral, notes));
        FreeTextEvidence.AddRedFlags(FreeTextField.ProcedureDescription, procedure, category, evidence, FreeTextEvidence.Answered(referral, procedure));
        FreeTextEvidence.AddCancerHistoryWithNightPain(FreeTextField.Notes, notes, category, evidence);
        var text = notes.Union(procedure);
        FreeTextEvidence.AddConflicts(referral, text, evidence);
        FreeTextEvidence.AddLevelConflicts(referral, evidence);
        FreeTextEvidence.AddMyelopathyLevelConflict(referral, evidence);
        if (category < TriageCategory.Emergent)
        {
            // An Emergent case proceeds whatever its age, listing or COVID-19 test says: these only change
            // what a lower category's disposition rests on.
            StatedAge.AddConflict(referral, evidence);
            ProcedureKinds.AddConflict(referral, evidence);
            FreeTextEvidence.AddCovidConflict(referral, notes, evidence);

            // Silence from the reader is no evidence when it cannot read the language.
            AddForeignText(referral.Notes, NotesForeign, evidence);
            AddForeignText(referral.Procedure?.Description, DescriptionForeign, evidence);
        }

        if (category >= TriageCategory.Urgent && !byFindings && referral.Findings?.NeurologicDeficit?.Severity is null)
        {
            // A code that decides alone (G83.4) with no finding behind it: the case proceeds, and a clinician confirms it.
            evidence.Review(CodesAlone);
        }

        if (category <= TriageCategory.Elective && CauseWithoutItsFindings(referral.Findings) is { } missing)
        {
            // A tumour, fracture or infection left at Elective: what would make it Emergent or Urgent
            // (instability, an abscess to drain, failing medical management) is not reported.
            evidence.Review(missing);
        }

        if (category == TriageCategory.Urgent && referral.Findings is { Cause: Cause.Infection } or { Infection: not null }
            && referral.Findings.NeurologicDeficit?.Severity is null && FreeTextEvidence.IntactExamination(text) is null)
        {
            // An infection that is Urgent on its own findings is Emergent once it compresses the nerves: with no
            // neurologic status in the findings or an intact examination in the text, that is left open.
            evidence.Review(InfectionWithoutNeurologicStatus);
        }

        if (category == TriageCategory.Urgent && referral.Findings is { Infection.Kind: InfectionKind.EpiduralAbscess, Infection.RequiresDecompression: not true }
            && referral.Findings.NeurologicDeficit?.Severity is DeficitSeverity.Mild or DeficitSeverity.Significant)
        {
            // An epidural abscess beside a deficit may need decompression now, which a clinician decides.
            evidence.Review(EpiduralAbscessWithDeficit);
        }

        if (category == TriageCategory.Unclassified)
        {
            evidence.Review(NothingMatched);
        }
        else if (category == TriageCategory.Elective && referral.Findings?.NeurologicDeficit?.Severity is null)
        {
            // Every Elective criterion assumes no significant deficit: unreported, it is a doubt, unless the
            // referrer's own text reports an intact examination and no deficit anywhere ("No neuro deficit on
            // exam" on a form whose findings were left blank).
            if (FreeTextEvidence.IntactExamination(text) is { } intact)
            {
                evidence.Note($"Neurologic status not in the findings, but the text describes {intact} and no deficit: Elective assumes no significant deficit");
            }
            else
            {
                evidence.Review(NeurologicStatusNotReported);
            }
        }

        // A doubt about the category (any review reason so far) holds a case the table would postpone.
        var disposition = DispositionPolicy.Decide(category, regionStatus, referral.Patient, doubt: evidence.NeedsReview);
        var needsReview = evidence.NeedsReview || disposition.NeedsReview;
        var criteria = CriteriaIds(evidence);
        var reasons = evidence.Conclude(disposition.Reason);

        return new TriageResult(
            referral.ReferralId,
            referral.EffectiveSequence,
            referral.Region,
            category,
            disposition.Disposition,
            NassGuideline.Recommendation(category),
            criteria,
            needsReview,
            reasons,
            regionStatus,
            NassGuideline.Version,
            decidedAt);
    }

    private static void AddForeignText(string? text, string reason, TriageEvidence evidence)
    {
        if (text is not null && TextLanguage.IsForeign(text))
        {
            evidence.Review(reason);
        }
    }

    private static void ApplyDiagnosisCodes(ReferralMessage referral, TriageEvidence evidence)
    {
        if (referral.Diagnoses is not { Count: > 0 } diagnoses)
        {
            return;
        }

        var significantDeficit = ManageableWithoutProcedureRule.HasSignificantDeficit(referral);

        // The highest category the structured findings reach, before any code: a code that cannot
        // decide alone is no doubt when the findings already reach its category without it.
        var byFindings = TriageCategory.Unclassified;
        var all = NassGuideline.CriteriaInOrder;
        for (var c = 0; c < all.Length; c++)
        {
            if (all[c].Category > byFindings && evidence.HasMatched(all[c]))
            {
                byFindings = all[c].Category;
            }
        }

        for (var i = 0; i < diagnoses.Count; i++)
        {
            var diagnosis = diagnoses[i];
            if (diagnosis?.Code is not { } code)
            {
                continue;
            }

            if (DiagnosisCodeMap.Find(code) is not { } mapping)
            {
                // A spine code the table does not know never silently adds nothing.
                if (DiagnosisCodeMap.IsSpineRelevant(code))
                {
                    evidence.Review($"Diagnosis {DiagnosisCodeMap.Display(code)} is a spine code the mapping table does not know: clinician review");
                }

                continue;
            }

            // "Without significant neurologic deficit": a stenosis or disc code with a significant
            // deficit is not Elective (the deficit rules place it higher).
            if (mapping.Criterion == NassGuideline.ManageableWithoutProcedure && significantDeficit)
            {
                continue;
            }

            var reasons = DiagnosisReasons.For(code, mapping);
            evidence.Match(mapping.Criterion, reasons.Match);
            if (reasons.Review is { } review && byFindings < mapping.Criterion.Category)
            {
                evidence.Review(review);
            }
        }
    }

    // The matched criteria's ids in the guidance's order, without sorting (at most eleven).
    private static string[] CriteriaIds(TriageEvidence evidence)
    {
        if (!evidence.AnyMatched)
        {
            return [];
        }

        var ids = new string[evidence.MatchedCount];
        var next = 0;
        var all = NassGuideline.CriteriaInOrder;
        for (var i = 0; i < all.Length; i++)
        {
            if (evidence.HasMatched(all[i]))
            {
                ids[next++] = all[i].Id;
            }
        }

        var others = evidence.OtherCriteria;
        for (var i = 0; i < others.Count; i++)
        {
            ids[next++] = others[i].Id;
        }

        return ids;
    }
}
