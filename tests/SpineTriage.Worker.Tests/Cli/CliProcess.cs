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
        using var cli = RunningCli.Start(environment, arguments);
        return await cli.WaitAsync(limit);
    }

    /// <summary>How every test starts the built spinetriage.dll: redirected UTF-8 streams, extra environment variables.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, IEnumerable<string> arguments)
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

        return start;
    }
}

/// <summary>A spinetriage process left running, to be signalled (SIGTERM) or killed (SIGKILL) by a fault-injection test.</summary>
internal sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly string[] _arguments;

    private RunningCli(Process process, string[] arguments)
    {
        _process = process;
        _arguments = arguments;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
    }

    public static RunningCli Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new(Process.Start(CliProcess.StartInfo(environment, arguments)) ?? throw new InvalidOperationException("Could not start spinetriage."), arguments);

    /// <summary>Sends SIGTERM (what a container runtime sends on a rolling restart) and waits for the exit.</summary>
    public async Task<ProcessResult> TerminateAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        return await WaitAsync(limit);
    }

    /// <summary>Kills the process at once (SIGKILL): nothing it holds is released.</summary>
    public async Task<ProcessResult> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return new ProcessResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public async Task<ProcessResult> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException(
                $"spinetriage {string.Join(' ', _arguments)} did not exit within {limit.TotalSeconds:0} s.{Environment.NewLine}"
                + $"stdout:{Environment.NewLine}{await _stdout}{Environment.NewLine}stderr:{Environment.NewLine}{await _stderr}");
        }

        return new ProcessResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
