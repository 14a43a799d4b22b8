using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

/// <summary>
/// The contract's names of an enumeration: camelCase member names, or the name given by
/// <see cref="JsonStringEnumMemberNameAttribute"/>. Value 0 is reserved for "unrecognized".
/// </summary>
/// <typeparam name="TEnum">A contract enumeration.</typeparam>
internal static class ContractNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] ValuesInOrder = Enum.GetValues<TEnum>()
        .Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
        .ToArray();

    private static readonly string[] NamesInOrder = ValuesInOrder.Select(NameFromMetadata).ToArray();

    private static readonly byte[][] Utf8NamesInOrder = NamesInOrder.Select(Encoding.UTF8.GetBytes).ToArray();

    private static readonly FrozenDictionary<TEnum, string> NameByValue =
        ValuesInOrder.Zip(NamesInOrder).ToFrozenDictionary(p => p.First, p => p.Second);

    /// <summary>The contract's names, in declaration order, joined with '|' (for error messages).</summary>
    public static string Choices { get; } = string.Join('|', NamesInOrder);

    /// <summary>The contract's names in declaration order.</summary>
    public static IReadOnlyList<string> Names => NamesInOrder;

    /// <summary>Whether the value is one of the contract's (not the reserved 0).</summary>
    public static bool IsRecognized(TEnum value)
    {
        // Contract enumerations are ints numbered 1..n (0 is "unrecognized"): a range check, no lookup.
        var number = System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);
        return number >= 1 && number <= ValuesInOrder.Length;
    }

    /// <summary>The contract name of a recognized value.</summary>
    public static string NameOf(TEnum value) =>
        NameByValue.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a value of the contract.");

    /// <summary>Reads the current string token as one of the names, or returns 0 (unrecognized).</summary>
    internal static TEnum Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var names = Utf8NamesInOrder;
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    return ValuesInOrder[i];
                }
            }
        }
        else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return default;
    }

    private static string NameFromMetadata(TEnum value)
    {
        var member = value.ToString();
        var attribute = typeof(TEnum).GetField(member, BindingFlags.Public | BindingFlags.Static)
            ?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
        return attribute?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(member);
    }
}

/// <summary>
/// Reads a contract enumeration without throwing: a value outside the enumeration, or of the wrong
/// JSON type, becomes the reserved 0 so that the validator reports it with its field's name
/// together with every other error of the message.
/// </summary>
/// <typeparam name="TEnum">A contract enumeration.</typeparam>
public sealed class ContractEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ContractNames<TEnum>.Read(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ContractNames<TEnum>.NameOf(value));
    }
}
