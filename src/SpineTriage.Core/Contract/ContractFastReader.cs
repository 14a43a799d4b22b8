using System.Text.Json;

namespace SpineTriage.Core.Contract;

/// <summary>
/// Reads a v1 message with one hand-written <see cref="Utf8JsonReader"/> loop: what the
/// source-generated serializer (<see cref="ContractJsonContext"/>) reads, at a fraction of its cost,
/// for every message that keeps to the ordinary shape. Anything else returns null and is left to
/// the serializer, whose failures name the field: malformed JSON, a value of the wrong JSON type,
/// a number it cannot hold, a property that appears twice, an escaped property name.
/// </summary>
/// <remarks>
/// The two must agree on every message this reader accepts; <c>ContractFastReaderTests</c> checks
/// that over generated messages. Lenient values (an unknown enumeration name, an unreadable date-time)
/// are read by the very code the serializer's converters call, so the validator sees the same values.
/// </remarks>
internal static class ContractFastReader
{
    /// <summary>The message, or null when the serializer must read it (see the class remarks).</summary>
    public static ReferralMessage? TryRead(ReadOnlySpan<byte> utf8Body)
    {
        // Default options are the serializer's: no comments, no trailing commas, depth 64.
        var reader = new Utf8JsonReader(utf8Body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var message = ReadMessage(ref reader);

            // Reading past the object throws for anything but white space after it.
            return message is not null && !reader.Read() ? message : null;
        }
        catch (JsonException)
        {
            // Malformed JSON: not lost, the serializer path reads the body again and names the problem.
            return null;
        }
        catch (InvalidOperationException)
        {
            // A string that cannot be transcoded (invalid UTF-8): likewise left to the serializer path.
            return null;
        }
    }

    private static ReferralMessage? ReadMessage(ref Utf8JsonReader reader) => ReadProperties<ReferralMessage, MessageFields>(ref reader, new ReferralMessage());

    private struct MessageFields : IObjectReader<ReferralMessage>
    {
        public static byte[][] Names => MessageNames;

        public static bool Read(ref Utf8JsonReader reader, ReferralMessage message, int property) => property switch
        {
            0 => ReadInt(ref reader, out var version) && Set(message.SchemaVersion = version),
            1 => ReadString(ref reader, out var id) && Set(message.ReferralId = id),
            2 => ReadLong(ref reader, out var sequence) && Set(message.Sequence = sequence),
            3 => Set(message.ReceivedAtValue = reader.TokenType == JsonTokenType.Null ? null : Rfc3339TimestampConverter.ReadValue(ref reader)),
            4 => ReadString(ref reader, out var region) && Set(message.Region = region),
            5 => ReadString(ref reader, out var facility) && Set(message.Facility = facility),
            6 => ReadObject(ref reader, ReadPatient, out var patient) && Set(message.Patient = patient),
            7 => ReadObject(ref reader, ReadProcedure, out var procedure) && Set(message.Procedure = procedure),
            8 => ReadDiagnoses(ref reader, out var diagnoses) && Set(message.Diagnoses = diagnoses),
            9 => ReadObject(ref reader, ReadFindings, out var findings) && Set(message.Findings = findings),
            10 => ReadString(ref reader, out var notes) && Set(message.Notes = notes),
            _ => false,
        };
    }

    private static Patient? ReadPatient(ref Utf8JsonReader reader) => ReadProperties<Patient, PatientFields>(ref reader, new Patient());

    private struct PatientFields : IObjectReader<Patient>
    {
        public static byte[][] Names => PatientNames;

        public static bool Read(ref Utf8JsonReader reader, Patient patient, int property) => property switch
        {
            0 => ReadString(ref reader, out var reference) && Set(patient.Ref = reference),
            1 => ReadInt(ref reader, out var age) && Set(patient.AgeYears = age),
            2 => ReadRiskFactors(ref reader, out var factors) && Set(patient.CovidRiskFactors = factors),
            3 => Set(patient.CovidStatus = ReadEnum<CovidStatus>(ref reader)),
            _ => false,
        };
    }

