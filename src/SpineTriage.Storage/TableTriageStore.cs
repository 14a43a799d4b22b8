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
/// the current result (row key "c" + referral id) and the append-only history of the decisions
/// before it (row key "h" + sequence). Two index tables hold, per region (partition: region, row:
/// referral id), the cases currently postponed and the cases awaiting a clinician's review (the
/// review backlog), so that a summary or a worklist reads only those: its cost follows the index's
/// rows, not the history.
/// </summary>
/// <remarks>
/// <para>Writes: a referral seen for the first time is one request (an Add, no read), plus one Add
/// per index it belongs in. An update replaces the result only with If-Match on the ETag that was
/// read, and only for a higher sequence, in one entity-group transaction that also moves the
/// replaced result into the history, so no decision is ever lost: two workers racing on one
/// referral end with the higher sequence, and a redelivered or older message changes nothing (an
/// older decision that arrives late is still added to the history, for audit).</para>
/// <para>Indexes (<see cref="FencedIndex{TRow}"/>): written after the result, fenced by sequence
/// both ways: a write never replaces a row written for a newer result, and a delete never removes
/// one. So the case that is postponed (or awaiting review) now always has its row. Reads check each
/// row against the current result, so a slow worker's late row for a case that no longer belongs is
/// never shown (and is removed). A crash between the writes is repaired when the message is
/// delivered again.</para>
/// </remarks>
public sealed partial class TableTriageStore : ITriageStore
{
    private const int ReadConcurrency = 16;
    // The current result's row key is "c" + referral id: unique in the table (history rows start
    // with "h"), so a point read stays a point read on Azurite too, whose in-memory index looks
    // entities up by row key first (with one shared row key every read scanned all results).
    private const string ResultPrefix = "c";
    private const string HistoryPrefix = "h";
    private readonly TableClient _results;
    private readonly FencedIndex<PostponedCaseEntity> _postponed;
    private readonly FencedIndex<ReviewCaseEntity> _review;
    private readonly IFencedIndex[] _indexes;
    private readonly ILogger<TableTriageStore> _logger;

    /// <summary>Creates the store over the configured tables.</summary>
    public TableTriageStore(StorageClients clients, IOptions<StorageOptions> options, ILogger<TableTriageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _results = clients.Tables.GetTableClient(options.Value.ResultsTable);
        _postponed = new FencedIndex<PostponedCaseEntity>(
            clients.Tables.GetTableClient(options.Value.PostponedTable), "postponed case", IsPostponed, ToPostponed, GetEntityAsync);
        _review = new FencedIndex<ReviewCaseEntity>(
            clients.Tables.GetTableClient(options.Value.ReviewTable), "review backlog", AwaitsReview, ToReviewCase, GetEntityAsync);
        _indexes = [_postponed, _review];
        _logger = logger;
    }

    /// <summary>Creates the tables if they do not exist.</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken = default)
    {
        await _results.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var index in _indexes)
        {
            await index.CreateTableAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var result = decision.Result;
        var id = TableKeys.Check(result.ReferralId, "referral id");
        TableKeys.Check(result.Region, "region");

        for (var attempt = 0; attempt < Contention.MaxAttempts; attempt++)
        {
            var existing = attempt == 0 ? null : await GetEntityAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Sequence >= result.Sequence)
            {
                if (existing.Sequence > result.Sequence)
                {
                    // An older decision that arrived late: added to the history for audit; the current result stays.
                    await AddIfAbsentAsync(_results, ToHistory(result), cancellationToken).ConfigureAwait(false);
                }

                // Repair the index rows in case an earlier delivery stopped between the writes.
                foreach (var index in _indexes)
                {
                    await index.RepairAsync(existing, cancellationToken).ConfigureAwait(false);
                }

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
                    await Contention.PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            foreach (var index in _indexes)
            {
                await index.SyncAsync(entity, existing, cancellationToken).ConfigureAwait(false);
            }

            return SaveOutcome.Stored;
        }

        throw new InvalidOperationException($"Referral {id}: gave up after {Contention.MaxAttempts} concurrent updates; the message will be delivered again.");
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
        foreach (var row in await _postponed.ReadAsync(region, ReadConcurrency, cancellationToken).ConfigureAwait(false))
        {
            yield return new PostponedCase(
                row.RowKey, row.PartitionKey, row.Sequence, Enum.Parse<TriageCategory>(row.Category), ReadList(row.Criteria),
                row.NeedsReview, row.ReceivedAt, row.PostponedSince, row.DecidedAt);
        }
    }

