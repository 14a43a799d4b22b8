using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

// Each contract enumeration reserves 0 for a value outside the enumeration (or of the wrong JSON
// type). The lenient reader produces it so that the validator can report every bad field of a
// message at once, naming each; a validated message never contains it.

/// <summary>Neurologic deficit severity.</summary>
[JsonConverter(typeof(ContractEnumConverter<DeficitSeverity>))]
public enum DeficitSeverity
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>none</summary>
    None,
    /// <summary>mild</summary>
    Mild,
    /// <summary>significant</summary>
    Significant,
    /// <summary>severe</summary>
    Severe,
}

/// <summary>Neurologic deficit trend.</summary>
[JsonConverter(typeof(ContractEnumConverter<DeficitTrend>))]
public enum DeficitTrend
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>stable</summary>
    Stable,
    /// <summary>improving</summary>
    Improving,
    /// <summary>progressive</summary>
    Progressive,
}

/// <summary>The underlying cause.</summary>
[JsonConverter(typeof(ContractEnumConverter<Cause>))]
public enum Cause
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>infection</summary>
    Infection,
    /// <summary>tumor</summary>
    Tumor,
    /// <summary>fracture</summary>
    Fracture,
    /// <summary>discHerniation</summary>
    DiscHerniation,
    /// <summary>degenerative</summary>
    Degenerative,
    /// <summary>other</summary>
    Other,
}

/// <summary>Myelopathy level.</summary>
[JsonConverter(typeof(ContractEnumConverter<MyelopathyLevel>))]
public enum MyelopathyLevel
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>cervical</summary>
    Cervical,
    /// <summary>thoracic</summary>
    Thoracic,
}

/// <summary>The kind of spinal infection.</summary>
[JsonConverter(typeof(ContractEnumConverter<InfectionKind>))]
public enum InfectionKind
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>epiduralAbscess</summary>
    EpiduralAbscess,
    /// <summary>discitis</summary>
    Discitis,
    /// <summary>osteomyelitis</summary>
    Osteomyelitis,
    /// <summary>postoperativeWound</summary>
    PostoperativeWound,
}

/// <summary>The kind of procedure.</summary>
[JsonConverter(typeof(ContractEnumConverter<ProcedureKind>))]
public enum ProcedureKind
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>injection</summary>
    Injection,
    /// <summary>interventional</summary>
    Interventional,
    /// <summary>surgery</summary>
    Surgery,
}

/// <summary>Where the procedure takes place.</summary>
[JsonConverter(typeof(ContractEnumConverter<ProcedureSetting>))]
public enum ProcedureSetting
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>inpatient</summary>
    Inpatient,
    /// <summary>outpatient</summary>
    Outpatient,
}

/// <summary>COVID-19 status.</summary>
[JsonConverter(typeof(ContractEnumConverter<CovidStatus>))]
public enum CovidStatus
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>negative</summary>
    Negative,
    /// <summary>positive</summary>
    Positive,
    /// <summary>unknown</summary>
    Unknown,
}

/// <summary>A COVID-19 risk factor.</summary>
[JsonConverter(typeof(ContractEnumConverter<CovidRiskFactor>))]
public enum CovidRiskFactor
{
    /// <summary>Not one of the contract's values.</summary>
    Unrecognized = 0,
    /// <summary>age65plus</summary>
    [JsonStringEnumMemberName("age65plus")]
    Age65Plus,
    /// <summary>immunocompromised</summary>
    Immunocompromised,
    /// <summary>chronicLungDisease</summary>
    ChronicLungDisease,
    /// <summary>cardiovascularDisease</summary>
    CardiovascularDisease,
    /// <summary>diabetes</summary>
    Diabetes,
    /// <summary>obesity</summary>
    Obesity,
    /// <summary>chronicKidneyDisease</summary>
    ChronicKidneyDisease,
}
