using System.Globalization;
using System.Text;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace SpineTriage.Core.Tests.Contract;

/// <summary>
/// Checks schemas/referral.v1.schema.json (the published v1 message contract) against the sample
/// messages in samples/: every valid sample passes, every invalid sample fails for exactly the field
/// it names in its "_expectedErrorField" property, and the expected triage table lines up with the samples.
/// </summary>
public sealed class ReferralJsonSchemaTests
{
    private const string SchemaPath = "schemas/referral.v1.schema.json";
    private const string ValidLinesPath = "samples/referrals.jsonl";
    private const string SampleReferralPath = "samples/referral.json";
    private const string InvalidLinesPath = "samples/invalid-referrals.jsonl";
    private const string ExpectedTriagePath = "Samples/expected-triage.csv";
    private const int MaxMessageBytes = SpineTriage.Core.Contract.ReferralReader.StorageQueueMaxBytes;

    private static readonly Lazy<Task<JsonSchema>> Schema =
        new(() => JsonSchema.FromJsonAsync(File.ReadAllText(PathOf(SchemaPath))));

    private static readonly string[] CriterionIds =
    [
        "emergent.severe-or-progressive-deficit",
        "emergent.instability",
        "emergent.epidural-abscess-decompression",
        "emergent.postoperative-wound-infection",
        "urgent.progressive-myelopathy",
        "urgent.infection-failing-medical-management",
        "urgent.persistent-significant-deficit",
        "urgent.intractable-pain",
        "elective.manageable-without-procedure",
        "elective.deformity-correction",
        "elective.hardware-or-pseudarthrosis",
    ];

    public static TheoryData<int> ValidLineNumbers() => LineNumbers(ValidLinesPath);

    public static TheoryData<int> InvalidLineNumbers() => LineNumbers(InvalidLinesPath);

    [Fact]
    public async Task Schema_DeclaresDraft202012()
    {
        using var raw = JsonDocument.Parse(File.ReadAllText(PathOf(SchemaPath)));
        var root = raw.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal("https://spinetriage.example/schemas/referral.v1.schema.json", root.GetProperty("$id").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));

