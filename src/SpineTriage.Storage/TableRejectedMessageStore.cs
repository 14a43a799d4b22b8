using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Pipeline;

namespace SpineTriage.Storage;

/// <summary>Rejected messages in Table Storage, one row per queue message id (a redelivery adds nothing).</summary>
public sealed class TableRejectedMessageStore : IRejectedMessageStore
{
    private readonly TableClient _table;

    /// <summary>Creates the store over the configured table.</summary>
    public TableRejectedMessageStore(StorageClients clients, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _table = clients.Tables.GetTableClient(options.Value.RejectedTable);
    }

    /// <summary>Creates the table if it does not exist.</summary>
    public Task CreateTableAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The most of a rejected body that is kept (a binary table property's limit).</summary>
    public const int MaxKeptBodyBytes = 64 * 1024;

    /// <inheritdoc />
    public async Task SaveAsync(RejectedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        // A binary table property holds 64 KiB: a larger (Service Bus) body is kept up to that.
        var body = message.Body.Length > MaxKeptBodyBytes ? message.Body[..MaxKeptBodyBytes] : message.Body;
        var entity = new RejectedMessageEntity
        {
            RowKey = TableKeys.Check(message.MessageId, "message id"),
            ReferralId = message.ReferralId,
            Reason = message.Reason,
            Body = body.ToArray(),
            ReceivedAt = message.ReceivedAt,
            DequeueCount = message.DequeueCount,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Kept already by an earlier delivery of the same message.
        }
    }

    /// <summary>Every rejected message, oldest first.</summary>
    public async IAsyncEnumerable<RejectedMessage> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = new List<RejectedMessageEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RejectedMessageEntity.Partition}");
        await foreach (var row in _table.QueryAsync<RejectedMessageEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        foreach (var row in rows.OrderBy(r => r.ReceivedAt).ThenBy(r => r.RowKey, StringComparer.Ordinal))
        {
            yield return new RejectedMessage(row.RowKey, row.ReferralId, row.Reason, row.Body, row.ReceivedAt, row.DequeueCount);
        }
    }
}
