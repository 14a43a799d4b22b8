using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Storage;
using SpineTriage.TestSupport;

namespace SpineTriage.Web.Tests.Browser;

/// <summary>
/// The pipeline's services over tables of their own on a real Azurite (as the hosts register them),
/// referrals submitted through the real message handler and classifier, and the real console on
/// Kestrel on a free port of 127.0.0.1.
/// </summary>
internal sealed class ConsoleWorld : IAsyncDisposable
{
    private readonly IHost _host;
    private int _messages;

    private ConsoleWorld(IHost host, ReviewConsoleServer server)
    {
        _host = host;
        Server = server;
    }

    public ReviewConsoleServer Server { get; }

    public string Address => Server.Address.ToString();

    public IServiceProvider Services => _host.Services;

    public ReviewService Review => Services.GetRequiredService<ReviewService>();

    public static async Task<ConsoleWorld> StartAsync(AzuriteFixture azurite, Reviewer reviewer)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.AddSpineTriagePipeline(o => azurite.UseUniqueNames(o));
        var host = builder.Build();
        try
        {
            await host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
            var console = new ReviewConsole(
                host.Services.GetRequiredService<ReviewService>(), host.Services.GetRequiredService<RegionBoard>(), TimeProvider.System, NullLogger<ReviewConsole>.Instance);
            var server = await ReviewConsoleServer.StartAsync(console, reviewer, port: 0);
            return new ConsoleWorld(host, server);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Handles a message as the worker does (the real classifier, the real stores).</summary>
    public async Task<HandleOutcome> SubmitAsync(JsonObject message)
    {
        var handler = Services.GetRequiredService<ReferralMessageHandler>();
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        return await handler.HandleAsync(body, new QueueMessageContext($"m{Interlocked.Increment(ref _messages)}", 1));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _host.Dispose();
    }
}
