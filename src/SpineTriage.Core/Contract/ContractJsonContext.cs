using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

/// <summary>Source-generated System.Text.Json metadata for the v1 contract (camelCase).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ReferralMessage))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
