using System.Collections.Frozen;
using System.Text.Json;

namespace SpineTriage.Core.ClinicalText;

/// <summary>What a concept found in clinical text signals for triage (drives the conflict checks).</summary>
public enum ConceptSignal
{
    /// <summary>A severe neurologic deficit (cauda equina, retention, foot drop...).</summary>
    SevereDeficit,
    /// <summary>A progressive deficit.</summary>
    ProgressiveDeficit,
    /// <summary>Myelopathy or its signs.</summary>
    Myelopathy,
    /// <summary>A spinal infection.</summary>
    Infection,
    /// <summary>A postoperative wound infection.</summary>
    WoundInfection,
    /// <summary>A tumour or metastatic disease.</summary>
    Tumor,
    /// <summary>A fracture, dislocation, instability or trauma.</summary>
    Fracture,
    /// <summary>Neural compression seen on imaging (not itself a deficit).</summary>
    Compression,
    /// <summary>A warning sign that is not itself a deficit (bilateral sciatica).</summary>
    Warning,
    /// <summary>A significant (3/5) motor deficit or wasting.</summary>
    SignificantDeficit,
    /// <summary>Any objective motor weakness (4/5, "weak EHL", "reduced grip"): whether it is significant is a clinician's call.</summary>
    MotorDeficit,
    /// <summary>Constitutional symptoms of serious pathology (unexplained weight loss, night sweats): tumour or infection not yet excluded; contradicts no cause.</summary>
    Systemic,
    /// <summary>Signs of intractable pain (repeated ED attendances, strong opioids).</summary>
    IntractablePain,
    /// <summary>Pain described as settled or controlled: never a red flag, used to find findings that overstate intractable pain.</summary>
    PainSettled,
    /// <summary>An intact or stable neurologic examination ("power 5/5 throughout"): never a red flag, used to find findings that overstate.</summary>
    Intact,
    /// <summary>A positive COVID-19 test in the text: never a red flag, used to find a structured covidStatus it contradicts.</summary>
    CovidPositive,
    /// <summary>Pain at night or at rest: never a red flag alone; with a history of cancer it is one (malignancy).</summary>
    NightPain,
    /// <summary>Only a mild motor deficit ("EHL 4+/5", "mild weakness"): never a red flag, used to find findings that overstate a significant deficit.</summary>
    MildDeficit,
    /// <summary>The findings are not from a current examination ("data copied from the previous referral"): never a red flag, used to hold findings that may be stale.</summary>
    NotCurrent,
}

/// <summary>A ConText category: what a trigger says about the findings in its scope.</summary>
public enum ContextCategory
{
    /// <summary>"no", "denies", "negative for", "absent": the finding is absent.</summary>
    NegatedExistence,
    /// <summary>"normal", "intact", "preserved": the finding is absent, and a function is normal.</summary>
    Normal,
    /// <summary>"history of", "in 2019", "resolved": a past finding, not a current one.</summary>
    Historical,
    /// <summary>"if", "advised to return if", "safety-netted": a finding that may happen, not one that has.</summary>
    Hypothetical,
    /// <summary>"mother had", "family history of": about another person.</summary>
    Family,
    /// <summary>"?", "possible", "cannot exclude": a doubt, which keeps the finding flagged even when negated.</summary>
    Uncertain,
    /// <summary>"worsening", "new", "rapidly": qualifies a concept that requires it.</summary>
    Progression,
    /// <summary>"0/5", "absent", "flicker": a severity that qualifies a concept that requires it.</summary>
    Severity,
    /// <summary>"compressing", "indenting", "flattening": qualifies a structure that requires it ("the cord").</summary>
    Compression,
    /// <summary>"unchanged", "stable", "for years": a long-standing state, which hides the concepts that name it in alsoHiddenBy.</summary>
    Stable,
    /// <summary>"started again", "has returned": a past finding that is back, so history after which it comes does not hide it.</summary>
    Recurrence,
    /// <summary>
    /// "since 2019", "since his 2015 discectomy": present since a past date or operation. With a stable or
    /// chronic statement ("chronic", "unchanged", "no change") and no progression, it hides the concepts that
    /// name it in alsoHiddenBy (a baseline deficit, not a new one); a progression word after a past date
    /// also brings those concepts back ("foot drop from 2015, now worse").
    /// </summary>
    Baseline,
    /// <summary>
    /// "unchanged", "no change", "same for a couple of years": a state said not to change. With a long-standing
    /// statement apart from it (BASELINE, or a STABLE word that is not itself an unchanged one: "for years",
    /// "long-standing", "since her third child") and no progression, it hides the concepts that name it in
    /// alsoHiddenBy (a long-standing baseline of bladder or gait, not a new one).
    /// </summary>
    Unchanged,
    /// <summary>
    /// "glove and stocking", "known diabetic neuropathy", "due to his neuropathy": a symptom put down to a named
    /// cause outside the spine, which hides the concepts that name it in alsoHiddenBy, unless a progression or a
    /// doubt qualifies it ("...but now spreading up both legs", "?neuropathy ?spinal").
    /// </summary>
    Explained,
    /// <summary>Looks like a trigger but is not ("no change in", "3-day history of").</summary>
    Pseudo,
    /// <summary>Ends the scope of the categories it names ("but", "now", "reports").</summary>
    Terminate,
}

