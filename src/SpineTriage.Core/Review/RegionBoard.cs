using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Review;

/// <summary>
/// A known region's status: set by someone (who and when), or only seen in referrals (the default
/// status applies; when it was first seen).
/// </summary>
/// <param name="Region">The region.</param>
/// <param name="Status">The status that applies.</param>
/// <param name="IsSet">Whether someone set it (else the default applies).</param>
/// <param name="SetBy">Who set it (empty when not set).</param>
/// <param name="At">When it was set, or when the region was first seen when not set.</param>
public sealed record RegionStatusEntry(string Region, RegionStatus Status, bool IsSet, string SetBy, DateTimeOffset At);

/// <summary>Lists the known regions and their statuses (for the region board).</summary>
public interface IRegionStatusDirectory
{
    /// <summary>Every known region (a status set, or seen in a referral), by region.</summary>
    IAsyncEnumerable<RegionStatusEntry> GetRegionStatusesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Counts the cases currently postponed in a region.</summary>
public interface IPostponedCounter
{
    /// <summary>How many cases of the region are postponed now (the clinician's disposition when one decided, else the machine's).</summary>
    Task<int> CountPostponedAsync(string region, CancellationToken cancellationToken = default);
}

/// <summary>One region on the board: its status and how many cases await a clinician or are postponed.</summary>
/// <param name="Region">The region.</param>
/// <param name="Status">Its status (null when only the worklist knows the region).</param>
/// <param name="OnWorklist">How many of its referrals await a clinician.</param>
/// <param name="Postponed">How many of its cases are postponed now.</param>
public sealed record RegionBoardRow(string Region, RegionStatusEntry? Status, int OnWorklist, int Postponed);

/// <summary>
/// The region board: every known region with its status, who set it and when, its worklist and its
/// postponed cases. Shared by every host.
/// </summary>
public sealed class RegionBoard
{
    private readonly IRegionStatusDirectory _statuses;
    private readonly IPostponedCounter _postponed;
    private readonly ReviewService _review;

    /// <summary>Creates the board over its ports.</summary>
    public RegionBoard(IRegionStatusDirectory statuses, IPostponedCounter postponed, ReviewService review)
    {
        _statuses = statuses;
        _postponed = postponed;
        _review = review;
    }

    /// <summary>The known region statuses, by region.</summary>
    public async Task<IReadOnlyList<RegionStatusEntry>> GetStatusesAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<RegionStatusEntry>();
        await foreach (var entry in _statuses.GetRegionStatusesAsync(cancellationToken).ConfigureAwait(false))
        {
            statuses.Add(entry);
        }

        return statuses;
    }

    /// <summary>Every region known to the statuses or the worklist, by region, with its counts.</summary>
    public async Task<IReadOnlyList<RegionBoardRow>> GetAsync(CancellationToken cancellationToken = default)
    {
        var statuses = (await GetStatusesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Region, StringComparer.Ordinal);
        var worklist = (await _review.ListAsync(null, cancellationToken).ConfigureAwait(false))
            .GroupBy(i => i.Region, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = new List<RegionBoardRow>();
        foreach (var region in statuses.Keys.Union(worklist.Keys).Order(StringComparer.Ordinal))
        {
            var postponed = await _postponed.CountPostponedAsync(region, cancellationToken).ConfigureAwait(false);
            rows.Add(new RegionBoardRow(region, statuses.GetValueOrDefault(region), worklist.GetValueOrDefault(region), postponed));
        }

        return rows;
    }
}
