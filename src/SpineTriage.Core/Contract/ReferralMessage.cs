using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

// The v1 message contract (DESIGN.md, "Message contract"). Every property but the four required
// ones is optional: an absent value means "not reported", never "absent". Enumerations read
// leniently (see ContractEnumConverter) so the validator can name every bad field at once.
// Properties have setters, not init accessors: for init-only properties the System.Text.Json
// source generator falls back to its parameterized-constructor path, which boxes every value and
// costs about half the parse time. Treat a parsed message as read-only all the same.

/// <summary>One referral message, contract version 1.</summary>
public sealed record ReferralMessage
{
    /// <summary>The contract version; must be 1.</summary>
    public int? SchemaVersion { get; set; }

    /// <summary>The referral's id: 1-64 characters of A-Z a-z 0-9 - _ .</summary>
    public string? ReferralId { get; set; }

    /// <summary>Orders updates of one referral; a lower sequence never replaces a higher one.</summary>
    public long? Sequence { get; set; }

    /// <summary>When the referral was received (ISO-8601 with an offset).</summary>
    [JsonIgnore]
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>Whether <c>receivedAt</c> was present but not an ISO-8601 date-time with an offset.</summary>
    [JsonIgnore]
    public bool ReceivedAtUnreadable { get; set; }

    // The wire form of receivedAt: read leniently, so that an unreadable value becomes a flag the
    // validator reports (with every other error) instead of an exception.
    [JsonInclude]
    [JsonPropertyName("receivedAt")]
    internal ContractTimestamp? ReceivedAtValue
    {
        get => ReceivedAt is { } value ? new ContractTimestamp(value) : ReceivedAtUnreadable ? ContractTimestamp.Unreadable : null;
        set
        {
            ReceivedAt = value is { IsReadable: true } readable ? readable.Value : null;
            ReceivedAtUnreadable = value is { IsReadable: false };
        }
    }

    /// <summary>The region: 1-64 characters of a-z 0-9 -.</summary>
    public string? Region { get; set; }

    /// <summary>The referring facility.</summary>
    public string? Facility { get; set; }

    /// <summary>Patient data relevant to triage.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Patient>))]
    public Patient? Patient { get; set; }

    /// <summary>The procedure requested.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Procedure>))]
    public Procedure? Procedure { get; set; }

    /// <summary>Diagnosis codes (ICD-10-CM).</summary>
    [JsonConverter(typeof(NestedListConverter<Diagnosis>))]
    public IReadOnlyList<Diagnosis?>? Diagnoses { get; set; }

    /// <summary>Structured clinical findings.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Findings>))]
    public Findings? Findings { get; set; }

    /// <summary>Free text from the referring clinician. Never logged; scanned for red flags only.</summary>
    public string? Notes { get; set; }

    /// <summary>The sequence, 0 when not given.</summary>
    [JsonIgnore]
    public long EffectiveSequence => Sequence ?? 0;
}

/// <summary>Patient data relevant to triage.</summary>
public sealed record Patient
{
    /// <summary>An opaque patient reference (never logged).</summary>
    public string? Ref { get; set; }

    /// <summary>Age in years, 0-130.</summary>
    public int? AgeYears { get; set; }

    /// <summary>COVID-19 risk factors.</summary>
    [JsonConverter(typeof(ContractEnumListConverter<CovidRiskFactor>))]
    public IReadOnlyList<CovidRiskFactor>? CovidRiskFactors { get; set; }

    /// <summary>COVID-19 status.</summary>
    public CovidStatus? CovidStatus { get; set; }
}

/// <summary>The procedure requested.</summary>
public sealed record Procedure
{
    /// <summary>Injection, interventional procedure or surgery.</summary>
    public ProcedureKind? Kind { get; set; }

    /// <summary>A free-text description of the procedure.</summary>
    public string? Description { get; set; }

    /// <summary>Inpatient or outpatient.</summary>
    public ProcedureSetting? Setting { get; set; }
}

/// <summary>One diagnosis code.</summary>
public sealed record Diagnosis
{
    /// <summary>The code system; v1 supports "ICD-10-CM" only (the default when absent).</summary>
    [JsonConverter(typeof(CodeSystemConverter))]
    public string? System { get; set; }

    /// <summary>The code, e.g. M47.12 (dot optional, case-insensitive).</summary>
    public string? Code { get; set; }
}

/// <summary>Structured clinical findings.</summary>
public sealed record Findings
{
    /// <summary>Neurologic deficit severity and trend.</summary>
    [JsonConverter(typeof(NestedObjectConverter<NeurologicDeficit>))]
    public NeurologicDeficit? NeurologicDeficit { get; set; }

    /// <summary>The underlying cause.</summary>
    public Cause? Cause { get; set; }

    /// <summary>Myelopathy level and recent progression.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Myelopathy>))]
    public Myelopathy? Myelopathy { get; set; }

    /// <summary>Spinal instability.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Instability>))]
    public Instability? Instability { get; set; }

    /// <summary>Spinal infection.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Infection>))]
    public Infection? Infection { get; set; }

    /// <summary>Pain and what has been tried for it.</summary>
    [JsonConverter(typeof(NestedObjectConverter<Pain>))]
    public Pain? Pain { get; set; }

    /// <summary>Scoliosis and/or kyphosis correction is requested.</summary>
    public bool? DeformityCorrection { get; set; }

    /// <summary>Symptomatic hardware.</summary>
    public bool? SymptomaticHardware { get; set; }

    /// <summary>Pseudarthrosis.</summary>
    public bool? Pseudarthrosis { get; set; }
}

/// <summary>A neurologic deficit.</summary>
public sealed record NeurologicDeficit
{
    /// <summary>none, mild, significant or severe.</summary>
    public DeficitSeverity? Severity { get; set; }

    /// <summary>stable, improving or progressive.</summary>
    public DeficitTrend? Trend { get; set; }
}

/// <summary>Myelopathy.</summary>
public sealed record Myelopathy
{
    /// <summary>cervical or thoracic.</summary>
    public MyelopathyLevel? Level { get; set; }

    /// <summary>Whether it progressed recently.</summary>
    public bool? RecentProgression { get; set; }
}

/// <summary>Spinal instability.</summary>
public sealed record Instability
{
    /// <summary>Whether the instability risks neurologic injury.</summary>
    public bool? RiskOfNeurologicInjury { get; set; }
}

/// <summary>A spinal infection.</summary>
public sealed record Infection
{
    /// <summary>The kind of infection.</summary>
    public InfectionKind? Kind { get; set; }

    /// <summary>Whether it requires surgical decompression.</summary>
    public bool? RequiresDecompression { get; set; }

    /// <summary>Whether medical management has failed.</summary>
    public bool? FailedMedicalManagement { get; set; }
}

/// <summary>Pain and what has been tried for it.</summary>
public sealed record Pain
{
    /// <summary>The pain is intractable.</summary>
    public bool? Intractable { get; set; }

    /// <summary>It led to an emergency department presentation.</summary>
    public bool? EdPresentation { get; set; }

    /// <summary>It causes severe functional limitation.</summary>
    public bool? SevereFunctionalLimitation { get; set; }

    /// <summary>It causes excessive opioid use.</summary>
    public bool? ExcessiveOpioidUse { get; set; }

    /// <summary>Non-procedural management was tried and failed.</summary>
    public bool? FailedNonProceduralCare { get; set; }
}
