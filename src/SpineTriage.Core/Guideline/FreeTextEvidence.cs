using System.Text.RegularExpressions;
using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline;

/// <summary>Where in a referral a free text comes from.</summary>
public enum FreeTextField
{
    /// <summary><c>notes</c>.</summary>
    Notes,
    /// <summary><c>procedure.description</c>.</summary>
    ProcedureDescription,
}

/// <summary>
/// What the referral's free text adds to the evidence: a red flag for every concept the text
/// describes as a current finding (never a change of category), and a conflict for every place
/// where the structured findings, the diagnosis codes and the text disagree. Both are review
/// reasons, so the case is held for a clinician instead of being postponed.
/// </summary>
public static partial class FreeTextEvidence
{
    private static readonly string[] FieldNames = ["notes", "procedure description"];

    // Reason sentences are built once per concept and field (this runs for every referral).
    private static readonly Lazy<string[,,]> FlagReasons = new(BuildFlagReasons);
    // Every concept's code families, normalised (upper case, no dot), flat: checked for every code of every referral.
    private static readonly Lazy<(string Prefix, int Concept)[]> ConceptCodes = new(() =>
        [.. ClinicalLexicon.Default.Concepts.SelectMany(c => c.Codes.Select(code => (DiagnosisCodeMap.Normalize(code), c.Index)))]);

