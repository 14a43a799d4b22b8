using System.Globalization;
using System.Text;
using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Web;

/// <summary>What the clinician entered in the decision form, and why it was refused (when it was).</summary>
/// <param name="Decision">confirm, override, or null when none was chosen.</param>
/// <param name="Category">The category chosen (empty: unchanged).</param>
/// <param name="Disposition">The disposition chosen (empty: unchanged).</param>
/// <param name="Reason">The reason entered.</param>
/// <param name="Error">Why it was refused, with the field at fault.</param>
internal sealed record DecisionForm(string? Decision, string? Category, string? Disposition, string? Reason, ReviewError? Error)
{
    public static DecisionForm Empty { get; } = new(null, null, null, null, null);
}

/// <summary>The referral page's content.</summary>
internal sealed record ReferralView(
    ReferralCase Case, IReadOnlyList<TrailEntry> Trail, ReferralMessage? Message, DecisionForm Form, DateTimeOffset Now);

/// <summary>The console's pages as HTML: every value printed is escaped (<see cref="Html"/>).</summary>
internal static class Pages
{
    /// <summary>The console's navigation: path and label.</summary>
    private static readonly (string Path, string Label)[] Navigation = [("/", "Worklist"), ("/regions", "Regions")];

    public static string Layout(string basePath, Reviewer reviewer, string title, string current, Action<Html> main)
    {
        var html = new Html();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Text(title).Raw(" – SpineTriage review console</title>\n<link rel=\"stylesheet\"").Attr("href", basePath + "/console.css").Raw(">\n</head>\n<body>\n")
            .Raw("<a class=\"skip\"").Attr("href", "#main").Raw(">Skip to main content</a>\n")
            .Raw("<header>\n<p class=\"brand\">SpineTriage review console</p>\n<p>Signed in as <strong>").Text(reviewer.Name).Raw("</strong> (")
            .Text(reviewer.CanDecide ? "may record decisions" : "view only").Raw(")</p>\n<nav aria-label=\"Main\">\n<ul>\n");
        foreach (var (path, label) in Navigation)
        {
            html.Raw("<li><a").Attr("href", basePath + path);
            if (path == current)
            {
                html.Raw(" aria-current=\"page\"");
            }

            html.Raw(">").Text(label).Raw("</a></li>\n");
        }

        html.Raw("</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
        main(html);
        html.Raw("\n</main>\n<footer>\n<p>Decision support by the NASS COVID-19 guidance for spine procedures (")
            .Text(NassGuideline.Version).Raw("): a clinician decides.</p>\n</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string Message(string basePath, Reviewer reviewer, string title, string line) =>
        Layout(basePath, reviewer, title, string.Empty, html => html.Element("h1", title).Raw("\n").Element("p", line));

    // ---- Worklist ------------------------------------------------------------------------------

    public static string Worklist(
        string basePath, Reviewer reviewer, IReadOnlyList<WorklistItem> all, IReadOnlyList<string> regions, string? region, string? notice, DateTimeOffset now) =>
        Layout(basePath, reviewer, region is null ? "Worklist" : $"Worklist: {region}", region is null ? "/" : string.Empty, html =>
        {
            var items = region is null ? all : [.. all.Where(i => i.Region == region)];
            html.Element("h1", region is null ? "Worklist: all regions" : $"Worklist: region {region}").Raw("\n")
                .Element("p", "Referrals whose machine result needs a clinician and that no clinician has decided: Emergent first, then Unclassified, Urgent and Elective; the longest waiting first.");

            html.Raw("<form class=\"filter\" method=\"get\"").Attr("action", basePath + "/").Raw(">\n<div><label for=\"region\">Region</label>\n<select id=\"region\" name=\"region\">\n<option value=\"\"")
                .Raw(region is null ? " selected" : string.Empty).Raw(">All regions</option>\n");
            foreach (var name in regions)
            {
                html.Raw("<option").Attr("value", name).Raw(name == region ? " selected" : string.Empty).Raw(">").Text(name).Raw("</option>\n");
            }

            html.Raw("</select></div>\n<div><button type=\"submit\">Show</button></div>\n</form>\n");
            if (notice is not null)
            {
                html.Raw("<p class=\"notice\" role=\"status\">").Text(notice).Raw("</p>\n");
            }

            if (items.Count == 0)
            {
                html.Element("p", region is null ? "No referral awaits a clinician." : $"No referral of region {region} awaits a clinician.");
            }
            else
            {
                html.Raw("<table>\n<caption>").Text(Count(items.Count, "referral") + " awaiting a clinician, most urgent first").Raw("</caption>\n<thead><tr>")
                    .Raw("<th scope=\"col\">Referral</th><th scope=\"col\">Sequence</th><th scope=\"col\">Region</th><th scope=\"col\">Category</th>")
                    .Raw("<th scope=\"col\">Disposition</th><th scope=\"col\">Criteria</th><th scope=\"col\">Reasons</th><th scope=\"col\">Waiting</th></tr></thead>\n<tbody>\n");
                foreach (var item in items)
                {
                    html.Raw("<tr><th scope=\"row\"><a").Attr("href", ReferralPath(basePath, item.ReferralId)).Raw(">").Text(item.ReferralId).Raw("</a></th>")
                        .Raw("<td>").Text(item.Sequence).Raw("</td><td>").Text(item.Region).Raw("</td>")
                        .Raw("<td").Attr("class", "cat-" + item.Category).Raw(">").Text(item.Category.ToString()).Raw("</td>")
                        .Raw("<td>").Text(ReviewJson.Name(item.Disposition)).Raw("</td><td>");
                    List(html, item.Criteria, "none");
                    html.Raw("</td><td>");
                    List(html, item.Reasons, "none");
                    html.Raw("</td><td>since ").Time(item.WaitingSince).Raw("<br>for ").Text(Duration(now - item.WaitingSince)).Raw("</td></tr>\n");
                }

                html.Raw("</tbody>\n</table>\n");
            }

            var counts = all.GroupBy(i => i.Region, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            html.Element("h2", "Awaiting a clinician, by region").Raw("\n");
            if (counts.Count == 0)
            {
                html.Element("p", "None in any region.");
                return;
            }

            html.Raw("<table>\n<caption>Referrals awaiting a clinician per region</caption>\n<thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Awaiting</th></tr></thead>\n<tbody>\n");
            foreach (var group in counts)
            {
                html.Raw("<tr><th scope=\"row\"><a").Attr("href", RegionPath(basePath, group.Key)).Raw(">").Text(group.Key).Raw("</a></th><td>").Text(group.Count()).Raw("</td></tr>\n");
            }

            html.Raw("</tbody>\n</table>\n");
        });

    // ---- Referral ------------------------------------------------------------------------------

    public static string Referral(string basePath, Reviewer reviewer, ReferralView view) =>
        Layout(basePath, reviewer, $"Referral {view.Case.Machine.ReferralId}", string.Empty, html =>
        {
            var referral = view.Case;
            var machine = referral.Machine;
            var message = view.Message;
            // Each free-text field is read once: its mentions serve both the reasons and the highlighted text.
            var mentions = new TextMentions(message);
            html.Element("h1", $"Referral {machine.ReferralId}").Raw("\n<p>Now: <strong").Attr("class", "cat-" + referral.Category).Raw(">").Text(referral.Category.ToString())
                .Raw("</strong>, ").Text(ReviewJson.Name(referral.Disposition)).Raw(" (").Text(referral.Clinician is null ? "the machine's result" : "decided by a clinician")
                .Raw("). Sequence ").Text(machine.Sequence).Raw(", region ").Text(machine.Region).Raw(referral.AwaitsClinician ? "; awaiting a clinician" : string.Empty)
                .Raw(referral.AwaitsClinician && referral.WaitingSince is { } since ? " since " : string.Empty);
            if (referral.AwaitsClinician && referral.WaitingSince is { } waiting)
            {
                html.Time(waiting);
            }

            html.Raw(".</p>\n");

            // Why it is here: every reason, with the words of the text that raised each red flag.
            html.Element("h2", "Review reasons").Raw("\n");
            if (machine.Reasons.Count == 0)
            {
                html.Element("p", "The machine gave no reason.");
            }
            else
            {
                html.Raw("<ul>\n");
                foreach (var reason in machine.Reasons)
                {
                    html.Raw("<li>").Text(reason);
                    if (RedFlag(reason) is { } flag)
                    {
                        var (text, read) = mentions.Of(flag.Field);
                        var raising = read.Where(m => m.Flagged && m.ConceptId == flag.Concept).ToList();
                        if (raising.Count > 0)
                        {
                            html.Raw("<br>Raised by the ").Text(flag.Field == FreeTextField.Notes ? "notes" : "procedure description").Raw(":");
                            html.Raw("<ul class=\"plain\">");
                            foreach (var mention in raising)
                            {
                                html.Raw("<li><q>");
                                Snippet(html, text!, mention);
                                html.Raw("</q></li>");
                            }

                            html.Raw("</ul>");
                        }
                    }

                    html.Raw("</li>\n");
                }

                html.Raw("</ul>\n");
            }

            // The criteria matched, each beside the guidance's own words.
            html.Element("h2", "Guideline criteria matched").Raw("\n");
            if (machine.Criteria.Count == 0)
            {
                html.Element("p", "No criterion of the guidance matched.");
            }
            else
            {
                html.Raw("<table>\n<caption>Criteria matched, with the NASS guidance's wording</caption>\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Category</th><th scope=\"col\">NASS guidance</th></tr></thead>\n<tbody>\n");
                foreach (var id in machine.Criteria)
                {
                    var criterion = NassGuideline.Criteria.FirstOrDefault(c => c.Id == id);
                    html.Raw("<tr><th scope=\"row\"><code>").Text(id).Raw("</code></th><td>").Text(criterion?.Category.ToString() ?? "unknown")
                        .Raw("</td><td>").Text(criterion?.Guidance ?? "Not a criterion of this rule set (" + NassGuideline.Version + ").").Raw("</td></tr>\n");
                }

                html.Raw("</tbody>\n</table>\n");
            }

            MessageContent(html, message, machine.Sequence, mentions);
            MachineResult(html, machine);
            html.Element("h2", "Clinician decision").Raw("\n");
            if (referral.Clinician is { } decision)
            {
                html.Raw("<dl>\n");
                Term(html, "Decision", ReviewJson.Name(decision.Action));
                Term(html, "Category", decision.Category.ToString());
                Term(html, "Disposition", ReviewJson.Name(decision.Disposition));
                Term(html, "By", decision.By);
                html.Raw("<dt>When</dt><dd>").Time(decision.DecidedAt).Raw("</dd>\n");
                Term(html, "Reason", decision.Reason.Length == 0 ? "(none given)" : decision.Reason);
                html.Raw("</dl>\n");
            }
            else
            {
                html.Element("p", $"No clinician has decided on sequence {machine.Sequence}.");
            }

            DecisionFormHtml(html, basePath, reviewer, referral, view.Form);
            Trail(html, view.Trail);
        });

    private static void MessageContent(Html html, ReferralMessage? message, long sequence, TextMentions mentions)
    {
        html.Element("h2", $"Referral message (sequence {sequence})").Raw("\n");
        if (message is null)
        {
            html.Element("p", "The message of this sequence could not be read from the audit trail.");
            return;
        }

        html.Raw("<dl>\n");
        if (message.ReceivedAt is { } received)
        {
            html.Raw("<dt>Received</dt><dd>").Time(received).Raw("</dd>\n");
        }

        Term(html, "Facility", message.Facility ?? "not reported");
        Term(html, "Procedure", message.Procedure?.Kind is { } kind ? Words(kind) : "not reported");
        Term(html, "Setting", message.Procedure?.Setting is { } setting ? Words(setting) : "not reported");
        html.Raw("<dt>Description</dt><dd>");
        if (message.Procedure?.Description is { } description)
        {
            Highlighted(html, description, mentions.Of(FreeTextField.ProcedureDescription).Mentions);
        }
        else
        {
            html.Text("not reported");
        }

        html.Raw("</dd>\n");
        var patient = message.Patient;
        Term(html, "Patient age", patient?.AgeYears is { } age ? age.ToString(CultureInfo.InvariantCulture) + " years" : "not reported");
        Term(html, "COVID-19 status", patient?.CovidStatus is { } covid ? Words(covid) : "not reported");
        Term(html, "COVID-19 risk factors", patient?.CovidRiskFactors is { Count: > 0 } risks ? string.Join(", ", risks.Select(r => Words(r))) : "none reported");
        Term(html, "Diagnoses", message.Diagnoses is { Count: > 0 } diagnoses
            ? string.Join(", ", diagnoses.Where(d => d?.Code is not null).Select(d => $"{d!.System ?? "ICD-10-CM"} {DiagnosisCodeMap.Display(d.Code!)}"))
            : "none reported");
        html.Raw("</dl>\n");

        html.Element("h3", "Structured findings").Raw("\n");
        var findings = Findings(message.Findings);
        if (findings.Count == 0)
        {
            html.Element("p", "No structured finding was reported.");
        }
        else
        {
            html.Raw("<dl>\n");
            foreach (var (name, value) in findings)
            {
                Term(html, name, value);
            }

            html.Raw("</dl>\n");
        }

        html.Element("h3", "Notes").Raw("\n");
        if (string.IsNullOrEmpty(message.Notes))
        {
            html.Element("p", "No notes.");
        }
        else
        {
            html.Raw("<div class=\"notes\">");
            Highlighted(html, message.Notes, mentions.Of(FreeTextField.Notes).Mentions);
            html.Raw("</div>\n<p>Highlighted: the words the machine read as a red flag.</p>\n");
        }
    }

    private static void MachineResult(Html html, TriageResult machine)
    {
        html.Element("h2", "Machine result").Raw("\n<dl>\n");
        Term(html, "Category", machine.Category.ToString());
        Term(html, "Disposition", ReviewJson.Name(machine.Disposition));
        Term(html, "Recommendation", machine.Recommendation);
        Term(html, "Needs review", machine.NeedsReview ? "yes" : "no");
        Term(html, "Region status", machine.RegionStatus.Name());
        Term(html, "Guideline version", machine.GuidelineVersion);
        html.Raw("<dt>Decided</dt><dd>").Time(machine.DecidedAt).Raw("</dd>\n</dl>\n");
    }

    private static void DecisionFormHtml(Html html, string basePath, Reviewer reviewer, ReferralCase referral, DecisionForm form)
    {
        var machine = referral.Machine;
        html.Element("h2", referral.Clinician is null ? "Decide" : "Change the decision").Raw("\n");
        if (!reviewer.CanDecide)
        {
            html.Element("p", "You may view this referral but not record a decision.");
            return;
        }

        var error = form.Error;
        string? FieldError(params string[] fields) => error is not null && fields.Contains(error.Field) ? "error-" + fields[0] : null;

        html.Raw("<form class=\"decision\" method=\"post\" novalidate").Attr("action", ReferralPath(basePath, machine.ReferralId) + "/decision").Raw(">\n")
            .Raw("<input type=\"hidden\" name=\"sequence\"").Attr("value", machine.Sequence.ToString(CultureInfo.InvariantCulture)).Raw(">\n");

        // Errors that no control carries (the sequence, the referral, the reviewer) stand at the top of the form.
        var formError = FieldError("sequence", "referralId", "by");
        html.Raw("<p id=\"sequence-note\">You are deciding on sequence ").Text(machine.Sequence).Raw(" of referral ").Text(machine.ReferralId)
            .Raw(", as ").Text(reviewer.Name).Raw(".</p>\n");
        ErrorLine(html, formError, error);

        var decisionError = FieldError("decision");
        html.Raw("<fieldset").Raw(decisionError is null ? string.Empty : $" aria-describedby=\"{decisionError}\"").Raw(">\n<legend>Decision</legend>\n");
        ErrorLine(html, decisionError, error);
        Radio(html, "confirm", $"Confirm the machine's result ({machine.Category}, {ReviewJson.Name(machine.Disposition)})", form.Decision);
        Radio(html, "override", "Override the category and/or the disposition", form.Decision);
        html.Raw("</fieldset>\n");

        Select(html, "category", "Category (override)", $"Unchanged ({machine.Category})", ["Emergent", "Urgent", "Elective"], form.Category, FieldError("category"), error);
        Select(html, "disposition", "Disposition (override)", $"Unchanged ({ReviewJson.Name(machine.Disposition)})", ["proceed", "postpone"], form.Disposition, FieldError("disposition"), error);

        var reasonError = FieldError("reason");
        html.Raw("<div><label for=\"reason\">Reason (required for an override)</label>\n");
        ErrorLine(html, reasonError, error);
        html.Raw("<textarea id=\"reason\" name=\"reason\" rows=\"4\"").Attr("maxlength", ReviewService.MaxReasonLength.ToString(CultureInfo.InvariantCulture));
        Invalid(html, reasonError);
        html.Raw(">").Text(form.Reason).Raw("</textarea></div>\n<div><button type=\"submit\">Record decision</button></div>\n</form>\n");
    }

    private static void Radio(Html html, string value, string label, string? chosen)
    {
        html.Raw("<div><input type=\"radio\" name=\"decision\"").Attr("id", "decision-" + value).Attr("value", value)
            .Raw(chosen == value ? " checked" : string.Empty).Raw("> <label").Attr("for", "decision-" + value).Raw(">").Text(label).Raw("</label></div>\n");
    }

    private static void Select(Html html, string name, string label, string unchanged, string[] options, string? chosen, string? errorId, ReviewError? error)
    {
        html.Raw("<div><label").Attr("for", name).Raw(">").Text(label).Raw("</label>\n");
        ErrorLine(html, errorId, error);
        html.Raw("<select").Attr("id", name).Attr("name", name);
        Invalid(html, errorId);
        html.Raw(">\n<option value=\"\">").Text(unchanged).Raw("</option>\n");
        foreach (var option in options)
        {
            html.Raw("<option").Attr("value", option).Raw(string.Equals(option, chosen, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
                .Raw(">").Text(option).Raw("</option>\n");
        }

        html.Raw("</select></div>\n");
    }

    private static void Invalid(Html html, string? errorId)
    {
        if (errorId is not null)
        {
            html.Raw(" aria-invalid=\"true\"").Attr("aria-describedby", errorId);
        }
    }

    private static void ErrorLine(Html html, string? errorId, ReviewError? error)
    {
        if (errorId is not null && error is not null)
        {
            html.Raw("<p class=\"error\" role=\"alert\"").Attr("id", errorId).Raw(">").Text(error.Message).Raw("</p>\n");
        }
    }

    private static void Trail(Html html, IReadOnlyList<TrailEntry> trail)
    {
        html.Element("h2", "Audit trail").Raw("\n");
        if (trail.Count == 0)
        {
            html.Element("p", "The trail is empty.");
            return;
        }

        html.Raw("<table>\n<caption>Audit trail, oldest entry first</caption>\n<thead><tr><th scope=\"col\">Entry</th><th scope=\"col\">Recorded</th><th scope=\"col\">By</th>")
            .Raw("<th scope=\"col\">Sequence</th><th scope=\"col\">What</th></tr></thead>\n<tbody>\n");
        foreach (var entry in trail)
        {
            html.Raw("<tr><th scope=\"row\">").Text(entry.Index).Raw("</th><td>").Time(entry.RecordedAt).Raw("</td><td>");
            if (entry.Machine is { } result)
            {
                html.Text("machine").Raw("</td><td>").Text(entry.Sequence).Raw("</td><td>")
                    .Text($"{result.Category}, {ReviewJson.Name(result.Disposition)}{(result.NeedsReview ? ", needs review" : string.Empty)}; rule set {result.GuidelineVersion}; "
                        + (entry.BecameCurrent ? "became the current result" : "a higher sequence was already stored: not current")
                        + $"; message {Count(entry.Message.Length, "byte")}");
            }
            else if (entry.Clinician is { } decision)
            {
                html.Text("clinician " + decision.By).Raw("</td><td>").Text(entry.Sequence).Raw("</td><td>")
                    .Text($"{ReviewJson.Name(decision.Action)}: {decision.Category}, {ReviewJson.Name(decision.Disposition)}")
                    .Text(decision.Reason.Length == 0 ? string.Empty : $"; reason: {decision.Reason}");
            }

            html.Raw("</td></tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
    }

    // ---- Regions -------------------------------------------------------------------------------

    public static string Regions(string basePath, Reviewer reviewer, IReadOnlyList<RegionBoardRow> rows) =>
        Layout(basePath, reviewer, "Regions", "/regions", html =>
        {
            html.Element("h1", "Regions").Raw("\n")
                .Element("p", $"Each known region's resource status (a region no one has set is {RegionStatuses.Default.Name()}), its worklist and its postponed cases.");
            if (rows.Count == 0)
            {
                html.Element("p", "No region is known yet: none has a status and no referral has named one.");
                return;
            }

            html.Raw("<table>\n<caption>Region statuses</caption>\n<thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Status</th><th scope=\"col\">Set by</th>")
                .Raw("<th scope=\"col\">When</th><th scope=\"col\">On the worklist</th><th scope=\"col\">Postponed</th></tr></thead>\n<tbody>\n");
            foreach (var row in rows)
            {
                html.Raw("<tr><th scope=\"row\">").Text(row.Region).Raw("</th>");
                if (row.Status is { } status)
                {
                    html.Raw("<td>").Text(status.Status.Name() + (status.IsSet ? string.Empty : " (default)")).Raw("</td><td>")
                        .Text(status.IsSet ? status.SetBy : "not set").Raw("</td><td>").Text(status.IsSet ? "set " : "first seen ").Time(status.At).Raw("</td>");
                }
                else
                {
                    html.Raw("<td>unknown</td><td>not set</td><td>unknown</td>");
                }

                html.Raw("<td><a").Attr("href", RegionPath(basePath, row.Region)).Raw(">").Text(row.OnWorklist).Raw("</a></td><td>")
                    .Text(row.Postponed).Raw("</td></tr>\n");
            }

            html.Raw("</tbody>\n</table>\n");
        });

    // ---- Helpers -------------------------------------------------------------------------------

    public static string ReferralPath(string basePath, string referralId) => basePath + "/referrals/" + Uri.EscapeDataString(referralId);

    public static string RegionPath(string basePath, string region) => basePath + "/?region=" + Uri.EscapeDataString(region);

    /// <summary>The field and concept of a red-flag reason, or null for any other reason.</summary>
    public static (FreeTextField Field, string Concept)? RedFlag(string reason)
    {
        if (ReviewAlerts.Code(reason) is not { } code || !code.StartsWith("red-flag:", StringComparison.Ordinal))
        {
            return null;
        }

        var field = reason.StartsWith("Red flag in the procedure description", StringComparison.Ordinal) ? FreeTextField.ProcedureDescription : FreeTextField.Notes;
        return (field, code["red-flag:".Length..]);
    }

    // The text with each flagged red-flag mention in <mark> (overlapping mentions: the first wins).
    private static void Highlighted(Html html, string text, IReadOnlyList<TextMention> mentions)
    {
        var at = 0;
        foreach (var mention in mentions.Where(m => m.Flagged && m.IsRedFlag).OrderBy(m => m.Start))
        {
            if (mention.Start < at)
            {
                continue;
            }

            html.Text(text[at..mention.Start]).Raw("<mark>").Text(mention.Original(text)).Raw("</mark>");
            at = mention.Start + mention.Length;
        }

        html.Text(text[at..]);
    }

    // A few words either side of a mention, the mention in <mark>.
    private static void Snippet(Html html, string text, TextMention mention)
    {
        const int Around = 48;
        var start = Math.Max(0, mention.Start - Around);
        var end = Math.Min(text.Length, mention.Start + mention.Length + Around);
        if (start > 0 && text.LastIndexOf(' ', mention.Start - 1, mention.Start - start) is var space and >= 0)
        {
            start = space + 1;
        }

        var after = mention.Start + mention.Length;
        if (end < text.Length && after < end && text.IndexOf(' ', after, end - after) is var next and >= 0 && next > after)
        {
            end = next;
        }

        html.Text(start > 0 ? "…" : string.Empty).Text(text[start..mention.Start]).Raw("<mark>").Text(mention.Original(text)).Raw("</mark>")
            .Text(text[after..end]).Text(end < text.Length ? "…" : string.Empty);
    }

    private static List<(string Name, string Value)> Findings(Findings? findings)
    {
        var rows = new List<(string, string)>();
        if (findings is null)
        {
            return rows;
        }

        if (findings.NeurologicDeficit is { } deficit)
        {
            rows.Add(("Neurologic deficit", $"{Maybe(deficit.Severity)}, {Maybe(deficit.Trend)}"));
        }

        if (findings.Cause is { } cause)
        {
            rows.Add(("Cause", Words(cause)));
        }

        if (findings.Myelopathy is { } myelopathy)
        {
            rows.Add(("Myelopathy", $"{Maybe(myelopathy.Level)}; recent progression: {YesNo(myelopathy.RecentProgression)}"));
        }

        if (findings.Instability is { } instability)
        {
            rows.Add(("Instability", $"risk of neurologic injury: {YesNo(instability.RiskOfNeurologicInjury)}"));
        }

        if (findings.Infection is { } infection)
        {
            rows.Add(("Infection", $"{Maybe(infection.Kind)}; requires decompression: {YesNo(infection.RequiresDecompression)}; failed medical management: {YesNo(infection.FailedMedicalManagement)}"));
        }

        if (findings.Pain is { } pain)
        {
            rows.Add(("Pain", $"intractable: {YesNo(pain.Intractable)}; ED presentation: {YesNo(pain.EdPresentation)}; severe functional limitation: {YesNo(pain.SevereFunctionalLimitation)}; "
                + $"excessive opioid use: {YesNo(pain.ExcessiveOpioidUse)}; failed non-procedural care: {YesNo(pain.FailedNonProceduralCare)}"));
        }

        if (findings.DeformityCorrection is { } deformity)
        {
            rows.Add(("Deformity correction requested", YesNo(deformity)));
        }

        if (findings.SymptomaticHardware is { } hardware)
        {
            rows.Add(("Symptomatic hardware", YesNo(hardware)));
        }

        if (findings.Pseudarthrosis is { } pseudarthrosis)
        {
            rows.Add(("Pseudarthrosis", YesNo(pseudarthrosis)));
        }

        return rows;
    }

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "not reported" };

    private static string Maybe<T>(T? value)
        where T : struct, Enum => value is { } v ? Words(v) : "not reported";

    /// <summary>An enumeration value as words: DiscHerniation is "disc herniation".</summary>
    public static string Words<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }

    private static void Term(Html html, string name, string value) => html.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>\n");

    private static void List(Html html, IReadOnlyList<string> items, string none)
    {
        if (items.Count == 0)
        {
            html.Text(none);
            return;
        }

        html.Raw("<ul class=\"plain\">");
        foreach (var item in items)
        {
            html.Raw("<li>").Text(item).Raw("</li>");
        }

        html.Raw("</ul>");
    }

    public static string Count(long n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "under a minute";
        }

        return span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{(int)span.TotalDays} d {span.Hours} h";
    }
}

/// <summary>The mentions the clinical text reader finds in a message's two free-text fields, each field read once.</summary>
internal sealed class TextMentions
{
    private readonly (string? Text, IReadOnlyList<TextMention> Mentions) _notes;
    private readonly (string? Text, IReadOnlyList<TextMention> Mentions) _description;

    /// <summary>Reads the notes and the procedure description (the year received makes bare years past).</summary>
    public TextMentions(ReferralMessage? message)
    {
        var year = message?.ReceivedAt?.Year ?? 0;
        _notes = Read(message?.Notes, year);
        _description = Read(message?.Procedure?.Description, year);
    }

    /// <summary>A field's text (null when absent) and its mentions.</summary>
    public (string? Text, IReadOnlyList<TextMention> Mentions) Of(FreeTextField field) =>
        field == FreeTextField.Notes ? _notes : _description;

    private static (string?, IReadOnlyList<TextMention>) Read(string? text, int year) =>
        (text, text is null ? [] : ClinicalTextReader.Default.Mentions(text, year));
}
