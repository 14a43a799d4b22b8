using System.Text;

namespace SpineTriage.Storage.Tests.Builders;

/// <summary>Message bodies as intake puts them on the queue (UTF-8 JSON of the v1 contract).</summary>
public static class ReferralJson
{
    /// <summary>
    /// A degenerative case without significant deficit: Elective, so proceed when the region is
    /// normal and postpone when it is constrained or in crisis.
    /// </summary>
    public static byte[] Elective(string referralId = "REF-2026-000123", string region = "north-east", long sequence = 0) =>
        Encoding.UTF8.GetBytes($$"""
            {
              "schemaVersion": 1,
              "referralId": "{{referralId}}",
              "sequence": {{sequence}},
              "receivedAt": "2026-11-20T09:15:00Z",
              "region": "{{region}}",
              "procedure": { "kind": "surgery", "setting": "inpatient" },
              "findings": { "neurologicDeficit": { "severity": "none", "trend": "stable" }, "cause": "degenerative" }
            }
            """);

    /// <summary>Not JSON at all.</summary>
    public static byte[] NotJson => "{\"schemaVersion\": 1, \"referralId\": \"REF-BROKEN\", "u8.ToArray();

    /// <summary>Valid JSON that breaks the contract (a region with capitals) but has a readable referral id.</summary>
    public static byte[] BadRegion(string referralId = "REF-2026-000999") =>
        Encoding.UTF8.GetBytes($$"""
            { "schemaVersion": 1, "referralId": "{{referralId}}", "receivedAt": "2026-11-20T09:15:00Z", "region": "North East" }
            """);
}
