using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;

namespace SpineTriage.Benchmarks;

/// <summary>
/// Parse + validate + classify of the shipped realistic referrals, one core, against a baseline in
/// the same run: System.Text.Json's own parse of the same bytes into a JsonDocument (no mapping, no rules).
/// Figures are per referral (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class TriageBenchmarks
{
    private const int Referrals = 64;
    private static readonly DateTimeOffset DecidedAt = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private readonly TriageClassifier _classifier = new();
    private byte[][] _bodies = [];
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        var all = SampleReferrals.Utf8();
        _bodies = Enumerable.Range(0, Referrals).Select(i => all[i % all.Length]).ToArray();

        // The free text of the same referrals: notes and procedure description, read separately as the classifier does.
        _texts = [.. _bodies.Select(b => ReferralReader.Read(b).Referral).Where(r => r is not null)
            .Select(r => $"{r!.Notes}\n{r.Procedure?.Description}")];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Referrals, Description = "baseline: JsonDocument.Parse")]
    public int ParseJsonDocument()
    {
        var total = 0;
        foreach (var body in _bodies)
        {
            using var document = JsonDocument.Parse(body);
            total += document.RootElement.GetPropertyCount();
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Referrals, Description = "parse + validate")]
    public int ParseValidate()
    {
        var total = 0;
        foreach (var body in _bodies)
        {
            total += ReferralReader.Read(body).Errors.Count;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Referrals, Description = "clinical text reader (notes + procedure)")]
    public int ReadClinicalText()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += System.Numerics.BitOperations.PopCount(SpineTriage.Core.ClinicalText.ClinicalTextReader.Default.Read(text, 2026).Flagged);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Referrals, Description = "parse + validate + classify")]
    public int ParseValidateClassify()
    {
        var total = 0;
        foreach (var body in _bodies)
        {
            var read = ReferralReader.Read(body);
            if (read.Referral is { } referral)
            {
                total += (int)_classifier.Classify(referral, RegionStatus.Constrained, DecidedAt).Category;
            }
        }

        return total;
    }
}
