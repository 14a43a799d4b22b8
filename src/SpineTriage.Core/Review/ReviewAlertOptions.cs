namespace SpineTriage.Core.Review;

/// <summary>
/// The review alerts (configuration section <c>SpineTriage:Alerts</c>): how often the worker sends
/// them and who receives them per region. For example, in appsettings.json:
/// <c>"Alerts": { "Interval": "00:02:00", "Recipients": { "north-east": ["review.ne@example.org"], "*": ["on-call@example.org"] } }</c>,
/// or one JSON setting <c>SPINETRIAGE_ALERT_RECIPIENTS</c> that any shell or app setting can hold.
/// </summary>
public sealed class ReviewAlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Alerts";

    /// <summary>The <see cref="Recipients"/> key of the address(es) for any region without its own.</summary>
    public const string DefaultKey = "*";

    /// <summary>
    /// How often the worker host (<c>spinetriage run</c>) sends the pending alerts: the longest an alert
    /// waits after its result is stored (plus the time of one run). Default 2 minutes. The Functions app
    /// follows <c>ALERT_SCHEDULE</c> instead.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether <c>spinetriage run</c> sends alerts (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The review addresses per region (case-insensitive); <see cref="DefaultKey"/> (<c>*</c>) for any
    /// region that has none of its own.
    /// </summary>
    public Dictionary<string, string[]> Recipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The review addresses of a region: its own, else the default's; empty when neither is configured.</summary>
    public IReadOnlyList<string> For(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var own = Clean(region);
        return own.Count > 0 ? own : Clean(DefaultKey);
    }

    private List<string> Clean(string key) =>
        Recipients.TryGetValue(key, out var addresses) && addresses is not null
            ? [.. addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())]
            : [];
}
