using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SpineTriage.Core.Contract;

/// <summary>
/// ISO-8601 date-times as the contract requires them: RFC 3339 profile, with seconds and an
/// explicit offset (Z or ±hh:mm). A time without an offset is ambiguous and is refused.
/// </summary>
public static partial class Rfc3339
{
    /// <summary>What the lenient reader returns for a present but unreadable value.</summary>
    public static readonly DateTimeOffset Unreadable = DateTimeOffset.MinValue;

    private const int MaxLength = 40;

    /// <summary>Parses an RFC 3339 date-time with offset.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > MaxLength || !Shape().IsMatch(text))
        {
            return false;
        }

        Span<char> upper = stackalloc char[text.Length];
        text.ToUpperInvariant(upper);
        return DateTimeOffset.TryParse(upper, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

/// <summary>
/// Reads <c>receivedAt</c> without throwing: a value that is not an RFC 3339 date-time with offset
/// becomes <see cref="Rfc3339.Unreadable"/> so that the validator can name the field.
/// </summary>
public sealed class Rfc3339DateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when reader.ValueSpan.Length <= 256:
                Span<char> text = stackalloc char[256];
                var length = reader.CopyString(text);
                return Rfc3339.TryParse(text[..length], out var value) ? value : Rfc3339.Unreadable;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return Rfc3339.Unreadable;
            default:
                return Rfc3339.Unreadable;
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteStringValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
