using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Storage;

/// <summary>
/// Triage results in Table Storage. The results table holds, per referral (partition: referral id),
/// the current result (row key "") and the append-only history of the decisions before it (row key
/// "h" + sequence); a second table holds the cases currently postponed per region (partition:
/// region), so that a summary reads only those: its cost follows the postponed cases, not the history.
/// </summary>
/// <remarks>
/// <para>Writes: a referral seen for the first time is one request (an Add, no read). An update
/// replaces the result only with If-Match on the ETag that was read, and only for a higher
/// sequence, in one entity-group transaction that also moves the replaced result into the history,
/// so no decision is ever lost: two workers racing on one referral end with the higher sequence,
/// and a redelivered or older message changes nothing (an older decision that arrives late is
/// still added to the history, for audit).</para>
/// <para>Postponed cases: written after the result, fenced by sequence both ways: a write never
/// replaces a row written for a newer result, and a delete never removes one. So the case that is
/// postponed now always has its row. Reads check each row against the current result, so a slow
/// worker's late row for a case that is no longer postponed is never shown (and is removed). A
/// crash between the two writes is repaired when the message is delivered again.</para>
/// </remarks>
public sealed partial class TableTriageStore : ITriageStore
{
    // Conflicts mean other workers are writing the same referral at that moment (rare: one
    // referral's updates are seconds apart). Each conflict is someone else's progress; a short
    // random pause spreads the retries out.
    private const int MaxAttempts = 32;
    private const int ReadConcurrency = 16;
    // The current result's row key is "c" + referral id: unique in the table (history rows start
    // with "h"), so a point read stays a point read on Azurite too, whose in-memory index looks
    // entities up by row key first (with one shared row key every read scanned all results).
    private const string ResultPrefix = "c";
    private const string HistoryPrefix = "h";
    private readonly TableClient _results;
    private readonly TableClient _postponed;
    private readonly ILogger<TableTriageStore> _logger;

    /// <summary>Creates the store over the configured tables.</summary>
    public TableTriageStore(StorageClients clients, IOptions<StorageOptions> options, ILogger<TableTriageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _results = clients.Tables.GetTableClient(options.Value.ResultsTable);
        _postponed = clients.Tables.GetTableClient(options.Value.PostponedTable);
        _logger = logger;
    }

    /// <summary>Creates the tables if they do not exist.</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken = default)
    {
        await _results.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _postponed.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var result = decision.Result;
        var id = TableKeys.Check(result.ReferralId, "referral id");
        TableKeys.Check(result.Region, "region");

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = attempt == 0 ? null : await GetEntityAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Sequence >= result.Sequence)
            {
                if (existing.Sequence > result.Sequence)
                {
                    // An older decision that arrived late: added to the history for audit; the current result stays.
                    await AddIfAbsentAsync(_results, ToHistory(result), cancellationToken).ConfigureAwait(false);
                }

                // Repair the postponed row in case an earlier delivery stopped between the two writes.
                await RepairPostponedAsync(existing, cancellationToken).ConfigureAwait(false);
                return existing.Sequence == result.Sequence ? SaveOutcome.Duplicate : SaveOutcome.Superseded;
            }

