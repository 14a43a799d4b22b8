using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

// The v1 message contract (DESIGN.md, "Message contract"). Every property but the four required
// ones is optional: an absent value means "not reported", never "absent". Enumerations read
// leniently (see ContractEnumConverter) so the validator can name every bad field at once.

/// <summary>One referral message, contract version 1.</summary>
public sealed record ReferralMessage
{
    /// <summary>The contract version; must be 1.</summary>
    public int? SchemaVersion { get; init; }

    /// <summary>The referral's id: 1-64 characters of A-Z a-z 0-9 - _ .</summary>
    public string? ReferralId { get; init; }

    /// <summary>Orders updates of one referral; a lower sequence never replaces a higher one.</summary>
    public long? Sequence { get; init; }

    /// <summary>When the referral was received (ISO-8601 with an offset).</summary>
    [JsonConverter(typeof(Rfc3339DateTimeOffsetConverter))]
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>The region: 1-64 characters of a-z 0-9 -.</summary>
    public string? Region { get; init; }

    /// <summary>The referring facility.</summary>
    public string? Facility { get; init; }

    /// <summary>Patient data relevant to triage.</summary>
    public Patient? Patient { get; init; }

    /// <summary>The procedure requested.</summary>
    public Procedure? Procedure { get; init; }

    /// <summary>Diagnosis codes (ICD-10-CM).</summary>
    public IReadOnlyList<Diagnosis?>? Diagnoses { get; init; }

    /// <summary>Structured clinical findings.</summary>
    public Findings? Findings { get; init; }

    /// <summary>Free text from the referring clinician. Never logged; scanned for red flags only.</summary>
    public string? Notes { get; init; }

    /// <summary>The sequence, 0 when not given.</summary>
    [JsonIgnore]
    public long EffectiveSequence => Sequence ?? 0;
}

/// <summary>Patient data relevant to triage.</summary>
public sealed record Patient
{
    /// <summary>An opaque patient reference (never logged).</summary>
    public string? Ref { get; init; }

    /// <summary>Age in years, 0-130.</summary>
    public int? AgeYears { get; init; }

    /// <summary>COVID-19 risk factors.</summary>
    public IReadOnlyList<CovidRiskFactor>? CovidRiskFactors { get; init; }

    /// <summary>COVID-19 status.</summary>
    public CovidStatus? CovidStatus { get; init; }
}

/// <summary>The procedure requested.</summary>
public sealed record Procedure
{
    /// <summary>Injection, interventional procedure or surgery.</summary>
    public ProcedureKind? Kind { get; init; }

    /// <summary>A free-text description of the procedure.</summary>
    public string? Description { get; init; }

    /// <summary>Inpatient or outpatient.</summary>
    public ProcedureSetting? Setting { get; init; }
}

/// <summary>One diagnosis code.</summary>
public sealed record Diagnosis
{
    /// <summary>The code system; v1 supports "ICD-10-CM" only (the default when absent).</summary>
    public string? System { get; init; }

    /// <summary>The code, e.g. M47.12 (dot optional, case-insensitive).</summary>
    public string? Code { get; init; }
}

/// <summary>Structured clinical findings.</summary>
public sealed record Findings
{
    /// <summary>Neurologic deficit severity and trend.</summary>
    public NeurologicDeficit? NeurologicDeficit { get; init; }

    /// <summary>The underlying cause.</summary>
    public Cause? Cause { get; init; }

    /// <summary>Myelopathy level and recent progression.</summary>
    public Myelopathy? Myelopathy { get; init; }

    /// <summary>Spinal instability.</summary>
    public Instability? Instability { get; init; }

    /// <summary>Spinal infection.</summary>
    public Infection? Infection { get; init; }

    /// <summary>Pain and what has been tried for it.</summary>
    public Pain? Pain { get; init; }

    /// <summary>Scoliosis and/or kyphosis correction is requested.</summary>
    public bool? DeformityCorrection { get; init; }

    /// <summary>Symptomatic hardware.</summary>
    public bool? SymptomaticHardware { get; init; }

    /// <summary>Pseudarthrosis.</summary>
    public bool? Pseudarthrosis { get; init; }
}

/// <summary>A neurologic deficit.</summary>
public sealed record NeurologicDeficit
{
    /// <summary>none, mild, significant or severe.</summary>
    public DeficitSeverity? Severity { get; init; }

    /// <summary>stable, improving or progressive.</summary>
    public DeficitTrend? Trend { get; init; }
}

/// <summary>Myelopathy.</summary>
public sealed record Myelopathy
{
    /// <summary>cervical or thoracic.</summary>
    public MyelopathyLevel? Level { get; init; }

    /// <summary>Whether it progressed recently.</summary>
    public bool? RecentProgression { get; init; }
}

/// <summary>Spinal instability.</summary>
public sealed record Instability
{
    /// <summary>Whether the instability risks neurologic injury.</summary>
    public bool? RiskOfNeurologicInjury { get; init; }
}

/// <summary>A spinal infection.</summary>
public sealed record Infection
{
    /// <summary>The kind of infection.</summary>
    public InfectionKind? Kind { get; init; }

    /// <summary>Whether it requires surgical decompression.</summary>
    public bool? RequiresDecompression { get; init; }

    /// <summary>Whether medical management has failed.</summary>
    public bool? FailedMedicalManagement { get; init; }
}

/// <summary>Pain and what has been tried for it.</summary>
public sealed record Pain
{
    /// <summary>The pain is intractable.</summary>
    public bool? Intractable { get; init; }

    /// <summary>It led to an emergency department presentation.</summary>
    public bool? EdPresentation { get; init; }

    /// <summary>It causes severe functional limitation.</summary>
    public bool? SevereFunctionalLimitation { get; init; }

    /// <summary>It causes excessive opioid use.</summary>
    public bool? ExcessiveOpioidUse { get; init; }

    /// <summary>Non-procedural management was tried and failed.</summary>
    public bool? FailedNonProceduralCare { get; init; }
}
