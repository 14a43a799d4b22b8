using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;

namespace SpineTriage.Core.Tests.Contract;

/// <summary>
/// The hand-written contract reader against the serializer it stands in for: on every message it
/// accepts it must read exactly what the serializer reads, and it must accept the messages referrers
/// really send (else it is no faster). Whatever it leaves goes to the serializer, so errors are the
/// serializer's by construction.
/// </summary>
public sealed class ContractFastReaderTests
{
    private const int Runs = 2000;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Every shipped sample and every clinician-written corpus referral.</summary>
    public static TheoryData<string> RealMessageFiles() =>
    [
        .. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "referrals.jsonl"),
        .. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ClinicalText"), "referral-corpus*.jsonl"),
    ];

    [Theory]
    [MemberData(nameof(RealMessageFiles))]
    public void RealMessages_AreAllReadByHand_AsTheSerializerReadsThem(string file)
    {
        var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var body = Utf8(line);
            var fast = ContractFastReader.TryRead(body);
            Assert.True(fast is not null, $"{Path.GetFileName(file)}: a real message fell back to the serializer: {ReferralReader.TryReadReferralId(body)}");
            Assert.Equal(Describe(Serializer(body)), Describe(fast));
        }
    }

    [Property(MaxTest = Runs)]
    public Property MutatedMessages_ReadByHand_AgreeWithTheSerializer() =>
        Prop.ForAll(MutatedMessages().ToArbitrary(), body => AssertAgrees(Utf8(body)));

    [Property(MaxTest = Runs)]
    public Property GeneratedValidMessages_AreReadByHand() =>
        Prop.ForAll(ReferralGenerators.Referrals(), r =>
        {
            var body = ReferralBuilder.ToJson(r.Message);
            var fast = ContractFastReader.TryRead(body);
            Assert.NotNull(fast);
            Assert.Equal(Describe(r.Message), Describe(fast));
        });

    [Fact]
    public void MutatedMessages_ExerciseBothPaths()
    {
        // The property above means something only if many mutants are read by hand and many are not.
        var bodies = MutatedMessages().Sample(2000, 10);
        var byHand = bodies.Count(b => ContractFastReader.TryRead(Utf8(b)) is not null);
        Assert.InRange(byHand, bodies.Length / 5, bodies.Length * 4 / 5);
    }

    [Theory]
    [InlineData("""{"referralId":"a","referralId":"b"}""")]
    [InlineData("""{"patient":{"ageYears":1,"ageYears":2}}""")]
    [InlineData("""{"referral\u0049d":"a"}""")]
    [InlineData("""{"schemaVersion":1.0}""")]
    [InlineData("""{"schemaVersion":"1"}""")]
    [InlineData("""{"sequence":99999999999999999999}""")]
    [InlineData("""{"patient":[]}""")]
    [InlineData("""{"diagnoses":{}}""")]
    [InlineData("""{"diagnoses":[1]}""")]
    [InlineData("""{"findings":{"pain":{"intractable":"yes"}}}""")]
    [InlineData("""{"notes":5}""")]
    [InlineData("""{"notes":"a"} x""")]
    [InlineData("""{"notes":"a",}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    public void IrregularMessages_AreLeftToTheSerializer(string body) =>
        Assert.Null(ContractFastReader.TryRead(Utf8(body)));

    [Theory]
    [InlineData("""{"x":1,"x":[2,{"y":3}],"patient":{"z":null}}""")]
    [InlineData("""{"receivedAt":"yesterday","procedure":{"kind":"laser","setting":7}}""")]
    [InlineData("""{"receivedAt":{"a":1},"patient":{"covidStatus":null,"covidRiskFactors":["smoker",null,3,[]]}}""")]
    [InlineData("""{"diagnoses":[null,{"system":"ICD-9","code":"722.1"}],"findings":null,"patient":null}""")]
    [InlineData("""  {"notes":"line\nbreak \u00e9 \ud83d\ude00"}  """)]
    public void UnusualButReadableMessages_AreReadByHand_AsTheSerializerReadsThem(string body)
    {
        var bytes = Utf8(body);
        Assert.NotNull(ContractFastReader.TryRead(bytes));
        AssertAgrees(bytes);
    }

    [Fact]
    public void InvalidUtf8InAString_IsLeftToTheSerializer() =>
        Assert.Null(ContractFastReader.TryRead([.. "{\"notes\":\""u8, 0xC3, 0x28, .. "\"}"u8]));

    private static void AssertAgrees(byte[] body)
    {
        var fast = ContractFastReader.TryRead(body);
        if (fast is null)
        {
            return;
        }

        ReferralMessage? serialized;
        try
        {
            serialized = Serializer(body);
        }
        catch (JsonException exception)
        {
            Assert.Fail($"read by hand, but the serializer rejects it ({exception.Message}): {Encoding.UTF8.GetString(body)}");
            return;
        }

        Assert.Equal(Describe(serialized), Describe(fast));
    }

    private static ReferralMessage? Serializer(byte[] body) =>
        JsonSerializer.Deserialize(body, ContractJsonContext.Default.ReferralMessage);

    /// <summary>Every public property, recursively, lists expanded (record equality compares lists by reference).</summary>
    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => JsonSerializer.Serialize(text),
        Enum or bool or int or long or DateTimeOffset => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Describe)) + "]",
        _ => value.GetType().Name + "{" + string.Join(",", value.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => $"{p.Name}={Describe(p.GetValue(value))}")) + "}",
    };

    // Valid messages with one to three changes: a value replaced by another of any JSON type (or a
    // lookalike of the right one), a property removed, an unknown one added, a property doubled, a
    // name escaped or misspelt in case, white space, or text after the object.
    private static Gen<string> MutatedMessages() =>
        from referral in ReferralGenerators.Referrals().Generator
        from seeds in Gen.ArrayOf(Gen.Choose(0, int.MaxValue - 1), 6)
        from count in Gen.Choose(1, 3)
        select Mutate(referral.Message, seeds, count);

    private static readonly JsonNode?[] Replacements =
    [
        null, 0, 1, -1, 1.5, 1e3, 2147483648L, 9007199254740993L, true, false, "", "x", "none", "severe", "cervical",
        "ICD-10-CM", "2026-11-20T09:15:00Z", "2026-02-30T09:15:00Z", "surgery", "positive", "smoker",
    ];

    private static string Mutate(ReferralMessage message, int[] seeds, int count)
    {
        var root = JsonNode.Parse(ReferralBuilder.ToJson(message))!.AsObject();
        var random = new Random(seeds[0]);
        for (var i = 0; i < count; i++)
        {
            var objects = Objects(root).ToList();
            var target = objects[random.Next(objects.Count)];
            var names = target.Select(p => p.Key).ToList();
            switch (random.Next(5))
            {
                case 0 when names.Count > 0:
                    target[names[random.Next(names.Count)]] = Pick(random);
                    break;
                case 1 when names.Count > 0:
                    target.Remove(names[random.Next(names.Count)]);
                    break;
                case 2:
                    target["extra" + random.Next(3)] = random.Next(2) == 0 ? Pick(random) : new JsonObject { ["deep"] = new JsonArray(1, "two", null) };
                    break;
                case 3 when names.Count > 0:
                    var name = names[random.Next(names.Count)];
                    var value = target[name]?.DeepClone();
                    target.Remove(name);
                    target[char.ToUpperInvariant(name[0]) + name[1..]] = value;
                    break;
                default:
                    if (target.Parent is JsonArray array && array.Count > 0)
                    {
                        array.Add(random.Next(2) == 0 ? null : Pick(random));
                    }

                    break;
            }
        }

        var text = root.ToJsonString();
        return (seeds[1] % 6) switch
        {
            0 => Doubled(text, seeds[2]),
            1 => text.Replace("\"notes\":", "\"n\\u006ftes\":", StringComparison.Ordinal),
            2 => " \r\n" + text + "\n ",
            3 => text + (seeds[2] % 2 == 0 ? "}" : " {}"),
            _ => text,
        };
    }

    // Null a third of the time: "not reported" is where the serializer's wrappers differ by type.
    private static JsonNode? Pick(Random random) =>
        random.Next(3) == 0 ? null : Replacements[random.Next(Replacements.Length)]?.DeepClone();

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    // Doubles one property of the text: "a":1 becomes "a":1,"a":1 (a JSON tree cannot hold that).
    private static string Doubled(string text, int seed)
    {
        var starts = Enumerable.Range(0, text.Length - 1)
            .Where(i => text[i] is '{' or ',' && text[i + 1] == '"').ToList();
        if (starts.Count == 0)
        {
            return text;
        }

        var start = starts[seed % starts.Count] + 1;
        var colon = text.IndexOf("\":", start, StringComparison.Ordinal);
        if (colon < 0 || text[colon + 2] is '{' or '[')
        {
            return text;
        }

        var end = text.IndexOfAny([',', '}'], colon);
        var property = text[start..end];
        return text[..end] + "," + property + text[end..];
    }
}
