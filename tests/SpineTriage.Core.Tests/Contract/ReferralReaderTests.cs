using System.Text;
using System.Text.Json.Nodes;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Validation;

namespace SpineTriage.Core.Tests.Contract;

/// <summary>
/// Reading a message body: size, JSON well-formedness, top-level shape, JSON types (each error
/// naming its field), duplicate properties, and the referral id of rejected messages.
/// </summary>
public sealed class ReferralReaderTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A valid message padded with notes to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] MessageOfSize(int size)
    {
        var empty = ReferralBuilder.Valid().WithNotes(string.Empty).BuildJson();
        var body = ReferralBuilder.Valid().WithNotes(new string('x', size - empty.Length)).BuildJson();
        Assert.Equal(size, body.Length);
        return body;
    }

    [Theory]
    [InlineData(ReferralReader.StorageQueueMaxBytes)]
    [InlineData(ReferralReader.ServiceBusMaxBytes)]
    public void Read_MessageOfExactlyItsTransportsLimit_IsValid(int limit)
    {
        var result = ReferralReader.Read(MessageOfSize(limit), limit);

        Assert.True(result.IsValid, result.ErrorMessage);
    }

    [Theory]
    [InlineData(ReferralReader.StorageQueueMaxBytes)]
    [InlineData(ReferralReader.ServiceBusMaxBytes)]
    public void Read_MessageOneByteOverItsTransportsLimit_IsSizeErrorNamingTheLimit(int limit)
    {
        var result = ReferralReader.Read(MessageOfSize(limit + 1), limit);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationCodes.Size, error.Code);
        Assert.Contains($"at most {limit} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithoutATransport_AppliesTheStorageQueuesLimit() =>
        Assert.Equal(ValidationCodes.Size, Assert.Single(ReferralReader.Read(MessageOfSize(ReferralReader.StorageQueueMaxBytes + 1)).Errors).Code);

    [Fact]
    public void Read_MessageOneByteOverTheLimit_IsSizeErrorWithReadableId()
    {
        var result = ReferralReader.Read(MessageOfSize(ReferralReader.StorageQueueMaxBytes + 1));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationCodes.Size, error.Code);
        Assert.Equal("$", error.Field);
        Assert.Null(result.Referral);
        Assert.Equal(ReferralBuilder.DefaultReferralId, result.ReferralId);
    }

    [Fact]
    public void Read_MultiByteCharacters_CountAsBytesNotCharacters()
    {
        // 'é' is two bytes in UTF-8: a body under the limit in characters but over it in bytes is too big.
        const int Limit = ReferralReader.StorageQueueMaxBytes;
        var empty = Encoding.UTF8.GetString(ReferralBuilder.Valid().WithNotes(string.Empty).BuildJson());
        var count = (Limit - Encoding.UTF8.GetByteCount(empty)) / 2 + 1;
        var body = Utf8(empty.Replace("\"notes\":\"\"", $"\"notes\":\"{new string('é', count)}\"", StringComparison.Ordinal));
        Assert.True(body.Length > Limit);
        Assert.True(Encoding.UTF8.GetCharCount(body) <= Limit);

        Assert.Equal(ValidationCodes.Size, Assert.Single(ReferralReader.Read(body).Errors).Code);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsIgnored()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(ReferralBuilder.Valid().BuildJson()).ToArray();

        Assert.True(ReferralReader.Read(body).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"referralId\": REF-1}")]
    [InlineData("{'referralId': 'REF-1'}")]
    [InlineData("{\"schemaVersion\": 1,}")]
    [InlineData("{\"schemaVersion\": 1 /* comment */}")]
    [InlineData("{} {}")]
    [InlineData("not json at all")]
    public void Read_NotJson_IsJsonError(string body)
    {
        var result = ReferralReader.Read(Utf8(body));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationCodes.Json, error.Code);
        Assert.Equal("$", error.Field);
        Assert.Null(result.Referral);
        Assert.Null(result.ReferralId);
    }

    [Fact]
    public void Read_InvalidUtf8_IsRejectedNotThrown()
    {
        byte[] body = [.. Utf8("{\"schemaVersion\":1,\"referralId\":\"REF-1\",\"notes\":\""), 0xC3, 0x28, .. Utf8("\"}")];

        var result = ReferralReader.Read(body);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"referralId\":\"REF-1\"}]")]
    [InlineData("42")]
    [InlineData("\"REF-1\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Read_NotAnObject_IsTypeErrorOnTheMessage(string body)
    {
        var result = ReferralReader.Read(Utf8(body));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationCodes.Type, error.Code);
        Assert.Equal("$", error.Field);
        Assert.Null(result.ReferralId);
    }

    public static TheoryData<string, string> WrongTypes() => new()
    {
        { "schemaVersion", "\"1\"" },
        { "schemaVersion", "1.5" },
        { "referralId", "123" },
        { "referralId", "[\"REF-1\"]" },
        { "sequence", "\"0\"" },
        { "sequence", "0.5" },
        { "region", "{}" },
        { "facility", "1" },
        { "notes", "[]" },
        { "patient", "\"p\"" },
        { "patient", "[]" },
        { "patient.ageYears", "\"67\"" },
        { "patient.ageYears", "67.5" },
        { "patient.ref", "1" },
        { "patient.covidRiskFactors", "\"diabetes\"" },
        { "procedure", "1" },
        { "procedure.description", "true" },
        { "diagnoses", "{}" },
        { "diagnoses", "\"M47.12\"" },
        { "diagnoses[0]", "\"M47.12\"" },
        { "diagnoses[0].code", "4712" },
        { "diagnoses[1].code", "true" },
        { "diagnoses[0].system", "10" },
        { "findings", "[]" },
        { "findings.neurologicDeficit", "\"severe\"" },
        { "findings.myelopathy.recentProgression", "\"yes\"" },
        { "findings.instability.riskOfNeurologicInjury", "1" },
        { "findings.infection.requiresDecompression", "\"true\"" },
        { "findings.infection.failedMedicalManagement", "0" },
        { "findings.pain.intractable", "\"true\"" },
        { "findings.pain.edPresentation", "1" },
        { "findings.pain.severeFunctionalLimitation", "[]" },
        { "findings.pain.excessiveOpioidUse", "{}" },
        { "findings.pain.failedNonProceduralCare", "\"no\"" },
        { "findings.deformityCorrection", "\"yes\"" },
        { "findings.symptomaticHardware", "1" },
        { "findings.pseudarthrosis", "\"false\"" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Read_WrongJsonType_NamesTheField(string field, string rawValue)
    {
        var json = ReferralBuilder.Valid().WithDiagnoses("M47.12", "M48.062").BuildJsonObject().Set(field, JsonNode.Parse(rawValue));

        var result = ReferralReader.Read(json.ToBytes());

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Type, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(field == "referralId" ? null : ReferralBuilder.DefaultReferralId, result.ReferralId);
    }

    [Theory]
    [InlineData("findings.cause", "5")]
    [InlineData("patient.covidStatus", "true")]
    [InlineData("procedure.kind", "{}")]
    [InlineData("findings.neurologicDeficit.severity", "[\"severe\"]")]
    [InlineData("patient.covidRiskFactors[0]", "1")]
    [InlineData("receivedAt", "20261120")]
    [InlineData("receivedAt", "{}")]
    public void Read_WrongJsonTypeForEnumerationOrDate_StillNamesTheField(string field, string rawValue)
    {
        var json = ReferralBuilder.Valid().BuildJsonObject().Set(field, JsonNode.Parse(rawValue));

        var error = Assert.Single(ReferralReader.Read(json.ToBytes()).Errors);

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,\"referralId\":\"REF-1\",\"referralId\":\"REF-2\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"r\"}", "referralId")]
    [InlineData("{\"schemaVersion\":1,\"schemaVersion\":1,\"referralId\":\"REF-1\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"r\"}", "schemaVersion")]
    [InlineData("{\"schemaVersion\":1,\"referralId\":\"REF-1\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"r\",\"patient\":{\"ageYears\":1,\"ageYears\":2}}", "patient.ageYears")]
    [InlineData("{\"schemaVersion\":1,\"referralId\":\"REF-1\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"r\",\"findings\":{\"pain\":{\"intractable\":true,\"intractable\":false}}}", "findings.pain.intractable")]
    [InlineData("{\"schemaVersion\":1,\"referralId\":\"REF-1\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"r\",\"diagnoses\":[{\"code\":\"M47.12\"},{\"code\":\"A00\",\"code\":\"B00\"}]}", "diagnoses[1].code")]
    [InlineData("{\"schemaVersion\":1,\"referralId\":\"REF-1\",\"receivedAt\":\"2026-11-20T09:15:00Z\",\"region\":\"r\",\"findings\":{},\"findings\":{}}", "findings")]
    public void Read_DuplicateProperty_IsErrorNamingTheField(string body, string field)
    {
        var result = ReferralReader.Read(Utf8(body));

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationCodes.Type, error.Code);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
        Assert.Equal("REF-1", result.ReferralId);
    }

    [Fact]
    public void Read_UnknownProperties_AreIgnored()
    {
        var json = ReferralBuilder.Valid().BuildJsonObject()
            .Set("extra", new JsonObject { ["nested"] = new JsonArray(1, 2) })
            .Set("findings.somethingNew", "x")
            .Set("patient.nickname", 1);

        Assert.True(ReferralReader.Read(json.ToBytes()).IsValid);
    }

    [Theory]
    [InlineData("{\"referralId\":\"REF-7\",\"schemaVersion\":2}", "REF-7")]                    // contract error, id fine
    [InlineData("{\"referralId\":\"REF-7\",\"schemaVersion\":\"x\"}", "REF-7")]                // JSON type error
    [InlineData("{\"referralId\":\"REF-7\",\"schemaVersion\":", "REF-7")]                      // broken JSON after the id
    [InlineData("{\"patient\":{\"referralId\":\"X\"},\"referralId\":\"REF-7\",\"x\":[}", "REF-7")]
    [InlineData("{\"schemaVersion\":,\"referralId\":\"REF-7\"}", null)]                         // broken before the id
    [InlineData("{\"referralId\":\"bad id\",\"schemaVersion\":1}", null)]                     // malformed id
    [InlineData("{\"referralId\":7}", null)]                                                   // id of the wrong type
    [InlineData("{\"referralId\":null}", null)]
    [InlineData("{\"schemaVersion\":1}", null)]                                                // no id
    [InlineData("[\"REF-7\"]", null)]                                                          // not an object
    [InlineData("{\"patient\":{\"referralId\":\"REF-7\"}}", null)]                             // only a nested one
    public void Read_RejectedMessage_ReportsTheReferralIdOnlyWhenReadable(string body, string? expectedId)
    {
        var result = ReferralReader.Read(Utf8(body));

        Assert.False(result.IsValid);
        Assert.Equal(expectedId, result.ReferralId);
    }

    [Fact]
    public void Read_RejectedForContractErrors_ReportsTheId()
    {
        var json = ReferralBuilder.Valid().BuildJsonObject().Set("patient.ageYears", 200).Set("region", "BAD");

        var result = ReferralReader.Read(json.ToBytes());

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(ReferralBuilder.DefaultReferralId, result.ReferralId);
        Assert.Null(result.Referral);
    }

    [Fact]
    public void TryReadReferralId_IdLongerThan64_IsNull()
    {
        Assert.Null(ReferralReader.TryReadReferralId(Utf8($"{{\"referralId\":\"{new string('a', 65)}\"}}")));
        Assert.Equal(new string('a', 64), ReferralReader.TryReadReferralId(Utf8($"{{\"referralId\":\"{new string('a', 64)}\"}}")));
    }

    [Fact]
    public void Read_ValidMessage_ReadsEveryField()
    {
        var built = ReferralBuilder.Valid()
            .WithSequence(3)
            .WithFacility("st-mary")
            .WithPatient(67, CovidStatus.Negative, CovidRiskFactor.Age65Plus, CovidRiskFactor.ChronicKidneyDisease)
            .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient, "C4-C6 laminoplasty")
            .WithDiagnoses("M47.12", "m4712")
            .WithDeficit(DeficitSeverity.Significant, DeficitTrend.Stable)
            .WithCause(Cause.Degenerative)
            .WithMyelopathy(true, MyelopathyLevel.Thoracic)
            .WithInstability(false)
            .WithInfection(InfectionKind.Osteomyelitis, false, true)
            .WithPain(true, false, true, false, true)
            .WithDeformityCorrection(false)
            .WithSymptomaticHardware(true)
            .WithPseudarthrosis(false)
            .WithNotes("free text")
            .Build();

        var result = ReferralReader.Read(ReferralBuilder.ToJson(built));

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(Encoding.UTF8.GetString(ReferralBuilder.ToJson(built)), Encoding.UTF8.GetString(ReferralBuilder.ToJson(result.Referral!)));
        Assert.Equal(built.ReceivedAt, result.Referral!.ReceivedAt);
        Assert.Equal([CovidRiskFactor.Age65Plus, CovidRiskFactor.ChronicKidneyDisease], result.Referral.Patient!.CovidRiskFactors);
        Assert.Equal(InfectionKind.Osteomyelitis, result.Referral.Findings!.Infection!.Kind);
    }

    [Fact]
    public void Serialize_ContractNames_AreCamelCaseAsInTheDesign()
    {
        var json = Encoding.UTF8.GetString(ReferralBuilder.Valid()
            .WithPatient(70, null, CovidRiskFactor.Age65Plus, CovidRiskFactor.ChronicLungDisease)
            .WithCause(Cause.DiscHerniation)
            .WithInfection(InfectionKind.EpiduralAbscess)
            .BuildJson());

        Assert.Contains("\"age65plus\"", json, StringComparison.Ordinal);
        Assert.Contains("\"chronicLungDisease\"", json, StringComparison.Ordinal);
        Assert.Contains("\"discHerniation\"", json, StringComparison.Ordinal);
        Assert.Contains("\"epiduralAbscess\"", json, StringComparison.Ordinal);
        Assert.Contains("\"covidRiskFactors\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    [InlineData(5000, true)]
    public void Read_ManyErrors_KeepsEveryErrorButBoundsTheMessage(int badFactors, bool counted)
    {
        var factors = string.Join(',', Enumerable.Repeat("\"bogus\"", badFactors));
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":1,"referralId":"R-1","receivedAt":"2026-11-20T09:15:00Z","region":"r","patient":{"covidRiskFactors":[{{{factors}}}]}}""");

        var read = ReferralReader.Read(body);

        Assert.Equal(badFactors, read.Errors.Count);
        Assert.Equal(counted, read.ErrorMessage.EndsWith($"; and {badFactors - ReferralReadResult.MaxErrorsInMessage} more errors", StringComparison.Ordinal));
        Assert.True(read.ErrorMessage.Length < 8_000);
        Assert.StartsWith("patient.covidRiskFactors[0] must be one of", read.ErrorMessage, StringComparison.Ordinal);
    }
}
