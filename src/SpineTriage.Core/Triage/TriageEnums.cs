using System.Text.Json.Serialization;

namespace SpineTriage.Core.Triage;

/// <summary>The guideline category. Ordered: a higher value is more pressing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriageCategory>))]
public enum TriageCategory
{
    /// <summary>No criterion matched, or too little data to decide: a clinician must triage.</summary>
    Unclassified = 0,
    /// <summary>Consider postponing the procedure/treatment.</summary>
    Elective = 1,
    /// <summary>Proceed if the local situation and resources allow.</summary>
    Urgent = 2,
    /// <summary>Do not postpone the procedure/treatment.</summary>
    Emergent = 3,
}

/// <summary>What happens to the referral now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Disposition>))]
public enum Disposition
{
    /// <summary>Proceed with the procedure.</summary>
    [JsonStringEnumMemberName("proceed")]
    Proceed,
    /// <summary>Postpone the procedure.</summary>
    [JsonStringEnumMemberName("postpone")]
    Postpone,
    /// <summary>A clinician must decide.</summary>
    [JsonStringEnumMemberName("review")]
    Review,
}

/// <summary>Names of <see cref="Disposition"/> as results, tables and users write them.</summary>
public static class Dispositions
{
    /// <summary>The lower-case name of a disposition: proceed, postpone or review.</summary>
    public static string Name(this Disposition disposition) => disposition switch
    {
        Disposition.Proceed => "proceed",
        Disposition.Postpone => "postpone",
        Disposition.Review => "review",
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, null),
    };
}

/// <summary>A region's resource status (case load, staff, PPE, ICU/hospital beds).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegionStatus>))]
public enum RegionStatus
{
    /// <summary>Resources are normal.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,
    /// <summary>Resources are constrained (the default for a region with no status).</summary>
    [JsonStringEnumMemberName("constrained")]
    Constrained,
    /// <summary>A resource crisis.</summary>
    [JsonStringEnumMemberName("crisis")]
    Crisis,
}

/// <summary>Names of <see cref="RegionStatus"/> as users write them.</summary>
public static class RegionStatuses
{
    /// <summary>The status of a region that has none set.</summary>
    public const RegionStatus Default = RegionStatus.Constrained;

    /// <summary>The names, for help and error text.</summary>
    public const string Choices = "normal|constrained|crisis";

    /// <summary>Parses normal, constrained or crisis (case-insensitive).</summary>
    public static bool TryParse(string? text, out RegionStatus status)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "NORMAL":
                status = RegionStatus.Normal;
                return true;
            case "CONSTRAINED":
                status = RegionStatus.Constrained;
                return true;
            case "CRISIS":
                status = RegionStatus.Crisis;
                return true;
            default:
                status = Default;
                return false;
        }
    }

    /// <summary>Parses normal, constrained or crisis (case-insensitive); throws <see cref="FormatException"/> otherwise.</summary>
    public static RegionStatus Parse(string? text) =>
        TryParse(text, out var status) ? status : throw new FormatException($"A region status is one of {Choices}.");

    /// <summary>The lower-case name of a status.</summary>
    public static string Name(this RegionStatus status) => status switch
    {
        RegionStatus.Normal => "normal",
        RegionStatus.Constrained => "constrained",
        RegionStatus.Crisis => "crisis",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
