using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SpineTriage.Core.Contract;

// Why these converters exist: System.Text.Json keeps a stack of frames while it reads nested
// objects, and allocates that stack (hundreds of bytes) for every message with nesting. Reading
// each nested object as the root of its own source-generated Deserialize call keeps the stack
// empty, which halves the allocations of a typical referral. A type error inside a nested object
// still names its full path: each level adds its segment to NestedJsonException.

/// <summary>A type error inside a nested contract object, with its path relative to that object.</summary>
internal sealed class NestedJsonException : JsonException
{
    public NestedJsonException(string relativePath, string message, Exception inner)
        : base(message, inner) => RelativePath = relativePath;

    /// <summary>The path below the property whose converter threw, e.g. <c>myelopathy.recentProgression</c>.</summary>
    public string RelativePath { get; }

    /// <summary>The full contract field: the outer path the serializer recorded, then the relative path.</summary>
    public static string FullField(string? outerPath, JsonException exception)
    {
        var outer = ReferralReader.FieldFromPath(outerPath);
        if (exception is not NestedJsonException nested)
        {
            return outer;
        }

        var relative = nested.RelativePath;
        if (relative.Length == 0)
        {
            return outer;
        }

        return outer == "$" ? relative : relative.StartsWith('[') ? outer + relative : $"{outer}.{relative}";
    }

    public static NestedJsonException Wrap(JsonException exception, string? prefix = null)
    {
        var field = FullField(exception.Path, exception);
        var relative = field == "$" ? prefix ?? string.Empty
            : prefix is null ? field
            : field.StartsWith('[') ? prefix + field
            : $"{prefix}.{field}";
        return new NestedJsonException(relative, "A contract field has the wrong JSON type.", exception);
    }
}

/// <summary>Reads a nested contract object as the root of its own source-generated Deserialize call.</summary>
/// <typeparam name="T">A contract object type.</typeparam>
public sealed class NestedObjectConverter<T> : JsonConverter<T>
    where T : class
{
    // A converter instance serves one JsonSerializerOptions, so the type info is looked up once.
    private JsonTypeInfo<T>? _info;

    /// <inheritdoc />
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = _info ??= (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        try
        {
            return JsonSerializer.Deserialize(ref reader, info);
        }
        catch (JsonException exception)
        {
            throw NestedJsonException.Wrap(exception);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }
}

/// <summary>Reads an array of nested contract objects (null items kept) without the serializer's frame stack.</summary>
/// <typeparam name="T">A contract object type.</typeparam>
public sealed class NestedListConverter<T> : JsonConverter<IReadOnlyList<T?>>
    where T : class
{
    // A converter instance serves one JsonSerializerOptions, so the type info is looked up once.
    private JsonTypeInfo<T>? _info;

    /// <inheritdoc />
    public override IReadOnlyList<T?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array.");
        }

        var info = _info ??= (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var items = new List<T?>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                items.Add(reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize(ref reader, info));
            }
            catch (JsonException exception)
            {
                throw NestedJsonException.Wrap(exception, $"[{items.Count}]");
            }
        }

        return items;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T?> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var item in value)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, item, info);
            }
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads an array of a contract enumeration leniently (see <see cref="ContractEnumConverter{TEnum}"/>).</summary>
/// <typeparam name="TEnum">A contract enumeration.</typeparam>
public sealed class ContractEnumListConverter<TEnum> : JsonConverter<IReadOnlyList<TEnum>>
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public override IReadOnlyList<TEnum>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array.");
        }

        List<TEnum>? items = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            (items ??= new List<TEnum>(2)).Add(ContractNames<TEnum>.Read(ref reader));
        }

        return items is null ? [] : items;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<TEnum> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(ContractNames<TEnum>.NameOf(item));
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads a diagnosis code system, sharing one string for the common "ICD-10-CM".</summary>
public sealed class CodeSystemConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("ICD-10-CM"u8)
            ? Validation.ReferralValidator.Icd10Cm
            : reader.GetString();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
