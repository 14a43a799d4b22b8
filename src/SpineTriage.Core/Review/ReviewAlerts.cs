using System.Text.RegularExpressions;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Review;

/// <summary>
/// Which results call for a review alert that does not wait for the morning's summary: a red flag in
/// the text, a conflict between findings, codes and text, or an Emergent result that needs review.
/// An alert carries codes only (criterion ids, concept ids, the field in conflict), never the
/// referral's text or patient fields.
/// </summary>
public static partial class ReviewAlerts
{
    /// <summary>The code of an Emergent result that needs review.</summary>
    public const string EmergentNeedsReview = "emergent-needs-review";

    /// <summary>
    /// The alert codes of a result, in its reasons' order: <c>red-flag:</c>concept id for each red flag,
    /// <c>conflict:</c>field (or <c>conflict:diagnosis</c>, <c>conflict:procedure-level</c>) for each
    /// conflict, <see cref="EmergentNeedsReview"/>; empty when the result calls for no alert.
    /// </summary>
    public static IReadOnlyList<string> Codes(TriageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        List<string>? codes = null;
        foreach (var reason in result.Reasons)
        {
            if (Code(reason) is { } code && !(codes ??= []).Contains(code))
            {
                codes.Add(code);
            }
        }

        if (result.Category == TriageCategory.Emergent && result.NeedsReview)
        {
            (codes ??= []).Add(EmergentNeedsReview);
        }

        return codes ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Whether a code is an alert code (<c>red-flag:</c>, <c>conflict:</c>, <see cref="EmergentNeedsReview"/>) rather than a criterion id.</summary>
    public static bool IsAlertCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.StartsWith("red-flag:", StringComparison.Ordinal)
            || code.StartsWith("conflict:", StringComparison.Ordinal)
            || code == EmergentNeedsReview;
    }

    /// <summary>Whether a result calls for a review alert.</summary>
    public static bool IsAlert(TriageResult result) => Codes(result).Count > 0;

    /// <summary>The alert code of one reason, or null when the reason is not a red flag or a conflict.</summary>
    public static string? Code(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.StartsWith("Red flag in the ", StringComparison.Ordinal))
        {
            var concept = ConceptId().Match(reason);
            return "red-flag:" + (concept.Success ? concept.Groups[1].Value : "text");
        }

        if (reason.StartsWith("Conflict: ", StringComparison.Ordinal))
        {
            var field = ConflictField().Match(reason);
            return field.Success ? "conflict:" + field.Groups[1].Value
                : reason.StartsWith("Conflict: diagnosis", StringComparison.Ordinal)
                    ? reason.Contains("procedure description", StringComparison.Ordinal) ? "conflict:procedure-level" : "conflict:diagnosis"
                    : "conflict:findings";
        }

        return null;
    }

    // "(saddle-sensory-loss, points to Emergent)"
    [GeneratedRegex(@"\(([a-z0-9-]+), points to ")]
    private static partial Regex ConceptId();

    // "Conflict: findings.neurologicDeficit.severity is ..." (the first findings field named)
    [GeneratedRegex(@"^Conflict: ((?:findings|patient|procedure)(?:\.[A-Za-z]+)+)")]
    private static partial Regex ConflictField();
}
