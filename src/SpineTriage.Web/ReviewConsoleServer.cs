using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SpineTriage.Web;

/// <summary>
/// The console on Kestrel for one user on this machine (<c>spinetriage serve</c>, and the browser
/// tests): it listens on 127.0.0.1 only, answers only requests addressed to 127.0.0.1 or localhost
/// (so a page elsewhere cannot reach it through a DNS name that points here), and acts as one reviewer.
/// No configuration is read: neither <c>ASPNETCORE_URLS</c> nor a Kestrel section can add an address.
/// </summary>
public sealed class ReviewConsoleServer : IAsyncDisposable
{
    /// <summary>The default port of <c>spinetriage serve</c>.</summary>
    public const int DefaultPort = 5080;

    private readonly WebApplication _app;

    private ReviewConsoleServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The console's address: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Stops when the host is asked to stop (<see cref="StopAsync"/>).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Starts the console on 127.0.0.1.</summary>
    /// <param name="console">The console's handlers.</param>
    /// <param name="reviewer">Who every request is made by.</param>
    /// <param name="port">The port (0: a free one).</param>
    /// <param name="loggers">Where the console's and Kestrel's logs go (none when null).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ReviewConsoleServer> StartAsync(
        ReviewConsole console, Reviewer reviewer, int port, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ReviewConsoleServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = 64 * 1024;
            options.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRouting();
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton<ILoggerFactory>(new QuietFrameworkLoggers(loggers ?? NullLoggerFactory.Instance));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Only requests addressed to this machine's loopback name: a DNS-rebinding page is refused.
            if (!IsLoopbackHost(context.Request.Host))
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                ConsoleSecurity.ApplyHeaders(context.Response);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapReviewConsole(_ => reviewer);
        app.MapReviewConsoleFallback(_ => reviewer);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            var uris = addresses.Select(a => new Uri(a)).ToList();
            if (uris.Count != 1 || uris[0].Host != "127.0.0.1")
            {
                throw new InvalidOperationException($"The console must listen on 127.0.0.1 only, but listens on {string.Join(", ", addresses)}.");
            }

            return new ReviewConsoleServer(app, new Uri($"http://127.0.0.1:{uris[0].Port}/"));
        }
        catch
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks the server to stop (as Ctrl+C does); <see cref="WaitForShutdownAsync"/> then returns.</summary>
    public void RequestStop() => _app.Lifetime.StopApplication();

    /// <summary>Waits until a stop is requested, then stops gracefully (requests in flight finish).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Stops the server.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsLoopbackHost(HostString host) =>
        host.HasValue && (string.Equals(host.Host, "127.0.0.1", StringComparison.Ordinal) || string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase));
}