/// <summary>Which way a trigger's scope reaches.</summary>
public enum ContextDirection
{
    /// <summary>To the findings after the trigger.</summary>
    Forward,
    /// <summary>To the findings before the trigger.</summary>
    Backward,
    /// <summary>Forward when a finding lies in its forward scope, else backward.</summary>
    Bidirectional,
    /// <summary>A termination word.</summary>
    Terminate,
    /// <summary>A pseudo-trigger.</summary>
    Pseudo,
    /// <summary>
    /// A section heading that opens a sentence ("Family History:"): its category applies to every mention
    /// up to the next sentence end (a full stop or a new line; a form's field breaks do not end it) or the
    /// next heading; a heading whose category is TERMINATE ("Social History:") only ends a section.
    /// </summary>
    Section,
}

/// <summary>One concept of the lexicon: what it is, what it means for triage, how clinicians write it.</summary>
/// <param name="Id">Stable id, e.g. <c>cauda-equina</c>.</param>
/// <param name="Name">Plain name used in reasons.</param>
/// <param name="Signal">What it signals for triage.</param>
/// <param name="Suggests">The guideline criterion id a red flag points to; none for a concept that is never a red flag.</param>
/// <param name="Codes">ICD-10-CM code families that name the same condition.</param>
/// <param name="Meaning">What it means for triage, for clinicians.</param>
/// <param name="Variants">How clinicians write it (after expansion of alternatives).</param>
/// <param name="RequiredCategory">A context category that must apply before it counts (e.g. progression), for <paramref name="QualifiedVariants"/>.</param>
/// <param name="QualifiedVariants">Words that count only when <paramref name="RequiredCategory"/> applies.</param>
public sealed record ClinicalConcept(
    string Id, string Name, ConceptSignal Signal, string? Suggests, IReadOnlyList<string> Codes, string Meaning,
    IReadOnlyList<string> Variants, ContextCategory? RequiredCategory, IReadOnlyList<string> QualifiedVariants)
{
    /// <summary>Context categories that hide this concept besides the usual ones (a stable bilateral numbness is no warning).</summary>
    public IReadOnlyList<ContextCategory> AlsoHiddenBy { get; init; } = [];

    /// <summary>Whether a flagged mention is a red flag (an intact examination is not).</summary>
    public bool IsRedFlag => Signal is not (ConceptSignal.Intact or ConceptSignal.PainSettled or ConceptSignal.NotCurrent or ConceptSignal.MildDeficit or ConceptSignal.NightPain or ConceptSignal.CovidPositive);

    /// <summary>The position of the concept in the lexicon (its bit in <see cref="TextFindings"/>).</summary>
    public int Index { get; init; }
}

