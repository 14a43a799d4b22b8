using System.Text.Json.Serialization;

namespace SpineTriage.Core.Triage;

/// <summary>
/// Source-generated System.Text.Json serialization of results (camelCase, the shape in DESIGN.md).
/// Results are only ever written, so only the fast-path writer is generated: no property metadata is
/// built at start (each property's metadata is a generic instantiation the runtime compiles on first
/// use, hundreds of methods for a seconds-long <c>classify</c>).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(TriageResult))]
public sealed partial class TriageJsonContext : JsonSerializerContext;
