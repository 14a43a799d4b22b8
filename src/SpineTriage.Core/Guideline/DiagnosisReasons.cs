using System.Collections.Concurrent;

namespace SpineTriage.Core.Guideline;

/// <summary>The reasons a diagnosis code gives: its match, and its review flag when the code alone cannot decide.</summary>
/// <param name="Match">"Diagnosis M47.12 (other spondylosis with myelopathy): Urgent by ...".</param>
/// <param name="Review">The review reason, or null when the code decides alone.</param>
public sealed record DiagnosisReasons(string Match, string? Review)
{
    // Referrals repeat a small set of codes, so each code's sentences are built once. The cache is
    // bounded: past the bound, sentences are built per call (correct, just slower).
    private const int MaxCachedCodes = 8192;
    private static readonly ConcurrentDictionary<string, DiagnosisReasons> Cache = new(StringComparer.Ordinal);

    /// <summary>The reasons for a code of the given mapping family.</summary>
    public static DiagnosisReasons For(string code, DiagnosisCodeMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (Cache.TryGetValue(code, out var cached) && ReferenceEquals(cached.Mapping, mapping))
        {
            return cached;
        }

        var built = Build(code, mapping);
        if (Cache.Count < MaxCachedCodes)
        {
            Cache[code] = built;
        }

        return built;
    }

    private DiagnosisCodeMapping? Mapping { get; init; }

    private static DiagnosisReasons Build(string code, DiagnosisCodeMapping mapping)
    {
        var display = DiagnosisCodeMap.Display(code);
        var evidence = $"Diagnosis {display} ({mapping.Description})";
        var review = mapping.DecidesAlone
            ? null
            : $"{evidence} alone cannot decide: {mapping.Criterion.Category} assumed, clinician review";
        return new DiagnosisReasons(Reasons.ForMatch(evidence, mapping.Criterion), review) { Mapping = mapping };
    }
}
