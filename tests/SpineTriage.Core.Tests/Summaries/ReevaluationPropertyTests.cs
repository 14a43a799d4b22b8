using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Summaries;

/// <summary>
/// The longest waits and "past re-evaluation" measure one wait (since the referral was received), so
/// an email can never show a longest wait over the re-evaluation age beside "past re-evaluation 0".
/// </summary>
public sealed class ReevaluationPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Re-evaluation ages from one hour to 60 days (whole days or not), and 0 to 12 longest waits shown.</summary>
    private static Gen<SummaryOptions> Options() =>
        Gen.Choose(60, 60 * 24 * 60).SelectMany(minutes => Gen.Choose(0, 12).Select(shown =>
            new SummaryOptions { ReevaluationAge = TimeSpan.FromMinutes(minutes), LongestWaitsShown = shown }));

    [Property(MaxTest = 500)]
    public Property Build_AnyCases_ALongestWaitOverTheReevaluationAge_MeansAtLeastOnePastReevaluation() =>
        Prop.ForAll(SummaryAtTimeTests.Cases().ToArbitrary(), Options().ToArbitrary(), (cases, options) =>
        {
            var summary = SummaryCalculator.Build("central", RegionStatus.Crisis, cases, [], Now, null, options);

            if (summary.LongestWaits.Count > 0 && TimeSpan.FromDays(summary.LongestWaits[0].Days) > options.ReevaluationAge)
            {
                Assert.NotEmpty(summary.PastReevaluation);
            }

            // Every listed wait over the age is in the list, with the same days; and the list is exactly the cases waiting longer.
            foreach (var wait in summary.LongestWaits.Where(w => TimeSpan.FromDays(w.Days) > options.ReevaluationAge))
            {
                Assert.Contains(wait, summary.PastReevaluation);
            }

            var expected = cases
                .Where(c => SummaryCalculator.IsPostponedAt(c, Now) && SummaryCalculator.Wait(c, Now) > options.ReevaluationAge)
                .Select(c => c.ReferralId).Order(StringComparer.Ordinal);
            Assert.Equal(expected, summary.PastReevaluation.Select(p => p.ReferralId).Order(StringComparer.Ordinal));
        });

    [Property(MaxTest = 200)]
    public Property Rollup_AnyCases_ALongestWaitOverTheReevaluationAge_MeansAtLeastOnePastReevaluation_InTheRollupAndItsRegion() =>
        Prop.ForAll(SummaryAtTimeTests.Cases().ToArbitrary(), Options().ToArbitrary(), (cases, options) =>
        {
            // Half the cases in another region.
            var spread = cases.Select((c, i) => i % 2 == 0 ? c : c with { Region = "coastal" }).ToArray();
            var regions = new[] { "central", "coastal" }
                .Select(r => SummaryCalculator.Build(r, RegionStatus.Crisis, spread.Where(c => c.Region == r).ToList(), [], Now, null, options))
                .ToList();

            var rollup = SummaryCalculator.Rollup(regions, spread, [], Now, null, options);

            foreach (var summary in regions.Append(rollup))
            {
                if (summary.LongestWaits.Count > 0 && TimeSpan.FromDays(summary.LongestWaits[0].Days) > options.ReevaluationAge)
                {
                    Assert.NotEmpty(summary.PastReevaluation);
                }
            }

            Assert.Equal(regions.Sum(r => r.PastReevaluation.Count), rollup.PastReevaluation.Count);
        });
}