    private static Procedure? ReadProcedure(ref Utf8JsonReader reader) => ReadProperties<Procedure, ProcedureFields>(ref reader, new Procedure());

    private struct ProcedureFields : IObjectReader<Procedure>
    {
        public static byte[][] Names => ProcedureNames;

        public static bool Read(ref Utf8JsonReader reader, Procedure procedure, int property) => property switch
        {
            0 => Set(procedure.Kind = ReadEnum<ProcedureKind>(ref reader)),
            1 => ReadString(ref reader, out var description) && Set(procedure.Description = description),
            2 => Set(procedure.Setting = ReadEnum<ProcedureSetting>(ref reader)),
            _ => false,
        };
    }

    private static Diagnosis? ReadDiagnosis(ref Utf8JsonReader reader) => ReadProperties<Diagnosis, DiagnosisFields>(ref reader, new Diagnosis());

    private struct DiagnosisFields : IObjectReader<Diagnosis>
    {
        public static byte[][] Names => DiagnosisNames;

        public static bool Read(ref Utf8JsonReader reader, Diagnosis diagnosis, int property) => property switch
        {
            0 => ReadCodeSystem(ref reader, out var system) && Set(diagnosis.System = system),
            1 => ReadString(ref reader, out var code) && Set(diagnosis.Code = code),
            _ => false,
        };
    }

    private static Findings? ReadFindings(ref Utf8JsonReader reader) => ReadProperties<Findings, FindingsFields>(ref reader, new Findings());

    private struct FindingsFields : IObjectReader<Findings>
    {
        public static byte[][] Names => FindingsNames;

        public static bool Read(ref Utf8JsonReader reader, Findings findings, int property) => property switch
        {
            0 => ReadObject(ref reader, ReadDeficit, out var deficit) && Set(findings.NeurologicDeficit = deficit),
            1 => Set(findings.Cause = ReadEnum<Cause>(ref reader)),
            2 => ReadObject(ref reader, ReadMyelopathy, out var myelopathy) && Set(findings.Myelopathy = myelopathy),
            3 => ReadObject(ref reader, ReadInstability, out var instability) && Set(findings.Instability = instability),
            4 => ReadObject(ref reader, ReadInfection, out var infection) && Set(findings.Infection = infection),
            5 => ReadObject(ref reader, ReadPain, out var pain) && Set(findings.Pain = pain),
            6 => ReadBool(ref reader, out var deformity) && Set(findings.DeformityCorrection = deformity),
            7 => ReadBool(ref reader, out var hardware) && Set(findings.SymptomaticHardware = hardware),
            8 => ReadBool(ref reader, out var pseudarthrosis) && Set(findings.Pseudarthrosis = pseudarthrosis),
            _ => false,
        };
    }

    private static NeurologicDeficit? ReadDeficit(ref Utf8JsonReader reader) => ReadProperties<NeurologicDeficit, DeficitFields>(ref reader, new NeurologicDeficit());

    private struct DeficitFields : IObjectReader<NeurologicDeficit>
    {
        public static byte[][] Names => DeficitNames;

        public static bool Read(ref Utf8JsonReader reader, NeurologicDeficit deficit, int property) => property switch
        {
            0 => Set(deficit.Severity = ReadEnum<DeficitSeverity>(ref reader)),
            1 => Set(deficit.Trend = ReadEnum<DeficitTrend>(ref reader)),
            _ => false,
        };
    }

    private static Myelopathy? ReadMyelopathy(ref Utf8JsonReader reader) => ReadProperties<Myelopathy, MyelopathyFields>(ref reader, new Myelopathy());

    private struct MyelopathyFields : IObjectReader<Myelopathy>
    {
        public static byte[][] Names => MyelopathyNames;

