using System.Runtime.CompilerServices;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Review;

/// <summary>A clinician's request to decide on a referral, as a host received it (command line or web form).</summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="Sequence">The sequence the clinician reviewed.</param>
/// <param name="Confirm">Confirm the machine's result (no category or disposition given).</param>
/// <param name="Category">Override: the category (Emergent, Urgent or Elective), as written.</param>
/// <param name="Disposition">Override: the disposition (proceed or postpone), as written.</param>
/// <param name="By">Who decides.</param>
/// <param name="Reason">Why (required for an override).</param>
public sealed record DecisionRequest(string ReferralId, long Sequence, bool Confirm, string? Category, string? Disposition, string By, string? Reason);

/// <summary>A refused request: the field at fault and one line that says why.</summary>
/// <param name="Field">The field (referralId, sequence, category, disposition, by, reason, decision).</param>
/// <param name="Message">One line for the user.</param>
public sealed record ReviewError(string Field, string Message);

/// <summary>The answer to a decision request: the decision recorded, or why it was refused.</summary>
/// <param name="Decision">The decision recorded, when it was.</param>
/// <param name="Error">Why it was refused, when it was.</param>
public sealed record DecisionResult(ClinicianDecision? Decision, ReviewError? Error)
{
    /// <summary>Whether the decision was recorded.</summary>
    public bool Recorded => Decision is not null;
}