            var entity = ToEntity(result, decision.ReceivedAt, existing);
            try
            {
                if (existing is null)
                {
                    // First attempt: assume a new referral (the common case): one request, no read.
                    await _results.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Replace the result and move the one it replaces into the history, atomically.
                    await _results.SubmitTransactionAsync(
                        [
                            new(TableTransactionActionType.UpdateReplace, entity, existing.ETag),
                            // Upsert: the same sequence always holds the same decision, so a row already there is this one.
                            new(TableTransactionActionType.UpsertReplace, ToHistory(existing)),
                        ],
                        cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // The referral exists, or another worker wrote it since we read: read and decide again.
                if (attempt > 0)
                {
                    LogRace(id, result.Sequence, attempt);
                    await PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            await SyncPostponedAsync(entity, existing, cancellationToken).ConfigureAwait(false);
            return SaveOutcome.Stored;
        }

        throw new InvalidOperationException($"Referral {id}: gave up after {MaxAttempts} concurrent updates; the message will be delivered again.");
    }

    /// <summary>The current result of a referral, or null.</summary>
    public async Task<TriageResult?> GetAsync(string referralId, CancellationToken cancellationToken = default)
    {
        var entity = await GetEntityAsync(TableKeys.Check(referralId, "referral id"), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToResult(entity);
    }

    /// <summary>Current results, optionally only of one region and/or one disposition.</summary>
    public async IAsyncEnumerable<TriageResult> GetResultsAsync(
        string? region = null, Disposition? disposition = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = (region, disposition) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"}"),
            (not null, null) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"} and Region eq {region}"),
            (null, { } d) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"} and Disposition eq {Name(d)}"),
            ({ } r, { } d) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"} and Region eq {r} and Disposition eq {Name(d)}"),
        };
        await foreach (var entity in _results.QueryAsync<TriageResultEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToResult(entity);
        }
    }

    /// <summary>
    /// Every decision of a referral, oldest sequence first: the history rows (decisions replaced
    /// by a newer one, or that arrived after it) and, last, the current result.
    /// </summary>
    public async IAsyncEnumerable<TriageHistoryEntity> GetHistoryAsync(string referralId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = TableKeys.Check(referralId, "referral id");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {HistoryPrefix} and RowKey lt {"i"}");
        var rows = new List<TriageHistoryEntity>();
        await foreach (var entity in _results.QueryAsync<TriageHistoryEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(entity);
        }

        if (await GetEntityAsync(id, cancellationToken).ConfigureAwait(false) is { } current)
        {
            rows.Add(ToHistory(current));
        }

        foreach (var row in rows.OrderBy(r => r.Sequence))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The cases currently postponed in a region: one partition of the postponed table, each row
    /// checked against the current result (a point read), so the cost follows the postponed cases.
    /// A row that no longer matches the current result is repaired on the way.
    /// </summary>
    public async IAsyncEnumerable<PostponedCase> GetPostponedAsync(string region, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {region}");
        var rows = new List<PostponedCaseEntity>();
        await foreach (var row in _postponed.QueryAsync<PostponedCaseEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var checkedRows = new PostponedCaseEntity?[rows.Count];
        await Parallel.ForAsync(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken }, async (i, token) =>
            checkedRows[i] = await CheckPostponedAsync(rows[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        foreach (var row in checkedRows)
        {
            if (row is not null)
            {
                yield return new PostponedCase(
                    row.RowKey, row.PartitionKey, row.Sequence, Enum.Parse<TriageCategory>(row.Category), ReadList(row.Criteria),
                    row.NeedsReview, row.ReceivedAt, row.PostponedSince, row.DecidedAt);
            }
        }
    }

    /// <summary>
    /// The regions that have postponed rows, in order, each once: a query of the postponed table that
    /// selects only the partition key, so its cost follows the postponed rows, not the history. A
    /// region listed here may turn out to have no case postponed now (a stale row is removed when
    /// <see cref="GetPostponedAsync"/> reads it).
    /// </summary>
    public async IAsyncEnumerable<string> GetPostponedRegionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? previous = null;
        await foreach (var row in _postponed.QueryAsync<TableEntity>(filter: (string?)null, select: [nameof(ITableEntity.PartitionKey)], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Rows come in key order, so the rows of one region are together.
            if (!string.Equals(row.PartitionKey, previous, StringComparison.Ordinal))
            {
                previous = row.PartitionKey;
                yield return row.PartitionKey;
            }
        }
    }

    // The row as the current result has it, or null when the case is not postponed in that region now.
    private async Task<PostponedCaseEntity?> CheckPostponedAsync(PostponedCaseEntity row, CancellationToken cancellationToken)
    {
        var current = await GetEntityAsync(row.RowKey, cancellationToken).ConfigureAwait(false);
        if (current is not null && IsPostponed(current) && current.Region == row.PartitionKey)
        {
            if (current.Sequence == row.Sequence)
            {
                return row;
            }

            var repaired = ToPostponed(current);
            await WritePostponedFencedAsync(repaired, cancellationToken).ConfigureAwait(false);
            return repaired;
        }

        await DeleteFencedAsync(row.PartitionKey, row.RowKey, current?.Sequence ?? long.MaxValue, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task SyncPostponedAsync(TriageResultEntity current, TriageResultEntity? previous, CancellationToken cancellationToken)
    {
        if (IsPostponed(current))
        {
            await WritePostponedFencedAsync(ToPostponed(current), cancellationToken).ConfigureAwait(false);
        }

        if (previous is not null && IsPostponed(previous) && (!IsPostponed(current) || previous.Region != current.Region))
        {
            await DeleteFencedAsync(previous.Region, current.ReferralId, current.Sequence, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RepairPostponedAsync(TriageResultEntity current, CancellationToken cancellationToken)
    {
        if (IsPostponed(current))
        {
            await WritePostponedFencedAsync(ToPostponed(current), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteFencedAsync(current.Region, current.ReferralId, current.Sequence, cancellationToken).ConfigureAwait(false);
        }
    }

    // Writes a postponed row unless a row for a newer result is there: an Add first (the common
    // case: no row yet, one request), else If-Match on the row that was read. A slow worker can
    // therefore never overwrite a newer row, and a row's sequence only grows while it exists.
    private async Task WritePostponedFencedAsync(PostponedCaseEntity row, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                if (attempt == 0)
                {
                    await _postponed.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var existing = await _postponed.GetEntityIfExistsAsync<PostponedCaseEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await _postponed.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (existing.Value!.Sequence > row.Sequence)
                {
                    return;
                }

                await _postponed.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // A row appeared, changed or went away meanwhile: read it and decide again.
                if (attempt > 0)
                {
                    await PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        throw new InvalidOperationException($"Referral {row.RowKey}: the postponed case did not settle; the message will be delivered again.");
    }

    // Deletes a postponed row only if it was written for this sequence or an older one: a row for a
    // newer result (written by a faster worker) stays.
    private async Task DeleteFencedAsync(string region, string referralId, long sequence, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await _postponed.GetEntityIfExistsAsync<PostponedCaseEntity>(region, referralId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue || row.Value!.Sequence > sequence)
            {
                return;
            }

            try
            {
                await _postponed.DeleteEntityAsync(region, referralId, row.Value.ETag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Rewritten meanwhile: look again.
                await PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The row key of a referral's current result (its partition key is the referral id).</summary>
    public static string ResultRowKeyOf(string referralId) => ResultPrefix + referralId;

    private static Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, (5 * Math.Clamp(attempt, 1, 10)) + 1)), cancellationToken);

    private static bool IsPostponed(TriageResultEntity entity) => entity.Disposition == Name(Disposition.Postpone);

    private async Task<TriageResultEntity?> GetEntityAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _results.GetEntityIfExistsAsync<TriageResultEntity>(id, ResultRowKeyOf(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static async Task AddIfAbsentAsync(TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Already there: this decision is recorded. Nothing to do.
        }
    }

    private static string Name(Disposition disposition) => disposition switch
    {
        Disposition.Proceed => "proceed",
        Disposition.Postpone => "postpone",
        Disposition.Review => "review",
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, null),
    };

    private static TriageResultEntity ToEntity(TriageResult result, DateTimeOffset receivedAt, TriageResultEntity? previous)
    {
        var postponed = result.Disposition == Disposition.Postpone;
        return new TriageResultEntity
        {
            PartitionKey = result.ReferralId,
            RowKey = ResultRowKeyOf(result.ReferralId),
            ReferralId = result.ReferralId,
            Sequence = result.Sequence,
            Region = result.Region,
            Category = result.Category.ToString(),
            Disposition = Name(result.Disposition),
            Recommendation = result.Recommendation,
            Criteria = WriteList(result.Criteria),
            NeedsReview = result.NeedsReview,
            Reasons = WriteList(result.Reasons),
            RegionStatus = result.RegionStatus.Name(),
            GuidelineVersion = result.GuidelineVersion,
            DecidedAt = result.DecidedAt,
            ReceivedAt = receivedAt,

            // A case stays "postponed since" its first postponement while updates keep it postponed.
            PostponedSince = postponed ? previous?.PostponedSince ?? result.DecidedAt : null,
        };
    }

    private static TriageHistoryEntity ToHistory(TriageResult result) => ToHistory(ToEntity(result, receivedAt: default, previous: null));

    private static TriageHistoryEntity ToHistory(TriageResultEntity entity) => new()
    {
        PartitionKey = entity.ReferralId,
        RowKey = HistoryPrefix + TableKeys.Sequence(entity.Sequence),
        Sequence = entity.Sequence,
        Region = entity.Region,
        Category = entity.Category,
        Disposition = entity.Disposition,
        Criteria = entity.Criteria,
        NeedsReview = entity.NeedsReview,
        Reasons = entity.Reasons,
        RegionStatus = entity.RegionStatus,
        GuidelineVersion = entity.GuidelineVersion,
        DecidedAt = entity.DecidedAt,
    };

    private static PostponedCaseEntity ToPostponed(TriageResultEntity current) => new()
    {
        PartitionKey = current.Region,
        RowKey = current.ReferralId,
        Sequence = current.Sequence,
        Category = current.Category,
        Criteria = current.Criteria,
        NeedsReview = current.NeedsReview,
        ReceivedAt = current.ReceivedAt,
        PostponedSince = current.PostponedSince ?? current.DecidedAt,
        DecidedAt = current.DecidedAt,
    };

    private static TriageResult ToResult(TriageResultEntity entity) => new(
        entity.ReferralId,
        entity.Sequence,
        entity.Region,
        Enum.Parse<TriageCategory>(entity.Category),
        entity.Disposition switch
        {
            "proceed" => Disposition.Proceed,
            "postpone" => Disposition.Postpone,
            _ => Disposition.Review,
        },
        entity.Recommendation,
        ReadList(entity.Criteria),
        entity.NeedsReview,
        ReadList(entity.Reasons),
        RegionStatuses.Parse(entity.RegionStatus),
        entity.GuidelineVersion,
        entity.DecidedAt);

    private static string WriteList(IReadOnlyList<string> items) => JsonSerializer.Serialize(items.ToArray(), StorageJsonContext.Default.StringArray);

    private static string[] ReadList(string json) => JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Referral {ReferralId} sequence {Sequence}: concurrent update, attempt {Attempt}; reading again")]
    private partial void LogRace(string referralId, long sequence, int attempt);
}

/// <summary>JSON of the string lists kept in table properties.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