        public static bool Read(ref Utf8JsonReader reader, Myelopathy myelopathy, int property) => property switch
        {
            0 => Set(myelopathy.Level = ReadEnum<MyelopathyLevel>(ref reader)),
            1 => ReadBool(ref reader, out var progression) && Set(myelopathy.RecentProgression = progression),
            _ => false,
        };
    }

    private static Instability? ReadInstability(ref Utf8JsonReader reader) => ReadProperties<Instability, InstabilityFields>(ref reader, new Instability());

    private struct InstabilityFields : IObjectReader<Instability>
    {
        public static byte[][] Names => InstabilityNames;

        public static bool Read(ref Utf8JsonReader reader, Instability instability, int property) => property switch
        {
            0 => ReadBool(ref reader, out var risk) && Set(instability.RiskOfNeurologicInjury = risk),
            _ => false,
        };
    }

    private static Infection? ReadInfection(ref Utf8JsonReader reader) => ReadProperties<Infection, InfectionFields>(ref reader, new Infection());

    private struct InfectionFields : IObjectReader<Infection>
    {
        public static byte[][] Names => InfectionNames;

        public static bool Read(ref Utf8JsonReader reader, Infection infection, int property) => property switch
        {
            0 => Set(infection.Kind = ReadEnum<InfectionKind>(ref reader)),
            1 => ReadBool(ref reader, out var decompression) && Set(infection.RequiresDecompression = decompression),
            2 => ReadBool(ref reader, out var failed) && Set(infection.FailedMedicalManagement = failed),
            _ => false,
        };
    }

    private static Pain? ReadPain(ref Utf8JsonReader reader) => ReadProperties<Pain, PainFields>(ref reader, new Pain());

    private struct PainFields : IObjectReader<Pain>
    {
        public static byte[][] Names => PainNames;

        public static bool Read(ref Utf8JsonReader reader, Pain pain, int property) => property switch
        {
            0 => ReadBool(ref reader, out var intractable) && Set(pain.Intractable = intractable),
            1 => ReadBool(ref reader, out var ed) && Set(pain.EdPresentation = ed),
            2 => ReadBool(ref reader, out var limitation) && Set(pain.SevereFunctionalLimitation = limitation),
            3 => ReadBool(ref reader, out var opioids) && Set(pain.ExcessiveOpioidUse = opioids),
            4 => ReadBool(ref reader, out var failed) && Set(pain.FailedNonProceduralCare = failed),
            _ => false,
        };
    }

    // Each object's contract property names, in the order its switch numbers them.
    private static readonly byte[][] MessageNames = Names("schemaVersion", "referralId", "sequence", "receivedAt", "region", "facility", "patient", "procedure", "diagnoses", "findings", "notes");
    private static readonly byte[][] PatientNames = Names("ref", "ageYears", "covidRiskFactors", "covidStatus");
    private static readonly byte[][] ProcedureNames = Names("kind", "description", "setting");
    private static readonly byte[][] DiagnosisNames = Names("system", "code");
    private static readonly byte[][] FindingsNames = Names("neurologicDeficit", "cause", "myelopathy", "instability", "infection", "pain", "deformityCorrection", "symptomaticHardware", "pseudarthrosis");
    private static readonly byte[][] DeficitNames = Names("severity", "trend");
    private static readonly byte[][] MyelopathyNames = Names("level", "recentProgression");
    private static readonly byte[][] InstabilityNames = Names("riskOfNeurologicInjury");
    private static readonly byte[][] InfectionNames = Names("kind", "requiresDecompression", "failedMedicalManagement");
    private static readonly byte[][] PainNames = Names("intractable", "edPresentation", "severeFunctionalLimitation", "excessiveOpioidUse", "failedNonProceduralCare");

    private static byte[][] Names(params string[] names) => [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];

