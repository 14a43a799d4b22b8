using SpineTriage.Core.Summaries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpineTriage.Storage.Summaries;

namespace SpineTriage.Storage.Tests.Summaries;

/// <summary>
/// The summary schedule: 6-field NCRONTAB (seconds first, the Azure Functions timer syntax), read
/// on a time zone's wall clock, next and latest occurrences, across daylight-saving changes.
/// </summary>
public sealed class SummaryScheduleTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Parse_Default_FiresEveryDayAtSixUtc()
    {
        var schedule = SummarySchedule.Parse(SummarySchedule.DefaultExpression);

        Assert.Equal(TimeZoneInfo.Utc, schedule.TimeZone);
        Assert.Equal(Utc(2026, 11, 24, 6), schedule.GetNextOccurrence(Utc(2026, 11, 24, 5, 59, 59)));
        Assert.Equal(Utc(2026, 11, 25, 6), schedule.GetNextOccurrence(Utc(2026, 11, 24, 6)));
        Assert.Equal(Utc(2026, 11, 24, 6), schedule.GetLatestOccurrence(Utc(2026, 11, 24, 17, 30)));
    }

    [Fact]
    public void GetNextOccurrence_AtAnOccurrence_IsTheOneAfter()
    {
        var schedule = SummarySchedule.Parse("0 */15 * * * *");

        Assert.Equal(Utc(2026, 11, 24, 6, 15), schedule.GetNextOccurrence(Utc(2026, 11, 24, 6, 0)));
        Assert.Equal(Utc(2026, 11, 24, 6, 15), schedule.GetNextOccurrence(Utc(2026, 11, 24, 6, 14, 59)));
    }

    [Fact]
    public void GetLatestOccurrence_AtAnOccurrence_IsThatOccurrence()
    {
        var schedule = SummarySchedule.Parse(SummarySchedule.DefaultExpression);

        Assert.Equal(Utc(2026, 11, 24, 6), schedule.GetLatestOccurrence(Utc(2026, 11, 24, 6)));
        Assert.Equal(Utc(2026, 11, 23, 6), schedule.GetLatestOccurrence(Utc(2026, 11, 24, 6).AddTicks(-1)));
    }

    [Fact]
    public void Parse_SecondsField_IsHonoured()
    {
        var schedule = SummarySchedule.Parse("30 0 6 * * *");

        Assert.Equal(Utc(2026, 11, 24, 6, 0, 30), schedule.GetNextOccurrence(Utc(2026, 11, 24, 6)));
    }

    [Fact]
    public void Parse_WeekdaysOnly_SkipsTheWeekend()
    {
        // 2026-11-27 is a Friday.
        var schedule = SummarySchedule.Parse("0 0 6 * * 1-5");

        Assert.Equal(Utc(2026, 11, 30, 6), schedule.GetNextOccurrence(Utc(2026, 11, 27, 6)));
        Assert.Equal(Utc(2026, 11, 27, 6), schedule.GetLatestOccurrence(Utc(2026, 11, 29, 12)));
    }

    [Fact]
    public void GetLatestOccurrence_RareSchedule_LooksBackFarEnough()
    {
        // 29 February: the latest before 2026-11-24 is 2024-02-29.
        var schedule = SummarySchedule.Parse("0 0 6 29 2 *");

        Assert.Equal(Utc(2024, 2, 29, 6), schedule.GetLatestOccurrence(Utc(2026, 11, 24, 6)));
        Assert.Equal(Utc(2028, 2, 29, 6), schedule.GetNextOccurrence(Utc(2026, 11, 24, 6)));
    }

    [Theory]
    [InlineData("0 6 * * *", "5 fields")]
    [InlineData("0 0 6 * * * *", "7 fields")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("0 0 25 * * *", "'0 0 25 * * *' is not")]
    [InlineData("every morning at six", "4 fields")]
    [InlineData("0 0 6 * * mon-fry", "is not")]
    [InlineData("0 0 6 30 2 *", "never occurs")]
    public void Parse_InvalidExpression_ThrowsAFormatExceptionNamingSummarySchedule(string expression, string detail)
    {
        var error = Assert.Throws<FormatException>(() => SummarySchedule.Parse(expression));

        Assert.Contains("SUMMARY_SCHEDULE", error.Message, StringComparison.Ordinal);
        Assert.Contains("6-field NCRONTAB", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindTimeZone_Unknown_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<TimeZoneNotFoundException>(() => SummarySchedule.FindTimeZone("Mars/Olympus_Mons"));

        Assert.Contains("SpineTriage:Summary:TimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains("WEBSITE_TIME_ZONE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("UTC")]
    public void FindTimeZone_EmptyOrUtc_IsUtc(string? id) =>
        Assert.Equal(TimeSpan.Zero, SummarySchedule.FindTimeZone(id).GetUtcOffset(Utc(2026, 7, 1, 0)));

    [Fact]
    public void London_SixInTheMorning_FollowsTheWallClockAcrossTheSpringChange()
    {
        // Clocks go forward on Sunday 29 March 2026 at 01:00 GMT: 06:00 is 06:00Z before, 05:00Z after.
        var schedule = SummarySchedule.Parse(SummarySchedule.DefaultExpression, London);

        var saturday = schedule.GetNextOccurrence(Utc(2026, 3, 27, 12));
        var sunday = schedule.GetNextOccurrence(saturday);

        Assert.Equal(Utc(2026, 3, 28, 6), saturday);
        Assert.Equal(Utc(2026, 3, 29, 5), sunday);
        Assert.Equal(TimeSpan.FromHours(1), sunday.Offset);
        Assert.Equal(new DateTime(2026, 3, 29, 6, 0, 0), sunday.DateTime);
        Assert.Equal(Utc(2026, 3, 29, 5), schedule.GetLatestOccurrence(Utc(2026, 3, 29, 12)));
        Assert.Equal(Utc(2026, 3, 28, 6), schedule.GetLatestOccurrence(Utc(2026, 3, 29, 4, 59, 59)));
    }

    [Fact]
    public void London_SixInTheMorning_FollowsTheWallClockAcrossTheAutumnChange()
    {
        // Clocks go back on Sunday 25 October 2026 at 01:00 GMT: 06:00 is 05:00Z before, 06:00Z after.
        var schedule = SummarySchedule.Parse(SummarySchedule.DefaultExpression, London);

        Assert.Equal(Utc(2026, 10, 24, 5), schedule.GetNextOccurrence(Utc(2026, 10, 24, 0)));
        Assert.Equal(Utc(2026, 10, 25, 6), schedule.GetNextOccurrence(Utc(2026, 10, 24, 5)));
        Assert.Equal(Utc(2026, 10, 24, 5), schedule.GetLatestOccurrence(Utc(2026, 10, 25, 5, 59, 59)));
    }

    [Fact]
    public void London_TimeInTheSkippedHour_FiresOnceAtTheChange()
    {
        // 01:30 does not exist on 29 March 2026 in London (01:00 GMT becomes 02:00 BST): it fires at the change, 01:00Z.
        var schedule = SummarySchedule.Parse("0 30 1 * * *", London);

        var skipped = schedule.GetNextOccurrence(Utc(2026, 3, 28, 12));

        Assert.Equal(Utc(2026, 3, 29, 1), skipped);
        Assert.Equal(new DateTime(2026, 3, 29, 2, 0, 0), skipped.DateTime);
        Assert.Equal(Utc(2026, 3, 30, 0, 30), schedule.GetNextOccurrence(skipped));
        Assert.Equal(Utc(2026, 3, 29, 1), schedule.GetLatestOccurrence(Utc(2026, 3, 29, 12)));
        Assert.Equal(Utc(2026, 3, 28, 1, 30), schedule.GetLatestOccurrence(Utc(2026, 3, 29, 0, 59, 59)));
    }

    [Fact]
    public void London_TimeInTheRepeatedHour_FiresOnceOnItsFirstPass()
    {
        // 01:30 happens twice on 25 October 2026 in London: 00:30Z (BST) and 01:30Z (GMT). It fires at 00:30Z only.
        var schedule = SummarySchedule.Parse("0 30 1 * * *", London);

        var first = schedule.GetNextOccurrence(Utc(2026, 10, 24, 12));

        Assert.Equal(Utc(2026, 10, 25, 0, 30), first);
        Assert.Equal(Utc(2026, 10, 26, 1, 30), schedule.GetNextOccurrence(first));
        Assert.Equal(Utc(2026, 10, 26, 1, 30), schedule.GetNextOccurrence(Utc(2026, 10, 25, 1, 30)));

        // During the second pass of 01:xx, the latest occurrence is still the first pass's.
        Assert.Equal(Utc(2026, 10, 25, 0, 30), schedule.GetLatestOccurrence(Utc(2026, 10, 25, 1, 45)));
        Assert.Equal(Utc(2026, 10, 25, 0, 30), schedule.GetLatestOccurrence(Utc(2026, 10, 25, 0, 30)));
    }

    [Fact]
    public void NewYork_EveryThirtyMinutes_AcrossTheSpringChange_HasNoOccurrenceInTheGap()
    {
        // 8 March 2026: 02:00 EST (07:00Z) becomes 03:00 EDT. 01:30 EST = 06:30Z, then 02:00 and 02:30 are skipped and fire at 03:00 EDT = 07:00Z once.
        var schedule = SummarySchedule.Parse("0 */30 * * * *", NewYork);

        var occurrences = new List<DateTimeOffset>();
        var t = Utc(2026, 3, 8, 6, 0);
        for (var i = 0; i < 4; i++)
        {
            t = schedule.GetNextOccurrence(t);
            occurrences.Add(t);
        }

        Assert.Equal([Utc(2026, 3, 8, 6, 30), Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 8, 7, 30), Utc(2026, 3, 8, 8, 0)], occurrences);
        Assert.Equal(new DateTime(2026, 3, 8, 3, 0, 0), occurrences[1].DateTime);
        Assert.Equal(new DateTime(2026, 3, 8, 3, 30, 0), occurrences[2].DateTime);
    }

    [Fact]
    public void NewYork_SixInTheMorning_IsElevenZuluInWinterAndTenInSummer()
    {
        var schedule = SummarySchedule.Parse(SummarySchedule.DefaultExpression, NewYork);

        Assert.Equal(Utc(2026, 3, 7, 11), schedule.GetNextOccurrence(Utc(2026, 3, 7, 0)));
        Assert.Equal(Utc(2026, 3, 8, 10), schedule.GetNextOccurrence(Utc(2026, 3, 7, 11)));
        Assert.Equal(Utc(2026, 11, 1, 11), schedule.GetNextOccurrence(Utc(2026, 10, 31, 10)));
    }

    [Property(MaxTest = 300)]
    public Property LatestAndNext_AroundAnyInstant_BracketItWithNoOccurrenceBetween() =>
        // London, daily 06:00 and every 20 minutes, any second of 2026 (both changes included).
        Prop.ForAll(Gen.Choose(0, (365 * 24 * 3600) - 1).ToArbitrary(), offset =>
        {
            var t = Utc(2026, 1, 1, 0).AddSeconds(offset);
            foreach (var schedule in new[] { SummarySchedule.Parse("0 0 6 * * *", London), SummarySchedule.Parse("0 */20 * * * *", London) })
            {
                var latest = schedule.GetLatestOccurrence(t);
                var next = schedule.GetNextOccurrence(t);
                Assert.True(latest <= t, $"{schedule}: latest {latest:O} after {t:O}");
                Assert.True(t < next, $"{schedule}: next {next:O} not after {t:O}");
                Assert.Equal(next, schedule.GetNextOccurrence(latest));
            }
        });

    [Theory]
    [InlineData(2026, 11, 24, 6, 0, 0, "20261124T060000Z")]
    [InlineData(2026, 1, 2, 3, 4, 5, "20260102T030405Z")]
    public void PeriodKey_IsTheUtcTimeInBasicFormat(int year, int month, int day, int hour, int minute, int second, string key)
    {
        Assert.Equal(key, SummarySchedule.PeriodKey(Utc(year, month, day, hour, minute, second)));
        Assert.Equal(key, SummarySchedule.PeriodKey(Utc(year, month, day, hour, minute, second).ToOffset(TimeSpan.FromHours(-5))));
        Assert.True(SummarySchedule.IsPeriodKey(key));
    }

    [Theory]
    [InlineData("2026-11-24T06:00:00Z")]
    [InlineData("20261124T060000")]
    [InlineData("20261324T060000Z")]
    [InlineData("latest")]
    [InlineData("")]
    public void IsPeriodKey_OtherText_IsFalse(string text) => Assert.False(SummarySchedule.IsPeriodKey(text));

    [Fact]
    public void Registration_SummaryScheduleVariable_WinsOverTheConfigurationSection()
    {
        var schedule = Resolve(new()
        {
            ["SpineTriage:Summary:Schedule"] = "0 0 7 * * *",
            [SummarySchedule.ScheduleVariable] = "0 30 5 * * *",
        });

        Assert.Equal("0 30 5 * * *", schedule.Expression);
    }

    [Fact]
    public void Registration_SectionOnly_UsesTheSection()
    {
        var schedule = Resolve(new() { ["SpineTriage:Summary:Schedule"] = "0 0 7 * * *" });

        Assert.Equal("0 0 7 * * *", schedule.Expression);
        Assert.Equal(TimeZoneInfo.Utc, schedule.TimeZone);
    }

    [Fact]
    public void Registration_NothingConfigured_IsSixUtc()
    {
        var schedule = Resolve([]);

        Assert.Equal(SummarySchedule.DefaultExpression, schedule.Expression);
        Assert.Equal(TimeZoneInfo.Utc, schedule.TimeZone);
    }

    [Fact]
    public void Registration_WebsiteTimeZone_IsTheFallbackForTheTimeZone()
    {
        Assert.Equal("America/New_York", Resolve(new() { [SummarySchedule.TimeZoneVariable] = "America/New_York" }).TimeZone.Id);
        Assert.Equal("Europe/London", Resolve(new()
        {
            [SummarySchedule.TimeZoneVariable] = "America/New_York",
            ["SpineTriage:Summary:TimeZone"] = "Europe/London",
        }).TimeZone.Id);
    }

    [Fact]
    public void Registration_InvalidSchedule_FailsWithTheMessageNamingSummarySchedule()
    {
        var error = Assert.Throws<FormatException>(() => Resolve(new() { [SummarySchedule.ScheduleVariable] = "0 6 * * *" }));

        Assert.Contains("SUMMARY_SCHEDULE", error.Message, StringComparison.Ordinal);
    }

    private static SummarySchedule Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSpineTriageSummaries();
        using var provider = builder.Services.BuildServiceProvider();
        return provider.GetRequiredService<SummarySchedule>();
    }
}
