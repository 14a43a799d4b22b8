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
    private static bool IsOperation(ReadOnlySpan<char> word) => word is "laminectomy" or "laminotomy" or "laminoplasty" or "discectomy"
        or "microdiscectomy" or "decompression" or "fusion" or "arthrodesis" or "tlif" or "plif" or "alif" or "xlif" or "olif" or "llif" or "acdf"
        or "acdr" or "corpectomy" or "foraminotomy" or "fixation" or "instrumentation" or "instrumented" or "stabilisation" or "stabilization"
        or "osteotomy" or "arthroplasty" or "debridement" or "washout" or "excision" or "resection" or "revision" or "evacuation" or "exploration"
        or "drainage";

    private static bool IsInjection(ReadOnlySpan<char> word) => word is "injection" or "injections" or "esi" or "tfesi" or "ilesi" or "cesi"
        or "block" or "blocks" or "mbb" or "rfa" or "radiofrequency" or "rhizotomy" or "rhizolysis" or "denervation" or "neurotomy" or "caudal"
        or "steroid" or "siji";

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
        Span<char> word = stackalloc char[16];
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
                // Words are compared in lower case; none of them is longer than 16 letters.
                if (i - start <= 16)
                {
                    var length = span[start..i].ToLowerInvariant(word);
                    operation |= IsOperation(word[..length]);
                    injection |= IsInjection(word[..length]);
                }

                start = -1;
            }
        }

        return (operation, injection);
    }
}
