using System.Text;
using Microsoft.Extensions.Logging;
using SpineTriage.Worker.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace SpineTriage.TestSupport;

/// <summary>
/// An Azurite emulator of its own on free ports, in memory, for one test class (<c>IClassFixture</c>)
/// or collection. Installs Azurite with npm first when the repository has no node_modules yet.
/// </summary>
/// <remarks>
/// <see cref="StopAsync"/> then <see cref="StartAgainAsync"/> simulates a storage outage: the ports stay
/// the same, so clients built from <see cref="ConnectionString"/> keep working, but all data is lost.
/// Progress (npm install, start, stop) goes to xunit's diagnostic messages.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const int MaxNameLength = 63;
    private const int SuffixLength = 20;
    private readonly ILogger _logger;
    private AzuriteEmulator? _emulator;

    public AzuriteFixture(IMessageSink diagnostics)
    {
        _logger = new MessageSinkLogger(diagnostics);
    }

    /// <summary>The running emulator.</summary>
    public AzuriteEmulator Emulator =>
        _emulator ?? throw new InvalidOperationException("The Azurite fixture has not been initialized.");

    /// <summary>Connection string for the development account on this fixture's ports.</summary>
    public string ConnectionString => Emulator.ConnectionString;

    public int BlobPort => Emulator.BlobPort;

    public int QueuePort => Emulator.QueuePort;

    public int TablePort => Emulator.TablePort;

    /// <summary>Kills Azurite; its ports refuse connections until <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() => Emulator.StopAsync();

    /// <summary>Starts Azurite again on the same ports, empty.</summary>
    public Task StartAgainAsync() => Emulator.StartAgainAsync();

    /// <summary>
    /// Points storage options at this emulator with a fresh queue and fresh tables of every kind, so
    /// that tests sharing the emulator never read each other's rows.
    /// </summary>
    public SpineTriage.Storage.StorageOptions UseUniqueNames(SpineTriage.Storage.StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Connection = ConnectionString;
        options.QueueName = UniqueName("referrals");
        options.ResultsTable = UniqueName("results");
        options.PostponedTable = UniqueName("postponed");
        options.ReviewTable = UniqueName("review");
        options.AlertsTable = UniqueName("alerts");
        options.AlertsSentTable = UniqueName("alertssent");
        options.RejectedTable = UniqueName("rejected");
        options.RegionsTable = UniqueName("regions");
        options.SummaryRunsTable = UniqueName("summaries");
        return options;
    }

    /// <summary>
    /// A fresh name valid for both a queue and a table: lowercase letters and digits only, starting
    /// with a letter, 3 to 63 characters; <paramref name="prefix"/> is kept as far as it fits those rules.
    /// </summary>
    public string UniqueName(string prefix = "t")
    {
        var kept = new StringBuilder();
        foreach (var c in (prefix ?? "").ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' || (c is >= '0' and <= '9' && kept.Length > 0))
            {
                kept.Append(c);
            }
        }

        if (kept.Length == 0)
        {
            kept.Append('t');
        }

        var head = kept.ToString(0, Math.Min(kept.Length, MaxNameLength - SuffixLength));
        return head + Guid.NewGuid().ToString("N")[..SuffixLength];
    }

    public async Task InitializeAsync()
    {
        _emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions(), _logger, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
