using System.Globalization;
using NCrontab;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Storage.Summaries;

/// <summary>
/// When the summaries go out (configuration section <c>SpineTriage:Summary</c>; the environment
/// variables <c>SUMMARY_SCHEDULE</c> and <c>WEBSITE_TIME_ZONE</c> are read too, as the Azure
/// Functions timer reads them).
/// </summary>
public sealed class SummaryScheduleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Summary";

    /// <summary>
    /// A 6-field NCRONTAB expression, seconds first (the Azure Functions timer syntax):
    /// <c>second minute hour day month day-of-week</c>. <c>SUMMARY_SCHEDULE</c>, when set, wins.
    /// Default <c>0 0 6 * * *</c>: every day at 06:00.
    /// </summary>
    public string Schedule { get; set; } = SummarySchedule.DefaultExpression;

    /// <summary>
    /// The time zone the expression is read in: an IANA id such as <c>Europe/London</c>. When not
    /// set, <c>WEBSITE_TIME_ZONE</c> (what Azure Functions uses), else UTC.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Whether <c>spinetriage run</c> runs the scheduler beside the queue listener (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether the scheduler, when it starts, sends the current period's summaries that have not
    /// been sent yet (a worker that was down at 06:00 sends them when it comes back). Default true;
    /// the ledger keeps it to one email per region and period.
    /// </summary>
    public bool CatchUpOnStartup { get; set; } = true;
}

/// <summary>
/// A summary schedule: a 6-field NCRONTAB expression (seconds first, as the Azure Functions timer
/// reads it) in a time zone. Occurrences are computed on the zone's wall clock, so "06:00" stays
/// 06:00 local across daylight-saving changes.
/// </summary>
/// <remarks>
/// Around a daylight-saving change every wall-clock occurrence fires once: one that falls into
/// the hour skipped in spring fires at the change (the first instant after the gap, e.g. 03:00
/// local for 02:30); one that falls into the hour repeated in autumn fires on its first pass only.
/// </remarks>
public sealed class SummarySchedule : ISummaryPeriods
{
    /// <summary>The environment variable (Functions app setting) that holds the expression.</summary>
    public const string ScheduleVariable = "SUMMARY_SCHEDULE";

    /// <summary>The environment variable Azure Functions reads the time zone from, a fallback for <see cref="SummaryScheduleOptions.TimeZone"/>.</summary>
    public const string TimeZoneVariable = "WEBSITE_TIME_ZONE";

    /// <summary>Every day at 06:00.</summary>
    public const string DefaultExpression = "0 0 6 * * *";

    private const string PeriodKeyFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly TimeSpan LongestSearch = TimeSpan.FromDays(366 * 30);

    // Wall-clock occurrences after a time can map to instants before it only inside the hour
    // repeated in autumn; no zone shifts by more than this.
    private static readonly TimeSpan LongestShift = TimeSpan.FromHours(3);
    private readonly CrontabSchedule _cron;

    private SummarySchedule(string expression, CrontabSchedule cron, TimeZoneInfo timeZone)
    {
        Expression = expression;
        _cron = cron;
        TimeZone = timeZone;
    }

    /// <summary>The expression.</summary>
    public string Expression { get; }

    /// <summary>The time zone it is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses a 6-field NCRONTAB expression in a time zone (UTC when null).</summary>
    /// <exception cref="FormatException">The expression is not a 6-field NCRONTAB expression, or never occurs; the message names <c>SUMMARY_SCHEDULE</c>.</exception>
    public static SummarySchedule Parse(string expression, TimeZoneInfo? timeZone = null)
    {
        const string Expected = $"{ScheduleVariable} (or {SummaryScheduleOptions.Section}:Schedule) must be a 6-field NCRONTAB expression, "
            + "seconds first, as the Azure Functions timer reads it: 'second minute hour day month day-of-week', e.g. '0 0 6 * * *' for 06:00 every day";
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new FormatException($"{Expected}; it is empty.");
        }

