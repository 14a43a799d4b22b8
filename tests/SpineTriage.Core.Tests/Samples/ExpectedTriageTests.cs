using System.Text;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;

namespace SpineTriage.Core.Tests.Samples;

/// <summary>
/// Samples/expected-triage.csv is what the classifier gives each shipped sample referral
/// (samples/referrals.jsonl) in a region with normal resources: a change to a rule or to the
/// ICD-10-CM table that moves a sample must update the expectation, visibly, in the same commit.
/// </summary>
public sealed class ExpectedTriageTests
{
    private static readonly string[] Referrals = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "referrals.jsonl"), Encoding.UTF8);

    private static readonly string[] Expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "expected-triage.csv"), Encoding.UTF8);

    public static TheoryData<int> SampleLines()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Referrals.Length; i++)
        {
            data.Add(i + 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleLines))]
    public void Classify_EachSampleReferral_GivesItsExpectedRow(int line)
    {
        var read = ReferralReader.Read(Encoding.UTF8.GetBytes(Referrals[line - 1]));
        Assert.True(read.IsValid, read.ErrorMessage);

        var result = read.Referral!.Classify();

        var actual = string.Join(',',
            result.ReferralId,
            result.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            result.Category.ToString(),
            string.Join(';', result.Criteria.Order(StringComparer.Ordinal)),
            result.NeedsReview ? "true" : "false");
        Assert.Equal(Expected[line], actual);
    }
}
