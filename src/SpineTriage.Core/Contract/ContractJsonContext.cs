using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

/// <summary>Source-generated System.Text.Json metadata for the v1 contract (camelCase).</summary>
/// <remarks>
/// A property that appears twice is a contract error: parsers disagree on which value wins
/// (RFC 8259 leaves it open), so a schema check upstream could have passed a different value.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    AllowDuplicateProperties = false,
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