        var trimmed = expression.Trim();
        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields != 6)
        {
            throw new FormatException($"{Expected}; '{trimmed}' has {fields} field{(fields == 1 ? "" : "s")}.");
        }

        CrontabSchedule cron;
        try
        {
            cron = CrontabSchedule.Parse(trimmed, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        }
        catch (CrontabException e)
        {
            throw new FormatException($"{Expected}; '{trimmed}' is not: {e.Message}", e);
        }

        var schedule = new SummarySchedule(trimmed, cron, timeZone ?? TimeZoneInfo.Utc);

        // An expression such as '0 0 6 30 2 *' (30 February) parses but never fires.
        var from = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        if (cron.GetNextOccurrence(from, from + LongestSearch) >= from + LongestSearch)
        {
            throw new FormatException($"{Expected}; '{trimmed}' never occurs.");
        }

        return schedule;
    }

    /// <summary>The schedule the options describe (expression, and time zone or UTC).</summary>
    /// <exception cref="FormatException">The expression is not valid.</exception>
    /// <exception cref="TimeZoneNotFoundException">The time zone is not known on this machine.</exception>
    public static SummarySchedule FromOptions(SummaryScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Parse(options.Schedule, FindTimeZone(options.TimeZone));
    }

    /// <summary>The time zone with this IANA id (or Windows id where the machine maps it); UTC when empty.</summary>
    /// <exception cref="TimeZoneNotFoundException">The id is not known on this machine; the message names the setting.</exception>
    public static TimeZoneInfo FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new TimeZoneNotFoundException(
                $"{SummaryScheduleOptions.Section}:TimeZone (or {TimeZoneVariable}) '{id}' is not a time zone this machine knows: use an IANA id such as Europe/London or America/New_York.", e);
        }
    }

    /// <summary>The period key of an occurrence: its UTC time as <c>yyyyMMddTHHmmssZ</c> (sorts in time order; safe in file names and table keys).</summary>
    public static string PeriodKey(DateTimeOffset occurrence) =>
        occurrence.UtcDateTime.ToString(PeriodKeyFormat, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    string ISummaryPeriods.KeyOf(DateTimeOffset occurrence) => PeriodKey(occurrence);

    /// <summary>Whether a text is a period key.</summary>
    public static bool IsPeriodKey(string? text) =>
        text is { Length: 16 }
        && DateTime.TryParseExact(text, PeriodKeyFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    /// <summary>The first occurrence strictly after <paramref name="after"/>, with the zone's offset at that instant.</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after)
    {
        // Occurrences map to instants in wall-clock order, so none at or before the wall-clock time
        // of "after" can come after it; later ones can still map before it (the repeated hour).
        var wall = ToWall(after);
        var end = Add(wall, LongestSearch);
        while (true)
        {
            var next = _cron.GetNextOccurrence(wall, end);
            if (next >= end)
            {
                throw new InvalidOperationException($"The schedule '{Expression}' has no occurrence in the 30 years after {after:O}.");
            }

            var instant = ToInstant(next);
            if (instant > after)
            {
                return instant;
            }

            wall = next;
        }
    }

    /// <summary>The latest occurrence at or before <paramref name="atOrBefore"/> (itself, when it is one), with the zone's offset at that instant.</summary>
    public DateTimeOffset GetLatestOccurrence(DateTimeOffset atOrBefore)
    {
        var wall = ToWall(atOrBefore);
        var ahead = Add(wall, LongestShift);
        for (var lookback = TimeSpan.FromMinutes(1); ; lookback *= 16)
        {
            var from = wall - DateTime.MinValue > lookback ? wall - lookback : DateTime.MinValue;

            // The last wall-clock occurrence at or before "wall" maps to the latest instant among them...
            DateTime? last = null;
            foreach (var occurrence in _cron.GetNextOccurrences(from, wall.AddTicks(1)))
            {
                last = occurrence;
            }

            DateTimeOffset? best = last is { } w ? ToInstant(w) : null;

            // ...and a few after it can still map at or before "atOrBefore" (the repeated hour's first pass).
            var cursor = last ?? wall;
            while (true)
            {
                var next = _cron.GetNextOccurrence(cursor, ahead);
                if (next >= ahead || ToInstant(next) > atOrBefore)
                {
                    break;
                }

                best = ToInstant(next);
                cursor = next;
            }

            if (best is { } found)
            {
                return found;
            }

            if (lookback > LongestSearch || from == DateTime.MinValue)
            {
                throw new InvalidOperationException($"The schedule '{Expression}' has no occurrence in the 30 years before {atOrBefore:O}.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        TimeZone == TimeZoneInfo.Utc ? $"{Expression} (UTC)" : $"{Expression} ({TimeZone.Id})";

    private DateTime ToWall(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime, DateTimeKind.Unspecified);

    // The instant a wall-clock occurrence fires at: a skipped time fires at the end of the gap,
    // a repeated time on its first pass (the larger offset is the earlier instant).
    private DateTimeOffset ToInstant(DateTime wall)
    {
        if (TimeZone.IsInvalidTime(wall))
        {
            var valid = new DateTime(wall.Ticks - (wall.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            for (var minutes = 0; TimeZone.IsInvalidTime(valid) && minutes < 48 * 60; minutes++)
            {
                valid = valid.AddMinutes(1);
            }

            return new DateTimeOffset(valid, TimeZone.GetUtcOffset(valid));
        }

        if (TimeZone.IsAmbiguousTime(wall))
        {
            return new DateTimeOffset(wall, TimeZone.GetAmbiguousTimeOffsets(wall).Max());
        }

        return new DateTimeOffset(wall, TimeZone.GetUtcOffset(wall));
    }

    private static DateTime Add(DateTime wall, TimeSpan span) =>
        DateTime.MaxValue - wall > span ? wall + span : DateTime.MaxValue;
}
