using SpineTriage.Core.Contract;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;
using SpineTriage.TestSupport;

namespace SpineTriage.Reporting.Tests.Builders;

/// <summary>
/// A realistic summary from the shipped samples (samples/referrals.jsonl): every referral received
/// before "now" is classified under its region's example status, decided three hours after it was
/// received; the postponed ones make the summary.
/// </summary>
public static class SampleSummaries
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset PreviousSummary = Now.AddDays(-1);
    public const string PeriodKey = "2026-11-24T06:00:00Z";

    public static readonly IReadOnlyDictionary<string, RegionStatus> Statuses = new Dictionary<string, RegionStatus>
    {
        ["north-east"] = RegionStatus.Crisis,
        ["central"] = RegionStatus.Constrained,
        ["coastal"] = RegionStatus.Normal,
        ["metro-west"] = RegionStatus.Crisis,
        ["south-west"] = RegionStatus.Constrained,
        ["highlands"] = RegionStatus.Constrained,
    };

    public static IReadOnlyList<PostponedCase> PostponedCases() => Classify().Postponed;

    /// <summary>The cases awaiting review: disposition review, or flagged for review, as the store indexes them.</summary>
    public static IReadOnlyList<ReviewCase> ReviewBacklog() => Classify().Backlog;

    private static (List<PostponedCase> Postponed, List<ReviewCase> Backlog) Classify()
    {
        var classifier = new TriageClassifier();
        var cases = new List<PostponedCase>();
        var backlog = new List<ReviewCase>();
        foreach (var line in File.ReadLines(RepositoryRoot.File("samples", "referrals.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var read = ReferralReader.Read(System.Text.Encoding.UTF8.GetBytes(line));
            var referral = read.Referral!;
            var receivedAt = referral.ReceivedAt!.Value;
            if (receivedAt > Now)
            {
                continue;
            }

            // Coastal is "normal" now, but its cases were decided while it was in crisis: some are still postponed.
            var statusThen = Statuses[referral.Region!] == RegionStatus.Normal ? RegionStatus.Crisis : Statuses[referral.Region!];
            var decidedAt = receivedAt.AddHours(3);
            var result = classifier.Classify(referral, statusThen, decidedAt);
            if (result.Disposition == Disposition.Postpone)
            {
                cases.Add(new PostponedCase(result.ReferralId, result.Region, result.Sequence, result.Category, result.Criteria,
                    result.NeedsReview, receivedAt, decidedAt, decidedAt));
            }

            if (result.Disposition == Disposition.Review || result.NeedsReview)
            {
                backlog.Add(new ReviewCase(result.ReferralId, result.Region, result.Sequence, result.Category, result.Disposition, result.Criteria,
                    receivedAt, decidedAt, decidedAt));
            }
        }

        return (cases, backlog);
    }

    public static RegionSummary Region(string region)
    {
        var (postponed, backlog) = Classify();
        return SummaryCalculator.Build(
            region, Statuses[region], postponed.Where(c => c.Region == region).ToList(), backlog.Where(c => c.Region == region).ToList(),
            Now, PreviousSummary, new SummaryOptions());
    }

    public static RegionSummary Rollup()
    {
        var (all, backlog) = Classify();
        var regions = Statuses.Keys
            .Select(r => SummaryCalculator.Build(
                r, Statuses[r], all.Where(c => c.Region == r).ToList(), backlog.Where(c => c.Region == r).ToList(), Now, PreviousSummary, new SummaryOptions()))
            .ToList();
        return SummaryCalculator.Rollup(regions, all, backlog, Now, PreviousSummary, new SummaryOptions());
    }
}
