using System.Diagnostics;
using System.Text;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>
/// Runs the real spinetriage program like <see cref="SpineTriageProcess"/>, with extra environment
/// variables (configuration such as <c>SpineTriage__Storage__QueueName</c>) and a time limit after
/// which the process tree is killed and the test fails with what it printed so far.
/// </summary>
internal static class CliProcess
{
    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string>? environment, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spinetriage.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start spinetriage.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"spinetriage {string.Join(' ', arguments)} did not exit within {limit.TotalSeconds:0} s.{Environment.NewLine}"
                + $"stdout:{Environment.NewLine}{await stdout}{Environment.NewLine}stderr:{Environment.NewLine}{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
