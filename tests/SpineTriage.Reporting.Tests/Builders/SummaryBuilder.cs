using SpineTriage.Core.Summaries;
using SpineTriage.Core.Triage;

namespace SpineTriage.Reporting.Tests.Builders;

/// <summary>A hand-made summary whose every figure is distinct, so a test can find each one in the output.</summary>
public sealed class SummaryBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    private string _region = "north-east";
    private RegionStatus? _status = RegionStatus.Crisis;
    private DateTimeOffset? _previous = Now.AddDays(-1);
    private List<ReviewCase> _backlog = ReviewCases("REF-R1", "REF-R2", "REF-R3", "REF-R4");
    private TimeSpan _reviewWaitLimit = TimeSpan.FromHours(24);
    private List<string> _eligible = [];
    private List<RegionLine> _regions = [];
    private List<string> _new = ["REF-N1", "REF-N2", "REF-N3"];
    private List<CaseDays> _waits = [new("REF-W1", 73), new("REF-W2", 61), new("REF-W3", 44)];
    private List<CaseDays> _past = [new("REF-W1", 52), new("REF-W2", 33)];
    private List<KeyValuePair<string, int>> _criteria =
    [
        new("elective.manageable-without-procedure", 9),
        new("urgent.intractable-pain", 4),
        new("elective.deformity-correction", 3),
        new("urgent.progressive-myelopathy", 2),
    ];

    public SummaryBuilder Region(string region)
    {
        _region = region;
        return this;
    }

    public SummaryBuilder Status(RegionStatus? status)
    {
        _status = status;
        return this;
    }

    public SummaryBuilder FirstSummary()
    {
        _previous = null;
        return this;
    }

    /// <summary>Cases awaiting review: Urgent, postponed, one criterion; the first has waited longest (30 h, 20 h, 10 h, 5 h, then 1 h each).</summary>
    public SummaryBuilder AwaitingReview(params string[] ids)
    {
        _backlog = ReviewCases(ids);
        return this;
    }

    public SummaryBuilder WithBacklog(params ReviewCase[] cases)
    {
        _backlog = [.. cases];
        return this;
    }

    public SummaryBuilder ReviewWaitLimit(TimeSpan limit)
    {
        _reviewWaitLimit = limit;
        return this;
    }

    /// <summary>A case awaiting review in the builder's region, waiting since <paramref name="waiting"/> before now.</summary>
    public static ReviewCase ReviewCase(string id, TriageCategory category, Disposition disposition, TimeSpan waiting, params string[] criteria) =>
        new(id, "north-east", 1, category, disposition, criteria, Now - waiting - TimeSpan.FromHours(1), Now - waiting, Now - waiting);

    private static List<ReviewCase> ReviewCases(params string[] ids)
    {
        int[] hours = [30, 20, 10, 5];
        return ids.Select((id, i) => ReviewCase(
            id, TriageCategory.Urgent, Disposition.Postpone, TimeSpan.FromHours(i < hours.Length ? hours[i] : 1), "urgent.progressive-myelopathy")).ToList();
    }

    /// <summary>The rollup's lines per region.</summary>
    public SummaryBuilder Regions(params RegionLine[] lines)
    {
        _regions = [.. lines];
        return this;
    }

    public SummaryBuilder Eligible(params string[] ids)
    {
        _eligible = [.. ids];
        return this;
    }

    public SummaryBuilder New(params string[] ids)
    {
        _new = [.. ids];
        return this;
    }

    public SummaryBuilder Waits(params CaseDays[] waits)
    {
        _waits = [.. waits];
        return this;
    }

    public SummaryBuilder PastReevaluation(params CaseDays[] past)
    {
        _past = [.. past];
        return this;
    }

    public SummaryBuilder Criteria(params KeyValuePair<string, int>[] criteria)
    {
        _criteria = [.. criteria];
        return this;
    }

    /// <summary>Urgent on day i (0-based) is 10 + i, Elective 30 + 2i: every cell differs.</summary>
    public static IReadOnlyList<TrendPoint> Trend() =>
        Enumerable.Range(0, 14).Select(i => new TrendPoint(new DateOnly(2026, 11, 11).AddDays(i), 10 + i, 30 + (2 * i))).ToList();

    public RegionSummary Build() => new(
        _region,
        _status,
        Now,
        _previous,
        Postponed: 17,
        ByCategory: new Dictionary<TriageCategory, int> { [TriageCategory.Urgent] = 5, [TriageCategory.Elective] = 12 },
        ByCriterion: _criteria,
        NewSincePrevious: _new,
        LongestWaits: _waits,
        PastReevaluation: _past,
        EligibleToProceed: _eligible,
        Trend: Trend(),
        ReevaluationAge: TimeSpan.FromDays(28),
        Backlog: SummaryCalculator.Backlog(_backlog, _region == RegionSummary.AllRegions ? ["central", "north-east"] : [_region], Now, _reviewWaitLimit))
    {
        Regions = _regions,
    };
}
