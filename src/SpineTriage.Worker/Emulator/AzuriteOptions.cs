using System.Diagnostics.CodeAnalysis;

namespace SpineTriage.Worker.Emulator;

/// <summary>How <see cref="AzuriteEmulator"/> finds, installs and starts Azurite.</summary>
[SuppressMessage("Performance", "CA1515:Consider making public types internal",
    Justification = "Test support projects start the emulator through this public API.")]
public sealed class AzuriteOptions
{
    /// <summary>The blob port of the Azure Storage emulator's well-known development setup.</summary>
    public const int DevelopmentBlobPort = 10000;

    /// <summary>The queue port of the Azure Storage emulator's well-known development setup.</summary>
    public const int DevelopmentQueuePort = 10001;

    /// <summary>The table port of the Azure Storage emulator's well-known development setup.</summary>
    public const int DevelopmentTablePort = 10002;

    /// <summary>
    /// The folder whose <c>package.json</c> pins the <c>azurite</c> npm package. When null, the
    /// <c>SPINETRIAGE_HOME</c> environment variable is used, else the first folder at or above
    /// <see cref="AppContext.BaseDirectory"/> (then the current directory) whose package.json lists azurite.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The blob port; 0 picks a free port.</summary>
    public int BlobPort { get; set; }

    /// <summary>The queue port; 0 picks a free port.</summary>
    public int QueuePort { get; set; }

    /// <summary>The table port; 0 picks a free port.</summary>
    public int TablePort { get; set; }

    /// <summary>
    /// Keep all data in memory (the default): nothing is written to disk, and a stop or restart loses it.
    /// </summary>
    public bool InMemoryPersistence { get; set; } = true;

    /// <summary>
    /// Where Azurite keeps its data when <see cref="InMemoryPersistence"/> is false; defaults to
    /// <c>spinetriage-azurite</c> in the temporary folder. Azurite refuses a location with in-memory persistence.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long to wait for the queue and table ports to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <c>npm ci</c> may take when Azurite is not installed yet.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The environment variable that moves the local store's data folder.</summary>
    public const string DataVariable = "SPINETRIAGE_DATA";

    /// <summary>
    /// Where the local store keeps its data between commands: <c>$SPINETRIAGE_DATA</c>, else
    /// <c>spinetriage/azurite</c> in the user's local application data folder (~/.local/share on
    /// Linux, %LOCALAPPDATA% on Windows).
    /// </summary>
    public static string LocalStoreDirectory =>
        Environment.GetEnvironmentVariable(DataVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "spinetriage", "azurite");

    /// <summary>
    /// The local store: the development ports, with its data on disk in <see cref="LocalStoreDirectory"/>,
    /// so what one command stores the next one sees.
    /// </summary>
    public static AzuriteOptions LocalStore() => new()
    {
        BlobPort = DevelopmentBlobPort,
        QueuePort = DevelopmentQueuePort,
        TablePort = DevelopmentTablePort,
        InMemoryPersistence = false,
        DataDirectory = LocalStoreDirectory,
    };

    /// <summary>Options for the well-known development ports 10000 (blob), 10001 (queue) and 10002 (table).</summary>
    public static AzuriteOptions DevelopmentStorage() => new()
    {
        BlobPort = DevelopmentBlobPort,
        QueuePort = DevelopmentQueuePort,
        TablePort = DevelopmentTablePort,
    };
}
