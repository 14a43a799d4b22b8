using System.Text.Json.Nodes;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Validation;

namespace SpineTriage.Core.Tests.Validation;

/// <summary>
/// Every contract error of notes/rules.md, through <see cref="ReferralReader"/> (JSON in, errors
/// out) and <see cref="ReferralValidator"/>: each names its field with a dotted path and a stable
/// code, all are reported at once, and none echoes the bad value.
/// </summary>
public sealed class ReferralValidatorTests
{
    private const string Canary = "CANARY7f3a";

    private static ReferralReadResult ReadWith(string path, JsonNode? value) =>
        ReferralReader.Read(ReferralBuilder.Valid().BuildJsonObject().Set(path, value).ToBytes());

    private static ReferralReadResult ReadWithDiagnosis(string path, JsonNode? value) =>
        ReferralReader.Read(ReferralBuilder.Valid().WithDiagnoses("M47.12").BuildJsonObject().Set(path, value).ToBytes());

    private static ReferralReadResult ReadWithout(string path) =>
        ReferralReader.Read(ReferralBuilder.Valid().BuildJsonObject().Without(path).ToBytes());

    private static ValidationError SingleError(ReferralReadResult result)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Referral);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Read_DefaultBuilder_IsValid()
    {
        var result = ReferralReader.Read(ReferralBuilder.Valid().BuildJson());

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Empty(result.Errors);
        Assert.Equal(ReferralBuilder.DefaultReferralId, result.ReferralId);
    }

    [Fact]
    public void Read_DesignExample_IsValid()
    {
        var json = """
            {
              "schemaVersion": 1, "referralId": "REF-2026-000123", "sequence": 0, "receivedAt": "2026-11-20T09:15:00Z",
              "region": "north-east", "facility": "st-mary",
              "patient": { "ref": "p-8f3a", "ageYears": 67, "covidRiskFactors": ["age65plus", "immunocompromised"], "covidStatus": "negative" },
              "procedure": { "kind": "surgery", "description": "C4-C6 laminoplasty", "setting": "inpatient" },
              "diagnoses": [ { "system": "ICD-10-CM", "code": "M47.12" } ],
              "findings": {
                "neurologicDeficit": { "severity": "significant", "trend": "stable" }, "cause": "degenerative",
                "myelopathy": { "level": "cervical", "recentProgression": true }, "instability": { "riskOfNeurologicInjury": true },
                "infection": { "kind": "epiduralAbscess", "requiresDecompression": false, "failedMedicalManagement": true },
                "pain": { "intractable": true, "edPresentation": true, "severeFunctionalLimitation": false, "excessiveOpioidUse": false, "failedNonProceduralCare": true },
                "deformityCorrection": false, "symptomaticHardware": false, "pseudarthrosis": false
              },
              "notes": "free text from the referring clinician",
              "unknownProperty": { "is": ["ignored"] }
            }
            """u8;

        var result = ReferralReader.Read(json);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(CovidRiskFactor.Immunocompromised, result.Referral!.Patient!.CovidRiskFactors![1]);
        Assert.Equal(DeficitSeverity.Significant, result.Referral.Findings!.NeurologicDeficit!.Severity);
    }

    [Theory]
    [InlineData("schemaVersion")]
    [InlineData("referralId")]
    [InlineData("receivedAt")]
    [InlineData("region")]
    public void Read_RequiredFieldMissing_IsRequiredError(string field)
    {
        var error = SingleError(ReadWithout(field));

        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Required, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schemaVersion")]
    [InlineData("referralId")]
    [InlineData("receivedAt")]
    [InlineData("region")]
    public void Read_RequiredFieldNull_IsRequiredError(string field)
    {
        var error = SingleError(ReadWith(field, null));

        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Required, error.Code);
    }

    [Theory]
    [InlineData("sequence")]
    [InlineData("facility")]
    [InlineData("notes")]
    [InlineData("patient")]
    [InlineData("procedure")]
    [InlineData("diagnoses")]
    [InlineData("findings")]
    [InlineData("patient.ageYears")]
    [InlineData("patient.covidRiskFactors")]
    [InlineData("patient.covidStatus")]
    [InlineData("patient.ref")]
    [InlineData("procedure.kind")]
    [InlineData("procedure.setting")]
    [InlineData("procedure.description")]
    [InlineData("diagnoses[0].system")]
    [InlineData("findings.neurologicDeficit")]
    [InlineData("findings.neurologicDeficit.severity")]
    [InlineData("findings.neurologicDeficit.trend")]
    [InlineData("findings.cause")]
    [InlineData("findings.myelopathy.level")]
    [InlineData("findings.myelopathy.recentProgression")]
    [InlineData("findings.instability.riskOfNeurologicInjury")]
    [InlineData("findings.infection.kind")]
    [InlineData("findings.infection.requiresDecompression")]
    [InlineData("findings.infection.failedMedicalManagement")]
    [InlineData("findings.pain.intractable")]
    [InlineData("findings.pain.failedNonProceduralCare")]
    [InlineData("findings.deformityCorrection")]
    [InlineData("findings.symptomaticHardware")]
    [InlineData("findings.pseudarthrosis")]
    public void Read_OptionalFieldNull_IsAbsentAndValid(string field)
    {
        var json = ReferralBuilder.Valid().WithDiagnoses("M47.12").BuildJsonObject().Set(field, null);

        var result = ReferralReader.Read(json.ToBytes());

        Assert.True(result.IsValid, result.ErrorMessage);
    }

    [Theory]
    [InlineData("referralId", "")]
    [InlineData("referralId", "REF 1")]
    [InlineData("referralId", "REF/1")]
    [InlineData("referralId", "RÉF-1")]
    [InlineData("referralId", "REF-1\n")]
    [InlineData("region", "")]
    [InlineData("region", "North-East")]
    [InlineData("region", "north_east")]
    [InlineData("region", "north east")]
    [InlineData("region", "north.east")]
    [InlineData("receivedAt", "2026-11-20T09:15:00")]
    [InlineData("receivedAt", "not a date")]
    [InlineData("receivedAt", "2026-02-30T09:15:00Z")]
    [InlineData("receivedAt", "2026-11-20")]
    [InlineData("receivedAt", "2026-11-20 09:15:00Z")]
    [InlineData("receivedAt", "")]
    [InlineData("diagnoses[0].code", "")]
    [InlineData("diagnoses[0].code", "M4")]
    [InlineData("diagnoses[0].code", "4712")]
    [InlineData("diagnoses[0].code", "MM7.12")]
    [InlineData("diagnoses[0].code", "M47.")]
    [InlineData("diagnoses[0].code", "M47.12345")]
    [InlineData("diagnoses[0].code", "M47..12")]
    [InlineData("diagnoses[0].code", "M47-12")]
    [InlineData("diagnoses[0].code", " M47.12")]
    public void Read_PatternViolated_IsPatternErrorNamingTheField(string field, string value)
    {
        var error = SingleError(ReadWith(field, value));

        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Pattern, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("referralId", 64, true)]
    [InlineData("referralId", 65, false)]
    [InlineData("region", 64, true)]
    [InlineData("region", 65, false)]
    public void Read_IdAndRegionLength_Is1To64(string field, int length, bool valid)
    {
        var result = ReadWith(field, new string('a', length));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(field, SingleError(result).Field);
        }
    }

    [Theory]
    [InlineData("referralId", "A")]
    [InlineData("referralId", "Az09-_.")]
    [InlineData("region", "a")]
    [InlineData("region", "north-east-2")]
    [InlineData("diagnoses[0].code", "M47")]
    [InlineData("diagnoses[0].code", "m47.12")]
    [InlineData("diagnoses[0].code", "M4712")]
    [InlineData("diagnoses[0].code", "T84.63XA")]
    [InlineData("diagnoses[0].code", "t8463xa")]
    [InlineData("diagnoses[0].code", "M47.1")]
    public void Read_PatternKept_IsValid(string field, string value)
    {
        var result = ReadWith(field, value);

        Assert.True(result.IsValid, result.ErrorMessage);
    }

    [Theory]
    [InlineData("patient.covidStatus")]
    [InlineData("procedure.kind")]
    [InlineData("procedure.setting")]
    [InlineData("findings.neurologicDeficit.severity")]
    [InlineData("findings.neurologicDeficit.trend")]
    [InlineData("findings.cause")]
    [InlineData("findings.myelopathy.level")]
    [InlineData("findings.infection.kind")]
    [InlineData("patient.covidRiskFactors[0]")]
    [InlineData("patient.covidRiskFactors[2]")]
    public void Read_ValueOutsideEnumeration_IsEnumErrorNamingTheField(string field)
    {
        var json = ReferralBuilder.Valid()
            .WithPatient(40, CovidStatus.Negative, CovidRiskFactor.Diabetes, CovidRiskFactor.Obesity, CovidRiskFactor.Immunocompromised)
            .BuildJsonObject()
            .Set(field, "bogus");

        var error = SingleError(ReferralReader.Read(json.ToBytes()));

        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Enumeration, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("patient.covidStatus", "Negative")]      // names are case-sensitive camelCase
    [InlineData("findings.cause", "disc_herniation")]
    [InlineData("findings.cause", "DiscHerniation")]
    [InlineData("findings.infection.kind", "")]
    [InlineData("patient.covidRiskFactors[0]", "Age65Plus")]
    [InlineData("findings.neurologicDeficit.severity", "Unrecognized")]
    [InlineData("findings.neurologicDeficit.severity", "unrecognized")]
    public void Read_EnumerationNearMiss_IsEnumError(string field, string value)
    {
        var error = SingleError(ReadWith(field, value));

        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Enumeration, error.Code);
    }

    public static TheoryData<string, string> EveryEnumerationValue()
    {
        var data = new TheoryData<string, string>();
        void AddAll<TEnum>(string field)
            where TEnum : struct, Enum
        {
            foreach (var name in ContractNames<TEnum>.Names)
            {
                data.Add(field, name);
            }
        }

        AddAll<CovidStatus>("patient.covidStatus");
        AddAll<CovidRiskFactor>("patient.covidRiskFactors[0]");
        AddAll<ProcedureKind>("procedure.kind");
        AddAll<ProcedureSetting>("procedure.setting");
        AddAll<DeficitSeverity>("findings.neurologicDeficit.severity");
        AddAll<DeficitTrend>("findings.neurologicDeficit.trend");
        AddAll<Cause>("findings.cause");
        AddAll<MyelopathyLevel>("findings.myelopathy.level");
        AddAll<InfectionKind>("findings.infection.kind");
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEnumerationValue))]
    public void Read_EveryEnumerationValue_IsValid(string field, string value)
    {
        Assert.True(ReadWith(field, value).IsValid);
    }

    [Fact]
    public void ContractNames_AreExactlyTheDesignsEnumerations()
    {
        Assert.Equal(["none", "mild", "significant", "severe"], ContractNames<DeficitSeverity>.Names);
        Assert.Equal(["stable", "improving", "progressive"], ContractNames<DeficitTrend>.Names);
        Assert.Equal(["infection", "tumor", "fracture", "discHerniation", "degenerative", "other"], ContractNames<Cause>.Names);
        Assert.Equal(["cervical", "thoracic"], ContractNames<MyelopathyLevel>.Names);
        Assert.Equal(["epiduralAbscess", "discitis", "osteomyelitis", "postoperativeWound"], ContractNames<InfectionKind>.Names);
        Assert.Equal(["injection", "interventional", "surgery"], ContractNames<ProcedureKind>.Names);
        Assert.Equal(["inpatient", "outpatient"], ContractNames<ProcedureSetting>.Names);
        Assert.Equal(["negative", "positive", "unknown"], ContractNames<CovidStatus>.Names);
        Assert.Equal(
            ["age65plus", "immunocompromised", "chronicLungDisease", "cardiovascularDisease", "diabetes", "obesity", "chronicKidneyDisease"],
            ContractNames<CovidRiskFactor>.Names);
    }

    [Fact]
    public void Read_DiagnosisSystemOtherThanIcd10Cm_IsConstError()
    {
        var error = SingleError(ReadWithDiagnosis("diagnoses[0]", new JsonObject { ["system"] = "ICD-9-CM", ["code"] = "M47.12" }));

        Assert.Equal("diagnoses[0].system", error.Field);
        Assert.Equal(ValidationCodes.Constant, error.Code);
    }

    [Theory]
    [InlineData("icd-10-cm")]
    [InlineData("ICD10CM")]
    [InlineData("")]
    public void Read_DiagnosisSystemSpelledDifferently_IsConstError(string system)
    {
        var error = SingleError(ReadWithDiagnosis("diagnoses[1]", new JsonObject { ["system"] = system, ["code"] = "M47.12" }));

        Assert.Equal("diagnoses[1].system", error.Field);
    }

    [Fact]
    public void Read_DiagnosisWithoutSystem_IsValid()
    {
        Assert.True(ReadWith("diagnoses[0]", new JsonObject { ["code"] = "M47.12" }).IsValid);
    }

    [Fact]
    public void Read_DiagnosisWithoutCode_IsRequiredError()
    {
        var error = SingleError(ReadWithDiagnosis("diagnoses[1]", new JsonObject { ["system"] = "ICD-10-CM" }));

        Assert.Equal("diagnoses[1].code", error.Field);
        Assert.Equal(ValidationCodes.Required, error.Code);
    }

    [Fact]
    public void Read_NullDiagnosis_IsErrorNamingTheItem()
    {
        var json = ReferralBuilder.Valid().WithDiagnoses("M47.12").BuildJsonObject().Set("diagnoses[1]", null);

        var error = SingleError(ReferralReader.Read(json.ToBytes()));

        Assert.Equal("diagnoses[1]", error.Field);
    }

    [Fact]
    public void Read_EmptyDiagnosesAndEmptyObjects_AreValid()
    {
        var json = ReferralBuilder.Valid().BuildJsonObject()
            .Set("diagnoses", new JsonArray())
            .Set("patient", new JsonObject())
            .Set("procedure", new JsonObject())
            .Set("findings", new JsonObject { ["pain"] = new JsonObject(), ["myelopathy"] = new JsonObject() })
            .Set("patient.covidRiskFactors", new JsonArray());

        Assert.True(ReferralReader.Read(json.ToBytes()).IsValid);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(64, true)]
    [InlineData(130, true)]
    [InlineData(131, false)]
    public void Read_AgeYears_Is0To130(int age, bool valid)
    {
        var result = ReadWith("patient.ageYears", age);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            var error = SingleError(result);
            Assert.Equal("patient.ageYears", error.Field);
            Assert.Equal(ValidationCodes.Range, error.Code);
        }
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(long.MinValue, false)]
    [InlineData(0L, true)]
    [InlineData(long.MaxValue, true)]
    public void Read_Sequence_IsZeroOrMore(long sequence, bool valid)
    {
        var result = ReadWith("sequence", sequence);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            var error = SingleError(result);
            Assert.Equal("sequence", error.Field);
            Assert.Equal(ValidationCodes.Range, error.Code);
        }
    }

    [Fact]
    public void Read_SequenceBeyondInt64_IsTypeErrorNamingSequence()
    {
        var body = ReferralBuilder.Valid().BuildJsonObject().Set("sequence", 0).ToJsonString()
            .Replace("\"sequence\":0", "\"sequence\":9223372036854775808", StringComparison.Ordinal);

        var error = SingleError(ReferralReader.Read(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal("sequence", error.Field);
        Assert.Equal(ValidationCodes.Type, error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Read_SchemaVersionNotOne_IsConstError(int version)
    {
        var error = SingleError(ReadWith("schemaVersion", version));

        Assert.Equal("schemaVersion", error.Field);
        Assert.Equal(ValidationCodes.Constant, error.Code);
    }

    [Theory]
    [InlineData("2026-11-20T09:15:00Z")]
    [InlineData("2026-11-20t09:15:00z")]
    [InlineData("2026-11-20T09:15:00+01:00")]
    [InlineData("2026-11-20T09:15:00-05:30")]
    [InlineData("2026-11-20T09:15:00.1234567Z")]
    [InlineData("2028-02-29T23:59:59Z")]
    public void Read_ReceivedAtWithOffset_IsValid(string receivedAt)
    {
        var result = ReadWith("receivedAt", receivedAt);

        Assert.True(result.IsValid, result.ErrorMessage);
    }

    [Fact]
    public void Read_ReceivedAtLowercase_KeepsTheInstant()
    {
        var result = ReadWith("receivedAt", "2026-11-20t09:15:00+02:00");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 15, 0, TimeSpan.FromHours(2)), result.Referral!.ReceivedAt);
    }

    [Fact]
    public void Read_MessageWithFiveErrors_ReportsAllFiveEachNamingItsField()
    {
        var json = ReferralBuilder.Valid().WithDiagnoses("M47.12").BuildJsonObject()
            .Set("schemaVersion", 2)
            .Set("region", "North East")
            .Set("patient.ageYears", 200)
            .Set("findings.cause", "bogus")
            .Set("diagnoses[0].code", "??");

        var result = ReferralReader.Read(json.ToBytes());

        Assert.False(result.IsValid);
        Assert.Equal(
            ["diagnoses[0].code", "findings.cause", "patient.ageYears", "region", "schemaVersion"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        foreach (var error in result.Errors)
        {
            Assert.Contains(error.Field, error.Message, StringComparison.Ordinal);
            Assert.Contains(error.Field, result.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_EveryKindOfFieldErrorAtOnce_ReportsEach()
    {
        var json = ReferralBuilder.Valid().BuildJsonObject()
            .Without("receivedAt")
            .Set("referralId", "bad id")
            .Set("sequence", -1)
            .Set("patient.covidRiskFactors", new JsonArray("diabetes", "bogus"))
            .Set("patient.covidStatus", "bogus")
            .Set("procedure.kind", "bogus")
            .Set("procedure.setting", "bogus")
            .Set("diagnoses", new JsonArray(null, new JsonObject { ["system"] = "x" }))
            .Set("findings.neurologicDeficit.severity", "bogus")
            .Set("findings.neurologicDeficit.trend", "bogus")
            .Set("findings.myelopathy.level", "bogus")
            .Set("findings.infection.kind", "bogus");

        var result = ReferralReader.Read(json.ToBytes());

        Assert.Equal(
            new[]
            {
                "diagnoses[0]", "diagnoses[1].code", "diagnoses[1].system", "findings.infection.kind", "findings.myelopathy.level",
                "findings.neurologicDeficit.severity", "findings.neurologicDeficit.trend", "patient.covidRiskFactors[1]",
                "patient.covidStatus", "procedure.kind", "procedure.setting", "receivedAt", "referralId", "sequence",
            },
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Null(result.ReferralId); // the id is malformed
    }

    public static TheoryData<string> CanaryBodies() =>
    [
        Edit("referralId", $"{Canary} !"),
        Edit("referralId", new string('A', 60) + Canary),
        Edit("region", Canary),
        Edit("receivedAt", Canary),
        Edit("receivedAt", $"2026-11-20T09:15:00{Canary}"),
        Edit("patient.covidStatus", Canary),
        Edit("patient.covidRiskFactors[0]", Canary),
        Edit("procedure.kind", Canary),
        Edit("procedure.setting", Canary),
        Edit("diagnoses[0].system", Canary),
        Edit("diagnoses[0].code", Canary),
        Edit("findings.cause", Canary),
        Edit("findings.neurologicDeficit.severity", Canary),
        Edit("findings.neurologicDeficit.trend", Canary),
        Edit("findings.myelopathy.level", Canary),
        Edit("findings.infection.kind", Canary),
        Edit("schemaVersion", Canary),
        Edit("sequence", Canary),
        Edit("patient.ageYears", Canary),
        Edit("findings.pain.intractable", Canary),
        Edit("findings.myelopathy.recentProgression", Canary),
        Edit("diagnoses", Canary),
        Edit("patient", Canary),
        Edit("notes", new JsonArray(Canary)),
        $$"""{"schemaVersion":1,"referralId":"{{Canary}}","referralId":"{{Canary}}2"}""",
        $$"""{"schemaVersion":1,"referralId":"REF-1","notes":{{Canary}}}""",
        $$"""{"schemaVersion":1,"referralId":"REF-1","notes":"{{Canary}}""",
        $$"""["{{Canary}}"]""",
        $$"""{{Canary}}""",
    ];

    [Theory]
    [MemberData(nameof(CanaryBodies))]
    public void Read_ErrorMessages_NeverContainTheBadValue(string body)
    {
        var result = ReferralReader.Read(System.Text.Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
        foreach (var error in result.Errors)
        {
            Assert.DoesNotContain(Canary, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Canary, error.Field, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Canary, error.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(Canary, result.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_RecordWithUnrecognizedEnumValues_NamesEachField()
    {
        var message = ReferralBuilder.Valid()
            .WithPatient(30, CovidStatus.Unrecognized, CovidRiskFactor.Unrecognized)
            .WithProcedure(ProcedureKind.Unrecognized, ProcedureSetting.Unrecognized)
            .WithDeficit(DeficitSeverity.Unrecognized, DeficitTrend.Unrecognized)
            .WithCause(Cause.Unrecognized)
            .WithMyelopathy(true, MyelopathyLevel.Unrecognized)
            .WithInfection(InfectionKind.Unrecognized)
            .Build();

        var errors = ReferralValidator.Validate(message);

        Assert.All(errors, e => Assert.Equal(ValidationCodes.Enumeration, e.Code));
        Assert.Equal(
            new[]
            {
                "findings.cause", "findings.infection.kind", "findings.myelopathy.level", "findings.neurologicDeficit.severity",
                "findings.neurologicDeficit.trend", "patient.covidRiskFactors[0]", "patient.covidStatus", "procedure.kind", "procedure.setting",
            },
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_BuiltValidMessage_HasNoErrors()
    {
        var message = ReferralBuilder.Valid().WithPatient(130, CovidStatus.Unknown, CovidRiskFactor.Obesity).WithDiagnoses("m4712")
            .WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable).Build();

        Assert.Empty(ReferralValidator.Validate(message));
    }

    [Fact]
    public void Validate_UnreadableReceivedAt_IsPatternError()
    {
        var message = ReferralBuilder.Valid().Build();
        message.ReceivedAt = null;
        message.ReceivedAtUnreadable = true;
        var errors = ReferralValidator.Validate(message);

        Assert.Equal("receivedAt", Assert.Single(errors).Field);
    }

    private static string Edit(string path, JsonNode? value) =>
        ReferralBuilder.Valid().WithDiagnoses("M47.12").BuildJsonObject().Set(path, value).ToJsonString();
}
