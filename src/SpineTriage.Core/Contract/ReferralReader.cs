using System.Text.Json;
using SpineTriage.Core.Validation;

namespace SpineTriage.Core.Contract;

/// <summary>The outcome of reading one message: a valid referral, or the errors that reject it.</summary>
/// <param name="Referral">The message when it keeps the contract; otherwise null.</param>
/// <param name="ReferralId">The referral id when it could be read and is well-formed (also for rejected messages).</param>
/// <param name="Errors">Every contract error found; empty when valid.</param>
public readonly record struct ReferralReadResult(ReferralMessage? Referral, string? ReferralId, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether the message keeps the contract.</summary>
    public bool IsValid => Referral is not null && Errors.Count == 0;

    /// <summary>How many errors <see cref="ErrorMessage"/> spells out; the rest are counted.</summary>
    public const int MaxErrorsInMessage = 20;

    /// <summary>
    /// The errors in one line, each naming its field: the first <see cref="MaxErrorsInMessage"/>,
    /// then how many more. Bounded, so a message with thousands of errors still fits where the
    /// reason is kept (a Table Storage string property holds at most 32K characters).
    /// </summary>
    public string ErrorMessage => Errors.Count <= MaxErrorsInMessage
        ? string.Join("; ", Errors.Select(e => e.Message))
        : string.Join("; ", Errors.Take(MaxErrorsInMessage).Select(e => e.Message)) + $"; and {Errors.Count - MaxErrorsInMessage} more errors";
}

/// <summary>
/// Parses and validates one message body (UTF-8 JSON, within its transport's limit) against the v1 contract.
/// Never throws for bad input: every problem becomes a <see cref="ValidationError"/> naming its field.
/// </summary>
public static class ReferralReader
{
    /// <summary>
    /// The limit of a message that travels on a Storage queue, in bytes: a queue message holds 64 KiB,
    /// and the body is Base64-encoded (4 characters for 3 bytes), so 48 KiB of JSON. It applies to
    /// <c>submit</c>, the worker and <c>classify</c> (a file that classifies can be submitted).
    /// </summary>
    public const int StorageQueueMaxBytes = 48 * 1024;

    /// <summary>The limit of a message that travels on Service Bus (Standard tier: 256 KiB), in bytes: the Functions app's.</summary>
    public const int ServiceBusMaxBytes = 256 * 1024;

    /// <summary>The largest message any transport carries, in bytes.</summary>
    public const int MaxMessageBytes = ServiceBusMaxBytes;

    private static readonly ContractJsonContext Context = ContractJsonContext.Default;

    /// <summary>Parses and validates a UTF-8 message body.</summary>
    /// <param name="utf8Body">The body.</param>
    /// <param name="maxBytes">Its transport's limit (<see cref="StorageQueueMaxBytes"/> unless it came on Service Bus).</param>
    public static ReferralReadResult Read(ReadOnlySpan<byte> utf8Body, int maxBytes = StorageQueueMaxBytes)
    {
        if (utf8Body.StartsWith("\uFEFF"u8))
        {
            utf8Body = utf8Body[3..];
        }

        if (utf8Body.Length > maxBytes)
        {
            return Reject(utf8Body, new ValidationError("$", ValidationCodes.Size,
                $"message must be at most {maxBytes} bytes (it has {utf8Body.Length})"));
        }

        // The hand-written reader takes every ordinary message; the serializer reads the rest and
        // names what is wrong with them.
        var message = ContractFastReader.TryRead(utf8Body);
        try
        {
            message ??= JsonSerializer.Deserialize(utf8Body, Context.ReferralMessage);
        }
        catch (JsonException exception)
        {
            // The rejection carries the reason; the exception is handled, not swallowed.
            return Reject(utf8Body, DescribeJsonFailure(utf8Body, exception));
        }

        if (message is null)
        {
            return Reject(utf8Body, NotAnObject);
        }

        var errors = ReferralValidator.Validate(message);
        var id = message.ReferralId is { } candidate && ReferralValidator.IsReferralId(candidate) ? candidate : null;
        return errors.Count == 0
            ? new ReferralReadResult(message, id, errors)
            : new ReferralReadResult(null, id, errors);
    }

    /// <summary>Reads the top-level <c>referralId</c> of a body that may be broken, if it is there and well-formed.</summary>
    public static string? TryReadReferralId(ReadOnlySpan<byte> utf8Body)
    {
        var reader = new Utf8JsonReader(utf8Body, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("referralId"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 64)
                    {
                        return null;
                    }

                    var id = reader.GetString();
                    return id is not null && ReferralValidator.IsReferralId(id) ? id : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Broken JSON after the point we reached: there is no readable id; the caller already
            // records why the message was rejected.
        }

        return null;
    }

    private static readonly ValidationError NotAnObject =
        new("$", ValidationCodes.Type, "message must be a JSON object");

    private static ReferralReadResult Reject(ReadOnlySpan<byte> body, ValidationError error) =>
        new(null, TryReadReferralId(body), [error]);

    private static ValidationError DescribeJsonFailure(ReadOnlySpan<byte> body, JsonException exception)
    {
        if (!IsWellFormed(body, out var line, out var position))
        {
            return new ValidationError("$", ValidationCodes.Json,
                $"message is not valid JSON, or nests deeper than 64 levels (line {line + 1}, byte {position + 1})");
        }

        var field = NestedJsonException.FullField(exception.Path, exception);
        if (field == "$")
        {
            return NotAnObject;
        }

        return IsDuplicateProperty(exception)
            ? new ValidationError(field, ValidationCodes.Type, $"{field} appears more than once")
            : new ValidationError(field, ValidationCodes.Type, $"{field} has the wrong JSON type for the contract, or a value that cannot be read (a number out of range, an invalid string)");
    }

    // System.Text.Json reports a duplicate property with a JsonException like a type error; only
    // its message tells them apart.
    private static bool IsDuplicateProperty(JsonException exception)
    {
        Exception current = exception;
        while (current is NestedJsonException { InnerException: { } inner })
        {
            current = inner;
        }

        return current.Message.StartsWith("Duplicate", StringComparison.Ordinal);
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> body, out long line, out long position)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            line = position = 0;
            return true;
        }
        catch (JsonException exception)
        {
            line = exception.LineNumber ?? 0;
            position = exception.BytePositionInLine ?? 0;
            return false;
        }
    }

    /// <summary>Turns a JSON path (<c>$.patient.ageYears</c>, <c>$.diagnoses[0].code</c>) into the contract's field name.</summary>
    internal static string FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
