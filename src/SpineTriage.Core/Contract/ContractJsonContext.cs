using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

/// <summary>Source-generated System.Text.Json metadata for the v1 contract (camelCase).</summary>
/// <remarks>
/// A property that appears twice keeps its last value, as in most JSON parsers (RFC 8259 leaves it
/// open); refusing duplicates would cost an allocation per object on every message.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ReferralMessage))]
[JsonSerializable(typeof(Patient))]
[JsonSerializable(typeof(Procedure))]
[JsonSerializable(typeof(Diagnosis))]
[JsonSerializable(typeof(Findings))]
[JsonSerializable(typeof(NeurologicDeficit))]
[JsonSerializable(typeof(Myelopathy))]
[JsonSerializable(typeof(Instability))]
[JsonSerializable(typeof(Infection))]
[JsonSerializable(typeof(Pain))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
