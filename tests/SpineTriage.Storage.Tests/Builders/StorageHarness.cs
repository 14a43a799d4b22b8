using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests.Builders;

/// <summary>
/// The stores of one test over tables (and a queue name) of its own on the shared Azurite, built as
/// the hosts build them, plus raw <see cref="TableClient"/>s to look at or damage what they wrote.
/// </summary>
public sealed class StorageHarness
{
    private StorageHarness(AzuriteFixture azurite, StorageOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Clients = new StorageClients(options.Connection);
        Triage = new TableTriageStore(Clients, Microsoft.Extensions.Options.Options.Create(options), NullLogger<TableTriageStore>.Instance);
        Rejects = new TableRejectedMessageStore(Clients, Microsoft.Extensions.Options.Options.Create(options));
        Regions = NewRegionStore(time);
        var raw = new TableServiceClient(azurite.ConnectionString);
        ResultsTable = raw.GetTableClient(options.ResultsTable);
        PostponedTable = raw.GetTableClient(options.PostponedTable);
        ReviewTable = raw.GetTableClient(options.ReviewTable);
        RejectedTable = raw.GetTableClient(options.RejectedTable);
        RegionsTable = raw.GetTableClient(options.RegionsTable);
    }

    public StorageOptions Options { get; }

    public TimeProvider Time { get; }

    public StorageClients Clients { get; }

    public TableTriageStore Triage { get; }

    public TableRejectedMessageStore Rejects { get; }

    public TableRegionStatusStore Regions { get; }

    public TableClient ResultsTable { get; }

    public TableClient PostponedTable { get; }

    public TableClient ReviewTable { get; }

    public TableClient RejectedTable { get; }

    public TableClient RegionsTable { get; }

    /// <summary>Options with fresh table and queue names on the fixture's Azurite.</summary>
    public static StorageOptions UniqueOptions(AzuriteFixture azurite) => azurite.UseUniqueNames(new StorageOptions());

    /// <summary>Stores over new tables, created.</summary>
    public static async Task<StorageHarness> CreateAsync(
        AzuriteFixture azurite, Action<StorageOptions>? configure = null, TimeProvider? time = null)
    {
        var options = UniqueOptions(azurite);
        configure?.Invoke(options);
        var harness = new StorageHarness(azurite, options, time ?? TimeProvider.System);
        await harness.Triage.CreateTablesAsync();
        await harness.Rejects.CreateTableAsync();
        await harness.Regions.CreateTableAsync();
        return harness;
    }

    /// <summary>Another region store over the same table, with a cache of its own (as another worker has).</summary>
    public TableRegionStatusStore NewRegionStore(TimeProvider time) =>
        new(Clients, Microsoft.Extensions.Options.Options.Create(Options), time);

    /// <summary>The pipeline's handler over these stores, as the hosts compose it.</summary>
    public ReferralMessageHandler CreateHandler(MessageTransport? transport = null) =>
        new(new TriageClassifier(), Regions, Triage, Rejects, TimeProvider.System, NullLogger<ReferralMessageHandler>.Instance, transport);

    /// <summary>The machine entries of a referral's audit trail, in the order recorded.</summary>
    public async Task<List<TriageResult>> HistoryAsync(string referralId)
    {
        var rows = new List<TriageResult>();
        await foreach (var entry in Triage.GetTrailAsync(referralId))
        {
            if (entry.Machine is { } result)
            {
                rows.Add(result);
            }
        }

        return rows;
    }

    public async Task<List<PostponedCase>> PostponedAsync(string region)
    {
        var rows = new List<PostponedCase>();
        await foreach (var row in Triage.GetPostponedAsync(region))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<List<ReviewCase>> ReviewBacklogAsync(string region)
    {
        var rows = new List<ReviewCase>();
        await foreach (var row in Triage.GetReviewBacklogAsync(region))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<List<TriageResult>> ResultsAsync(string? region = null, Disposition? disposition = null)
    {
        var rows = new List<TriageResult>();
        await foreach (var row in Triage.GetResultsAsync(region, disposition))
        {
            rows.Add(row.Machine);
        }

        return rows;
    }

    public async Task<List<RejectedMessage>> RejectedAsync()
    {
        var rows = new List<RejectedMessage>();
        await foreach (var row in Rejects.GetAllAsync())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every row of a table, whatever its partition (to count what a store wrote).</summary>
    public static async Task<List<TableEntity>> AllRowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The current-result rows of the results table (row key ""), whatever else the table holds.</summary>
    public async Task<List<TableEntity>> ResultRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in ResultsTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"c"} and RowKey lt {"d"}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The postponed-cases row of a referral in a region, or null.</summary>
    public async Task<PostponedCaseEntity?> PostponedRowAsync(string region, string referralId)
    {
        var response = await PostponedTable.GetEntityIfExistsAsync<PostponedCaseEntity>(region, referralId);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The review backlog row of a referral in a region, or null.</summary>
    public async Task<ReviewCaseEntity?> ReviewRowAsync(string region, string referralId)
    {
        var response = await ReviewTable.GetEntityIfExistsAsync<ReviewCaseEntity>(region, referralId);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The raw current-result row of a referral (with its ETag and Timestamp), or null.</summary>
    public async Task<TriageResultEntity?> ResultRowAsync(string referralId)
    {
        var response = await ResultsTable.GetEntityIfExistsAsync<TriageResultEntity>(referralId, TableTriageStore.ResultRowKeyOf(referralId));
        return response.HasValue ? response.Value : null;
    }
}
