using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Storage.Summaries;

/// <summary>
/// The summary ledger in Table Storage (<see cref="StorageOptions.SummaryRunsTable"/>): partition =
/// region (the rollup's is <see cref="RollupPartition"/>), row = period key, with the time, where
/// it went and the counts. Each partition also keeps a <c>latest</c> row, written in the same
/// entity-group transaction as the run it points to, so the previous run is one point read.
/// </summary>
public sealed class TableSummaryLedger : ISummaryLedger
{
    /// <summary>
    /// The rollup's partition. It starts with an underscore, which a contract region (a-z 0-9 -)
    /// cannot contain, so no region can collide with it.
    /// </summary>
    public const string RollupPartition = "_all-regions";

    /// <summary>The row that points at the partition's latest period ("l" sorts after every digit, so period range queries never meet it).</summary>
    internal const string LatestRowKey = "latest";

    // Each conflict is another run's progress on the same region (n runs racing need up to n
    // attempts); a short random pause spreads the retries out, as the triage store does.
    private const int MaxAttempts = 32;
    private readonly TableClient _table;

    /// <summary>Creates the ledger over the configured table.</summary>
    public TableSummaryLedger(StorageClients clients, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _table = clients.Tables.GetTableClient(options.Value.SummaryRunsTable);
    }

    /// <summary>Creates the table if it does not exist.</summary>
    public Task CreateTableAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<SummaryRun?> GetAsync(string region, string periodKey, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<SummaryRunEntity>(
            Partition(region), CheckPeriod(periodKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToRun(region, response.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<SummaryRun?> GetPreviousAsync(string region, string beforePeriodKey, CancellationToken cancellationToken = default)
    {
        var partition = Partition(region);
        CheckPeriod(beforePeriodKey);
        var latest = await _table.GetEntityIfExistsAsync<SummaryRunEntity>(partition, LatestRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!latest.HasValue)
        {
            // The latest row is written with every run, so no latest row means no run at all.
            return null;
        }

        if (string.CompareOrdinal(latest.Value!.Period, beforePeriodKey) < 0)
        {
            // The common case: the previous run is the latest one (one point read).
            return ToRun(region, latest.Value);
        }

        // A period at or before the latest one (a rerun for a past period): the last row before it.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {beforePeriodKey}");
        SummaryRunEntity? last = null;
        await foreach (var row in _table.QueryAsync<SummaryRunEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            last = row;
        }

        return last is null ? null : ToRun(region, last);
    }

    /// <inheritdoc />
    public async Task RecordAsync(SummaryRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var partition = Partition(run.Region);
        var row = ToEntity(partition, CheckPeriod(run.PeriodKey), run);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var latest = await _table.GetEntityIfExistsAsync<SummaryRunEntity>(partition, LatestRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpsertReplace, row)];
            if (!latest.HasValue)
            {
                actions.Add(new(TableTransactionActionType.Add, ToEntity(partition, LatestRowKey, run)));
            }
            else if (string.CompareOrdinal(latest.Value!.Period, run.PeriodKey) <= 0)
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, ToEntity(partition, LatestRowKey, run), latest.Value.ETag));
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another run moved the latest row meanwhile: read it and decide again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, (5 * Math.Min(attempt + 1, 10)) + 1)), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"Summary ledger: the {run.Region} run of {run.PeriodKey} did not settle after {MaxAttempts} concurrent updates.");
    }

    /// <summary>The partition of a region (or of the rollup).</summary>
    public static string Partition(string region) =>
        region == RegionSummary.AllRegions ? RollupPartition : TableKeys.Check(region, "region");

    private static string CheckPeriod(string periodKey) =>
        SummarySchedule.IsPeriodKey(periodKey)
            ? periodKey
            : throw new ArgumentException("A period key looks like 20261124T060000Z (UTC).", nameof(periodKey));

    private static SummaryRunEntity ToEntity(string partition, string rowKey, SummaryRun run) => new()
    {
        PartitionKey = partition,
        RowKey = rowKey,
        Period = run.PeriodKey,
        SummarisedAt = run.SummarisedAt,
        SentAt = run.SentAt,
        Where = run.Where,
        Recipients = run.Recipients,
        Postponed = run.Postponed,
        Urgent = run.Urgent,
        Elective = run.Elective,
    };

    private static SummaryRun ToRun(string region, SummaryRunEntity row) =>
        new(region, row.Period, row.SummarisedAt, row.SentAt, row.Where, row.Recipients, row.Postponed, row.Urgent, row.Elective);
}

/// <summary>A summary run (partition: region or <c>_all-regions</c>; row: period key, or <c>latest</c>).</summary>
public sealed class SummaryRunEntity : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The period key (equal to the row key, except on the <c>latest</c> row, which points at a period).</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>The time the figures were taken at.</summary>
    public DateTimeOffset SummarisedAt { get; set; }

    /// <summary>When the email was sent.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>Where it went (SMTP reply or .eml path).</summary>
    public string Where { get; set; } = string.Empty;

    /// <summary>How many recipients.</summary>
    public int Recipients { get; set; }

    /// <summary>Cases postponed.</summary>
    public int Postponed { get; set; }

    /// <summary>Urgent cases postponed.</summary>
    public int Urgent { get; set; }

    /// <summary>Elective cases postponed.</summary>
    public int Elective { get; set; }
}
