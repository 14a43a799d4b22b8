using System.Text;
using System.Text.Json;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Review;

/// <summary>
/// The JSON shapes of the review use case, as every host prints them: a referral as it stands (the
/// classifier's result shape, plus what applies now and the clinician's decision), a worklist item,
/// and a trail entry. Ids, codes, rule and concept names, and the clinician's own words only; a
/// message body only when asked for.
/// </summary>
public static class ReviewJson
{
    /// <summary>The wire name of a disposition (<see cref="Dispositions.Name"/>).</summary>
    public static string Name(Disposition disposition) => disposition.Name();

    /// <summary>The wire name of a review action: confirm or override.</summary>
    public static string Name(ReviewAction action) => action == ReviewAction.Confirm ? "confirm" : "override";

    /// <summary>The review action of a wire name (<see cref="Name(ReviewAction)"/>): confirm, else override.</summary>
    public static ReviewAction ParseAction(string? name) => name == "confirm" ? ReviewAction.Confirm : ReviewAction.Override;

    /// <summary>
    /// A referral as it stands: the classifier's result (its fields unchanged), then <c>current</c>
    /// (category, disposition, and decidedBy: machine or clinician) and, when a clinician decided,
    /// <c>clinician</c> (decision, category, disposition, by, reason, decidedAt).
    /// </summary>
    public static void WriteCase(Utf8JsonWriter writer, ReferralCase referral)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(referral);
        using var machine = JsonSerializer.SerializeToDocument(referral.Machine, TriageJsonContext.Default.TriageResult);
        writer.WriteStartObject();
        foreach (var property in machine.RootElement.EnumerateObject())
        {
            property.WriteTo(writer);
        }

        writer.WriteStartObject("current");
        writer.WriteString("category", referral.Category.ToString());
        writer.WriteString("disposition", Name(referral.Disposition));
        writer.WriteString("decidedBy", referral.Clinician is null ? "machine" : "clinician");
        writer.WriteEndObject();
        if (referral.Clinician is { } decision)
        {
            writer.WritePropertyName("clinician");
            WriteDecision(writer, decision);
        }

        writer.WriteEndObject();
    }

    /// <summary>A worklist item: referralId, sequence, region, category, disposition, criteria, reasons, waitingSince.</summary>
    public static void WriteWorklistItem(Utf8JsonWriter writer, WorklistItem item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(item);
        writer.WriteStartObject();
        writer.WriteString("referralId", item.ReferralId);
        writer.WriteNumber("sequence", item.Sequence);
        writer.WriteString("region", item.Region);
        writer.WriteString("category", item.Category.ToString());
        writer.WriteString("disposition", Name(item.Disposition));
        WriteStrings(writer, "criteria", item.Criteria);
        WriteStrings(writer, "reasons", item.Reasons);
        writer.WriteString("waitingSince", item.WaitingSince);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A trail entry: index, kind, sequence, recordedAt, then for a machine entry becameCurrent, the
    /// result and messageBytes (and the message itself only when <paramref name="withMessage"/>: as
    /// JSON when it parses, else as text), for a clinician entry the decision.
    /// </summary>
    public static void WriteTrailEntry(Utf8JsonWriter writer, TrailEntry entry, bool withMessage)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteNumber("index", entry.Index);
        writer.WriteString("kind", entry.Kind == TrailEntryKind.Machine ? "machine" : "clinician");
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("recordedAt", entry.RecordedAt);
        if (entry.Machine is { } result)
        {
            writer.WriteBoolean("becameCurrent", entry.BecameCurrent);
            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, result, TriageJsonContext.Default.TriageResult);
            writer.WriteNumber("messageBytes", entry.Message.Length);
            if (withMessage && !entry.Message.IsEmpty)
            {
                WriteMessage(writer, entry.Message);
            }
        }

        if (entry.Clinician is { } decision)
        {
            writer.WritePropertyName("decision");
            WriteDecision(writer, decision);
        }

        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ReadOnlyMemory<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            writer.WritePropertyName("message");
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteString("messageText", Encoding.UTF8.GetString(message.Span));
        }
    }

    private static void WriteDecision(Utf8JsonWriter writer, ClinicianDecision decision)
    {
        writer.WriteStartObject();
        writer.WriteString("decision", Name(decision.Action));
        writer.WriteString("category", decision.Category.ToString());
        writer.WriteString("disposition", Name(decision.Disposition));
        writer.WriteString("by", decision.By);
        writer.WriteString("reason", decision.Reason);
        writer.WriteString("decidedAt", decision.DecidedAt);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
