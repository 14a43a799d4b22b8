using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Tests.Builders;

/// <summary>A generated referral; prints as its JSON so a failing property shows the input.</summary>
public sealed record GeneratedReferral(ReferralMessage Message)
{
    public override string ToString() => Encoding.UTF8.GetString(ReferralBuilder.ToJson(Message));
}

/// <summary>A generated referral and one finding that it does not report, set to some value.</summary>
public sealed record ReferralWithAddedFinding(ReferralMessage Before, ReferralMessage After, string Change)
{
    public override string ToString() =>
        $"{Change} added to {Encoding.UTF8.GetString(ReferralBuilder.ToJson(Before))}";
}

/// <summary>
/// FsCheck generators of arbitrary valid v1 referrals, built from the contract's enumerations,
/// booleans and "not reported" (null), codes from the mapping table in several spellings plus
/// unmapped ones, and notes with and without (negated) red flags.
/// </summary>
public static class ReferralGenerators
{
    private static readonly string[] Codes =
    [
        // one or more per family of the mapping table, in different spellings
        "G83.4", "g834", "G95.20", "S12.000A", "S22.050A", "S32.010A", "M84.58XA", "M84.68XA", "C41.2", "C79.51", "D16.6",
        "G06.1", "T81.41XA", "T84.63XA", "M47.12", "m4712", "M50.00", "M51.06", "M46.26", "M46.36", "M46.46", "M48.56XA",
        "M80.08XA", "M48.062", "M43.16", "M50.11", "M51.16", "M50.23", "M51.26", "M54.16", "M50.30", "M51.36", "M40.204",
        "M41.26", "M96.0", "T84.226A", "S14.121A", "s343xxa", "C72.0", "D33.4", "R33.9", "R32", "R15.9", "N31.9",
        "M47.22", "M4722", "M47.816", "M53.2X6", "M99.23", "G06.2", "T84.7XXA", "M84.48XA", "M46.56", "M54.5",
        // unmapped, some of them near misses or spine-relevant without a row
        "J18.9", "M80.00XA", "S22.1XXA", "R51", "Z00.00", "E11.9", "T84.610A", "S13.4XXA", "M46.1",
    ];

    private static readonly string[] Notes =
    [
        "Chronic low back pain for two years.",
        "New urinary retention since Friday.",
        "Denies saddle anaesthesia. No bowel incontinence.",
        "No fever, but cauda equina syndrome suspected.",
        "Rapidly progressive weakness of both legs",
        "Patient negative for urinary retention; foot drop on the left.",
        "",
    ];

    private static readonly string IdChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    private static readonly string RegionChars = "abcdefghijklmnopqrstuvwxyz0123456789-";

    public static Gen<T?> Unreported<T>(params T[] values)
        where T : struct =>
        Gen.Elements(values.Select(v => (T?)v).Append(null).ToArray());

