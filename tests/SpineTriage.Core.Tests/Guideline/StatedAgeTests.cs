using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Guideline;
using SpineTriage.Core.Tests.Builders;

namespace SpineTriage.Core.Tests.Guideline;

/// <summary>The age the notes state, and its conflict with patient.ageYears.</summary>
public sealed class StatedAgeTests
{
    [Theory]
    [InlineData("67yo retired farmer, neurogenic claudication 100m.", 67)]
    [InlineData("Pt is a 67 y/o M with LBP.", 67)]
    [InlineData("This 54-year-old woman has sciatica.", 54)]
    [InlineData("Spine f/u. 42M 2 yrs post T12-L2 fixation.", 42)]
    [InlineData("GP. 66F. PMH breast ca 2014.", 66)]
    [InlineData("Aged 81, lives alone.", 81)]
    [InlineData("Age: 39. LBP 6/52.", 39)]
    [InlineData("71 yr old with discitis.", 71)]
    [InlineData("Retention, 14F catheter placed, 900 ml drained.", null)]
    [InlineData("Abstinent 10 yrs, not on OST.", null)]
    [InlineData("Stage 2 ca, average 5 drinks.", null)]
    [InlineData("EHL 4/5, L5/S1 disc.", null)]
    [InlineData("Young man with sciatica.", null)]
    [InlineData("Claudication 150m. PMH: polio aged 4, L leg wasted.", null)]
    [InlineData("Scoliosis since she was 12 years old.", null)]
    [InlineData("She lives alone with a 4 year old and is struggling to cope.", null)]
    [InlineData("Carer for her 6-year-old; 38F with sciatica.", 38)]
    [InlineData("Referral for a 54-year-old with sciatica.", 54)]
    [InlineData("", null)]
    public void InText_StatesTheFirstAge(string notes, int? expected)
    {
        Assert.Equal(expected, StatedAge.InText(notes));
    }

    [Property]
    public Property InText_ReadsAnyAgeInEveryUsualForm()
    {
        var forms = Gen.Elements("{0}yo", "{0} y/o", "a {0}-year-old", "{0} years old", "Aged {0}", "{0}M", "{0}F");
        return Prop.ForAll(Gen.Choose(1, 110).ToArbitrary(), forms.ToArbitrary(), (age, form) =>
            StatedAge.InText("Referral. " + string.Format(System.Globalization.CultureInfo.InvariantCulture, form, age) + ", LBP 6/12.") == age);
    }

    [Fact]
    public void Classify_NotesStateAnotherAge_IsAConflictForReview()
    {
        var result = ReferralBuilder.Valid().WithPatient(17).WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Degenerative)
            .WithNotes("67yo retired farmer, neurogenic claudication 100m, failed conservative Rx. Neuro exam normal.").Classify();

        Assert.True(result.NeedsReview);
        Assert.Contains("Conflict: patient.ageYears is 17 but the notes give the age as 67 (the age decides the COVID-19 risk): clinician review", result.Reasons);
    }

    [Theory]
    [InlineData(67)]
    [InlineData(68)]
    public void Classify_NotesStateTheSameAge_IsNoConflict(int ageYears)
    {
        var result = ReferralBuilder.Valid().WithPatient(ageYears).WithDeficit(DeficitSeverity.None, DeficitTrend.Stable).WithCause(Cause.Degenerative)
            .WithNotes("67yo retired farmer, neurogenic claudication 100m. Neuro exam normal.").Classify();

        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("Conflict", StringComparison.Ordinal));
    }
}
