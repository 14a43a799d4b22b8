namespace SpineTriage.Core.Validation;

/// <summary>One contract error: the field it concerns (a dotted path), a stable code, and plain words.</summary>
/// <param name="Field">The field, e.g. <c>patient.ageYears</c> or <c>diagnoses[0].code</c>; <c>$</c> for the whole message.</param>
/// <param name="Code">A stable code: required, pattern, range, enum, type, size, json, const.</param>
/// <param name="Message">Plain words naming the field, never echoing its value.</param>
public sealed record ValidationError(string Field, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>Stable codes of <see cref="ValidationError"/>.</summary>
public static class ValidationCodes
{
    /// <summary>A required field is missing.</summary>
    public const string Required = "required";
    /// <summary>A string does not have the required shape.</summary>
    public const string Pattern = "pattern";
    /// <summary>A number is out of range.</summary>
    public const string Range = "range";
    /// <summary>A value is not one of its enumeration.</summary>
    public const string Enumeration = "enum";
    /// <summary>A value has the wrong JSON type, or a property appears twice.</summary>
    public const string Type = "type";
    /// <summary>The message is larger than the contract allows.</summary>
    public const string Size = "size";
    /// <summary>The message is not well-formed JSON.</summary>
    public const string Json = "json";
    /// <summary>A value must be exactly one thing.</summary>
    public const string Constant = "const";
}
