namespace SpineTriage.Core.Summaries;

/// <summary>
/// Who receives the summaries (configuration section <c>SpineTriage:Email</c>, key <c>Recipients</c>):
/// per region, the department heads' addresses; under <c>*</c>, the rollup's. For example, in
/// appsettings.json: <c>"Recipients": { "north-east": ["head.ne@example.org"], "*": ["lead@example.org"] }</c>,
/// or as environment variables <c>SpineTriage__Email__Recipients__north-east__0=head.ne@example.org</c>.
/// The same keys as the email delivery's options read (<c>SpineTriage.Reporting.EmailOptions.Recipients</c>);
/// bound here too so that the job does not depend on the delivery project.
/// </summary>
public sealed class SummaryRecipientsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Email";

    /// <summary>The recipients key of the rollup across regions.</summary>
    public const string RollupKey = "*";

    /// <summary>Addresses per region (region names as in the referrals, case-insensitive; <c>*</c> for the rollup).</summary>
    public Dictionary<string, string[]> Recipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The addresses for a region, or for the rollup (<see cref="RegionSummary.AllRegions"/>); empty when none are configured.</summary>
    public IReadOnlyList<string> For(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var key = region == RegionSummary.AllRegions ? RollupKey : region;
        return Recipients.TryGetValue(key, out var addresses) && addresses is not null
            ? addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList()
            : [];
    }
}
