using Microsoft.Playwright;

namespace SpineTriage.Web.Tests.Browser;

/// <summary>
/// Playwright driving the system Chromium (Playwright's own browser download is not used):
/// <c>SPINETRIAGE_CHROMIUM</c>, else /usr/bin/chromium. Without it the browser tests fail, naming
/// what to install: they are never skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The environment variable that names the Chromium executable.</summary>
    public const string ChromiumVariable = "SPINETRIAGE_CHROMIUM";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        var path = ChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {path}, and there is none: install it (Debian: apt-get install chromium; .ci/run does) "
                + $"or set {ChromiumVariable} to a Chromium executable.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // As root (CI) Chromium's sandbox cannot start; the pages are our own.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