/// <summary>One ConText rule: a trigger phrase, its category, direction and scope.</summary>
/// <param name="Literal">The trigger as written in the lexicon (alternatives not expanded).</param>
/// <param name="Category">What it says about the findings in its scope.</param>
/// <param name="Direction">Which way its scope reaches.</param>
/// <param name="MaxScope">How many words that are not findings the scope may reach across.</param>
/// <param name="CrossesCommas">Whether the scope reaches across commas (lists).</param>
/// <param name="Ends">For termination rules: the categories whose scope it ends.</param>
/// <param name="AfterComma">For termination rules: whether it ends a scope only once a list break lies between.</param>
public sealed record ContextRule(
    string Literal, ContextCategory Category, ContextDirection Direction, int MaxScope, bool CrossesCommas, IReadOnlyList<ContextCategory> Ends, bool AfterComma)
{
    /// <summary>The categories this termination rule ends, as bits.</summary>
    internal int EndsMask { get; init; }

    /// <summary>The trigger's own verbs ("mother had", "wife has had"): right after it, they end nothing. Null when none.</summary>
    public string? AdjacentVerbs { get; init; }

    /// <summary>For EXPLAINED: the concepts the cause it names explains ("BPH" explains bladder symptoms, not numb feet).</summary>
    public IReadOnlyList<string> Explains { get; init; } = [];

    /// <summary><see cref="Explains"/> as concept bits.</summary>
    internal ulong ExplainsMask { get; init; }
}

/// <summary>
/// The clinical lexicon: concepts, exclusions and ConText rules, loaded from the versioned data file
/// <c>ClinicalText/clinical-lexicon.json</c> embedded in the assembly (readable by a clinician, kept
/// apart from the code that applies it).
/// </summary>
public sealed class ClinicalLexicon
{
    private const string ResourceName = "SpineTriage.Core.ClinicalText.clinical-lexicon.json";
    private static readonly Lazy<ClinicalLexicon> DefaultLexicon = new(() => Load());

    private ClinicalLexicon(string version, IReadOnlyList<ClinicalConcept> concepts, IReadOnlyList<(string Literal, string Why)> exclusions, IReadOnlyList<ContextRule> rules, IReadOnlyDictionary<string, string> spellings)
    {
        Version = version;
        Concepts = concepts;
        Exclusions = exclusions;
        Rules = rules;
        Spellings = spellings;
    }

    /// <summary>The lexicon shipped with this build.</summary>
    public static ClinicalLexicon Default => DefaultLexicon.Value;

    /// <summary>The lexicon's version.</summary>
    public string Version { get; }

    /// <summary>The concepts, in the file's order.</summary>
    public IReadOnlyList<ClinicalConcept> Concepts { get; }

    /// <summary>Phrases that contain a concept's words but are not the concept ("gall bladder"), with why.</summary>
    public IReadOnlyList<(string Literal, string Why)> Exclusions { get; }

    /// <summary>The ConText rules.</summary>
    public IReadOnlyList<ContextRule> Rules { get; }

    /// <summary>
    /// Dialect and spoken spellings of a word the phrases use ("roond" is "round", "dinnae" is "don't",
    /// "workin" is "working"): a text's word is read as the word it stands for, in every phrase.
    /// </summary>
    public IReadOnlyDictionary<string, string> Spellings { get; }

