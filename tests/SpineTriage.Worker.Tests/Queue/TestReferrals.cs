using System.Text;
using System.Text.Json.Nodes;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>
/// Referral messages for the listener tests: valid v1 bodies (the four required fields plus a few
/// findings) and the ways a producer breaks the contract.
/// </summary>
internal static class TestReferrals
{
    /// <summary>A value that must never show up in a log: put in notes and patient fields.</summary>
    public const string Canary = "CANARY-9c1d";

    /// <summary>A valid referral: degenerative, mild stable deficit (Elective) unless <paramref name="emergent"/>.</summary>
    public static JsonObject Valid(
        string referralId,
        long sequence = 0,
        string region = "north-east",
        bool emergent = false,
        string? notes = null,
        string? patientRef = null,
        string? description = null,
        string? facility = null)
    {
        var referral = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["referralId"] = referralId,
            ["sequence"] = sequence,
            ["receivedAt"] = "2026-11-20T09:15:00Z",
            ["region"] = region,
            ["findings"] = new JsonObject
            {
                ["neurologicDeficit"] = new JsonObject
                {
                    ["severity"] = emergent ? "severe" : "mild",
                    ["trend"] = emergent ? "progressive" : "stable",
                },
                ["cause"] = emergent ? "discHerniation" : "degenerative",
            },
        };
        if (facility is not null)
        {
            referral["facility"] = facility;
        }

        if (patientRef is not null)
        {
            referral["patient"] = new JsonObject { ["ref"] = patientRef, ["ageYears"] = 61, ["covidStatus"] = "negative" };
        }

        if (description is not null)
        {
            referral["procedure"] = new JsonObject { ["kind"] = "surgery", ["description"] = description, ["setting"] = "inpatient" };
        }

        if (notes is not null)
        {
            referral["notes"] = notes;
        }

        return referral;
    }

    /// <summary>A valid referral whose free text and patient fields all carry <see cref="Canary"/>.</summary>
    public static JsonObject WithCanary(string referralId, long sequence = 0) =>
        Valid(
            referralId,
            sequence,
            notes: $"Referred by Dr {Canary}; denies saddle anaesthesia. Patient {Canary} reports cauda equina symptoms.",
            patientRef: $"p-{Canary}",
            description: $"L4-L5 decompression ({Canary})",
            facility: $"st-{Canary}");

    /// <summary>Invalid messages, each with the field its rejection must name, all carrying <see cref="Canary"/>.</summary>
    public static IReadOnlyList<(string Body, string? ReferralId, string Field)> InvalidWithCanary()
    {
        var wrongVersion = WithCanary("BAD-VERSION");
        wrongVersion["schemaVersion"] = 2;
        var badRegion = WithCanary("BAD-REGION");
        badRegion["region"] = "North East";
        var badEnum = WithCanary("BAD-ENUM");
        badEnum["patient"]!["covidStatus"] = Canary;
        var noId = WithCanary("unused");
        noId.Remove("referralId");
        var badAge = WithCanary("BAD-AGE");
        badAge["patient"]!["ageYears"] = 131;
        var truncated = WithCanary("TRUNCATED").ToJsonString();
        return
        [
            (wrongVersion.ToJsonString(), "BAD-VERSION", "schemaVersion"),
            (badRegion.ToJsonString(), "BAD-REGION", "region"),
            (badEnum.ToJsonString(), "BAD-ENUM", "patient.covidStatus"),
            (noId.ToJsonString(), null, "referralId"),
            (badAge.ToJsonString(), "BAD-AGE", "patient.ageYears"),
            (truncated[..(truncated.Length / 2)], "TRUNCATED", "JSON"),
            ($"[\"{Canary}\"]", null, "JSON object"),
            ($"notes: {Canary}", null, "JSON"),
        ];
    }

    public static BinaryData Body(this JsonObject referral) => new(Encoding.UTF8.GetBytes(referral.ToJsonString()));

    public static BinaryData Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