    public static Gen<T?> ValueOf<T>()
        where T : struct, Enum =>
        Unreported(Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).ToArray());

    public static Gen<bool?> Flag { get; } = Gen.Elements<bool?>(true, false, null);

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (3, gen.Select(v => (T?)v)));

    private static Gen<string> StringOf(string chars, int maxLength) =>
        from length in Gen.Choose(1, maxLength)
        from picked in Gen.ArrayOf(Gen.Elements(chars.ToCharArray()), length)
        select new string(picked);

    public static Gen<NeurologicDeficit> Deficit { get; } =
        from severity in ValueOf<DeficitSeverity>()
        from trend in ValueOf<DeficitTrend>()
        select new NeurologicDeficit { Severity = severity, Trend = trend };

    public static Gen<Myelopathy> MyelopathyGen { get; } =
        from level in ValueOf<MyelopathyLevel>()
        from progression in Flag
        select new Myelopathy { Level = level, RecentProgression = progression };

    public static Gen<Infection> InfectionGen { get; } =
        from kind in ValueOf<InfectionKind>()
        from decompression in Flag
        from failed in Flag
        select new Infection { Kind = kind, RequiresDecompression = decompression, FailedMedicalManagement = failed };

    public static Gen<Pain> PainGen { get; } =
        from intractable in Flag
        from ed in Flag
        from functional in Flag
        from opioid in Flag
        from failed in Flag
        select new Pain
        {
            Intractable = intractable, EdPresentation = ed, SevereFunctionalLimitation = functional,
            ExcessiveOpioidUse = opioid, FailedNonProceduralCare = failed,
        };

    public static Gen<Findings> FindingsGen { get; } =
        from deficit in Maybe(Deficit)
        from cause in ValueOf<Cause>()
        from myelopathy in Maybe(MyelopathyGen)
        from instability in Maybe(Flag.Select(f => new Instability { RiskOfNeurologicInjury = f }))
        from infection in Maybe(InfectionGen)
        from pain in Maybe(PainGen)
        from deformity in Flag
        from hardware in Flag
        from pseudarthrosis in Flag
        select new Findings
        {
            NeurologicDeficit = deficit, Cause = cause, Myelopathy = myelopathy, Instability = instability,
            Infection = infection, Pain = pain, DeformityCorrection = deformity, SymptomaticHardware = hardware,
            Pseudarthrosis = pseudarthrosis,
        };

    public static Gen<Patient> PatientGen { get; } =
        from age in Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(0, 130).Select(a => (int?)a)))
        from status in ValueOf<CovidStatus>()
        from factors in Maybe(Gen.SubListOf(Enum.GetValues<CovidRiskFactor>().Where(f => f != CovidRiskFactor.Unrecognized).ToArray())
            .Select(l => (IReadOnlyList<CovidRiskFactor>)[.. l]))
        from patientRef in Gen.Elements<string?>("p-8f3a", null)
        select new Patient { AgeYears = age, CovidStatus = status, CovidRiskFactors = factors, Ref = patientRef };

    public static Gen<Procedure> ProcedureGen { get; } =
        from kind in ValueOf<ProcedureKind>()
        from setting in ValueOf<ProcedureSetting>()
        from description in Gen.Elements<string?>("L4-L5 decompression", null)
        select new Procedure { Kind = kind, Setting = setting, Description = description };

    public static Gen<Diagnosis> DiagnosisGen { get; } =
        from code in Gen.Elements(Codes)
        from system in Gen.Elements<string?>("ICD-10-CM", null)
        select new Diagnosis { System = system, Code = code };

    public static Gen<DateTimeOffset> ReceivedAtGen { get; } =
        from seconds in Gen.Choose(0, int.MaxValue)
        from fraction in Gen.Elements(0L, 1L, 1_234_567L, 5_000_000L)
        from offsetMinutes in Gen.Elements(0, 60, -300, 330, 840, -840)
        select new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(offsetMinutes)).AddSeconds(seconds).AddTicks(fraction);

    public static Gen<ReferralMessage> Referral { get; } =
        from id in Gen.OneOf(Gen.Constant("REF-2026-000123"), StringOf(IdChars, 64))
        from region in Gen.OneOf(Gen.Constant("north-east"), StringOf(RegionChars, 64))
        from sequence in Gen.Frequency((1, Gen.Constant<long?>(null)), (3, Gen.Choose(0, int.MaxValue).Select(s => (long?)s)), (1, Gen.Constant<long?>(long.MaxValue)))
        from receivedAt in ReceivedAtGen
        from facility in Gen.Elements<string?>("st-mary", null)
        from patient in Maybe(PatientGen)
        from procedure in Maybe(ProcedureGen)
        from diagnoses in Maybe(Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(DiagnosisGen, n)))
        from findings in Maybe(FindingsGen)
        from notes in Maybe(Gen.Elements(Notes))
        select new ReferralMessage
        {
            SchemaVersion = 1,
            ReferralId = id,
            Sequence = sequence,
            ReceivedAt = receivedAt,
            Region = region,
            Facility = facility,
            Patient = patient,
            Procedure = procedure,
            Diagnoses = diagnoses is null ? null : [.. diagnoses],
            Findings = findings,
            Notes = notes,
        };

    public static Arbitrary<GeneratedReferral> Referrals() => Referral.Select(r => new GeneratedReferral(r)).ToArbitrary();

    /// <summary>One way of reporting a finding: whether the referral leaves it unreported, and the values it can take.</summary>
    private sealed record FindingSlot(string Name, Func<Findings, bool> IsUnreported, Gen<(string Value, Func<Findings, Findings> Set)> Setter);

    private static Gen<(string, Func<Findings, Findings>)> Values<T>(Func<Findings, T, Findings> set, params T[] values) =>
        Gen.Elements(values).Select(v => ($"{v}", (Func<Findings, Findings>)(f => set(f, v))));

    private static T[] All<T>()
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)];

    private static readonly FindingSlot[] Slots =
    [
        new("neurologicDeficit.severity", f => f.NeurologicDeficit?.Severity is null,
            Values<DeficitSeverity>((f, v) => f with { NeurologicDeficit = (f.NeurologicDeficit ?? new()) with { Severity = v } }, All<DeficitSeverity>())),
        new("neurologicDeficit.trend", f => f.NeurologicDeficit?.Trend is null,
            Values<DeficitTrend>((f, v) => f with { NeurologicDeficit = (f.NeurologicDeficit ?? new()) with { Trend = v } }, All<DeficitTrend>())),
        new("cause", f => f.Cause is null, Values<Cause>((f, v) => f with { Cause = v }, All<Cause>())),
        new("myelopathy.level", f => f.Myelopathy?.Level is null,
            Values<MyelopathyLevel>((f, v) => f with { Myelopathy = (f.Myelopathy ?? new()) with { Level = v } }, All<MyelopathyLevel>())),
        new("myelopathy.recentProgression", f => f.Myelopathy?.RecentProgression is null,
            Values<bool>((f, v) => f with { Myelopathy = (f.Myelopathy ?? new()) with { RecentProgression = v } }, true, false)),
        new("instability.riskOfNeurologicInjury", f => f.Instability?.RiskOfNeurologicInjury is null,
            Values<bool>((f, v) => f with { Instability = new Instability { RiskOfNeurologicInjury = v } }, true, false)),
        new("infection.kind", f => f.Infection?.Kind is null,
            Values<InfectionKind>((f, v) => f with { Infection = (f.Infection ?? new()) with { Kind = v } }, All<InfectionKind>())),
        new("infection.requiresDecompression", f => f.Infection?.RequiresDecompression is null,
            Values<bool>((f, v) => f with { Infection = (f.Infection ?? new()) with { RequiresDecompression = v } }, true, false)),
        new("infection.failedMedicalManagement", f => f.Infection?.FailedMedicalManagement is null,
            Values<bool>((f, v) => f with { Infection = (f.Infection ?? new()) with { FailedMedicalManagement = v } }, true, false)),
        new("pain.intractable", f => f.Pain?.Intractable is null,
            Values<bool>((f, v) => f with { Pain = (f.Pain ?? new()) with { Intractable = v } }, true, false)),
        new("pain.edPresentation", f => f.Pain?.EdPresentation is null,
            Values<bool>((f, v) => f with { Pain = (f.Pain ?? new()) with { EdPresentation = v } }, true, false)),
        new("pain.severeFunctionalLimitation", f => f.Pain?.SevereFunctionalLimitation is null,
            Values<bool>((f, v) => f with { Pain = (f.Pain ?? new()) with { SevereFunctionalLimitation = v } }, true, false)),
        new("pain.excessiveOpioidUse", f => f.Pain?.ExcessiveOpioidUse is null,
            Values<bool>((f, v) => f with { Pain = (f.Pain ?? new()) with { ExcessiveOpioidUse = v } }, true, false)),
        new("pain.failedNonProceduralCare", f => f.Pain?.FailedNonProceduralCare is null,
            Values<bool>((f, v) => f with { Pain = (f.Pain ?? new()) with { FailedNonProceduralCare = v } }, true, false)),
        new("deformityCorrection", f => f.DeformityCorrection is null, Values<bool>((f, v) => f with { DeformityCorrection = v }, true, false)),
        new("symptomaticHardware", f => f.SymptomaticHardware is null, Values<bool>((f, v) => f with { SymptomaticHardware = v }, true, false)),
        new("pseudarthrosis", f => f.Pseudarthrosis is null, Values<bool>((f, v) => f with { Pseudarthrosis = v }, true, false)),
    ];

    /// <summary>A referral and the same referral with one of its unreported findings set (any value).</summary>
    public static Arbitrary<ReferralWithAddedFinding> ReferralsWithAddedFinding() =>
        (from referral in Referral.Where(r => Slots.Any(s => s.IsUnreported(r.Findings ?? new Findings())))
         let findings = referral.Findings ?? new Findings()
         from slot in Gen.Elements(Slots.Where(s => s.IsUnreported(findings)).ToArray())
         from change in slot.Setter
         select new ReferralWithAddedFinding(referral, referral with { Findings = change.Set(findings) }, $"findings.{slot.Name} = {change.Value}"))
        .ToArbitrary();
}
