using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;
using SpineTriage.Core.Validation;

namespace SpineTriage.Storage;

/// <summary>
/// A known region: its status, who set it and when; or, for a region only seen in referrals
/// (<paramref name="IsSet"/> false), the default status and when it was first seen.
/// </summary>
public sealed record RegionStatusRecord(string Region, RegionStatus Status, string SetBy, DateTimeOffset SetAt, bool IsSet = true);

/// <summary>
/// Region statuses in Table Storage, changeable at run time. The message handler reads them
/// through a short cache (<see cref="StorageOptions.RegionStatusCacheDuration"/>), so one read
/// serves many messages and a change is seen within that time.
/// </summary>
public sealed class TableRegionStatusStore : IRegionStatusReader, IRegionStatusDirectory
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

        var record = await GetAsync(region, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            // The first referral of a region makes it known, so that a status set for a region no
            // referral uses (a typo) is noticed.
            await RegisterAsync(region, now, cancellationToken).ConfigureAwait(false);
        }

        var status = record?.Status ?? _options.DefaultRegionStatus;
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

    /// <summary>Whether a region is known: it has a status, or a referral has used it.</summary>
    public async Task<bool> IsKnownAsync(string region, CancellationToken cancellationToken = default) =>
        ReferralValidator.IsRegion(region) && await GetAsync(region, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The known region nearest to a region that is not known (a typo), or null when none is close.</summary>
    public async Task<string?> NearestKnownAsync(string region, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        string? nearest = null;
        var best = int.MaxValue;
        var lowered = region.ToLowerInvariant();
        await foreach (var known in GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var distance = Distance(lowered.Replace("-", string.Empty, StringComparison.Ordinal), known.Region.Replace("-", string.Empty, StringComparison.Ordinal));
            if (distance < best)
            {
                (best, nearest) = (distance, known.Region);
            }
        }

        return best <= Math.Max(2, region.Length / 3) ? nearest : null;
    }

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

    /// <summary>Every known region (with a status set, or seen in a referral), by region.</summary>
    public async IAsyncEnumerable<RegionStatusRecord> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegionStatusEntity.Partition}");
        await foreach (var row in _table.QueryAsync<RegionStatusEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(row);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RegionStatusEntry> GetRegionStatusesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RegionStatusEntry(record.Region, record.Status, record.IsSet, record.SetBy, record.SetAt);
        }
    }

    private RegionStatusRecord ToRecord(RegionStatusEntity row) =>
        string.IsNullOrEmpty(row.Status)
            ? new(row.RowKey, _options.DefaultRegionStatus, string.Empty, row.SetAt, IsSet: false)
            : new(row.RowKey, RegionStatuses.Parse(row.Status), row.SetBy, row.SetAt);

    // Adds a row without a status for a region seen in a referral; a row already there wins.
    private async Task RegisterAsync(string region, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new RegionStatusEntity { RowKey = region, SetAt = now }, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            // Known already (another worker, or a status set meanwhile).
        }
    }

    // Levenshtein distance: how many single-letter edits turn one name into the other.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

}
