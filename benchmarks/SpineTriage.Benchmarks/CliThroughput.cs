using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SpineTriage.Benchmarks;

/// <summary>
/// End-to-end throughput of <c>spinetriage classify</c> over a large JSON Lines file, process start
/// included, against a baseline measured in the same run: a .NET process (this one, started the
/// same way) that only copies the same file's lines to its output. Prints both and their ratio.
/// </summary>
internal static partial class CliThroughput
{
    public const string Verb = "cli";
    public const string PassthroughVerb = "passthrough";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == PassthroughVerb)
        {
            await using var input = File.OpenRead(args[1]);
            await using var output = Console.OpenStandardOutput();
            await input.CopyToAsync(output).ConfigureAwait(false);
            return 0;
        }

        var lines = IntOption(args, "--lines", 200_000);
        var runs = IntOption(args, "--runs", 5);
        var program = Option(args, "--spinetriage") ?? Path.Combine("artifacts", "spinetriage", "spinetriage");
        if (!File.Exists(program))
        {
            await Console.Error.WriteLineAsync($"spinetriage not found at {program}: publish it first (see docs/performance.md).").ConfigureAwait(false);
            return 1;
        }

        var work = Directory.CreateTempSubdirectory("spinetriage-bench-");
        try
        {
            var file = Path.Combine(work.FullName, "referrals.jsonl");
            var bytes = WriteInput(file, lines);
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
            Console.WriteLine($"input: {lines:N0} referrals, {bytes / 1048576.0:F1} MiB; {runs} runs each, median reported; {Environment.ProcessorCount} cores");

            // Started the way spinetriage is: through the app host, or `dotnet x.dll` when run like that.
            var selfPrefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? $"\"{typeof(CliThroughput).Assembly.Location}\" " : string.Empty;
            var baseline = Measure(self, $"{selfPrefix}{PassthroughVerb} \"{file}\"", work.FullName, runs, lines);
            var classify = Measure(Path.GetFullPath(program), $"classify \"{file}\"", work.FullName, runs, lines);

            Console.WriteLine($"baseline (copy lines, .NET process): {baseline.TotalSeconds:F3} s  {lines / baseline.TotalSeconds,12:N0} lines/s");
            Console.WriteLine($"spinetriage classify:               {classify.TotalSeconds:F3} s  {lines / classify.TotalSeconds,12:N0} referrals/s");
            Console.WriteLine($"ratio (classify time / baseline time): {classify.TotalSeconds / baseline.TotalSeconds:F2}");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static TimeSpan Measure(string program, string arguments, string directory, int runs, int expectedLines)
    {
        var times = new List<TimeSpan>();
        for (var run = 0; run < runs; run++)
        {
            var output = Path.Combine(directory, "out.jsonl");
            var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec \"{program}\" {arguments} > \"{output}\""]) { UseShellExecute = false };
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            process.WaitForExit();
            watch.Stop();
            var produced = CountLines(output);
            if (produced != expectedLines)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} wrote {produced} lines for {expectedLines} inputs (exit {process.ExitCode}).");
            }

            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static long WriteInput(string path, int lines)
    {
        var samples = SampleReferrals.Lines();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < lines; i++)
        {
            // Unique ids, so the workload is a realistic stream and not one referral repeated.
            var line = ReferralId().Replace(samples[i % samples.Count], $"\"referralId\":\"BENCH-{i:D7}\"", 1);
            writer.Write(line);
            writer.Write('\n');
        }

        writer.Flush();
        return writer.BaseStream.Length;
    }

    private static int CountLines(string path)
    {
        var count = 0;
        var buffer = new byte[1 << 20];
        using var stream = File.OpenRead(path);
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return count;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    [GeneratedRegex("\"referralId\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex ReferralId();
}