    /// <summary>Reads both free-text fields of a referral (the year it was received makes bare years past).</summary>
    public static (TextFindings Notes, TextFindings Procedure) Read(ReferralMessage referral, ClinicalTextReader reader)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(reader);
        var year = referral.ReceivedAt?.Year ?? 0;
        return (reader.Read(referral.Notes, year), reader.Read(referral.Procedure?.Description, year));
    }

    /// <summary>
    /// Adds a review reason for every concept flagged in a field's text that points to a higher
    /// category than the result's (a doubt). A concept the result's category already meets adds
    /// nothing: the findings or codes that placed it there are its reasons.
    /// </summary>
    public static void AddRedFlags(FreeTextField field, TextFindings findings, Triage.TriageCategory category, TriageEvidence evidence, ulong answered = 0)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var flagged = findings.Flagged & RedFlags.Value & ~answered;
        var reasons = FlagReasons.Value;
        var suggested = SuggestedCategories.Value;
        while (flagged != 0)
        {
            var index = System.Numerics.BitOperations.TrailingZeroCount(flagged);
            flagged &= flagged - 1;
            if (category < suggested[index])
            {
                evidence.Review(reasons[(int)field, index, (findings.Uncertain & (1UL << index)) != 0 ? 1 : 0]);
            }
        }
    }

    /// <summary>
    /// The intact neurologic examination the text reports ("neuro intact", "power 5/5 throughout", "no focal
    /// neurology"), or null: none, only a doubtful one, or one beside any deficit or weakness in the text
    /// (mild ones too: "EHL 4+/5, otherwise intact" leaves the trend to a clinician).
    /// </summary>
    public static string? IntactExamination(TextFindings text)
    {
        // Only an examination called normal as a whole ("neuro intact", "power 5/5 throughout"): "weakness
        // unchanged" or "stable deficit" (neurology-intact) says a deficit exists, not how bad it is; and
        // nothing the text says was copied from an older referral.
        var deficits = Signal(ConceptSignal.MildDeficit) | Signal(ConceptSignal.MotorDeficit) | Signal(ConceptSignal.SignificantDeficit)
            | Signal(ConceptSignal.SevereDeficit) | Signal(ConceptSignal.ProgressiveDeficit) | Signal(ConceptSignal.NotCurrent);
        return (text.Flagged & deficits) == 0 ? Names(text.Flagged & ~text.Uncertain & NormalExamination.Value) : null;
    }

    private static readonly Lazy<ulong> NormalExamination = ConceptBit("neurology-normal");

    /// <summary>
    /// The red flags whose question the structured findings already answer, so the text naming them adds no
    /// doubt: a fracture named in the text when the findings report a fracture (cause "fracture") that puts
    /// no nerve at risk (findings.instability.riskOfNeurologicInjury false). A suspected one ("?L1 fracture")
    /// is not answered, nor are words that assert instability (spinal-instability): against that finding
    /// they are a conflict.
    /// </summary>
    public static ulong Answered(ReferralMessage referral, TextFindings text)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var answered = referral.Findings is { Cause: Cause.Fracture, Instability.RiskOfNeurologicInjury: false }
            ? FractureNamed.Value & ~text.Uncertain
            : 0;

        // Cord compression on imaging is what a reported myelopathy rests on; its course decides the category
        // (recent progression is Urgent), and instability, a severe or progressive deficit, a tumour, an
        // abscess or a fracture beside it are red flags of their own.
        return referral.Findings?.Myelopathy is not null ? answered | (CordCompressed.Value & ~text.Uncertain) : answered;
    }

    private static readonly Lazy<ulong> CordCompressed = ConceptBit("cord-compression");
    private static readonly Lazy<ulong> FractureNamed = ConceptBit("fracture-instability");
    private static readonly Lazy<ulong> InstabilityAsserted = ConceptBit("spinal-instability");

    // One concept of the shipped lexicon as a bit of TextFindings, resolved at first use.
    private static Lazy<ulong> ConceptBit(string id) => new(() => 1UL << ClinicalLexicon.Default.GetConcept(id).Index);

    /// <summary>
    /// Adds a red flag for night or rest pain in a text that gives a history of cancer ("melanoma 2021 ...
    /// pain worse at night, waking him"): a past cancer is history, but with new night pain metastasis is
    /// not excluded. A current cancer is a red flag of its own already.
    /// </summary>
    public static void AddCancerHistoryWithNightPain(FreeTextField field, TextFindings findings, Triage.TriageCategory category, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var malignancy = Malignancy.Value;
        if ((findings.Historical & malignancy) != 0 && (findings.Flagged & malignancy) == 0 && (findings.Flagged & Signal(ConceptSignal.NightPain)) != 0
            && category < Triage.TriageCategory.Emergent)
        {
            evidence.Review(CancerHistoryReasons.Value[(int)field]);
        }
    }

    /// <summary>
    /// Adds a conflict when the notes report a positive COVID-19 test and <c>patient.covidStatus</c> is not
    /// positive ("tested positive on a lateral flow yesterday" beside "negative"): the status changes the
    /// disposition (an Elective case is postponed in every region status when the patient is positive).
    /// </summary>
    public static void AddCovidConflict(ReferralMessage referral, TextFindings notes, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if ((notes.Flagged & Signal(ConceptSignal.CovidPositive)) != 0 && referral.Patient?.CovidStatus != CovidStatus.Positive)
        {
            evidence.Review($"Conflict: patient.covidStatus is \"{(referral.Patient?.CovidStatus is { } status ? Wire(status) : "not reported")}\" but the notes report a positive COVID-19 test: clinician review");
        }
    }

    private static readonly Lazy<ulong> Malignancy = ConceptBit("malignancy");

    private static readonly Lazy<string[]> CancerHistoryReasons = new(() =>
        [.. FieldNames.Select(f => $"Red flag in the {f}: night or rest pain with a history of cancer (malignancy, points to Emergent): clinician review")]);

    /// <summary>The reason a flagged concept gives (for tests and documentation).</summary>
    public static string RedFlagReason(FreeTextField field, ClinicalConcept concept, bool uncertain = false)
    {
        ArgumentNullException.ThrowIfNull(concept);
        return FlagReasons.Value[(int)field, concept.Index, uncertain ? 1 : 0]
            ?? throw new ArgumentException($"Concept {concept.Id} is never a red flag.", nameof(concept));
    }

    private static readonly Lazy<ulong> RedFlags = new(() => ClinicalTextReader.Default.RedFlagMask);

    private static readonly Lazy<Triage.TriageCategory[]> SuggestedCategories = new(() =>
        [.. ClinicalLexicon.Default.Concepts.Select(c => c.Suggests is null ? Triage.TriageCategory.Unclassified : NassGuideline.GetCriterion(c.Suggests).Category)]);

    private static string[,,] BuildFlagReasons()
    {
        var concepts = ClinicalLexicon.Default.Concepts;
        var reasons = new string[FieldNames.Length, concepts.Count, 2];
        for (var f = 0; f < FieldNames.Length; f++)
        {
            foreach (var concept in concepts.Where(c => c.Suggests is not null))
            {
                var criterion = NassGuideline.GetCriterion(concept.Suggests!);
                reasons[f, concept.Index, 0] = $"Red flag in the {FieldNames[f]}: {concept.Name} ({concept.Id}, points to {criterion.Category}): clinician review";
                reasons[f, concept.Index, 1] = $"Red flag in the {FieldNames[f]}: suspected {concept.Name} ({concept.Id}, points to {criterion.Category}): clinician review";
            }
        }

        return reasons;
    }

    /// <summary>
    /// Adds a review reason for every disagreement between the structured findings, the diagnosis
    /// codes and the free text, naming both sides. Rare, so the sentences are built when needed.
    /// </summary>
    public static void AddConflicts(ReferralMessage referral, TextFindings text, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        var concepts = ClinicalLexicon.Default.Concepts;
        var deficit = referral.Findings?.NeurologicDeficit;

        if (text.Flagged != 0)
        {
            // Findings that say "no (significant) deficit" or "not progressing" against a text that describes one.
            if (deficit?.Severity is { } severity
                && Names(text.Flagged & Contradicting(severity)) is { } severe)
            {
                evidence.Review($"Conflict: findings.neurologicDeficit.severity is \"{Wire(severity)}\" but the text describes {severe}: clinician review");
            }

            if (deficit?.Trend is DeficitTrend.Stable or DeficitTrend.Improving
                && Names(text.Flagged & Signal(ConceptSignal.ProgressiveDeficit)) is { } progressive)
            {
                evidence.Review($"Conflict: findings.neurologicDeficit.trend is \"{Wire(deficit.Trend.Value)}\" but the text describes {progressive}: clinician review");
            }

            // A cause that the text contradicts: "degenerative" beside an abscess, a tumour or a fracture.
            if (referral.Findings?.Cause is { } cause
                && Names(text.Flagged & Contradicting(cause)) is { } causes)
            {
                evidence.Review($"Conflict: findings.cause is \"{Wire(cause)}\" but the text describes {causes}: clinician review");
            }

            // Findings that overstate a deficit: "significant" beside a text whose only weakness is mild ("EHL 4+/5").
            if (deficit?.Severity is DeficitSeverity.Significant or DeficitSeverity.Severe
                && (text.Flagged & (Signal(ConceptSignal.SignificantDeficit) | Signal(ConceptSignal.SevereDeficit) | Signal(ConceptSignal.ProgressiveDeficit))) == 0
                && Names(text.Flagged & Signal(ConceptSignal.MildDeficit)) is { } mild)
            {
                evidence.Review($"Conflict: findings.neurologicDeficit.severity is \"{Wire(deficit.Severity.Value)}\" but the text describes {mild}: clinician review");
            }

            // Findings that overstate: a severe or progressive deficit beside an intact or unchanged examination.
            if (referral.Findings?.Pain is { Intractable: true } && Names(text.Flagged & Signal(ConceptSignal.PainSettled)) is { } settled)
            {
                evidence.Review($"Conflict: findings.pain.intractable is true but the text describes {settled}: clinician review");
            }

            // An intact finding beside the text's own severe or progressive deficit (power 5/5 in a
            // cauda equina syndrome) describes part of the examination, not a contradiction.
            if (Names(text.Flagged & Signal(ConceptSignal.Intact)) is { } intact
                && (text.Flagged & (Signal(ConceptSignal.SevereDeficit) | Signal(ConceptSignal.ProgressiveDeficit))) == 0)
            {
                if (deficit?.Severity == DeficitSeverity.Severe || deficit?.Trend == DeficitTrend.Progressive)
                {
                    evidence.Review($"Conflict: findings.neurologicDeficit is \"{Wire(deficit.Severity ?? DeficitSeverity.Unrecognized)}\", \"{Wire(deficit.Trend ?? DeficitTrend.Unrecognized)}\" but the text describes {intact}: clinician review");
                }

                // "Significant" beside "strength 5/5 throughout" and no weakness anywhere in the text: the
                // Urgent criterion rests on a deficit the examination does not show.
                if (deficit?.Severity == DeficitSeverity.Significant
                    && (text.Flagged & (Signal(ConceptSignal.SignificantDeficit) | Signal(ConceptSignal.MotorDeficit) | Signal(ConceptSignal.MildDeficit))) == 0)
                {
                    evidence.Review($"Conflict: findings.neurologicDeficit.severity is \"significant\" but the text describes {intact}: clinician review");
                }

                if (referral.Findings?.Myelopathy?.RecentProgression == true)
                {
                    evidence.Review($"Conflict: findings.myelopathy.recentProgression is true but the text describes {intact}: clinician review");
                }
            }

            if (referral.Findings?.Pain is { } pain && (pain.Intractable == false || (pain.EdPresentation == false && pain.ExcessiveOpioidUse == false))
                && Names(text.Flagged & Signal(ConceptSignal.IntractablePain)) is { } intractable)
            {
                evidence.Review($"Conflict: findings.pain says the pain is not intractable (or neither ED presentation nor excessive opioid use) but the text describes {intractable}: clinician review");
            }

            if (referral.Findings?.Infection is { RequiresDecompression: false } infection
                && Names(text.Flagged & (Signal(ConceptSignal.SevereDeficit) | Signal(ConceptSignal.Compression))) is { } compression)
            {
                evidence.Review($"Conflict: findings.infection.requiresDecompression is false but the text describes {compression}: clinician review"
                    + (infection.Kind == InfectionKind.EpiduralAbscess ? " (an epidural abscess with a severe deficit is Emergent)" : string.Empty));
            }

            if (referral.Findings?.Instability?.RiskOfNeurologicInjury == false && (text.Flagged & InstabilityAsserted.Value) != 0)
            {
                evidence.Review("Conflict: findings.instability.riskOfNeurologicInjury is false but the text describes spinal instability: clinician review");
            }

            // Findings the text says are not from a current examination may be stale in either direction.
            if (referral.Findings is not null && Names(text.Flagged & Signal(ConceptSignal.NotCurrent)) is { } stale)
            {
                evidence.Review($"Conflict: the structured findings may not be current: the text describes {stale}: clinician review");
            }
        }

        if (referral.Diagnoses is not { Count: > 0 } diagnoses)
        {
            return;
        }

        var codes = ConceptCodes.Value;
        Span<char> normalized = stackalloc char[16];
        foreach (var diagnosis in diagnoses)
        {
            if (diagnosis?.Code is not { } code || DiagnosisCodeMap.Normalize(code, normalized) is not (> 0 and var length))
            {
                continue;
            }

            var key = normalized[..length];

            foreach (var (prefix, index) in codes)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var concept = concepts[index];
                var display = DiagnosisCodeMap.Display(code);
                if (concept.Signal == ConceptSignal.SevereDeficit && deficit?.Severity is DeficitSeverity.None or DeficitSeverity.Mild)
                {
                    evidence.Review($"Conflict: diagnosis {display} names {concept.Name} but findings.neurologicDeficit.severity is \"{Wire(deficit.Severity.Value)}\": clinician review");
                }

                if (text.IsOnlyNegatedOrPast(concept) && !IsSequela(key))
                {
                    // A sequela code ("S13.4XXS", whiplash, sequela) itself says the injury is past, so a
                    // text that calls it absent or past agrees with it.
                    evidence.Review($"Conflict: diagnosis {display} names {concept.Name} but the text describes it as absent or past: the code cannot decide alone, clinician review");
                }
            }
        }
    }

    // An injury code whose seventh character is S: the late effect of an injury, not the injury itself.
    private static bool IsSequela(ReadOnlySpan<char> normalized) =>
        normalized.Length == 7 && normalized[0] is 'S' or 'T' && normalized[6] == 'S';

    /// <summary>Whether any red-flag concept is flagged in the text (an intact examination is not one).</summary>
    public static bool AnyRedFlag(TextFindings findings) => (findings.Flagged & RedFlags.Value) != 0;

    /// <summary>
    /// Adds a conflict when a diagnosis code names one region of the spine (cervical, thoracic,
    /// lumbar) and the procedure description names levels in another only (M48.02, cervical
    /// stenosis, on an "L3-L5 decompression"): one of them is wrong, so the code cannot decide.
    /// </summary>
    public static void AddLevelConflicts(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Diagnoses is not { Count: > 0 } diagnoses || SpinalRegions.Named(referral.Procedure?.Description) is not (not 0 and var named)
            || Neuromodulation().IsMatch(referral.Procedure!.Description!))
        {
            // A spinal cord stimulator's leads lie where the cord is ("SCS trial, leads T8-T10" for
            // lumbar radicular pain), not at the levels of the pathology.
            return;
        }

        foreach (var diagnosis in diagnoses)
        {
            if (diagnosis?.Code is { } code && SpinalRegions.OfCode(code) is not 0 and var coded && (coded & named) == 0)
            {
                evidence.Review($"Conflict: diagnosis {DiagnosisCodeMap.Display(code)} is {SpinalRegions.Describe(coded)} but the procedure description names {SpinalRegions.Describe(named)} levels: clinician review");
            }
        }
    }

    /// <summary>
    /// Adds a conflict when findings.myelopathy.level names one region and the procedure description's
    /// levels and the codes name only another ("thoracic" beside "C3-6 laminoplasty" and M47.12): one of them
    /// is wrong, and the criterion rests on the findings.
    /// </summary>
    public static void AddMyelopathyLevelConflict(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Findings?.Myelopathy?.Level is not ({ } level and (MyelopathyLevel.Cervical or MyelopathyLevel.Thoracic)))
        {
            return;
        }

        var named = SpinalRegions.Named(referral.Procedure?.Description);
        foreach (var diagnosis in referral.Diagnoses ?? [])
        {
            named |= diagnosis?.Code is { } code ? SpinalRegions.OfCode(code) : 0;
        }

        var region = level == MyelopathyLevel.Cervical ? SpinalRegions.Cervical : SpinalRegions.Thoracic;
        if (named != 0 && (named & region) == 0)
        {
            evidence.Review($"Conflict: findings.myelopathy.level is \"{Wire(level)}\" but the codes and the procedure description name {SpinalRegions.Describe(named)} levels: clinician review");
        }
    }

    // The contract's spelling of an enumeration value ("discHerniation").
    private static string Wire<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    // A severe deficit contradicts "none" or "mild"; a progressive one or any motor weakness contradicts "none" only.
    private static bool Contradicts(ConceptSignal signal, DeficitSeverity severity) => signal switch
    {
        ConceptSignal.SevereDeficit => severity is DeficitSeverity.None or DeficitSeverity.Mild,
        ConceptSignal.ProgressiveDeficit => severity is DeficitSeverity.None,
        ConceptSignal.SignificantDeficit => severity is DeficitSeverity.None or DeficitSeverity.Mild,
        ConceptSignal.MotorDeficit => severity is DeficitSeverity.None,
        _ => false,
    };

    // An infection or a tumour is a cause of its own; instability words fit many causes, so they contradict none.
    private static bool ContradictsCause(ConceptSignal signal, Cause cause) => signal switch
    {
        ConceptSignal.Infection or ConceptSignal.WoundInfection => cause != Cause.Infection,
        ConceptSignal.Tumor => cause is not (Cause.Tumor or Cause.Fracture),
        _ => false,
    };

    // The concepts of each signal, as masks: the checks above cost a few bit operations unless a conflict is there.
    private static readonly Lazy<ulong[]> SignalMasks = new(() =>
    {
        var masks = new ulong[Enum.GetValues<ConceptSignal>().Length];
        foreach (var concept in ClinicalLexicon.Default.Concepts)
        {
            masks[(int)concept.Signal] |= 1UL << concept.Index;
        }

        return masks;
    });

    private static ulong Signal(ConceptSignal signal) => SignalMasks.Value[(int)signal];

    // Per severity and per cause, the concepts that contradict it (built once).
    private static readonly Lazy<ulong[]> BySeverity = new(() =>
        [.. Enumerable.Range(0, Enum.GetValues<DeficitSeverity>().Length).Select(v => Mask(signal => Contradicts(signal, (DeficitSeverity)v)))]);

    private static readonly Lazy<ulong[]> ByCause = new(() =>
        [.. Enumerable.Range(0, Enum.GetValues<Cause>().Length).Select(v => Mask(signal => ContradictsCause(signal, (Cause)v)))]);

    private static ulong Mask(Func<ConceptSignal, bool> which) =>
        Enum.GetValues<ConceptSignal>().Where(which).Aggregate(0UL, (mask, signal) => mask | Signal(signal));

    private static ulong Contradicting(DeficitSeverity severity) => BySeverity.Value[(int)severity];

    private static ulong Contradicting(Cause cause) => ByCause.Value[(int)cause];

    // "cauda equina syndrome, urinary retention": the names of the concepts of a mask, or null when none.
    private static string? Names(ulong mask)
    {
        if (mask == 0)
        {
            return null;
        }

        var concepts = ClinicalLexicon.Default.Concepts;
        var names = new List<string>();
        while (mask != 0)
        {
            names.Add(concepts[System.Numerics.BitOperations.TrailingZeroCount(mask)].Name);
            mask &= mask - 1;
        }

        return string.Join(", ", names);
    }

    [GeneratedRegex(@"\b(scs|spinal cord stim\w*|(dorsal column|drg|dorsal root ganglion) stim\w*|stimulator|neuromodulation|neurostimulat\w*|intrathecal (pump|drug delivery))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Neuromodulation();
}
