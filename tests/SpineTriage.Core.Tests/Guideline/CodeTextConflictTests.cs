using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>A code that names a finding the text calls absent or past cannot decide alone; a sequela code agrees with such a text.</summary>
public sealed class CodeTextConflictTests
{
    private const string AbsentOrPast = "but the text describes it as absent or past: the code cannot decide alone, clinician review";

    [Theory]
    [InlineData("G83.4", "History of cauda equina syndrome, decompressed in 2015, full recovery.", true)]
    [InlineData("S13.4XXA", "Rear-ended at the lights yesterday. CT cervical spine: no fracture.", true)]
    [InlineData("S22.080A", "CT thoracic spine: no fracture.", true)]
    // The seventh character S is a sequela: the code itself says the injury is past.
    [InlineData("S13.4XXS", "Neck pain since a whiplash injury in 2024. CT cervical spine: no fracture.", false)]
    [InlineData("S22.080S", "Wedge fracture of T8 in 2019, healed; CT thoracic spine: no fracture now.", false)]
    public void Classify_CodeTheTextCallsAbsentOrPast_IsAConflictUnlessTheCodeIsASequela(string code, string notes, bool conflict)
    {
        var result = ReferralBuilder.Valid().WithDeficit(DeficitSeverity.None, DeficitTrend.Stable)
            .WithDiagnoses(code).WithNotes(notes).Classify();

        Assert.Equal(conflict, result.Reasons.Any(r => r.StartsWith($"Conflict: diagnosis {code}", StringComparison.Ordinal)
            && r.EndsWith(AbsentOrPast, StringComparison.Ordinal)));
    }
}
