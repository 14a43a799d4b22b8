using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SpineTriage.Worker.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace SpineTriage.TestSupport;

/// <summary>
/// A real SMTP server for tests: MailDev (npm package <c>maildev</c>, pinned in package.json) run as a
/// child <c>node</c> process on free loopback ports, in memory, for one test class or collection.
/// Received emails are read back through its REST API.
/// </summary>
/// <remarks>
/// The child exits when its standard input closes, which happens when this process ends in any way,
/// so a killed test run leaves no server behind. It is killed on dispose too.
/// </remarks>
public sealed partial class MailDevFixture : IAsyncLifetime
{
    public const string Host = "127.0.0.1";
    private const string Script = "node_modules/maildev/dist/bin/maildev.js";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    // `node -e`: exit when stdin closes (this process is gone), then run MailDev's ES module CLI with the
    // remaining arguments. The script path is taken out of argv: commander parses `node -e` argv from index 1.
    private const string Bootstrap =
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();" +
        "const s=process.argv.splice(1,1)[0];import(require('node:url').pathToFileURL(s).href);";

    private readonly ILogger _logger;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private Process? _process;
    private HttpClient? _http;
    private string? _mailDirectory;

    public MailDevFixture(IMessageSink diagnostics)
    {
        _logger = new MessageSinkLogger(diagnostics);
    }

    /// <summary>The SMTP port (plain SMTP, no TLS, no authentication).</summary>
    public int SmtpPort { get; private set; }

    /// <summary>The web/REST API port.</summary>
    public int WebPort { get; private set; }

    private HttpClient Http => _http ?? throw new InvalidOperationException("The MailDev fixture has not been initialized.");

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find("maildev");
        var node = AzuriteEmulator.FindOnPath("node") ?? throw new InvalidOperationException("'node' is not on PATH: install Node.js 20 or later.");
        await EnsureInstalledAsync(root);

        (SmtpPort, WebPort) = FreePorts();
        _mailDirectory = Path.Combine(Path.GetTempPath(), "spinetriage-maildev-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_mailDirectory);

        var info = new ProcessStartInfo(node)
        {
            // MailDev looks for config files in the working directory and its parents: a fresh folder has none.
            WorkingDirectory = _mailDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in new[]
        {
            "-e", Bootstrap, Path.Combine(root, Script),
            "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ip", Host,
            "--web", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web-ip", Host,
            "--mail-directory", _mailDirectory,
        })
        {
            info.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        var stopwatch = Stopwatch.StartNew();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _http = new HttpClient { BaseAddress = new Uri($"http://{Host}:{WebPort}/"), Timeout = TimeSpan.FromSeconds(10) };

        while (!await IsReadyAsync())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MailDev exited with code {_process.ExitCode} before listening. Output:{Environment.NewLine}{Output()}");
            }

            if (stopwatch.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"MailDev did not listen on SMTP {SmtpPort} and web {WebPort} within {StartTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output()}");
            }

            await Task.Delay(100);
        }

        LogStarted(_logger, stopwatch.ElapsedMilliseconds, _process.Id, SmtpPort, WebPort);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited: the goal is reached.
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
            process.Dispose();
        }

        if (_mailDirectory is not null && Directory.Exists(_mailDirectory))
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
    }

    /// <summary>Every email received so far, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> GetEmailsAsync(CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("api/email", cancellationToken));
        return document.RootElement.EnumerateArray().Select(ReceivedEmail.FromJson).ToList();
    }

    /// <summary>Waits until an email matching <paramref name="match"/> has arrived (SMTP accepts before the store has it).</summary>
    public async Task<ReceivedEmail> WaitForEmailAsync(Func<ReceivedEmail, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            var found = (await GetEmailsAsync()).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"No matching email arrived at MailDev within {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The raw message (.eml) as MailDev received it.</summary>
    public Task<byte[]> DownloadAsync(string id, CancellationToken cancellationToken = default) =>
        Http.GetByteArrayAsync($"api/email/{Uri.EscapeDataString(id)}/download", cancellationToken);

    /// <summary>Deletes every received email.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.DeleteAsync("api/email/all", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using (var smtp = new TcpClient())
            {
                await smtp.ConnectAsync(Host, SmtpPort).WaitAsync(TimeSpan.FromSeconds(1));
            }

            return await Http.GetFromJsonAsync<bool>("api/healthz");
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException or TimeoutException or TaskCanceledException or JsonException)
        {
            // Not listening yet: the caller polls until the deadline.
            return false;
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_outputLock)
        {
            return _output.Length == 0 ? "(no output)" : _output.ToString();
        }
    }

    private static (int Smtp, int Web) FreePorts()
    {
        // Both listeners are held at once so the two ports differ.
        using var smtp = new TcpListener(IPAddress.Loopback, 0);
        using var web = new TcpListener(IPAddress.Loopback, 0);
        smtp.Start();
        web.Start();
        return (((IPEndPoint)smtp.LocalEndpoint).Port, ((IPEndPoint)web.LocalEndpoint).Port);
    }

    // MailDev comes with the repository's npm packages: the emulator's installer serves both.
    private Task EnsureInstalledAsync(string root) =>
        AzuriteEmulator.EnsureNpmPackagesInstalledAsync(root, Script, InstallTimeout, _logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "MailDev started in {ElapsedMs} ms (pid {ProcessId}): SMTP {SmtpPort}, web {WebPort}")]
    private static partial void LogStarted(ILogger logger, long elapsedMs, int processId, int smtpPort, int webPort);

}

/// <summary>An email as MailDev's REST API reports it.</summary>
public sealed record ReceivedEmail(
    string Id,
    string Subject,
    IReadOnlyList<string> From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> EnvelopeTo,
    string? Html,
    string? Text,
    IReadOnlyList<ReceivedAttachment> Attachments,
    IReadOnlyDictionary<string, string> Headers)
{
    internal static ReceivedEmail FromJson(JsonElement json)
    {
        static IReadOnlyList<string> Addresses(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(a => a.TryGetProperty("address", out var address) ? address.GetString() ?? "" : "").ToList()
                : [];

        static string? Text(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var attachments = json.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => new ReceivedAttachment(
                Text(a, "contentType") ?? "",
                Text(a, "fileName") ?? Text(a, "generatedFileName"),
                Text(a, "contentId") ?? Text(a, "cid"),
                Text(a, "contentDisposition"),
                a.TryGetProperty("length", out var length) && length.ValueKind == JsonValueKind.Number ? length.GetInt64()
                    : a.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : 0)).ToList()
            : [];

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (json.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headerObject.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() ?? "" : header.Value.GetRawText();
            }
        }

        return new ReceivedEmail(
            Text(json, "id") ?? "",
            Text(json, "subject") ?? "",
            Addresses(json, "from"),
            Addresses(json, "to"),
            json.TryGetProperty("envelope", out var envelope) ? Addresses(envelope, "to") : [],
            Text(json, "html"),
            Text(json, "text"),
            attachments,
            headers);
    }
}

/// <summary>An attachment (or inline part) of a <see cref="ReceivedEmail"/>.</summary>
public sealed record ReceivedAttachment(string ContentType, string? FileName, string? ContentId, string? ContentDisposition, long Length);