    // One contract object: its property names, and how the property numbered `property` (its index in
    // the names) is read into the target. A struct per object, so that the loop below is compiled for each
    // and calls it directly (a delegate call per property cost a sixth of the reader's time).
    private interface IObjectReader<in T>
    {
        static abstract byte[][] Names { get; }

        static abstract bool Read(ref Utf8JsonReader reader, T target, int property);
    }

    // One object's properties: each known one read into the target, unknown ones skipped; null when any
    // is irregular (then the serializer reads the whole message).
    private static T? ReadProperties<T, TFields>(ref Utf8JsonReader reader, T target)
        where T : class
        where TFields : struct, IObjectReader<T>
    {
        var names = TFields.Names;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Property(ref reader, names, ref seen);
            if (property == Duplicate)
            {
                return null;
            }

            reader.Read();
            if (!(property == Unknown ? Skip(ref reader) : TFields.Read(ref reader, target, property)))
            {
                return null;
            }
        }

        return target;
    }

    private const int Unknown = -1, Duplicate = -2;

    /// <summary>
    /// The index of the current property name among <paramref name="names"/>, <see cref="Unknown"/>
    /// for another name (skipped, as the serializer does), or <see cref="Duplicate"/> for a known name
    /// seen before in this object or an escaped name (both left to the serializer).
    /// </summary>
    private static int Property(ref Utf8JsonReader reader, byte[][] names, ref int seen)
    {
        if (reader.ValueIsEscaped)
        {
            return Duplicate;
        }

        var name = reader.ValueSpan;
        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                var bit = 1 << i;
                if ((seen & bit) != 0)
                {
                    return Duplicate;
                }

                seen |= bit;
                return i;
            }
        }

        return Unknown;
    }

    // Lets an assignment stand in a boolean chain: "read it && Set(target = value)".
    private static bool Set<T>(T value) => true;

    private static bool Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return true;
    }

    private delegate T? ObjectReader<T>(ref Utf8JsonReader reader)
        where T : class;

    private static bool ReadObject<T>(ref Utf8JsonReader reader, ObjectReader<T> read, out T? value)
        where T : class
    {
        value = null;
        return reader.TokenType == JsonTokenType.Null
            || (reader.TokenType == JsonTokenType.StartObject && (value = read(ref reader)) is not null);
    }

    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool ReadCodeSystem(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String
            ? reader.ValueTextEquals("ICD-10-CM"u8) ? Validation.ReferralValidator.Icd10Cm : reader.GetString()
            : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool ReadInt(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            value = number;
            return true;
        }

        return reader.TokenType == JsonTokenType.Null;
    }

    private static bool ReadLong(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            value = number;
            return true;
        }

        return reader.TokenType == JsonTokenType.Null;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;
    }

    // Null is "not reported", as for the serializer's nullable wrapper; any other token is read
    // leniently by the enumeration converter's own code.
    private static TEnum? ReadEnum<TEnum>(ref Utf8JsonReader reader)
        where TEnum : struct, Enum =>
        reader.TokenType == JsonTokenType.Null ? null : ContractNames<TEnum>.Read(ref reader);

    private static bool ReadRiskFactors(ref Utf8JsonReader reader, out IReadOnlyList<CovidRiskFactor>? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        List<CovidRiskFactor>? items = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            (items ??= new List<CovidRiskFactor>(2)).Add(ContractNames<CovidRiskFactor>.Read(ref reader));
        }

        value = items is null ? [] : items;
        return true;
    }

    private static bool ReadDiagnoses(ref Utf8JsonReader reader, out IReadOnlyList<Diagnosis?>? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var items = new List<Diagnosis?>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                items.Add(null);
            }
            else if (reader.TokenType == JsonTokenType.StartObject && ReadDiagnosis(ref reader) is { } diagnosis)
            {
                items.Add(diagnosis);
            }
            else
            {
                return false;
            }
        }

        value = items;
        return true;
    }
}
