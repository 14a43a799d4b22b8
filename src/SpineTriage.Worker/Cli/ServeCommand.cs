using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Review;
using SpineTriage.Storage;
using SpineTriage.Web;
using SpineTriage.Worker.Hosting;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// <c>spinetriage serve --as NAME [--port N] [--storage S]</c>: the review console in a browser on
/// this machine (127.0.0.1 only), over the same storage and review use case as the other commands.
/// Every decision is recorded as made by NAME. Ctrl+C or SIGTERM stops it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var storage = PipelineCommands.StorageOption();
        var port = new Option<int>("--port")
        {
            Description = $"The port on 127.0.0.1 (0: a free one). Default {ReviewConsoleServer.DefaultPort}.",
            DefaultValueFactory = _ => ReviewConsoleServer.DefaultPort,
        };
        var name = new Option<string>("--as")
        {
            Description = $"Who you are: every decision made in the console is recorded as yours (1-{ReviewService.MaxByLength} characters).",
            HelpName = "NAME",
            Required = true,
        };
        var command = new Command(
            "serve",
            "Serve the review console (the worklist, each referral with its message, reasons and trail, the decision form, the region board) "
            + "at http://127.0.0.1:PORT/ for one clinician on this machine; it listens on 127.0.0.1 only. Ctrl+C stops it.")
        {
            storage, port, name,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var who = parse.GetValue(name)?.Trim() ?? string.Empty;
            if (who.Length is 0 or > ReviewService.MaxByLength || who.Any(char.IsControl))
            {
                await error.WriteLineAsync($"spinetriage serve: --as is 1-{ReviewService.MaxByLength} characters, with no control characters").ConfigureAwait(false);
                return 2;
            }

            var requested = parse.GetValue(port);
            if (requested is < 0 or > IPEndPoint.MaxPort)
            {
                await error.WriteLineAsync($"spinetriage serve: --port is 0-{IPEndPoint.MaxPort} (0: a free one)").ConfigureAwait(false);
                return 2;
            }

            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Information, cancellationToken).ConfigureAwait(false);
            var services = session.Services;
            await services.GetRequiredService<TableTriageStore>().CreateTablesAsync(cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<TableRegionStatusStore>().CreateTableAsync(cancellationToken).ConfigureAwait(false);
            var loggers = services.GetRequiredService<ILoggerFactory>();
            var console = new ReviewConsole(
                services.GetRequiredService<ReviewService>(), services.GetRequiredService<RegionBoard>(), services.GetRequiredService<TimeProvider>(), loggers.CreateLogger<ReviewConsole>());

            ReviewConsoleServer server;
            try
            {
                server = await ReviewConsoleServer.StartAsync(console, new Reviewer(who, CanDecide: true), requested, loggers, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync($"spinetriage serve: port {requested.ToString(CultureInfo.InvariantCulture)} on 127.0.0.1 is in use; choose another with --port (0: a free one)").ConfigureAwait(false);
                return 2;
            }

            await using (server.ConfigureAwait(false))
            {
                // Ctrl+C and SIGTERM stop the console gracefully (requests in flight finish).
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"SpineTriage console: {server.Address} (reviewer {who}; Ctrl+C stops)").ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await server.WaitForShutdownAsync().ConfigureAwait(false);

                void Stop(PosixSignalContext context)
                {
                    context.Cancel = true;
                    server.RequestStop();
                }
            }

            return 0;
        });
        return command;
    }
}
