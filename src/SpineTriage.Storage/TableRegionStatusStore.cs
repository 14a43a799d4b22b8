using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Core.Validation;

namespace SpineTriage.Storage;

/// <summary>A region's status, who set it and when.</summary>
/// <param name="Region">The region.</param>
/// <param name="Status">normal, constrained or crisis.</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record RegionStatusRecord(string Region, RegionStatus Status, string SetBy, DateTimeOffset SetAt);

/// <summary>
/// Region statuses in Table Storage, changeable at run time. The message handler reads them
/// through a short cache (<see cref="StorageOptions.RegionStatusCacheDuration"/>), so one read
/// serves many messages and a change is seen within that time.
/// </summary>
public sealed class TableRegionStatusStore : IRegionStatusReader
{
    private readonly TableClient _table;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (RegionStatus Status, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the store over the configured table.</summary>
    public TableRegionStatusStore(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _table = clients.Tables.GetTableClient(_options.RegionsTable);
        _time = time;
    }

    /// <summary>Creates the table if it does not exist.</summary>
    public Task CreateTableAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<RegionStatus> GetStatusAsync(string region, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(region, out var cached) && cached.Until > now)
        {
            return cached.Status;
        }

        var status = (await GetAsync(region, cancellationToken).ConfigureAwait(false))?.Status ?? _options.DefaultRegionStatus;
        _cache[region] = (status, now + _options.RegionStatusCacheDuration);
        return status;
    }

    /// <summary>The status set for a region, or null when none is set.</summary>
    public async Task<RegionStatusRecord?> GetAsync(string region, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<RegionStatusEntity>(
            RegionStatusEntity.Partition, TableKeys.Check(region, "region"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToRecord(response.Value!) : null;
    }

    /// <summary>The longest name of who set a status (a user name or an email address).</summary>
    public const int MaxSetBy = 256;

    /// <summary>Sets a region's status (upsert). The region must be a contract region (a-z 0-9 -, 1-64); who set it, 1-256 characters.</summary>
    public async Task<RegionStatusRecord> SetAsync(string region, RegionStatus status, string setBy, CancellationToken cancellationToken = default)
    {
        if (!ReferralValidator.IsRegion(region))
        {
            throw new ArgumentException("region must be 1-64 characters of a-z 0-9 -", nameof(region));
        }

        if (string.IsNullOrWhiteSpace(setBy) || setBy.Length > MaxSetBy || setBy.Any(char.IsControl))
        {
            throw new ArgumentException($"--by must be 1-{MaxSetBy} characters without control characters", nameof(setBy));
        }

        var entity = new RegionStatusEntity { RowKey = region, Status = status.Name(), SetBy = setBy, SetAt = _time.GetUtcNow() };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(region, out _);
        return ToRecord(entity);
    }

    /// <summary>Every region with a status set, by region.</summary>
    public async IAsyncEnumerable<RegionStatusRecord> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegionStatusEntity.Partition}");
        await foreach (var row in _table.QueryAsync<RegionStatusEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(row);
        }
    }

    private static RegionStatusRecord ToRecord(RegionStatusEntity row) =>
        new(row.RowKey, RegionStatuses.Parse(row.Status), row.SetBy, row.SetAt);

}
