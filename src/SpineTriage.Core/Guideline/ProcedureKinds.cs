using System.Collections.Frozen;
using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Guideline;

/// <summary>
/// The kind of procedure a description names: an operation ("L4-5 laminectomy and fusion", "C5-6 ACDF")
/// or an injection ("L5 TFESI", "facet joint injections"). A description that names only the other kind
/// than <c>procedure.kind</c> is a conflict: one of them is wrong, and the listing a clinician would act on
/// is in doubt.
/// </summary>
public static class ProcedureKinds
{
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Operations = Words(
        ["laminectomy", "laminotomy", "laminoplasty", "discectomy", "microdiscectomy", "decompression", "fusion", "arthrodesis", "tlif", "plif",
         "alif", "xlif", "olif", "llif", "acdf", "acdr", "corpectomy", "foraminotomy", "fixation", "instrumentation", "instrumented", "stabilisation",
         "stabilization", "osteotomy", "arthroplasty", "debridement", "washout", "excision", "resection", "revision", "evacuation", "exploration",
         "drainage"]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Injections = Words(
        ["injection", "injections", "esi", "tfesi", "ilesi", "cesi", "block", "blocks", "mbb", "rfa", "radiofrequency", "rhizotomy",
         "rhizolysis", "denervation", "neurotomy", "caudal", "steroid", "siji"]);

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Words(string[] words) =>
        words.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Adds a conflict when <c>procedure.kind</c> is injection and the description names only an operation, or the reverse.</summary>
    public static void AddConflict(ReferralMessage referral, TriageEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(evidence);
        if (referral.Procedure is not { Kind: ProcedureKind.Injection or ProcedureKind.Surgery, Description: { Length: > 0 } description } procedure)
        {
            return;
        }

        var (operation, injection) = Named(description);
        if (procedure.Kind == ProcedureKind.Injection && operation && !injection)
        {
            evidence.Review("Conflict: procedure.kind is \"injection\" but the procedure description names an operation: clinician review");
        }
        else if (procedure.Kind == ProcedureKind.Surgery && injection && !operation)
        {
            evidence.Review("Conflict: procedure.kind is \"surgery\" but the procedure description names an injection: clinician review");
        }
    }

    /// <summary>Whether a description names an operation, an injection, or both.</summary>
    public static (bool Operation, bool Injection) Named(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var operation = false;
        var injection = false;
        var span = description.AsSpan();
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && char.IsAsciiLetter(span[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                var word = span[start..i];
                operation |= Operations.Contains(word);
                injection |= Injections.Contains(word);
                start = -1;
            }
        }

        return (operation, injection);
    }
}