/// <summary>
/// The review use case, shared by every host (the command line, the local web console, the HTTP
/// functions): the worklist, a referral as it stands, a clinician's decision, and the audit trail.
/// </summary>
public sealed class ReviewService
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>The longest reviewer name kept.</summary>
    public const int MaxByLength = 128;

    private readonly IReviewStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the use case over its store.</summary>
    public ReviewService(IReviewStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>
    /// The worklist of one region (or of every region when null): the referrals whose current result
    /// needs a clinician and has no clinician decision. Emergent first, then Unclassified (it may be
    /// anything), Urgent and Elective; within a category the longest waiting first.
    /// </summary>
    public async Task<IReadOnlyList<WorklistItem>> ListAsync(string? region = null, CancellationToken cancellationToken = default)
    {
        var items = new List<WorklistItem>();
        if (region is not null)
        {
            items.AddRange(await _store.GetWorklistAsync(region, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await foreach (var name in _store.GetWorklistRegionsAsync(cancellationToken).ConfigureAwait(false))
            {
                items.AddRange(await _store.GetWorklistAsync(name, cancellationToken).ConfigureAwait(false));
            }
        }

        return Order(items);
    }

    /// <summary>The worklist order: by <see cref="Urgency"/>, then the longest waiting, then referral id.</summary>
    public static IReadOnlyList<WorklistItem> Order(IEnumerable<WorklistItem> items) =>
        [.. items.OrderBy(i => Urgency(i.Category)).ThenBy(i => i.WaitingSince).ThenBy(i => i.ReferralId, StringComparer.Ordinal)];

    /// <summary>The rank of a category on the worklist (0 first): Emergent, Unclassified, Urgent, Elective.</summary>
    public static int Urgency(TriageCategory category) => category switch
    {
        TriageCategory.Emergent => 0,
        TriageCategory.Unclassified => 1,
        TriageCategory.Urgent => 2,
        _ => 3,
    };

    /// <summary>A referral as it stands, or null when unknown (an invalid id is unknown).</summary>
    public Task<ReferralCase?> GetCaseAsync(string referralId, CancellationToken cancellationToken = default) =>
        IsReferralId(referralId) ? _store.GetCaseAsync(referralId, cancellationToken) : Task.FromResult<ReferralCase?>(null);

    /// <summary>The referral's audit trail, oldest first (empty for an unknown or invalid id).</summary>
    public async IAsyncEnumerable<TrailEntry> GetTrailAsync(string referralId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!IsReferralId(referralId))
        {
            yield break;
        }

        await foreach (var entry in _store.GetTrailAsync(referralId, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>
    /// Checks and records a clinician's decision on the referral's current sequence. Refused, with the
    /// field at fault, when the request is malformed, the referral is unknown, a newer message has
    /// arrived, or a confirm cannot decide (the result is held for review).
    /// </summary>
    public async Task<DecisionResult> DecideAsync(DecisionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Check(request) is { } invalid)
        {
            return new DecisionResult(null, invalid);
        }

        var by = request.By.Trim();
        var reason = request.Reason?.Trim() ?? string.Empty;
        var current = await _store.GetCaseAsync(request.ReferralId, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return Refused("referralId", $"No referral {request.ReferralId} has been triaged.");
        }

        if (Stale(request, current.Machine.Sequence) is { } stale)
        {
            return new DecisionResult(null, stale);
        }

        var machine = current.Machine;
        ClinicianDecision decision;
        if (request.Confirm)
        {
            if (machine.Disposition == Disposition.Review)
            {
                return Refused(
                    "decision",
                    $"Referral {machine.ReferralId} is held for review ({machine.Category}, disposition review): a confirm cannot decide it; override with a disposition (proceed or postpone){(machine.Category == TriageCategory.Unclassified ? " and a category" : string.Empty)}.");
            }

            decision = new ClinicianDecision(machine.ReferralId, machine.Sequence, ReviewAction.Confirm, machine.Category, machine.Disposition, by, reason, _time.GetUtcNow());
        }
        else
        {
            var category = request.Category is null ? machine.Category : ParseCategory(request.Category);
            var disposition = request.Disposition is null ? machine.Disposition : ParseDisposition(request.Disposition);
            if (category == TriageCategory.Unclassified)
            {
                return Refused("category", $"Referral {machine.ReferralId} is Unclassified: name the category (Emergent, Urgent or Elective).");
            }

            if (disposition == Disposition.Review)
            {
                return Refused("disposition", $"Referral {machine.ReferralId} is held for review: name the disposition (proceed or postpone).");
            }

            decision = new ClinicianDecision(machine.ReferralId, machine.Sequence, ReviewAction.Override, category!.Value, disposition!.Value, by, reason, _time.GetUtcNow());
        }

        var receipt = await _store.RecordDecisionAsync(decision, cancellationToken).ConfigureAwait(false);
        return receipt.Outcome switch
        {
            DecisionOutcome.Recorded => new DecisionResult(decision, null),
            DecisionOutcome.UnknownReferral => Refused("referralId", $"No referral {request.ReferralId} has been triaged."),
            DecisionOutcome.StaleSequence => new DecisionResult(null, Stale(request, receipt.CurrentSequence ?? -1)),
            _ => throw new InvalidOperationException($"Unknown decision outcome {receipt.Outcome}."),
        };
    }

    /// <summary>Parses a category a clinician may decide (Emergent, Urgent, Elective; case-insensitive), else null.</summary>
    public static TriageCategory? ParseCategory(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "EMERGENT" => TriageCategory.Emergent,
        "URGENT" => TriageCategory.Urgent,
        "ELECTIVE" => TriageCategory.Elective,
        _ => null,
    };

    /// <summary>Parses a disposition a clinician may decide (proceed, postpone; case-insensitive), else null.</summary>
    public static Disposition? ParseDisposition(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "PROCEED" => Disposition.Proceed,
        "POSTPONE" => Disposition.Postpone,
        _ => null,
    };

    /// <summary>Whether a text is a referral id of the contract (1-64 of A-Z a-z 0-9 - _ .).</summary>
    public static bool IsReferralId(string? text) =>
        text is { Length: > 0 and <= 64 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static ReviewError? Check(DecisionRequest request)
    {
        if (!IsReferralId(request.ReferralId))
        {
            return new("referralId", "The referral id is 1-64 of A-Z a-z 0-9 - _ .");
        }

        if (request.Sequence < 0)
        {
            return new("sequence", "The sequence is a whole number, 0 or more: the sequence of the result that was reviewed.");
        }

        var by = request.By?.Trim() ?? string.Empty;
        if (by.Length is 0 or > MaxByLength || by.Any(char.IsControl))
        {
            return new("by", $"Who decides is 1-{MaxByLength} characters, with no control characters.");
        }

        var reason = request.Reason?.Trim() ?? string.Empty;
        if (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return new("reason", $"The reason is at most {MaxReasonLength} characters, with no control characters.");
        }

        if (request.Confirm)
        {
            return request.Category is not null || request.Disposition is not null
                ? new("decision", "A confirm takes no category or disposition: confirm, or override with a category and/or a disposition.")
                : null;
        }

        if (request.Category is null && request.Disposition is null)
        {
            return new("decision", "Confirm the result, or override it with a category and/or a disposition.");
        }

        if (request.Category is not null && ParseCategory(request.Category) is null)
        {
            return new("category", "The category is Emergent, Urgent or Elective.");
        }

        if (request.Disposition is not null && ParseDisposition(request.Disposition) is null)
        {
            return new("disposition", "The disposition is proceed or postpone.");
        }

        return reason.Length == 0 ? new("reason", "An override needs a reason.") : null;
    }

    private static ReviewError? Stale(DecisionRequest request, long current) =>
        request.Sequence == current ? null
        : request.Sequence < current
            ? new("sequence", $"Referral {request.ReferralId} is at sequence {current} now (a newer message arrived after sequence {request.Sequence}): review the current result.")
            : new("sequence", $"Referral {request.ReferralId} has no sequence {request.Sequence}: its current sequence is {current}.");

    private static DecisionResult Refused(string field, string message) => new(null, new ReviewError(field, message));
}
