using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Review;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Storage;

/// <summary>
/// Triage results in Table Storage. The results table holds, per referral (partition: referral id),
/// the current result (row key "c" + referral id), the append-only audit trail (row key "t" + index:
/// each machine decision with the message as received, each clinician decision) and one marker per
/// sequence triaged (row key "m" + sequence). Three index tables hold, per region (partition: region,
/// row: referral id), the cases currently postponed, the cases awaiting a clinician (the worklist and
/// the summaries' review backlog) and the review alerts not yet sent, so that a summary, a worklist or
/// the alert job reads only those: its cost follows the index's rows, not the history.
/// </summary>
/// <remarks>
/// <para>Writes: every change of the current result is one entity-group transaction that also appends
/// its trail entry, so the trail is never missing the entry that explains the state. A referral seen
/// for the first time is one request (no read). An update replaces the result only with If-Match on
/// the ETag that was read, and only for a higher sequence, so two workers racing on one referral end
/// with the higher sequence, and a redelivered message changes nothing. An older message that
/// arrives late changes nothing but is added to the trail (once: its marker row is in the same
/// transaction). A clinician's decision is recorded the same way, for the current sequence only.</para>
/// <para>Indexes (<see cref="FencedIndex{TRow}"/>): written after the result, fenced by the result's
/// revision (its trail length) both ways: a write never replaces a row written for a newer revision,
/// and a delete never removes one. So the case that is postponed (or awaiting review) now always has
/// its row. Reads check each row against the current result, so a slow worker's late row for a case
/// that no longer belongs is never shown (and is removed). A crash between the writes is repaired
/// when the message is delivered again.</para>
/// </remarks>
public sealed partial class TableTriageStore : ITriageStore, IReviewStore, IAlertOutbox, IPostponedCounter, ISummaryCases
{
    private const int ReadConcurrency = 16;
    // The current result's row key is "c" + referral id: unique in the table (trail rows start with
    // "t", markers with "m"), so a point read stays a point read on Azurite too, whose in-memory index
    // looks entities up by row key first (with one shared row key every read scanned all results).
    private const string ResultPrefix = "c";
    private const string TrailPrefix = "t";
    private const string MarkerPrefix = "m";
    private const string MachineKind = "machine";
    private const string ClinicianKind = "clinician";
    private readonly TableClient _results;
    private readonly FencedIndex<PostponedCaseEntity> _postponed;
    private readonly FencedIndex<ReviewCaseEntity> _review;
    private readonly FencedIndex<AlertCaseEntity> _alerts;
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
        _alerts = new FencedIndex<AlertCaseEntity>(
            clients.Tables.GetTableClient(options.Value.AlertsTable), "review alert", e => e.AlertPending, ToAlert, GetEntityAsync);
        _indexes = [_postponed, _review, _alerts];
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
        if (decision.Message.Length > TrailEntryEntity.MessagePartBytes * 4)
        {
            throw new ArgumentException($"Referral {id}: a message over {TrailEntryEntity.MessagePartBytes * 4} bytes cannot be kept in the trail.", nameof(decision));
        }

