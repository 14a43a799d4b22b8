using System.Text.Json.Serialization;

namespace SpineTriage.Core.Triage;

/// <summary>Source-generated System.Text.Json metadata for results (camelCase, the shape in DESIGN.md).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TriageResult))]
public sealed partial class TriageJsonContext : JsonSerializerContext;
