using System.Text.Json;
using System.Text.Json.Nodes;
using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Tests.Builders;

/// <summary>
/// Fluent test data: a valid v1 referral (the four required fields, nothing else), to which a test
/// adds only the findings it is about. Builds the <see cref="ReferralMessage"/> record, its JSON
/// bytes (as the contract serializes it), or a <see cref="JsonObject"/> a test can break on purpose.
/// </summary>
public sealed class ReferralBuilder
{
    public const string DefaultReferralId = "REF-2026-000123";
    public const string DefaultRegion = "north-east";
    public static readonly DateTimeOffset DefaultReceivedAt = new(2026, 11, 20, 9, 15, 0, TimeSpan.Zero);

    private ReferralMessage _message = new()
    {
        SchemaVersion = 1,
        ReferralId = DefaultReferralId,
        ReceivedAt = DefaultReceivedAt,
        Region = DefaultRegion,
    };

    /// <summary>A referral that keeps the contract and reports nothing clinical.</summary>
    public static ReferralBuilder Valid() => new();

    /// <summary>Starts from an existing message (e.g. a generated one).</summary>
    public static ReferralBuilder From(ReferralMessage message) => new() { _message = message };

    public ReferralBuilder WithReferralId(string? id) => With(m => m with { ReferralId = id });

    public ReferralBuilder WithRegion(string? region) => With(m => m with { Region = region });

    public ReferralBuilder WithSequence(long? sequence) => With(m => m with { Sequence = sequence });

    public ReferralBuilder WithReceivedAt(DateTimeOffset? receivedAt) => With(m => m with { ReceivedAt = receivedAt });

    public ReferralBuilder WithFacility(string? facility) => With(m => m with { Facility = facility });

    public ReferralBuilder WithNotes(string? notes) => With(m => m with { Notes = notes });

    public ReferralBuilder WithPatient(int? ageYears = null, CovidStatus? covidStatus = null, params CovidRiskFactor[] riskFactors) =>
        With(m => m with
        {
            Patient = new Patient
            {
                Ref = "p-8f3a",
                AgeYears = ageYears,
                CovidStatus = covidStatus,
                CovidRiskFactors = riskFactors.Length == 0 ? null : riskFactors,
            },
        });

    public ReferralBuilder WithProcedure(ProcedureKind? kind, ProcedureSetting? setting = null, string? description = null) =>
        With(m => m with { Procedure = new Procedure { Kind = kind, Setting = setting, Description = description } });

    /// <summary>Diagnoses with system ICD-10-CM, in the order given.</summary>
    public ReferralBuilder WithDiagnoses(params string[] codes) =>
        With(m => m with { Diagnoses = [.. (m.Diagnoses ?? []), .. codes.Select(c => new Diagnosis { System = "ICD-10-CM", Code = c })] });

    public ReferralBuilder WithDeficit(DeficitSeverity? severity, DeficitTrend? trend) =>
        WithFindings(f => f with { NeurologicDeficit = new NeurologicDeficit { Severity = severity, Trend = trend } });

    public ReferralBuilder WithCause(Cause? cause) => WithFindings(f => f with { Cause = cause });

    public ReferralBuilder WithMyelopathy(bool? recentProgression, MyelopathyLevel? level = MyelopathyLevel.Cervical) =>
        WithFindings(f => f with { Myelopathy = new Myelopathy { Level = level, RecentProgression = recentProgression } });

    public ReferralBuilder WithInstability(bool? riskOfNeurologicInjury) =>
        WithFindings(f => f with { Instability = new Instability { RiskOfNeurologicInjury = riskOfNeurologicInjury } });

    public ReferralBuilder WithInfection(InfectionKind? kind, bool? requiresDecompression = null, bool? failedMedicalManagement = null) =>
        WithFindings(f => f with
        {
            Infection = new Infection { Kind = kind, RequiresDecompression = requiresDecompression, FailedMedicalManagement = failedMedicalManagement },
        });

    public ReferralBuilder WithPain(
        bool? intractable = null,
        bool? edPresentation = null,
        bool? severeFunctionalLimitation = null,
        bool? excessiveOpioidUse = null,
        bool? failedNonProceduralCare = null) =>
        WithFindings(f => f with
        {
            Pain = new Pain
            {
                Intractable = intractable,
                EdPresentation = edPresentation,
                SevereFunctionalLimitation = severeFunctionalLimitation,
                ExcessiveOpioidUse = excessiveOpioidUse,
                FailedNonProceduralCare = failedNonProceduralCare,
            },
        });

    public ReferralBuilder WithDeformityCorrection(bool? value = true) => WithFindings(f => f with { DeformityCorrection = value });

    public ReferralBuilder WithSymptomaticHardware(bool? value = true) => WithFindings(f => f with { SymptomaticHardware = value });

    public ReferralBuilder WithPseudarthrosis(bool? value = true) => WithFindings(f => f with { Pseudarthrosis = value });

    /// <summary>An empty findings object (present, nothing reported).</summary>
    public ReferralBuilder WithEmptyFindings() => WithFindings(f => f);

    public ReferralBuilder WithFindings(Func<Findings, Findings> change) =>
        With(m => m with { Findings = change(m.Findings ?? new Findings()) });

    public ReferralBuilder With(Func<ReferralMessage, ReferralMessage> change)
    {
        _message = change(_message);
        return this;
    }

    public ReferralMessage Build() => _message;

    /// <summary>The message as the contract serializes it (camelCase, nulls left out).</summary>
    public byte[] BuildJson() => ToJson(_message);

    /// <summary>The message as a mutable JSON tree, for tests that break it on purpose.</summary>
    public JsonObject BuildJsonObject() => JsonNode.Parse(BuildJson())!.AsObject();

    public static byte[] ToJson(ReferralMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.ReferralMessage);
}
