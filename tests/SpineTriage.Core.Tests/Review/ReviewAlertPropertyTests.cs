using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpineTriage.Core.Review;

namespace SpineTriage.Core.Tests.Review;

/// <summary>
/// Across any interleaving of stored results, redeliveries, clinician decisions and runs (some of
/// whose emails fail), no referral sequence is emailed twice, and once a run succeeds every alert that
/// is still due has been emailed exactly once and nothing is left pending.
/// </summary>
public sealed class ReviewAlertPropertyTests
{
    private static readonly string[] Regions = ["north-east", "south-west"];

    private enum Kind
    {
        Store,
        Redeliver,
        Decide,
        Run,
    }

    private sealed record Step(Kind Kind, int Referral, int Region, bool AlertWorthy, bool SendFails);

    // One referral as storage has it: its current sequence and revision, where, and whether an alert is due.
    private sealed record Current(long Sequence, long Revision, string Region, bool AlertWorthy, bool Decided);

    private static Gen<Step> Steps() =>
        from kind in Gen.Frequency((4, Gen.Constant(Kind.Store)), (3, Gen.Constant(Kind.Redeliver)), (1, Gen.Constant(Kind.Decide)), (3, Gen.Constant(Kind.Run)))
        from referral in Gen.Choose(0, 5)
        from region in Gen.Choose(0, Regions.Length - 1)
        from worthy in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from fails in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Step(kind, referral, region, worthy, fails);

    private static Gen<Step[]> Histories() => Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Steps(), n));

    [Property(MaxTest = 300)]
    public Property AnyInterleaving_EveryDueAlertEndsInExactlyOneEmail() =>
        Prop.ForAll(Histories().ToArbitrary(), steps =>
        {
            var harness = new AlertHarness();
            var referrals = new Dictionary<string, Current>();
            var everPending = new HashSet<(string, string, long)>();

            void Write(string id, Current current)
            {
                referrals[id] = current;
                if (current.AlertWorthy && !current.Decided)
                {
                    harness.Outbox.Put(AlertHarness.RedFlag(id, current.Region, current.Sequence, current.Revision));
                    everPending.Add((current.Region, id, current.Sequence));
                }
                else
                {
                    harness.Outbox.Clear(id);
                }
            }

            foreach (var step in steps)
            {
                var id = $"REF-{step.Referral}";
                var known = referrals.TryGetValue(id, out var current);
                switch (step.Kind)
                {
                    case Kind.Store:
                        Write(id, new Current(known ? current!.Sequence + 1 : 0, known ? current!.Revision + 1 : 1, Regions[step.Region], step.AlertWorthy, false));
                        break;
                    case Kind.Redeliver when known:
                        // The same message again: nothing changes but the index rows are repaired.
                        Write(id, current!);
                        break;
                    case Kind.Decide when known:
                        Write(id, current! with { Revision = current.Revision + 1, Decided = true });
                        break;
                    case Kind.Run:
                        harness.Sender.FailNextSends = step.SendFails ? 1 : 0;
                        harness.Job.RunAsync().GetAwaiter().GetResult();
                        break;
                }
            }

            harness.Sender.FailNextSends = 0;
            harness.Job.RunAsync().GetAwaiter().GetResult();

            var emailed = harness.Sender.Emails.SelectMany(e => e.Alerts.Select(a => (e.Region, a.ReferralId, a.Sequence))).ToList();
            Assert.Equal(emailed.Count, emailed.Distinct().Count());
            Assert.All(emailed, key => Assert.Contains(key, everPending));
            Assert.Empty(harness.Outbox.Rows);
            foreach (var (id, current) in referrals.Where(r => r.Value.AlertWorthy && !r.Value.Decided))
            {
                Assert.Single(emailed, key => key == (current.Region, id, current.Sequence));
            }

            // One email per region per run at most: a region's burst is coalesced.
            Assert.All(harness.Sender.Emails, e => Assert.Equal(e.Alerts.Count, e.Alerts.Select(a => a.ReferralId).Distinct().Count()));
        });
}
