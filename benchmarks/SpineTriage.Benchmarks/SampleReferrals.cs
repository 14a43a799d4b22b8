using System.Text;

namespace SpineTriage.Benchmarks;

/// <summary>The realistic referrals shipped in samples/referrals.jsonl, embedded in this assembly.</summary>
internal static class SampleReferrals
{
    public static IReadOnlyList<string> Lines()
    {
        using var stream = typeof(SampleReferrals).Assembly.GetManifestResourceStream("referrals.jsonl")
            ?? throw new InvalidOperationException("samples/referrals.jsonl is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    public static byte[][] Utf8() => Lines().Select(Encoding.UTF8.GetBytes).ToArray();
}
