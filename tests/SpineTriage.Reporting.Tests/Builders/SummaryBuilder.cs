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
    private List<string> _awaitingReview = ["REF-R1", "REF-R2", "REF-R3", "REF-R4"];
    private List<string> _eligible = [];
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

    public SummaryBuilder AwaitingReview(params string[] ids)
    {
        _awaitingReview = [.. ids];
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
        AwaitingReview: _awaitingReview,
        EligibleToProceed: _eligible,
        Trend: Trend(),
        ReevaluationAge: TimeSpan.FromDays(28));
}