        var schema = await Schema.Value;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.SchemaVersion);
    }

    [Fact]
    public void Schema_EveryPropertyHasADescription()
    {
        using var raw = JsonDocument.Parse(File.ReadAllText(PathOf(SchemaPath)));
        var missing = new List<string>();
        CollectPropertiesWithoutDescription(raw.RootElement, "", missing);
        Assert.True(missing.Count == 0, "Properties without a description: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Schema_SampleReferral_IsValid()
    {
        var json = File.ReadAllText(PathOf(SampleReferralPath));
        var errors = (await Schema.Value).Validate(json);
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Theory]
    [MemberData(nameof(ValidLineNumbers))]
    public async Task Schema_SampleReferralsLine_IsValid(int lineNumber)
    {
        var line = ReadLine(ValidLinesPath, lineNumber);
        Assert.True(Encoding.UTF8.GetByteCount(line) <= MaxMessageBytes, $"line {lineNumber} is over the Storage queue's 48 KiB");
        Assert.DoesNotContain("_expectedErrorField", line, StringComparison.Ordinal);

        var errors = (await Schema.Value).Validate(line);
        Assert.True(errors.Count == 0, $"line {lineNumber}: {Describe(errors)}");
    }

    [Fact]
    public void Samples_HaveAtLeastSeventyValidReferrals()
    {
        Assert.True(ReadLines(ValidLinesPath).Length >= 70);
    }

    [Theory]
    [MemberData(nameof(InvalidLineNumbers))]
    public async Task Schema_InvalidReferralsLine_IsRejectedForTheExpectedFieldOnly(int lineNumber)
    {
        var line = ReadLine(InvalidLinesPath, lineNumber);
        string expectedFieldList;
        using (var doc = JsonDocument.Parse(line))
        {
            expectedFieldList = doc.RootElement.GetProperty("_expectedErrorField").GetString() ?? "";
        }

        var expectedFields = expectedFieldList.Split('|', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(expectedFields);

        var errors = (await Schema.Value).Validate(line);
        Assert.True(errors.Count > 0, $"line {lineNumber} was accepted but breaks {expectedFieldList}");

        var paths = Flatten(errors).Select(e => FieldPath(e.Path)).ToList();
        foreach (var field in expectedFields)
        {
            Assert.True(paths.Contains(field), $"line {lineNumber}: no error names {field}; got {Describe(errors)}");
        }

        // Nothing else is wrong with the line: every error is on an expected field or on a parent of one.
        foreach (var path in paths)
        {
            Assert.True(
                expectedFields.Any(field => IsSameOrParent(path, field)),
                $"line {lineNumber}: unexpected error at '{path}'; expected only {expectedFieldList}");
        }
    }

    [Fact]
    public void InvalidSamples_IncludeOneLineWithThreeErrors()
    {
        var lines = ReadLines(InvalidLinesPath);
        Assert.True(lines.Length >= 15);
        Assert.Contains(lines, line =>
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("_expectedErrorField").GetString()!.Split('|').Length == 3;
        });
    }

    [Fact]
    public async Task Schema_NullOnEveryOptionalField_IsValid()
    {
        const string json = """
            {"schemaVersion":1,"referralId":"REF-2026-000999","sequence":null,"receivedAt":"2026-10-01T08:00:00+01:00",
             "region":"central","facility":null,"patient":{"ref":null,"ageYears":null,"covidRiskFactors":null,"covidStatus":null},
             "procedure":{"kind":null,"description":null,"setting":null},"diagnoses":[{"system":null,"code":"m4712"}],
             "findings":{"neurologicDeficit":{"severity":null,"trend":null},"cause":null,"myelopathy":{"level":null,"recentProgression":null},
               "instability":{"riskOfNeurologicInjury":null},"infection":{"kind":null,"requiresDecompression":null,"failedMedicalManagement":null},
               "pain":{"intractable":null,"edPresentation":null,"severeFunctionalLimitation":null,"excessiveOpioidUse":null,"failedNonProceduralCare":null},
               "deformityCorrection":null,"symptomaticHardware":null,"pseudarthrosis":null},
             "notes":null}
            """;
        var errors = (await Schema.Value).Validate(json);
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public async Task Schema_UnknownProperties_AreAccepted()
    {
        const string json = """
            {"schemaVersion":1,"referralId":"REF-2026-000998","receivedAt":"2026-10-01T08:00:00Z","region":"central",
             "sourceSystem":"intake-bot","patient":{"ageYears":40,"bmi":27},"findings":{"cause":"other","comment":"x"}}
            """;
        var errors = (await Schema.Value).Validate(json);
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Theory]
    [InlineData("2026-11-20T09:15:00Z")]
    [InlineData("2026-11-20t09:15:00.1234567+05:30")]
    [InlineData("2024-02-29T23:59:59-12:00")]
    [InlineData("2000-02-29T00:00:00z")]
    public async Task Schema_ReceivedAt_RealDateTimeWithOffset_IsValid(string receivedAt)
    {
        var errors = (await Schema.Value).Validate(MinimalMessage(receivedAt));
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Theory]
    [InlineData("2026-11-20T09:15:00")]
    [InlineData("2026-11-20 09:15:00Z")]
    [InlineData("2026-11-20T09:15:00+0100")]
    [InlineData("2026-02-29T09:15:00Z")]
    [InlineData("1900-02-29T09:15:00Z")]
    [InlineData("2026-04-31T09:15:00Z")]
    [InlineData("2026-13-01T09:15:00Z")]
    [InlineData("2026-11-20T24:00:00Z")]
    [InlineData("2026-11-20T09:60:00Z")]
    [InlineData("2026-11-20T09:15:00.12345678Z")]
    [InlineData("2026-11-20T09:15:00Z\n")]
    public async Task Schema_ReceivedAt_NotARealDateTimeWithOffset_IsRejected(string receivedAt)
    {
        var errors = (await Schema.Value).Validate(MinimalMessage(receivedAt));
        Assert.Contains(Flatten(errors), e => FieldPath(e.Path) == "receivedAt");
    }

    [Fact]
    public void ExpectedTriage_HasOneRowPerSampleReferral_InTheSameOrder()
    {
        var referrals = ReadLines(ValidLinesPath);
        var rows = ReadLines(ExpectedTriagePath);
        Assert.Equal("referralId,sequence,category,criteria,needsReview", rows[0]);
        Assert.Equal(referrals.Length, rows.Length - 1);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < referrals.Length; i++)
        {
            var cells = rows[i + 1].Split(',');
            Assert.Equal(5, cells.Length);

            using var doc = JsonDocument.Parse(referrals[i]);
            var root = doc.RootElement;
            var sequence = root.TryGetProperty("sequence", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0L;
            Assert.Equal(root.GetProperty("referralId").GetString(), cells[0]);
            Assert.Equal(sequence, long.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.True(seen.Add(cells[0] + "#" + cells[1]), $"row {i + 2} repeats {cells[0]} sequence {cells[1]}");

            Assert.Contains(cells[2], new[] { "Emergent", "Urgent", "Elective", "Unclassified" });
            var criteria = cells[3].Length == 0 ? [] : cells[3].Split(';');
            Assert.All(criteria, c => Assert.Contains(c, CriterionIds));
            Assert.Equal(criteria.Order(StringComparer.Ordinal), criteria);
            Assert.Contains(cells[4], new[] { "true", "false" });

            if (cells[2] == "Unclassified")
            {
                Assert.Empty(criteria);
                Assert.Equal("true", cells[4]);
            }
            else
            {
                // The category is the highest category among the matched criteria.
                Assert.NotEmpty(criteria);
                var top = criteria.Max(CategoryRank);
                Assert.Equal(cells[2].ToLowerInvariant(), RankName(top));
            }
        }
    }

    [Fact]
    public void ExpectedTriage_CoversEveryCriterionAtLeastFourTimes()
    {
        var counts = ReadLines(ExpectedTriagePath)
            .Skip(1)
            .SelectMany(row => row.Split(',')[3].Split(';', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(c => c, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(CriterionIds, id => Assert.True(counts.GetValueOrDefault(id) >= 4, $"{id}: {counts.GetValueOrDefault(id)}"));
    }

    private static string MinimalMessage(string receivedAt) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["schemaVersion"] = 1,
            ["referralId"] = "REF-2026-000997",
            ["receivedAt"] = receivedAt,
            ["region"] = "north-east",
        });

    private static int CategoryRank(string criterionId) => criterionId.Split('.')[0] switch
    {
        "emergent" => 3,
        "urgent" => 2,
        "elective" => 1,
        _ => 0,
    };

    private static string RankName(int rank) => rank switch
    {
        3 => "emergent",
        2 => "urgent",
        1 => "elective",
        _ => "unclassified",
    };

    private static void CollectPropertiesWithoutDescription(JsonElement schema, string path, List<string> missing)
    {
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var propertyPath = path.Length == 0 ? property.Name : path + "." + property.Name;
                if (!property.Value.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
                {
                    missing.Add(propertyPath);
                }

                CollectPropertiesWithoutDescription(property.Value, propertyPath, missing);
            }
        }

        if (schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            CollectPropertiesWithoutDescription(items, path + "[]", missing);
        }
    }

    /// <summary>NJsonSchema nests the real error under a wrapper for "type": [..., "null"] and for array items.</summary>
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return error;
            var children = error switch
            {
                MultiTypeValidationError multi => multi.Errors.Values.SelectMany(v => v),
                ChildSchemaValidationError child => child.Errors.Values.SelectMany(v => v),
                _ => [],
            };
            foreach (var nested in Flatten(children))
            {
                yield return nested;
            }
        }
    }

    /// <summary>"#/diagnoses[0].code" becomes "diagnoses[0].code", the dotted form rules.md uses.</summary>
    private static string FieldPath(string? path) =>
        path is null ? "" : path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');

    private static bool IsSameOrParent(string path, string field) =>
        path == field
        || (field.StartsWith(path, StringComparison.Ordinal) && (field[path.Length] == '.' || field[path.Length] == '['));

    private static string Describe(ICollection<ValidationError> errors) =>
        string.Join("; ", Flatten(errors).Select(e => $"{e.Kind} at {FieldPath(e.Path)}"));

    private static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, relative);

    private static string[] ReadLines(string relative)
    {
        var lines = File.ReadAllLines(PathOf(relative), Encoding.UTF8);
        Assert.DoesNotContain(lines, string.IsNullOrWhiteSpace);
        return lines;
    }

    private static string ReadLine(string relative, int lineNumber) => ReadLines(relative)[lineNumber - 1];

    private static TheoryData<int> LineNumbers(string relative)
    {
        var data = new TheoryData<int>();
        var count = File.ReadAllLines(PathOf(relative)).Length;
        for (var i = 1; i <= count; i++)
        {
            data.Add(i);
        }

        return data;
    }
}
