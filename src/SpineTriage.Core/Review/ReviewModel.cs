using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Review;

/// <summary>What a clinician did with a result.</summary>
public enum ReviewAction
{
    /// <summary>The machine's category and disposition stand.</summary>
    Confirm,

    /// <summary>The clinician changed the category and/or the disposition.</summary>
    Override,
}

/// <summary>
/// A clinician's recorded decision on one sequence of a referral: who, when, why, and what now
/// applies. It overrides the machine's disposition for that sequence only; a newer message is
/// triaged again by the machine.
/// </summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="Sequence">The sequence decided on (the referral's current one when it was recorded).</param>
/// <param name="Action">Confirm or override.</param>
/// <param name="Category">The category that now applies (the machine's on a confirm).</param>
/// <param name="Disposition">The disposition that now applies: proceed or postpone, never review.</param>
/// <param name="By">Who decided (the signed-in identity, or the name given on the command line).</param>
/// <param name="Reason">Why (required for an override; may be empty on a confirm).</param>
/// <param name="DecidedAt">When it was recorded.</param>
public sealed record ClinicianDecision(
    string ReferralId, long Sequence, ReviewAction Action, TriageCategory Category, Disposition Disposition, string By, string Reason, DateTimeOffset DecidedAt);

/// <summary>
/// A referral as it stands: the machine's current result, the clinician's decision on it (if any),
/// and so what applies now.
/// </summary>
/// <param name="Machine">The classifier's result for the current sequence.</param>
/// <param name="ReceivedAt">When the current message was received.</param>
/// <param name="WaitingSince">Since when it has awaited a clinician without a break (null when it does not).</param>
/// <param name="Clinician">The clinician's decision on the current sequence, if any.</param>
public sealed record ReferralCase(TriageResult Machine, DateTimeOffset ReceivedAt, DateTimeOffset? WaitingSince, ClinicianDecision? Clinician)
{
    /// <summary>The category that applies now: the clinician's when decided, else the machine's.</summary>
    public TriageCategory Category => Clinician?.Category ?? Machine.Category;

    /// <summary>The disposition that applies now: the clinician's when decided, else the machine's.</summary>
    public Disposition Disposition => Clinician?.Disposition ?? Machine.Disposition;

    /// <summary>Whether the machine's result needs a clinician (disposition review, or needsReview).</summary>
    public bool MachineNeedsClinician => NeedsClinician(Machine);

    /// <summary>Whether it is on the worklist: the result needs a clinician and none has decided on this sequence.</summary>
    public bool AwaitsClinician => Clinician is null && MachineNeedsClinician;

    /// <summary>Whether a result needs a clinician: its disposition is review, or it carries needsReview.</summary>
    public static bool NeedsClinician(TriageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.NeedsReview || result.Disposition == Disposition.Review;
    }
}

/// <summary>One referral on a region's worklist: what the machine decided and why, and since when it has waited.</summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="Sequence">The sequence a decision must name.</param>
/// <param name="Region">The region.</param>
/// <param name="Category">The machine's category.</param>
/// <param name="Disposition">The machine's disposition.</param>
/// <param name="Criteria">The matched criterion ids.</param>
/// <param name="Reasons">The machine's reasons (rule and concept names, never the referral's text).</param>
/// <param name="WaitingSince">Since when it has awaited a clinician without a break.</param>
public sealed record WorklistItem(
    string ReferralId, long Sequence, string Region, TriageCategory Category, Disposition Disposition,
    IReadOnlyList<string> Criteria, IReadOnlyList<string> Reasons, DateTimeOffset WaitingSince);

/// <summary>What kind of entry a referral's audit trail holds.</summary>
public enum TrailEntryKind
{
    /// <summary>The machine triaged a message.</summary>
    Machine,

    /// <summary>A clinician decided.</summary>
    Clinician,
}

/// <summary>
/// One entry of a referral's append-only audit trail, in the order recorded: a machine decision
/// (with the message as received) or a clinician's decision. Never updated, never deleted.
/// </summary>
/// <param name="Index">Its position in the trail (0 first).</param>
/// <param name="Kind">Machine or clinician.</param>
/// <param name="Sequence">The sequence it is about.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="Machine">The machine's result (machine entries).</param>
/// <param name="BecameCurrent">Machine entries: whether the result became the current one (false: a higher sequence was already stored).</param>
/// <param name="Message">Machine entries: the message exactly as received (UTF-8 JSON).</param>
/// <param name="Clinician">The clinician's decision (clinician entries).</param>
public sealed record TrailEntry(
    long Index, TrailEntryKind Kind, long Sequence, DateTimeOffset RecordedAt, TriageResult? Machine, bool BecameCurrent,
    ReadOnlyMemory<byte> Message, ClinicianDecision? Clinician);

/// <summary>What recording a clinician's decision did.</summary>
public enum DecisionOutcome
{
    /// <summary>Recorded: it applies now and is in the trail.</summary>
    Recorded,

    /// <summary>No referral has that id.</summary>
    UnknownReferral,

    /// <summary>The referral's current sequence is another one (a newer message arrived): nothing recorded.</summary>
    StaleSequence,
}

/// <summary>The answer to recording a decision.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="CurrentSequence">The referral's current sequence (when it exists).</param>
public sealed record DecisionReceipt(DecisionOutcome Outcome, long? CurrentSequence);
