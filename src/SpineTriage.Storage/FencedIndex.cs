using System.Net;
using Azure;
using Azure.Data.Tables;

namespace SpineTriage.Storage;

/// <summary>What <see cref="TableTriageStore"/> does with each of its indexes after a save.</summary>
internal interface IFencedIndex
{
    /// <summary>Creates the index's table if it does not exist.</summary>
    Task CreateTableAsync(CancellationToken cancellationToken);

    /// <summary>
    /// After <paramref name="current"/> became the current result (replacing <paramref name="previous"/>,
    /// if any): writes its row when it belongs in the index, and removes the previous result's row when
    /// that one no longer belongs (left the index, or moved region).
    /// </summary>
    Task SyncAsync(TriageResultEntity current, TriageResultEntity? previous, CancellationToken cancellationToken);

    /// <summary>
    /// On a redelivered or older message, when the current result is already stored: makes the current
    /// result's region agree with it (an earlier delivery may have stopped between the writes).
    /// </summary>
    Task RepairAsync(TriageResultEntity current, CancellationToken cancellationToken);
}

/// <summary>
/// One per-region index of current results in its own table (partition: region, row: referral id):
/// a row exists exactly while the referral's current result belongs in the index, so that a reader's
/// cost follows the index's rows, never the results' history. The postponed cases and the review
/// backlog are two such indexes.
/// </summary>
/// <remarks>
/// <para>The index is written after the result (another table: no transaction spans both). Writes
/// and deletes are fenced by the result's revision (its trail length, which every write of the
/// result increases: a new sequence, a late older message, a clinician's decision) both ways: a write never replaces a row written
/// for a newer result, and a delete never removes one, so a slow worker cannot overwrite or remove
/// the row of the result that is current now.</para>
/// <para>Reads check each row against the current result (a point read) and repair it: a row for an
/// older revision is rewritten from the current result, a row whose referral no longer belongs here
/// (or moved region) is deleted and not returned. A crash between the result and its row is
/// repaired when the message is delivered again (<see cref="RepairAsync"/>).</para>
/// </remarks>
/// <typeparam name="TRow">The index's row.</typeparam>
internal sealed class FencedIndex<TRow> : IFencedIndex
    where TRow : class, IIndexRow, new()
{
    private readonly TableClient _table;
    private readonly string _name;
    private readonly Func<TriageResultEntity, bool> _includes;
    private readonly Func<TriageResultEntity, TRow> _toRow;
    private readonly Func<string, CancellationToken, Task<TriageResultEntity?>> _readCurrent;

    /// <summary>Creates the index.</summary>
    /// <param name="table">Its table.</param>
    /// <param name="name">What a row is, for error messages ("postponed case").</param>
    /// <param name="includes">Whether a current result belongs in the index.</param>
    /// <param name="toRow">The row of a current result that belongs in the index.</param>
    /// <param name="readCurrent">Point read of a referral's current result (null when there is none).</param>
    public FencedIndex(
        TableClient table, string name, Func<TriageResultEntity, bool> includes, Func<TriageResultEntity, TRow> toRow,
        Func<string, CancellationToken, Task<TriageResultEntity?>> readCurrent)
    {
        _table = table;
        _name = name;
        _includes = includes;
        _toRow = toRow;
        _readCurrent = readCurrent;
    }

    /// <summary>Whether a current result belongs in the index.</summary>
    public bool Includes(TriageResultEntity result) => _includes(result);

    /// <inheritdoc />
    public Task CreateTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task SyncAsync(TriageResultEntity current, TriageResultEntity? previous, CancellationToken cancellationToken)
    {
        var previousRow = previous is not null && Includes(previous);
        if (Includes(current))
        {
            // The previous result's row in the same region is most likely there: update it without trying an Add first.
            var likelyThere = previousRow && previous!.Region == current.Region;
            await WriteFencedAsync(_toRow(current), likelyThere, cancellationToken).ConfigureAwait(false);
        }

        if (previousRow && (!Includes(current) || previous!.Region != current.Region))
        {
            await DeleteFencedAsync(previous!.Region, current.ReferralId, current.TrailLength, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task RepairAsync(TriageResultEntity current, CancellationToken cancellationToken) => Includes(current)
        ? WriteFencedAsync(_toRow(current), likelyThere: true, cancellationToken)
        : DeleteFencedAsync(current.Region, current.ReferralId, current.TrailLength, cancellationToken);

    /// <summary>Removes a row unless it was written for a newer revision than <paramref name="revision"/>.</summary>
    public Task RemoveAsync(string region, string referralId, long revision, CancellationToken cancellationToken) =>
        DeleteFencedAsync(region, referralId, revision, cancellationToken);

    /// <summary>
    /// The rows of a region, each checked against the current result (one point read per row, at most
    /// <paramref name="concurrency"/> at once) and repaired on the way; in row-key order.
    /// </summary>
    public async Task<IReadOnlyList<TRow>> ReadAsync(string region, int concurrency, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {region}");
        var rows = new List<TRow>();
        await foreach (var row in _table.QueryAsync<TRow>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var checkedRows = new TRow?[rows.Count];
        await Parallel.ForAsync(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, token) =>
            checkedRows[i] = await CheckAsync(rows[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        return checkedRows.OfType<TRow>().ToList();
    }

    /// <summary>
    /// The regions that have rows, in order, each once: a query that selects only the partition key,
    /// so its cost follows the index's rows. A region listed may turn out to have no row that is
    /// current (a stale row is removed when <see cref="ReadAsync"/> reads it).
    /// </summary>
    public async IAsyncEnumerable<string> GetRegionsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? previous = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter: (string?)null, select: [nameof(ITableEntity.PartitionKey)], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Rows come in key order, so the rows of one region are together.
            if (!string.Equals(row.PartitionKey, previous, StringComparison.Ordinal))
            {
                previous = row.PartitionKey;
                yield return row.PartitionKey;
            }
        }
    }

    // The row as the current result has it, or null when the referral does not belong in that region's index now.
    private async Task<TRow?> CheckAsync(TRow row, CancellationToken cancellationToken)
    {
        var current = await _readCurrent(row.RowKey, cancellationToken).ConfigureAwait(false);
        if (current is not null && Includes(current) && current.Region == row.PartitionKey)
        {
            if (current.TrailLength == row.Revision)
            {
                return row;
            }

            var repaired = _toRow(current);
            await WriteFencedAsync(repaired, likelyThere: true, cancellationToken).ConfigureAwait(false);
            return repaired;
        }

        await DeleteFencedAsync(row.PartitionKey, row.RowKey, current?.TrailLength ?? long.MaxValue, cancellationToken).ConfigureAwait(false);
        return null;
    }

    // Writes a row unless a row for a newer result is there: an Add first when no row is expected
    // (the common case: one request), else If-Match on the row that was read. A slow worker can
    // therefore never overwrite a newer row, and a row's revision only grows while it exists.
    private async Task WriteFencedAsync(TRow row, bool likelyThere, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Contention.MaxAttempts; attempt++)
        {
            try
            {
                if (attempt == 0 && !likelyThere)
                {
                    await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var existing = await _table.GetEntityIfExistsAsync<TRow>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (existing.Value!.Revision >= row.Revision)
                {
                    // A newer result's row, or this result's own (a revision's row always holds the same values).
                    return;
                }

                await _table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // A row appeared, changed or went away meanwhile: read it and decide again.
                if (attempt > 0)
                {
                    await Contention.PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        throw new InvalidOperationException($"Referral {row.RowKey}: the {_name} row did not settle; the message will be delivered again.");
    }

    // Deletes a row only if it was written for this revision or an older one: a row for a newer
    // result (written by a faster worker) stays.
    private async Task DeleteFencedAsync(string region, string referralId, long revision, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Contention.MaxAttempts; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TRow>(region, referralId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue || row.Value!.Revision > revision)
            {
                return;
            }

            try
            {
                await _table.DeleteEntityAsync(region, referralId, row.Value.ETag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Rewritten or removed meanwhile: look again.
                await Contention.PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"Referral {referralId}: the {_name} row in {region} could not be removed; the message will be delivered again.");
    }
}

/// <summary>
/// Retries on conflicts: they mean other workers are writing the same referral at that moment (rare:
/// one referral's updates are seconds apart). Each conflict is someone else's progress; a short
/// random pause spreads the retries out.
/// </summary>
internal static class Contention
{
    /// <summary>How often a write is tried before the message is left to be delivered again.</summary>
    public const int MaxAttempts = 32;

    /// <summary>A random pause that grows with the attempt (up to 50 ms).</summary>
    public static Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, (5 * Math.Clamp(attempt, 1, 10)) + 1)), cancellationToken);
}
