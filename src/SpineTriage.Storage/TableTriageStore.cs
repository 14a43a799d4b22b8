using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;

namespace SpineTriage.Storage;

/// <summary>A case currently postponed, as the summary reads it.</summary>
/// <param name="ReferralId">The referral id.</param>
/// <param name="Region">The region.</param>
/// <param name="Sequence">The sequence of the current result.</param>
/// <param name="Category">The category.</param>
/// <param name="Criteria">The matched criterion ids.</param>
/// <param name="NeedsReview">Whether a clinician must review.</param>
/// <param name="ReceivedAt">When the referral was received.</param>
/// <param name="PostponedSince">Since when it has been postponed.</param>
/// <param name="DecidedAt">When the current decision was made.</param>
public sealed record PostponedCase(
    string ReferralId, string Region, long Sequence, TriageCategory Category, IReadOnlyList<string> Criteria,
    bool NeedsReview, DateTimeOffset ReceivedAt, DateTimeOffset PostponedSince, DateTimeOffset DecidedAt);

/// <summary>
/// Triage results in Table Storage. Three tables: the current result per referral (a point read by
/// referral id), the append-only history of every decision, and the cases currently postponed per
/// region (so a summary reads only those: its cost follows the postponed cases, not the history).
/// </summary>
/// <remarks>
/// Ordering and races: a result is replaced only with If-Match on the ETag that was read, and only
/// by a higher sequence, so two workers racing on one referral end with the higher sequence; a
/// redelivered or older message changes nothing. The postponed-cases row is derived from the
/// current result after every write and checked against it again afterwards, so a slow worker can
/// never leave a stale row behind. Every step is idempotent: a crash anywhere is repaired when the
/// message is delivered again.
/// </remarks>
public sealed partial class TableTriageStore : ITriageStore
{
    private const int MaxAttempts = 16;
    private const string ResultRowKey = "";
    private readonly TableClient _results;
    private readonly TableClient _history;
    private readonly TableClient _postponed;
    private readonly ILogger<TableTriageStore> _logger;

    /// <summary>Creates the store over the configured tables.</summary>
    public TableTriageStore(StorageClients clients, IOptions<StorageOptions> options, ILogger<TableTriageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _results = clients.Tables.GetTableClient(options.Value.ResultsTable);
        _history = clients.Tables.GetTableClient(options.Value.HistoryTable);
        _postponed = clients.Tables.GetTableClient(options.Value.PostponedTable);
        _logger = logger;
    }

    /// <summary>Creates the tables if they do not exist.</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken = default)
    {
        await _results.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _history.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _postponed.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var result = decision.Result;
        var id = TableKeys.Check(result.ReferralId, "referral id");
        TableKeys.Check(result.Region, "region");

        // The history keeps every decision, once per sequence: a redelivery adds nothing.
        await AddIfAbsentAsync(_history, ToHistory(result), cancellationToken).ConfigureAwait(false);

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await GetEntityAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Sequence >= result.Sequence)
            {
                // Repair the postponed row in case an earlier delivery stopped between the two writes.
                await SyncPostponedAsync(existing, previousRegion: null, cancellationToken).ConfigureAwait(false);
                return existing.Sequence == result.Sequence ? SaveOutcome.Duplicate : SaveOutcome.Superseded;
            }

            var entity = ToEntity(result, decision.ReceivedAt, existing);
            try
            {
                if (existing is null)
                {
                    await _results.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _results.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another worker wrote this referral between our read and write: read again and decide again.
                LogRace(id, result.Sequence, attempt);
                continue;
            }

            await SyncPostponedAsync(entity, existing?.Region, cancellationToken).ConfigureAwait(false);
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
            (null, null) => null,
            (not null, null) => TableClient.CreateQueryFilter($"Region eq {region}"),
            (null, { } d) => TableClient.CreateQueryFilter($"Disposition eq {Name(d)}"),
            ({ } r, { } d) => TableClient.CreateQueryFilter($"Region eq {r} and Disposition eq {Name(d)}"),
        };
        await foreach (var entity in _results.QueryAsync<TriageResultEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToResult(entity);
        }
    }

    /// <summary>Every decision of a referral, oldest sequence first.</summary>
    public async IAsyncEnumerable<TriageHistoryEntity> GetHistoryAsync(string referralId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Check(referralId, "referral id")}");
        await foreach (var entity in _history.QueryAsync<TriageHistoryEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }

    /// <summary>The cases currently postponed in a region: one partition, its rows only.</summary>
    public async IAsyncEnumerable<PostponedCase> GetPostponedAsync(string region, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {region}");
        await foreach (var row in _postponed.QueryAsync<PostponedCaseEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new PostponedCase(
                row.RowKey, row.PartitionKey, row.Sequence, Enum.Parse<TriageCategory>(row.Category), ReadList(row.Criteria),
                row.NeedsReview, row.ReceivedAt, row.PostponedSince, row.DecidedAt);
        }
    }

    // Makes the postponed-cases table agree with the current result, then checks the result again:
    // if another worker moved it on meanwhile, agree with that one too. The last writer always
    // checks after writing, so the row ends right whatever the interleaving.
    private async Task SyncPostponedAsync(TriageResultEntity current, string? previousRegion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (previousRegion is not null && previousRegion != current.Region)
            {
                await DeleteIfPresentAsync(_postponed, previousRegion, current.ReferralId, cancellationToken).ConfigureAwait(false);
            }

            if (current.Disposition == Name(Disposition.Postpone))
            {
                await _postponed.UpsertEntityAsync(ToPostponed(current), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeleteIfPresentAsync(_postponed, current.Region, current.ReferralId, cancellationToken).ConfigureAwait(false);
            }

            var now = await GetEntityAsync(current.ReferralId, cancellationToken).ConfigureAwait(false);
            if (now is null || now.Sequence == current.Sequence)
            {
                return;
            }

            previousRegion = current.Region;
            current = now;
        }

        throw new InvalidOperationException($"Referral {current.ReferralId}: the postponed cases did not settle; the message will be delivered again.");
    }

    private async Task<TriageResultEntity?> GetEntityAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _results.GetEntityIfExistsAsync<TriageResultEntity>(id, ResultRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
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
            // Already there: this is a redelivery of a decision that is recorded. Nothing to do.
        }
    }

    private static async Task DeleteIfPresentAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        // DeleteEntity treats a missing entity as success (404 is not thrown by the SDK).
        await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
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
            RowKey = ResultRowKey,
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

    private static TriageHistoryEntity ToHistory(TriageResult result) => new()
    {
        PartitionKey = result.ReferralId,
        RowKey = TableKeys.Sequence(result.Sequence),
        Sequence = result.Sequence,
        Region = result.Region,
        Category = result.Category.ToString(),
        Disposition = Name(result.Disposition),
        Criteria = WriteList(result.Criteria),
        NeedsReview = result.NeedsReview,
        Reasons = WriteList(result.Reasons),
        RegionStatus = result.RegionStatus.Name(),
        GuidelineVersion = result.GuidelineVersion,
        DecidedAt = result.DecidedAt,
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
