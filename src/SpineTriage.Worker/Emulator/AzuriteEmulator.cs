using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SpineTriage.Worker.Emulator;

/// <summary>
/// An Azurite storage emulator (blob, queue, table) run as a child <c>node</c> process from the
/// repository's pinned npm package, installing it with <c>npm ci</c> first when it is missing.
/// </summary>
/// <remarks>
/// The child never outlives this process: it is killed on <see cref="StopAsync"/>, on dispose, on
/// process exit and on a Ctrl+C that no handler cancels, and it exits by itself when its standard
/// input closes, which the operating system does when this process dies in any way (even killed).
/// With in-memory persistence (the default) a stop loses all queues, tables and blobs; use
/// <see cref="StopAsync"/> then <see cref="StartAgainAsync"/> to simulate a storage outage.
/// </remarks>
[SuppressMessage("Performance", "CA1515:Consider making public types internal",
    Justification = "Test support projects start the emulator through this public API.")]
public sealed partial class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>The well-known development storage account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known, public development storage account key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The address Azurite listens on.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>The environment variable naming the repository root, overriding the search.</summary>
    public const string HomeVariable = "SPINETRIAGE_HOME";

    private const string AzuriteScript = "node_modules/azurite/dist/src/azurite.js";
    private const int FreePortAttempts = 3;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly string[] DependencySections = ["devDependencies", "dependencies"];

    // Run by `node -e` before Azurite: the child exits when its stdin closes, i.e. when this process is
    // gone, however it died. Azurite then reads process.argv as if started as `node azurite.js ...`.
    private const string Bootstrap =
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));" +
        "process.stdin.resume();require(process.argv[1]);";

    private readonly AzuriteOptions _options;
    private readonly ILogger _logger;
    private readonly string _nodePath;
    private readonly string _scriptPath;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ProcessOutput _output = new();
    private readonly EventHandler _onProcessExit;
    private readonly ConsoleCancelEventHandler _onCancelKeyPress;
    private Process? _process;
    private bool _disposed;
    private int _servicesClosed;
    private TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AzuriteEmulator(AzuriteOptions options, ILogger logger, string root, string nodePath, int blob, int queue, int table)
    {
        _options = options;
        _logger = logger;
        RepositoryRoot = root;
        _nodePath = nodePath;
        _scriptPath = Path.Combine(root, AzuriteScript);
        BlobPort = blob;
        QueuePort = queue;
        TablePort = table;
        _onProcessExit = (_, _) => KillChild();
        // A host that cancels Ctrl+C (e.Cancel) shuts down gracefully and may still need storage; the
        // emulator then stops with it. Otherwise the process is about to end: take the child along.
        _onCancelKeyPress = (_, e) =>
        {
            if (!e.Cancel)
            {
                KillChild();
            }
        };
    }

    /// <summary>The repository root whose <c>node_modules</c> holds Azurite.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; private set; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; private set; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; private set; }

    /// <summary>Whether the Azurite process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A storage connection string for the development account on this emulator's ports.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{Host}:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://{Host}:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://{Host}:{TablePort}/{AccountName};");

    /// <summary>
    /// Finds the repository root, installs Azurite with npm when it is missing, starts it and waits
    /// until its queue and table ports accept connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The root cannot be found, node or npm is not on PATH, the install fails, a fixed port is taken,
    /// or Azurite exits or does not answer within <see cref="AzuriteOptions.StartTimeout"/>.
    /// </exception>
    public static async Task<AzuriteEmulator> StartAsync(AzuriteOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        var root = FindRepositoryRoot("azurite", options.RepositoryRoot, logger);
        var node = FindOnPath("node")
            ?? throw new InvalidOperationException("Azurite needs Node.js: 'node' is not on PATH. Install Node.js 20 or later.");
        await EnsureInstalledAsync(root, options.InstallTimeout, logger, cancellationToken).ConfigureAwait(false);

        var autoPorts = options.BlobPort == 0 || options.QueuePort == 0 || options.TablePort == 0;
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = ChoosePorts(options);
            var emulator = new AzuriteEmulator(options, logger, root, node, blob, queue, table);
            try
            {
                await emulator.StartAgainAsync(cancellationToken).ConfigureAwait(false);
                return emulator;
            }
            catch (InvalidOperationException ex) when (autoPorts && attempt < FreePortAttempts && IsPortConflict(ex))
            {
                // A free port was taken by someone else between choosing and binding it: choose again.
                LogPortConflict(logger, ex, attempt);
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Starts a stopped emulator again on the same ports. With in-memory persistence it starts empty.
    /// Does nothing when it is running.
    /// </summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            await StartProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the Azurite process tree and waits for it to exit; its ports close. Does nothing when stopped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the emulator (data kept in memory is lost).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        Console.CancelKeyPress -= _onCancelKeyPress;
        _gate.Dispose();
    }

    /// <summary>Whether something accepts TCP connections on <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/>.</summary>
    public static async Task<bool> IsRunningAsync(string host, int port, TimeSpan timeout)
    {
        using var client = new TcpClient();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(host, port, timer.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false; // refused or unreachable: nothing listens there
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            return false; // no answer within the timeout
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            if (await IsRunningAsync(Host, port, ProbeTimeout).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Cannot start Azurite: port {port} on {Host} is already in use (another Azurite or storage emulator?).");
            }
        }

        _output.Clear();
        var info = new ProcessStartInfo(_nodePath)
        {
            WorkingDirectory = RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in Arguments())
        {
            info.ArgumentList.Add(argument);
        }

        if (!_options.InMemoryPersistence && _options.DataDirectory is { } data)
        {
            Directory.CreateDirectory(data);
        }

        var stopwatch = Stopwatch.StartNew();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
        Console.CancelKeyPress -= _onCancelKeyPress;
        Console.CancelKeyPress += _onCancelKeyPress;

        try
        {
            await WaitUntilListeningAsync(process, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopProcessAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        LogStarted(_logger, stopwatch.ElapsedMilliseconds, process.Id, BlobPort, QueuePort, TablePort);
    }

    private IEnumerable<string> Arguments()
    {
        yield return "-e";
        yield return Bootstrap;
        yield return _scriptPath;
        yield return "--skipApiVersionCheck";
        yield return "--disableProductStyleUrl";
        yield return "--disableTelemetry"; // Azurite reports usage over the network by default
        yield return "--silent";
        if (_options.InMemoryPersistence)
        {
            yield return "--inMemoryPersistence";
        }
        else
        {
            yield return "--location";
            yield return _options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "spinetriage-azurite");
        }

        foreach (var service in new[] { "blob", "queue", "table" })
        {
            yield return $"--{service}Host";
            yield return Host;
        }

        yield return "--blobPort";
        yield return BlobPort.ToString(CultureInfo.InvariantCulture);
        yield return "--queuePort";
        yield return QueuePort.ToString(CultureInfo.InvariantCulture);
        yield return "--tablePort";
        yield return TablePort.ToString(CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilListeningAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false); // drains the output
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before listening on queue port {QueuePort} and table port {TablePort}. Output:{Environment.NewLine}{OutputTail()}");
            }

            if (await IsRunningAsync(Host, QueuePort, ProbeTimeout).ConfigureAwait(false)
                && await IsRunningAsync(Host, TablePort, ProbeTimeout).ConfigureAwait(false)
                && !process.HasExited)
            {
                return;
            }

            if (deadline.Elapsed > _options.StartTimeout)
            {
                throw new InvalidOperationException(
                    $"Azurite did not listen on queue port {QueuePort} and table port {TablePort} within {_options.StartTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{OutputTail()}");
            }

            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StopProcessAsync(CancellationToken cancellationToken)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!_options.InMemoryPersistence && await TerminateAsync(process, cancellationToken).ConfigureAwait(false))
        {
            // Closed by its own shutdown, which writes its databases to disk first.
            LogStopped(_logger, process.Id, QueuePort);
            _process = null;
            process.Dispose();
            return;
        }

        KillChild();
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timer.CancelAfter(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"Azurite (pid {process.Id}) did not exit within {StopTimeout.TotalSeconds:0} s of being killed.");
            }
        }

        LogStopped(_logger, process.Id, QueuePort);
        _process = null;
        process.Dispose();
    }

    // With data on disk, Azurite must close by itself (SIGTERM: it closes its servers and saves its
    // databases); killed, it loses what it had not saved yet. True when it exited in time.
    private async Task<bool> TerminateAsync(Process process, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _servicesClosed, 0);
        _allClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (OperatingSystem.IsWindows() || process.HasExited)
        {
            return process.HasExited;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (kill is null)
            {
                return false;
            }

            await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (kill.ExitCode != 0)
            {
                return process.HasExited;
            }
        }

        // Azurite closes its three services (saving their databases) and says so for each; the
        // bootstrap then still holds standard input open, so closing it ends the process.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(StopTimeout);
        try
        {
            await _allClosed.Task.WaitAsync(timer.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void KillChild()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check inside Kill and the signal: the goal is reached.
        }
        catch (Win32Exception ex)
        {
            // The process-exit path must not throw; StopAsync still waits for the exit and reports a timeout.
            LogKillFailed(_logger, ex, process.Id);
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Add(line);
        LogAzuriteOutput(_logger, line);
        if (line.Contains("service successfully closed", StringComparison.Ordinal) && Interlocked.Increment(ref _servicesClosed) == 3)
        {
            _allClosed.TrySetResult();
        }
    }

    private string OutputTail() => _output.ToString();

    // The messages of StartProcessAsync: its own port check, or Azurite's bind error in the output tail.
    private static bool IsPortConflict(InvalidOperationException ex) =>
        ex.Message.Contains("already in use", StringComparison.Ordinal)
        || ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal);

    private static (int Blob, int Queue, int Table) ChoosePorts(AzuriteOptions options)
    {
        // All three listeners are held at once so the free ports differ from each other.
        var listeners = new List<TcpListener>();
        try
        {
            int Pick(int port)
            {
                if (port != 0)
                {
                    return port;
                }

                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            return (Pick(options.BlobPort), Pick(options.QueuePort), Pick(options.TablePort));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    /// <summary>
    /// The repository root whose package.json lists <paramref name="npmPackage"/>: the explicit root
    /// when given, else <c>SPINETRIAGE_HOME</c>, else the first such folder at or above the program
    /// (then the current directory). Also used by the test fixtures of other npm tools (MailDev).
    /// </summary>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string FindRepositoryRoot(string npmPackage, string? explicitRoot = null, ILogger? logger = null)
    {
        logger ??= Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return Lists(explicitRoot, npmPackage, logger)
                ? Path.GetFullPath(explicitRoot)
                : throw new InvalidOperationException($"The repository root '{explicitRoot}' has no package.json listing {npmPackage}.");
        }

        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Lists(home, npmPackage, logger)
                ? Path.GetFullPath(home)
                : throw new InvalidOperationException($"{HomeVariable} is '{home}', which has no package.json listing {npmPackage}.");
        }

        string[] starts = [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Lists(dir.FullName, npmPackage, logger))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No folder at or above '{starts[0]}' or '{starts[1]}' has a package.json listing {npmPackage}; set {HomeVariable} to the repository root.");
    }

    private static bool Lists(string directory, string npmPackage, ILogger logger)
    {
        var path = Path.Combine(directory, "package.json");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && DependencySections.Any(section =>
                    document.RootElement.TryGetProperty(section, out var deps)
                    && deps.ValueKind == JsonValueKind.Object
                    && deps.TryGetProperty(npmPackage, out _));
        }
        catch (JsonException ex)
        {
            // Some unrelated package.json further up the tree: not ours, keep looking.
            LogInvalidPackageJson(logger, ex, path);
            return false;
        }
    }

    private static Task EnsureInstalledAsync(string root, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken) =>
        EnsureNpmPackagesInstalledAsync(root, AzuriteScript, timeout, logger, cancellationToken);

    /// <summary>
    /// Installs the repository's npm packages when <paramref name="script"/> (relative to the root)
    /// is missing: <c>npm ci</c> into an empty checkout, else <c>npm install</c> (which adds what is
    /// missing without removing a node_modules another process may be running from). One install at
    /// a time per repository, across processes. Used for Azurite here and for MailDev by the tests.
    /// </summary>
    public static async Task EnsureNpmPackagesInstalledAsync(string root, string script, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        script = Path.Combine(root, script);

        // Test processes of several projects start at once: one installs, the others wait and reuse it.
        // The check is under the lock too, so nobody starts a half-extracted package.
        using var installLock = await AcquireInstallLockAsync(root, timeout, logger, cancellationToken).ConfigureAwait(false);
        if (File.Exists(script))
        {
            return;
        }

        var npm = FindOnPath("npm")
            ?? throw new InvalidOperationException($"'{script}' is missing and 'npm' is not on PATH. Install Node.js 20 or later.");
        var fresh = File.Exists(Path.Combine(root, "package-lock.json")) && !Directory.Exists(Path.Combine(root, "node_modules"));
        string[] arguments = fresh ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
        var command = "npm " + string.Join(' ', arguments);
        LogInstalling(logger, command, root);

        var stopwatch = Stopwatch.StartNew();
        var output = new ProcessOutput();
        var info = new ProcessStartInfo(npm)
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Add(line);
            LogNpmOutput(logger, line);
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timer.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new InvalidOperationException(
                    $"'{command}' in '{root}' did not finish within {timeout.TotalMinutes:0} min. Output:{Environment.NewLine}{output}");
            }
        }

        if (process.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException(
                $"'{command}' in '{root}' failed with exit code {process.ExitCode}{(File.Exists(script) ? "" : $" ('{script}' missing)")}. Output:{Environment.NewLine}{output}");
        }

        LogInstalled(logger, command, stopwatch.ElapsedMilliseconds);
    }

    private static async Task<FileStream> AcquireInstallLockAsync(string root, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"spinetriage-npm-{key}.lock");
        var waited = Stopwatch.StartNew();
        var logged = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                // Another process holds the lock (installing or checking): wait for it.
                if (!logged)
                {
                    LogWaitingForInstall(logger, root);
                    logged = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [""];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(dir.Trim('"'), name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    // Shown even where only warnings are (every command but run): the first use waits a minute or two here.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Installing the storage emulator (Azurite) with {Command} in {Directory}: first use only, this takes a minute or two")]
    private static partial void LogInstalling(ILogger logger, string command, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed the npm packages with {Command} in {ElapsedMs} ms")]
    private static partial void LogInstalled(ILogger logger, string command, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process installing npm packages in {Directory}")]
    private static partial void LogWaitingForInstall(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Debug, Message = "npm: {Line}")]
    private static partial void LogNpmOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping {PackageJson}: not valid JSON")]
    private static partial void LogInvalidPackageJson(ILogger logger, Exception exception, string packageJson);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite started in {ElapsedMs} ms (pid {ProcessId}): blob {BlobPort}, queue {QueuePort}, table {TablePort}")]
    private static partial void LogStarted(ILogger logger, long elapsedMs, int processId, int blobPort, int queuePort, int tablePort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azurite could not bind the chosen ports (attempt {Attempt}); choosing others")]
    private static partial void LogPortConflict(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite stopped (pid {ProcessId}, queue port {QueuePort})")]
    private static partial void LogStopped(ILogger logger, int processId, int queuePort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill Azurite (pid {ProcessId})")]
    private static partial void LogKillFailed(ILogger logger, Exception exception, int processId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Azurite: {Line}")]
    private static partial void LogAzuriteOutput(ILogger logger, string line);
}

/// <summary>
/// The first and last lines a child process printed: npm puts the cause first and a long usage text
/// after it, Azurite the cause last.
/// </summary>
internal sealed class ProcessOutput
{
    private const int HeadLines = 15;
    private const int TailLines = 25;
    private readonly List<string> _head = [];
    private readonly Queue<string> _tail = new();
    private readonly Lock _lock = new();
    private int _skipped;

    public void Add(string line)
    {
        lock (_lock)
        {
            if (_head.Count < HeadLines)
            {
                _head.Add(line);
                return;
            }

            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
                _skipped++;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _head.Clear();
            _tail.Clear();
            _skipped = 0;
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            if (_head.Count == 0)
            {
                return "(no output)";
            }

            var skipped = _skipped == 0 ? [] : new[] { $"... ({_skipped} lines left out) ..." };
            return string.Join(Environment.NewLine, _head.Concat(skipped).Concat(_tail));
        }
    }
}