    /// <summary>
    /// The review backlog of a region: the cases whose current result awaits a clinician (disposition
    /// review, or needsReview), in referral-id order. One partition of the review table, each row
    /// checked against the current result (a point read), so the cost follows the region's backlog,
    /// not the history. A row that no longer matches the current result is repaired on the way.
    /// </summary>
    public async IAsyncEnumerable<ReviewCase> GetReviewBacklogAsync(string region, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var row in await _review.ReadAsync(region, ReadConcurrency, cancellationToken).ConfigureAwait(false))
        {
            yield return new ReviewCase(
                row.RowKey, row.PartitionKey, row.Sequence, Enum.Parse<TriageCategory>(row.Category), ParseDisposition(row.Disposition),
                ReadList(row.Criteria), row.ReceivedAt, row.WaitingSince, row.DecidedAt);
        }
    }

    /// <summary>
    /// The regions that have postponed rows, in order, each once: a query of the postponed table that
    /// selects only the partition key, so its cost follows the postponed rows, not the history. A
    /// region listed here may turn out to have no case postponed now (a stale row is removed when
    /// <see cref="GetPostponedAsync"/> reads it).
    /// </summary>
    public IAsyncEnumerable<string> GetPostponedRegionsAsync(CancellationToken cancellationToken = default) =>
        _postponed.GetRegionsAsync(cancellationToken);

    /// <summary>
    /// The regions that have postponed rows or review backlog rows, in order, each once: the partition
    /// keys of both index tables, so its cost follows their rows, not the history. A region listed
    /// here may turn out to have no case now (stale rows are removed when a region is read).
    /// </summary>
    public async IAsyncEnumerable<string> GetCaseRegionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var regions = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var region in _postponed.GetRegionsAsync(cancellationToken).ConfigureAwait(false))
        {
            regions.Add(region);
        }

        await foreach (var region in _review.GetRegionsAsync(cancellationToken).ConfigureAwait(false))
        {
            regions.Add(region);
        }

        foreach (var region in regions)
        {
            yield return region;
        }
    }

    /// <summary>The row key of a referral's current result (its partition key is the referral id).</summary>
    public static string ResultRowKeyOf(string referralId) => ResultPrefix + referralId;

    private static bool IsPostponed(TriageResultEntity entity) => entity.Disposition == Name(Disposition.Postpone);

    // Held for a clinician: the disposition is review, or the result carries needsReview (an Emergent
    // case that proceeds but whose code conflicts with the findings, a postponed case with a red flag).
    private static bool AwaitsReview(TriageResultEntity entity) => entity.NeedsReview || entity.Disposition == Name(Disposition.Review);

    private static bool AwaitsReview(TriageResult result) => result.NeedsReview || result.Disposition == Disposition.Review;

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
        var awaitsReview = AwaitsReview(result);
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

            // Likewise a case keeps "waiting since" its first need of review while updates keep needing one.
            WaitingSince = awaitsReview ? previous?.WaitingSince ?? result.DecidedAt : null,
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

    private static ReviewCaseEntity ToReviewCase(TriageResultEntity current) => new()
    {
        PartitionKey = current.Region,
        RowKey = current.ReferralId,
        Sequence = current.Sequence,
        Category = current.Category,
        Disposition = current.Disposition,
        Criteria = current.Criteria,
        ReceivedAt = current.ReceivedAt,
        WaitingSince = current.WaitingSince ?? current.DecidedAt,
        DecidedAt = current.DecidedAt,
    };

    private static Disposition ParseDisposition(string disposition) => disposition switch
    {
        "proceed" => Disposition.Proceed,
        "postpone" => Disposition.Postpone,
        _ => Disposition.Review,
    };

    private static TriageResult ToResult(TriageResultEntity entity) => new(
        entity.ReferralId,
        entity.Sequence,
        entity.Region,
        Enum.Parse<TriageCategory>(entity.Category),
        ParseDisposition(entity.Disposition),
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
