using System.Net;
using System.Net.Sockets;
using SpineTriage.TestSupport;

namespace SpineTriage.Worker.Tests.Cli;

/// <summary><c>spinetriage serve</c> as a user runs it: the real program, a real Azurite, stopped by SIGTERM.</summary>
public sealed class ServeCommandTests : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteFixture _azurite;

    public ServeCommandTests(AzuriteFixture azurite) => _azurite = azurite;

    [Fact]
    public async Task Serve_AnswersOnLoopback_PrintsItsAddress_AndStopsCleanlyOnSigterm()
    {
        var port = FreePort();
        using var serve = RunningCli.Start(null, "serve", "--as", "Dr Ada", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", _azurite.ConnectionString);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        HttpResponseMessage? page = null;
        for (var attempt = 0; attempt < 120 && page is null; attempt++)
        {
            try
            {
                page = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        Assert.NotNull(page);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in as <strong>Dr Ada</strong>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/")) { Headers = { Host = "attacker.example" } };
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await http.SendAsync(rebound)).StatusCode);

        var exit = await serve.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal($"SpineTriage console: http://127.0.0.1:{port}/ (reviewer Dr Ada; Ctrl+C stops)", exit.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("--port", "70000", "--port is 0-65535")]
    [InlineData("--as", "", "--as is 1-128 characters")]
    public async Task Serve_BadOption_IsOneLineAndExit2(string option, string value, string message)
    {
        var arguments = new List<string> { "serve", "--storage", _azurite.ConnectionString, "--as", "Dr Ada", "--port", "0" };
        arguments[arguments.IndexOf(option) + 1] = value;

        var result = await CliProcess.RunAsync(null, TimeSpan.FromSeconds(60), [.. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("spinetriage serve: " + message, result.StandardError.Trim(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