    /// <summary>Finds a concept by id.</summary>
    public ClinicalConcept GetConcept(string id) =>
        Concepts.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"No clinical concept has the id '{id}'.");

    /// <summary>Reads the shipped lexicon.</summary>
    public static ClinicalLexicon Load()
    {
        using var stream = typeof(ClinicalLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The clinical lexicon resource {ResourceName} is missing from the build.");
        return Load(stream);
    }

    /// <summary>Reads a lexicon file; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ClinicalLexicon Load(Stream json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var version = Required(root, "version", "lexicon").GetString()!;

        var concepts = new List<ClinicalConcept>();
        foreach (var item in Required(root, "concepts", "lexicon").EnumerateArray())
        {
            var id = Required(item, "id", "concept").GetString()!;
            var where = $"concept {id}";
            ContextCategory? requires = null;
            IReadOnlyList<string> qualified = [];
            if (item.TryGetProperty("requires", out var req) && req.ValueKind == JsonValueKind.Object)
            {
                requires = ParseCategory(Required(req, "category", where).GetString(), where);
                qualified = Strings(Required(req, "variants", where));
            }

            concepts.Add(new ClinicalConcept(
                id,
                Required(item, "name", where).GetString()!,
                ParseSignal(Required(item, "signals", where).GetString(), where),
                item.TryGetProperty("suggests", out var suggests) && suggests.ValueKind == JsonValueKind.String ? suggests.GetString() : null,
                Strings(Required(item, "codes", where)),
                Required(item, "meaning", where).GetString()!,
                Strings(Required(item, "variants", where)),
                requires,
                qualified)
            {
                Index = concepts.Count,
                AlsoHiddenBy = item.TryGetProperty("alsoHiddenBy", out var hidden) ? [.. hidden.EnumerateArray().Select(h => ParseCategory(h.GetString(), where))] : [],
            });
        }

        if (concepts.FirstOrDefault(c => c.IsRedFlag && c.Suggests is null) is { } unpointed)
        {
            throw new FormatException($"The lexicon's concept {unpointed.Id} is a red flag and names no criterion (\"suggests\").");
        }

        if (concepts.Count > 64)
        {
            throw new FormatException("The lexicon has more than 64 concepts; TextFindings keeps them as bits of one 64-bit mask.");
        }

        if (concepts.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != concepts.Count)
        {
            throw new FormatException("Two concepts of the lexicon have the same id.");
        }

        var exclusions = Required(root, "exclusions", "lexicon").EnumerateArray()
            .Select(e => (Required(e, "literal", "exclusion").GetString()!, Required(e, "why", "exclusion").GetString()!))
            .ToList();

        var rules = new List<ContextRule>();
        foreach (var item in Required(root, "context", "lexicon").EnumerateArray())
        {
            var literal = Required(item, "literal", "context rule").GetString()!;
            var where = $"context rule \"{Shorten(literal)}\"";
            var category = ParseCategory(Required(item, "category", where).GetString(), where);
            var direction = ParseDirection(Required(item, "direction", where).GetString(), where);
            var maxScope = item.TryGetProperty("maxScope", out var scope) ? scope.GetInt32() : 0;
            var crosses = item.TryGetProperty("crossesCommas", out var commas) && commas.GetBoolean();
            var afterComma = item.TryGetProperty("afterComma", out var after) && after.GetBoolean();
            IReadOnlyList<ContextCategory> ends = item.TryGetProperty("ends", out var e)
                ? [.. e.EnumerateArray().Select(x => ParseCategory(x.GetString(), where))]
                : [];
            if ((category == ContextCategory.Terminate) != (direction is ContextDirection.Terminate or ContextDirection.Section && (direction != ContextDirection.Section || category == ContextCategory.Terminate))
                || (category == ContextCategory.Pseudo) != (direction == ContextDirection.Pseudo))
            {
                throw new FormatException($"The lexicon's {where}: TERMINATE and PSEUDO go with the direction of the same name, and only with it (or TERMINATE with SECTION, a heading that ends a section).");
            }

            if (category is not (ContextCategory.Terminate or ContextCategory.Pseudo) && direction != ContextDirection.Section && maxScope <= 0)
            {
                throw new FormatException($"The lexicon's {where} needs a maxScope of at least 1.");
            }

            string[] explains = item.TryGetProperty("explains", out var explained) ? Strings(explained) : [];
            if ((category == ContextCategory.Explained) != (explains.Length > 0))
            {
                throw new FormatException($"The lexicon's {where}: an EXPLAINED rule names the concepts it explains in \"explains\", and only it does.");
            }

            var explainsMask = 0UL;
            foreach (var id in explains)
            {
                var concept = concepts.Find(c => c.Id == id) ?? throw new FormatException($"The lexicon's {where} explains an unknown concept \"{id}\".");
                explainsMask |= 1UL << concept.Index;
            }

            rules.Add(new ContextRule(literal, category, direction, maxScope, crosses, ends, afterComma)
            {
                EndsMask = ends.Aggregate(0, (mask, c) => mask | (1 << (int)c)),
                AdjacentVerbs = item.TryGetProperty("adjacentVerbs", out var verbs) ? verbs.GetString() : null,
                Explains = explains,
                ExplainsMask = explainsMask,
            });
        }

        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("spellings", out var spelled))
        {
            foreach (var item in spelled.EnumerateArray())
            {
                var written = Required(item, "written", "spelling").GetString()!;
                var reads = Required(item, "reads", "spelling").GetString()!;
                if (written.Length == 0 || reads.Length == 0 || written.Contains(' ', StringComparison.Ordinal) || reads.Contains(' ', StringComparison.Ordinal)
                    || !written.Equals(written.ToLowerInvariant(), StringComparison.Ordinal) || !spellings.TryAdd(written, reads))
                {
                    throw new FormatException($"The lexicon's spelling \"{written}\": one lower-case word, read as one word, and written once.");
                }
            }
        }

        return new ClinicalLexicon(version, concepts, exclusions, rules, spellings);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static JsonElement Required(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new FormatException($"The lexicon's {where} has no \"{name}\".");

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetString()!)];

    private static readonly FrozenDictionary<string, ContextCategory> Categories = new Dictionary<string, ContextCategory>
    {
        ["NEGATED_EXISTENCE"] = ContextCategory.NegatedExistence,
        ["NORMAL"] = ContextCategory.Normal,
        ["HISTORICAL"] = ContextCategory.Historical,
        ["HYPOTHETICAL"] = ContextCategory.Hypothetical,
        ["FAMILY"] = ContextCategory.Family,
        ["UNCERTAIN"] = ContextCategory.Uncertain,
        ["PROGRESSION"] = ContextCategory.Progression,
        ["SEVERITY"] = ContextCategory.Severity,
        ["COMPRESSION"] = ContextCategory.Compression,
        ["RECURRENCE"] = ContextCategory.Recurrence,
        ["STABLE"] = ContextCategory.Stable,
        ["BASELINE"] = ContextCategory.Baseline,
        ["UNCHANGED"] = ContextCategory.Unchanged,
        ["EXPLAINED"] = ContextCategory.Explained,
        ["PSEUDO"] = ContextCategory.Pseudo,
        ["TERMINATE"] = ContextCategory.Terminate,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The name of a category as the lexicon writes it.</summary>
    public static string CategoryName(ContextCategory category) => Categories.First(p => p.Value == category).Key;

    private static ContextCategory ParseCategory(string? text, string where) =>
        text is not null && Categories.TryGetValue(text, out var category)
            ? category
            : throw new FormatException($"The lexicon's {where} has an unknown category \"{text}\" (one of {string.Join(", ", Categories.Keys)}).");

    private static ContextDirection ParseDirection(string? text, string where) => text switch
    {
        "FORWARD" => ContextDirection.Forward,
        "BACKWARD" => ContextDirection.Backward,
        "BIDIRECTIONAL" => ContextDirection.Bidirectional,
        "TERMINATE" => ContextDirection.Terminate,
        "PSEUDO" => ContextDirection.Pseudo,
        "SECTION" => ContextDirection.Section,
        _ => throw new FormatException($"The lexicon's {where} has an unknown direction \"{text}\" (FORWARD, BACKWARD, BIDIRECTIONAL, TERMINATE, PSEUDO or SECTION)."),
    };

    private static ConceptSignal ParseSignal(string? text, string where) => text switch
    {
        "severeDeficit" => ConceptSignal.SevereDeficit,
        "progressiveDeficit" => ConceptSignal.ProgressiveDeficit,
        "myelopathy" => ConceptSignal.Myelopathy,
        "infection" => ConceptSignal.Infection,
        "woundInfection" => ConceptSignal.WoundInfection,
        "tumor" => ConceptSignal.Tumor,
        "fracture" => ConceptSignal.Fracture,
        "compression" => ConceptSignal.Compression,
        "warning" => ConceptSignal.Warning,
        "intact" => ConceptSignal.Intact,
        "painSettled" => ConceptSignal.PainSettled,
        "notCurrent" => ConceptSignal.NotCurrent,
        "mildDeficit" => ConceptSignal.MildDeficit,
        "nightPain" => ConceptSignal.NightPain,
        "covidPositive" => ConceptSignal.CovidPositive,
        "significantDeficit" => ConceptSignal.SignificantDeficit,
        "motorDeficit" => ConceptSignal.MotorDeficit,
        "systemic" => ConceptSignal.Systemic,
        "intractablePain" => ConceptSignal.IntractablePain,
        _ => throw new FormatException($"The lexicon's {where} has an unknown signal \"{text}\"."),
    };
}
