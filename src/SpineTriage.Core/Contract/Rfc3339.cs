using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpineTriage.Core.Contract;

/// <summary>
/// ISO-8601 date-times as the contract requires them: the RFC 3339 profile, with seconds, up to
/// seven fraction digits and an explicit offset (Z or ±hh:mm). A time without an offset is
/// ambiguous and is refused, as is anything that is not a real calendar date and time.
/// </summary>
public static class Rfc3339
{
    /// <summary>The longest text that can be valid: <c>yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm</c>.</summary>
    public const int MaxLength = 33;

    /// <summary>Parses an RFC 3339 date-time with offset (T and Z in either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length is < 20 or > MaxLength
            || text[4] != '-' || text[7] != '-' || (text[10] | 0x20) != 't' || text[13] != ':' || text[16] != ':'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (text[i] == '.')
        {
            var digits = 0;
            var scale = (long)TimeSpan.TicksPerSecond;
            for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++, digits++)
            {
                scale /= 10;
                fractionTicks += (text[i] - '0') * scale;
            }

            if (digits is 0 or > 7)
            {
                return false;
            }
        }

        TimeSpan offset;
        var rest = text[i..];
        if (rest.Length == 1 && (rest[0] | 0x20) == 'z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':'
                 && TryDigits(rest, 1, 2, out var offsetHours) && TryDigits(rest, 4, 2, out var offsetMinutes)
                 && offsetMinutes < 60 && offsetHours * 60 + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            number = number * 10 + (text[i] - '0');
        }

        return true;
    }
}

/// <summary>A contract date-time as read: its value, or the fact that it could not be read.</summary>
/// <param name="Value">The date-time (meaningless when not readable).</param>
/// <param name="IsReadable">Whether the text was an RFC 3339 date-time with offset.</param>
[JsonConverter(typeof(Rfc3339TimestampConverter))]
public readonly record struct ContractTimestamp(DateTimeOffset Value, bool IsReadable = true)
{
    /// <summary>A value that was present but unreadable.</summary>
    public static ContractTimestamp Unreadable { get; } = new(default, false);
}

/// <summary>
/// Reads a contract date-time without throwing: a value that is not an RFC 3339 date-time with
/// offset becomes <see cref="ContractTimestamp.Unreadable"/> so that the validator can name the field.
/// </summary>
public sealed class Rfc3339TimestampConverter : JsonConverter<ContractTimestamp>
{
    /// <inheritdoc />
    public override ContractTimestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    /// <summary>Reads the current token as a contract date-time, leniently (also for the hand-written contract reader).</summary>
    internal static ContractTimestamp ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when reader.ValueSpan.Length <= 6 * Rfc3339.MaxLength:
                Span<char> text = stackalloc char[6 * Rfc3339.MaxLength];
                var length = reader.CopyString(text);
                return Rfc3339.TryParse(text[..length], out var value) ? new ContractTimestamp(value) : ContractTimestamp.Unreadable;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return ContractTimestamp.Unreadable;
            default:
                return ContractTimestamp.Unreadable;
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ContractTimestamp value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsReadable)
        {
            writer.WriteStringValue(value.Value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