        for (var attempt = 0; attempt < Contention.MaxAttempts; attempt++)
        {
            var existing = attempt == 0 ? null : await GetEntityAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Sequence >= result.Sequence)
            {
                var current = existing;
                if (existing.Sequence > result.Sequence)
                {
                    // An older decision that arrived late: added to the trail for audit; the current result stays.
                    if (await RecordLateAsync(existing, decision, cancellationToken).ConfigureAwait(false) is not { } recorded)
                    {
                        await Contention.PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    current = recorded;
                }

                // Repair the index rows in case an earlier delivery stopped between the writes.
                foreach (var index in _indexes)
                {
                    await index.RepairAsync(current, cancellationToken).ConfigureAwait(false);
                }

                return existing.Sequence == result.Sequence ? SaveOutcome.Duplicate : SaveOutcome.Superseded;
            }

            var entity = ToEntity(result, decision.ReceivedAt, existing);
            // The entry takes the lists as the result row serialized them: each is written once per message.
            var entry = MachineEntry(result, entity.Criteria, entity.Reasons, decision.Message, entity.TrailLength - 1, becameCurrent: true);
            try
            {
                // The result, its trail entry and its sequence's marker, atomically. First attempt: assume
                // a new referral (the common case): one request, no read.
                await _results.SubmitTransactionAsync(
                    [
                        existing is null
                            ? new(TableTransactionActionType.Add, entity)
                            : new(TableTransactionActionType.UpdateReplace, entity, existing.ETag),
                        new(TableTransactionActionType.Add, entry),
                        new(TableTransactionActionType.Add, Marker(id, result.Sequence)),
                    ],
                    cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public async Task<DecisionReceipt> RecordDecisionAsync(ClinicianDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var id = TableKeys.Check(decision.ReferralId, "referral id");
        for (var attempt = 0; attempt < Contention.MaxAttempts; attempt++)
        {
            var existing = await GetEntityAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return new DecisionReceipt(DecisionOutcome.UnknownReferral, null);
            }

            if (existing.Sequence != decision.Sequence)
            {
                return new DecisionReceipt(DecisionOutcome.StaleSequence, existing.Sequence);
            }

            var decided = Decided(existing, decision);
            try
            {
                await _results.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.UpdateReplace, decided, existing.ETag),
                        new(TableTransactionActionType.Add, ClinicianEntry(decision, existing.TrailLength)),
                    ],
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // A message or another decision was stored since we read: read and decide again.
                await Contention.PauseAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var index in _indexes)
            {
                await index.SyncAsync(decided, existing, cancellationToken).ConfigureAwait(false);
            }

            return new DecisionReceipt(DecisionOutcome.Recorded, existing.Sequence);
        }

        throw new InvalidOperationException($"Referral {id}: gave up after {Contention.MaxAttempts} concurrent updates; try the decision again.");
    }

