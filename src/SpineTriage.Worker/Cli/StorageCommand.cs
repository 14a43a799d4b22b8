using System.CommandLine;
using System.Globalization;
using SpineTriage.Worker.Emulator;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// <c>spinetriage storage where|reset</c>: the local store, the emulator whose data stays on disk
/// between commands when no storage is configured.
/// </summary>
internal static class StorageCommand
{
    public static Command Create()
    {
        var storage = new Command("storage", "The local store: where commands keep their data when no storage is configured (an emulator with its data on disk).");

        var where = new Command("where", "Print the local store's data folder, its size, and whether an emulator is running on the development ports.");
        where.SetAction(async (parse, cancellationToken) =>
        {
            var folder = AzuriteOptions.LocalStoreDirectory;
            var running = await DevelopmentPortsAnswerAsync().ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"data:     {folder} ({Describe(folder)})").ConfigureAwait(false);
            await output.WriteLineAsync(running
                ? $"emulator: running on {AzuriteEmulator.Host} (queue {AzuriteOptions.DevelopmentQueuePort}, table {AzuriteOptions.DevelopmentTablePort}); commands use it"
                : "emulator: not running; each command that needs storage starts it on this data and stops it when done").ConfigureAwait(false);
            await output.WriteLineAsync($"moved by: ${AzuriteOptions.DataVariable}; not used when --storage, ${Hosting.PipelineSession.StorageVariable} or SpineTriage:Storage:Connection is set").ConfigureAwait(false);
            return 0;
        });

        var yes = new Option<bool>("--yes") { Description = "Confirm: delete every referral, result, rejected message and region status kept in the local store." };
        var reset = new Command("reset", "Delete the local store's data (with --yes).") { yes };
        reset.SetAction(async (parse, cancellationToken) =>
        {
            var folder = AzuriteOptions.LocalStoreDirectory;
            var error = parse.InvocationConfiguration.Error;
            if (await DevelopmentPortsAnswerAsync().ConfigureAwait(false))
            {
                await error.WriteLineAsync("spinetriage storage reset: an emulator is running on the development ports; stop it (and any spinetriage run) first").ConfigureAwait(false);
                return 2;
            }

            if (!parse.GetValue(yes))
            {
                await error.WriteLineAsync($"spinetriage storage reset: this deletes everything kept in {folder} ({Describe(folder)}); run it again with --yes").ConfigureAwait(false);
                return 2;
            }

            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"removed {folder}").ConfigureAwait(false);
            return 0;
        });

        storage.Subcommands.Add(where);
        storage.Subcommands.Add(reset);
        return storage;
    }

    private static async Task<bool> DevelopmentPortsAnswerAsync() =>
        await AzuriteEmulator.IsRunningAsync(AzuriteEmulator.Host, AzuriteOptions.DevelopmentQueuePort, TimeSpan.FromSeconds(1)).ConfigureAwait(false)
        || await AzuriteEmulator.IsRunningAsync(AzuriteEmulator.Host, AzuriteOptions.DevelopmentTablePort, TimeSpan.FromSeconds(1)).ConfigureAwait(false);

    private static string Describe(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return "empty: nothing stored yet";
        }

        var bytes = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KiB");
    }
}
