using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Review;

namespace SpineTriage.Storage.Alerts;

/// <summary>
/// The alert ledger in Table Storage (<see cref="StorageOptions.AlertsSentTable"/>): partition = region,
/// row = referral id + "." + 19-digit sequence, with when and where the email went. A row is written
/// after the email is sent; the alert job checks it before sending, so a redelivered message (which
/// writes the alert index row again) sends nothing twice.
/// </summary>
public sealed class TableAlertLedger : IAlertLedger
{
    /// <summary>The most operations Table Storage accepts in one entity-group transaction.</summary>
    public const int MaxBatch = 100;

    private readonly TableClient _table;

    /// <summary>Creates the ledger over the configured table.</summary>
    public TableAlertLedger(StorageClients clients, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _table = clients.Tables.GetTableClient(options.Value.AlertsSentTable);
    }

    /// <summary>Creates the table if it does not exist.</summary>
    public Task CreateTableAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The row key of a referral's sequence: referral id + "." + 19 digits (unambiguous: the sequence is the last 19 characters).</summary>
    public static string RowKey(string referralId, long sequence) =>
        TableKeys.Check(referralId, "referral id") + "." + TableKeys.Sequence(sequence);

    /// <inheritdoc />
    public async Task<bool> WasSentAsync(string region, string referralId, long sequence, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<AlertSentEntity>(
            TableKeys.Check(region, "region"), RowKey(referralId, sequence), [nameof(ITableEntity.RowKey)], cancellationToken).ConfigureAwait(false);
        return response.HasValue;
    }

    /// <inheritdoc />
    /// <remarks>One entity-group transaction per region and up to <see cref="MaxBatch"/> rows (upserts, so recording again is harmless).</remarks>
    public async Task RecordAsync(IReadOnlyList<SentAlert> alerts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var region in alerts.GroupBy(a => a.Region, StringComparer.Ordinal))
        {
            // One row per key: the same sequence listed twice would fail the whole transaction.
            var rows = region.DistinctBy(a => (a.ReferralId, a.Sequence)).Select(ToEntity).ToList();
            foreach (var chunk in rows.Chunk(MaxBatch))
            {
                await _table.SubmitTransactionAsync(
                    chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static AlertSentEntity ToEntity(SentAlert alert) => new()
    {
        PartitionKey = TableKeys.Check(alert.Region, "region"),
        RowKey = RowKey(alert.ReferralId, alert.Sequence),
        ReferralId = alert.ReferralId,
        Sequence = alert.Sequence,
        SentAt = alert.SentAt,
        Where = alert.Where,
        Recipients = alert.Recipients,
    };
}

/// <summary>An alert that was emailed (partition: region; row: referral id + "." + 19-digit sequence).</summary>
public sealed class AlertSentEntity : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The referral.</summary>
    public string ReferralId { get; set; } = string.Empty;

    /// <summary>The sequence alerted.</summary>
    public long Sequence { get; set; }

    /// <summary>When the email was sent.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>Where it went (SMTP reply or .eml path).</summary>
    public string Where { get; set; } = string.Empty;

    /// <summary>How many recipients.</summary>
    public int Recipients { get; set; }
}
