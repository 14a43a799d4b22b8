using System.Diagnostics;
using System.Text.Json;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary>Runs the real spinetriage program (the built spinetriage.dll) as a separate process.</summary>
internal static class SpineTriageProcess
{
    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    public static string Sample(string name) => Path.Combine(SamplesDirectory, name);

    public static async Task<ProcessResult> RunAsync(string? standardInput, params string[] arguments)
    {
        var start = CliProcess.StartInfo(null, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start spinetriage.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<JsonElement> Lines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
}