    /// <inheritdoc />
    public async Task<ReferralCase?> GetCaseAsync(string referralId, CancellationToken cancellationToken = default)
    {
        var entity = await GetEntityAsync(TableKeys.Check(referralId, "referral id"), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToCase(entity);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> GetWorklistRegionsAsync(CancellationToken cancellationToken = default) => _review.GetRegionsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(string region, CancellationToken cancellationToken = default)
    {
        TableKeys.Check(region, "region");
        var rows = await _review.ReadAsync(region, ReadConcurrency, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new WorklistItem(
            row.RowKey, row.Sequence, row.PartitionKey, Enum.Parse<TriageCategory>(row.Category), ParseDisposition(row.Disposition),
            ReadList(row.Criteria), ReadList(row.Reasons), row.WaitingSince))];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TrailEntry> GetTrailAsync(string referralId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = TableKeys.Check(referralId, "referral id");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {TrailPrefix} and RowKey lt {"u"}");
        await foreach (var row in _results.QueryAsync<TrailEntryEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToTrailEntry(row);
        }
    }

    /// <summary>The current result of a referral, or null.</summary>
    public async Task<TriageResult?> GetAsync(string referralId, CancellationToken cancellationToken = default)
    {
        var entity = await GetEntityAsync(TableKeys.Check(referralId, "referral id"), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToResult(entity);
    }

    /// <summary>
    /// The referrals as they stand, optionally only of one region and/or one disposition that applies
    /// now (the clinician's when one decided, else the machine's).
    /// </summary>
    public async IAsyncEnumerable<ReferralCase> GetResultsAsync(
        string? region = null, Disposition? disposition = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = (region, disposition) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"}"),
            (not null, null) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"} and Region eq {region}"),
            (null, { } d) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"} and CurrentDisposition eq {Name(d)}"),
            ({ } r, { } d) => TableClient.CreateQueryFilter($"RowKey ge {ResultPrefix} and RowKey lt {"d"} and Region eq {r} and CurrentDisposition eq {Name(d)}"),
        };
        await foreach (var entity in _results.QueryAsync<TriageResultEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToCase(entity);
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

    /// <inheritdoc />
    public async Task<int> CountPostponedAsync(string region, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var unused in GetPostponedAsync(region, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
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

    /// <inheritdoc />
    /// <remarks>
    /// The review alerts of a region not yet sent, each checked against the current result (a row whose
    /// result no longer calls for an alert is removed on the way).
    /// </remarks>
    public async Task<IReadOnlyList<PendingAlert>> GetPendingAlertsAsync(string region, CancellationToken cancellationToken = default)
    {
        TableKeys.Check(region, "region");
        var rows = await _alerts.ReadAsync(region, ReadConcurrency, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new PendingAlert(
            row.RowKey, row.Sequence, row.PartitionKey, Enum.Parse<TriageCategory>(row.Category), ParseDisposition(row.Disposition),
            ReadList(row.Codes), row.DecidedAt, row.Revision))];
    }

    /// <summary>The regions with review alert rows, in order (the index's partition keys).</summary>
    public IAsyncEnumerable<string> GetAlertRegionsAsync(CancellationToken cancellationToken = default) => _alerts.GetRegionsAsync(cancellationToken);

    /// <summary>Removes an alert's row once it is sent (unless a newer revision wrote it again).</summary>
    public Task RemoveAlertAsync(PendingAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return _alerts.RemoveAsync(alert.Region, alert.ReferralId, alert.Revision, cancellationToken);
    }

    private static string Effective(TriageResultEntity entity) => entity.ReviewDisposition ?? entity.Disposition;

    private static bool IsPostponed(TriageResultEntity entity) => Effective(entity) == Name(Disposition.Postpone);

    // On the worklist: no clinician has decided on this sequence, and the disposition is review or the
    // result carries needsReview (an Emergent case that proceeds but whose code conflicts with the
    // findings, a postponed Urgent case that a clinician must confirm).
    private static bool AwaitsReview(TriageResultEntity entity) =>
        entity.ReviewAction is null && (entity.NeedsReview || entity.Disposition == Name(Disposition.Review));

    private async Task<TriageResultEntity?> GetEntityAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _results.GetEntityIfExistsAsync<TriageResultEntity>(id, ResultRowKeyOf(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    // A late older message: one transaction adds its trail entry and its sequence's marker and bumps the
    // current row's trail length (If-Match). Returns the current row as it now is, or null when it changed
    // since it was read (read it again). A marker already there means this sequence is recorded already.
    private async Task<TriageResultEntity?> RecordLateAsync(TriageResultEntity existing, TriageDecision decision, CancellationToken cancellationToken)
    {
        var id = existing.ReferralId;
        var marker = await _results.GetEntityIfExistsAsync<TableEntity>(id, MarkerKey(decision.Result.Sequence), [nameof(ITableEntity.RowKey)], cancellationToken).ConfigureAwait(false);
        if (marker.HasValue)
        {
            return existing;
        }

        var bumped = new TableEntity(id, ResultRowKeyOf(id)) { [nameof(TriageResultEntity.TrailLength)] = existing.TrailLength + 1 };
        try
        {
            await _results.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateMerge, bumped, existing.ETag),
                    new(TableTransactionActionType.Add, MachineEntry(decision.Result, WriteList(decision.Result.Criteria), WriteList(decision.Result.Reasons), decision.Message, existing.TrailLength, becameCurrent: false)),
                    new(TableTransactionActionType.Add, Marker(id, decision.Result.Sequence)),
                ],
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return null;
        }

        var now = existing.Copy();
        now.TrailLength++;
        return now;
    }

    private static string MarkerKey(long sequence) => MarkerPrefix + TableKeys.Sequence(sequence);

    private static TableEntity Marker(string referralId, long sequence) => new(referralId, MarkerKey(sequence));

    private static string Name(Disposition disposition) => disposition.Name();

    private static string Name(ReviewAction action) => ReviewJson.Name(action);

    private static TriageResultEntity ToEntity(TriageResult result, DateTimeOffset receivedAt, TriageResultEntity? previous)
    {
        var postponed = result.Disposition == Disposition.Postpone;
        var awaitsReview = ReferralCase.NeedsClinician(result);
        return new TriageResultEntity
        {
            PartitionKey = result.ReferralId,
            RowKey = ResultRowKeyOf(result.ReferralId),
            ReferralId = result.ReferralId,
            Sequence = result.Sequence,
            Region = result.Region,
            Category = result.Category.ToString(),
            Disposition = Name(result.Disposition),
            CurrentDisposition = Name(result.Disposition),
            Recommendation = result.Recommendation,
            Criteria = WriteList(result.Criteria),
            NeedsReview = result.NeedsReview,
            Reasons = WriteList(result.Reasons),
            RegionStatus = result.RegionStatus.Name(),
            GuidelineVersion = result.GuidelineVersion,
            DecidedAt = result.DecidedAt,
            ReceivedAt = receivedAt,
            TrailLength = (previous?.TrailLength ?? 0) + 1,
            AlertPending = ReviewAlerts.IsAlert(result),

            // A case stays "postponed since" its first postponement while updates keep it postponed.
            PostponedSince = postponed ? previous?.PostponedSince ?? result.DecidedAt : null,

            // Likewise a case keeps "waiting since" its first need of review while updates keep needing one
            // (a clinician's decision ends the wait: the previous row then has none).
            WaitingSince = awaitsReview ? previous?.WaitingSince ?? result.DecidedAt : null,
        };
    }

    // The current row once a clinician has decided on it: the decision applies, the wait ends, no alert is due.
    private static TriageResultEntity Decided(TriageResultEntity existing, ClinicianDecision decision)
    {
        var decided = existing.Copy();
        decided.ReviewAction = Name(decision.Action);
        decided.ReviewCategory = decision.Category.ToString();
        decided.ReviewDisposition = Name(decision.Disposition);
        decided.ReviewBy = decision.By;
        decided.ReviewReason = decision.Reason;
        decided.ReviewedAt = decision.DecidedAt;
        decided.CurrentDisposition = Name(decision.Disposition);
        decided.PostponedSince = decision.Disposition == Disposition.Postpone
            ? (Effective(existing) == Name(Disposition.Postpone) ? existing.PostponedSince : null) ?? decision.DecidedAt
            : null;
        decided.WaitingSince = null;
        decided.AlertPending = false;
        decided.TrailLength = existing.TrailLength + 1;
        return decided;
    }

    private static TrailEntryEntity MachineEntry(TriageResult result, string criteria, string reasons, ReadOnlyMemory<byte> message, long index, bool becameCurrent)
    {
        var parts = new byte[]?[4];
        for (var i = 0; i < parts.Length && i * TrailEntryEntity.MessagePartBytes < message.Length; i++)
        {
            var start = i * TrailEntryEntity.MessagePartBytes;
            parts[i] = message.Slice(start, Math.Min(TrailEntryEntity.MessagePartBytes, message.Length - start)).ToArray();
        }

        return new TrailEntryEntity
        {
            PartitionKey = result.ReferralId,
            RowKey = TrailPrefix + TableKeys.Sequence(index),
            Index = index,
            Kind = MachineKind,
            Sequence = result.Sequence,
            RecordedAt = result.DecidedAt,
            Region = result.Region,
            Category = result.Category.ToString(),
            Disposition = Name(result.Disposition),
            Recommendation = result.Recommendation,
            Criteria = criteria,
            NeedsReview = result.NeedsReview,
            Reasons = reasons,
            RegionStatus = result.RegionStatus.Name(),
            GuidelineVersion = result.GuidelineVersion,
            DecidedAt = result.DecidedAt,
            BecameCurrent = becameCurrent,
            MessageLength = message.Length,
            Message0 = parts[0],
            Message1 = parts[1],
            Message2 = parts[2],
            Message3 = parts[3],
        };
    }

    private static TrailEntryEntity ClinicianEntry(ClinicianDecision decision, long index) => new()
    {
        PartitionKey = decision.ReferralId,
        RowKey = TrailPrefix + TableKeys.Sequence(index),
        Index = index,
        Kind = ClinicianKind,
        Sequence = decision.Sequence,
        RecordedAt = decision.DecidedAt,
        Action = Name(decision.Action),
        ReviewCategory = decision.Category.ToString(),
        ReviewDisposition = Name(decision.Disposition),
        By = decision.By,
        Reason = decision.Reason,
    };

    private static TrailEntry ToTrailEntry(TrailEntryEntity row)
    {
        if (row.Kind == ClinicianKind)
        {
            var decision = new ClinicianDecision(
                row.PartitionKey, row.Sequence, ReviewJson.ParseAction(row.Action),
                Enum.Parse<TriageCategory>(row.ReviewCategory!), ParseDisposition(row.ReviewDisposition!), row.By ?? string.Empty, row.Reason ?? string.Empty, row.RecordedAt);
            return new TrailEntry(row.Index, TrailEntryKind.Clinician, row.Sequence, row.RecordedAt, null, false, ReadOnlyMemory<byte>.Empty, decision);
        }

        var message = new byte[row.MessageLength];
        var offset = 0;
        foreach (var part in new[] { row.Message0, row.Message1, row.Message2, row.Message3 })
        {
            if (part is null || offset >= message.Length)
            {
                break;
            }

            part.AsSpan(0, Math.Min(part.Length, message.Length - offset)).CopyTo(message.AsSpan(offset));
            offset += part.Length;
        }

        var result = new TriageResult(
            row.PartitionKey, row.Sequence, row.Region ?? string.Empty, Enum.Parse<TriageCategory>(row.Category!), ParseDisposition(row.Disposition!),
            row.Recommendation ?? string.Empty, ReadList(row.Criteria ?? "[]"), row.NeedsReview, ReadList(row.Reasons ?? "[]"),
            RegionStatuses.Parse(row.RegionStatus), row.GuidelineVersion ?? string.Empty, row.DecidedAt ?? row.RecordedAt);
        return new TrailEntry(row.Index, TrailEntryKind.Machine, row.Sequence, row.RecordedAt, result, row.BecameCurrent, message, null);
    }

    private static PostponedCaseEntity ToPostponed(TriageResultEntity current) => new()
    {
        PartitionKey = current.Region,
        RowKey = current.ReferralId,
        Sequence = current.Sequence,
        Revision = current.TrailLength,
        Category = current.ReviewCategory ?? current.Category,

        // A clinician who decided to postpone has reviewed it: no longer awaiting review.
        Criteria = current.Criteria,
        NeedsReview = current.NeedsReview && current.ReviewAction is null,
        ReceivedAt = current.ReceivedAt,
        PostponedSince = current.PostponedSince ?? current.DecidedAt,
        DecidedAt = current.ReviewedAt ?? current.DecidedAt,
    };

    private static ReviewCaseEntity ToReviewCase(TriageResultEntity current) => new()
    {
        PartitionKey = current.Region,
        RowKey = current.ReferralId,
        Sequence = current.Sequence,
        Revision = current.TrailLength,
        Category = current.Category,
        Disposition = current.Disposition,
        Criteria = current.Criteria,
        Reasons = current.Reasons,
        ReceivedAt = current.ReceivedAt,
        WaitingSince = current.WaitingSince ?? current.DecidedAt,
        DecidedAt = current.DecidedAt,
    };

    private static AlertCaseEntity ToAlert(TriageResultEntity current) => new()
    {
        PartitionKey = current.Region,
        RowKey = current.ReferralId,
        Sequence = current.Sequence,
        Revision = current.TrailLength,
        Category = current.Category,
        Disposition = current.Disposition,
        Codes = WriteList([.. ReadList(current.Criteria), .. ReviewAlerts.Codes(ToResult(current))]),
        DecidedAt = current.DecidedAt,
    };

    private static Disposition ParseDisposition(string disposition) => disposition switch
    {
        "proceed" => Disposition.Proceed,
        "postpone" => Disposition.Postpone,
        _ => Disposition.Review,
    };

    private static ReferralCase ToCase(TriageResultEntity entity)
    {
        var decision = entity.ReviewAction is null ? null : new ClinicianDecision(
            entity.ReferralId, entity.Sequence, ReviewJson.ParseAction(entity.ReviewAction),
            Enum.Parse<TriageCategory>(entity.ReviewCategory!), ParseDisposition(entity.ReviewDisposition!), entity.ReviewBy ?? string.Empty,
            entity.ReviewReason ?? string.Empty, entity.ReviewedAt ?? entity.DecidedAt);
        return new ReferralCase(ToResult(entity), entity.ReceivedAt, entity.WaitingSince, decision);
    }

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
