using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Validation;

/// <summary>
/// Checks a parsed message against the v1 contract and reports every error at once, each naming
/// its field. Messages say what the field must be and never echo the value (it may be PHI).
/// </summary>
public static class ReferralValidator
{
    /// <summary>The contract version this validator accepts.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The youngest and oldest ages the contract accepts.</summary>
    public const int MinAgeYears = 0, MaxAgeYears = 130;

    /// <summary>The one diagnosis code system v1 supports.</summary>
    public const string Icd10Cm = "ICD-10-CM";

    /// <summary>Validates a message; an empty list means it keeps the contract.</summary>
    public static IReadOnlyList<ValidationError> Validate(ReferralMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        List<ValidationError>? errors = null;

        if (message.SchemaVersion is null)
        {
            Add(ref errors, "schemaVersion", ValidationCodes.Required, "schemaVersion is required (1)");
        }
        else if (message.SchemaVersion != SchemaVersion)
        {
            Add(ref errors, "schemaVersion", ValidationCodes.Constant, "schemaVersion must be 1");
        }

        if (message.ReferralId is null)
        {
            Add(ref errors, "referralId", ValidationCodes.Required, "referralId is required");
        }
        else if (!IsReferralId(message.ReferralId))
        {
            Add(ref errors, "referralId", ValidationCodes.Pattern, "referralId must be 1-64 characters of A-Z a-z 0-9 - _ .");
        }

        if (message.Sequence < 0)
        {
            Add(ref errors, "sequence", ValidationCodes.Range, "sequence must be 0 or greater");
        }

        if (message.ReceivedAtUnreadable)
        {
            Add(ref errors, "receivedAt", ValidationCodes.Pattern, "receivedAt must be an ISO-8601 date-time with an offset, e.g. 2026-11-20T09:15:00Z");
        }
        else if (message.ReceivedAt is null)
        {
            Add(ref errors, "receivedAt", ValidationCodes.Required, "receivedAt is required");
        }

        if (message.Region is null)
        {
            Add(ref errors, "region", ValidationCodes.Required, "region is required");
        }
        else if (!IsRegion(message.Region))
        {
            Add(ref errors, "region", ValidationCodes.Pattern, "region must be 1-64 characters of a-z 0-9 -");
        }

        if (message.Patient is { } patient)
        {
            if (patient.AgeYears is < MinAgeYears or > MaxAgeYears)
            {
                Add(ref errors, "patient.ageYears", ValidationCodes.Range, "patient.ageYears must be 0-130");
            }

            if (patient.CovidRiskFactors is { } factors)
            {
                for (var i = 0; i < factors.Count; i++)
                {
                    if (!ContractNames<CovidRiskFactor>.IsRecognized(factors[i]))
                    {
                        var field = $"patient.covidRiskFactors[{i}]";
                        Add(ref errors, field, ValidationCodes.Enumeration, $"{field} must be one of {ContractNames<CovidRiskFactor>.Choices}");
                    }
                }
            }

            CheckEnum(patient.CovidStatus, "patient.covidStatus", ref errors);
        }

        if (message.Procedure is { } procedure)
        {
            CheckEnum(procedure.Kind, "procedure.kind", ref errors);
            CheckEnum(procedure.Setting, "procedure.setting", ref errors);
        }

        if (message.Diagnoses is { } diagnoses)
        {
            for (var i = 0; i < diagnoses.Count; i++)
            {
                CheckDiagnosis(diagnoses[i], i, ref errors);
            }
        }

        if (message.Findings is { } findings)
        {
            CheckEnum(findings.NeurologicDeficit?.Severity, "findings.neurologicDeficit.severity", ref errors);
            CheckEnum(findings.NeurologicDeficit?.Trend, "findings.neurologicDeficit.trend", ref errors);
            CheckEnum(findings.Cause, "findings.cause", ref errors);
            CheckEnum(findings.Myelopathy?.Level, "findings.myelopathy.level", ref errors);
            CheckEnum(findings.Infection?.Kind, "findings.infection.kind", ref errors);
        }

        return errors is null ? [] : errors;
    }

    /// <summary>Whether the text is a contract referral id: 1-64 of A-Z a-z 0-9 - _ .</summary>
    public static bool IsReferralId(ReadOnlySpan<char> text) =>
        text.Length is >= 1 and <= 64 && !text.ContainsAnyExcept(ReferralIdChars);

    /// <summary>Whether the text is a contract region: 1-64 of a-z 0-9 -.</summary>
    public static bool IsRegion(ReadOnlySpan<char> text) =>
        text.Length is >= 1 and <= 64 && !text.ContainsAnyExcept(RegionChars);

    /// <summary>Whether the text has the shape of an ICD-10-CM code: letter, digit, alphanumeric, then up to four more (dot optional).</summary>
    public static bool IsIcd10CmCode(ReadOnlySpan<char> code)
    {
        if (code.Length < 3 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiDigit(code[1]) || !char.IsAsciiLetterOrDigit(code[2]))
        {
            return false;
        }

        var rest = code[3..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return false;
            }
        }

        return rest.Length <= 4 && !rest.ContainsAnyExcept(AsciiLettersAndDigits);
    }

    private static readonly System.Buffers.SearchValues<char> ReferralIdChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static readonly System.Buffers.SearchValues<char> RegionChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static void Add(ref List<ValidationError>? errors, string field, string code, string text) =>
        (errors ??= []).Add(new ValidationError(field, code, text));

    private static void CheckDiagnosis(Diagnosis? diagnosis, int index, ref List<ValidationError>? errors)
    {
        if (diagnosis is null)
        {
            var field = $"diagnoses[{index}]";
            Add(ref errors, field, ValidationCodes.Type, $"{field} must be an object with a code");
            return;
        }

        if (diagnosis.System is not null && diagnosis.System != Icd10Cm)
        {
            var field = $"diagnoses[{index}].system";
            Add(ref errors, field, ValidationCodes.Constant, $"{field} must be ICD-10-CM");
        }

        if (diagnosis.Code is null)
        {
            var field = $"diagnoses[{index}].code";
            Add(ref errors, field, ValidationCodes.Required, $"{field} is required");
        }
        else if (!IsIcd10CmCode(diagnosis.Code))
        {
            var field = $"diagnoses[{index}].code";
            Add(ref errors, field, ValidationCodes.Pattern, $"{field} must be an ICD-10-CM code such as M47.12");
        }
    }

    private static void CheckEnum<TEnum>(TEnum? value, string field, ref List<ValidationError>? errors)
        where TEnum : struct, Enum
    {
        if (value is { } v && !ContractNames<TEnum>.IsRecognized(v))
        {
            Add(ref errors, field, ValidationCodes.Enumeration, $"{field} must be one of {ContractNames<TEnum>.Choices}");
        }
    }
}
