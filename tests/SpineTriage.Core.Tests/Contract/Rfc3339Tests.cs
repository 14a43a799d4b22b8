using SpineTriage.Core.Contract;

namespace SpineTriage.Core.Tests.Contract;

/// <summary>receivedAt: RFC 3339 date-time with an offset, and a real calendar date and time.</summary>
public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-11-20T09:15:00Z", 2026, 11, 20, 9, 15, 0, 0)]
    [InlineData("2026-11-20t09:15:00z", 2026, 11, 20, 9, 15, 0, 0)]
    [InlineData("2026-11-20T09:15:00+01:00", 2026, 11, 20, 9, 15, 0, 60)]
    [InlineData("2026-11-20T09:15:00-05:30", 2026, 11, 20, 9, 15, 0, -330)]
    [InlineData("2026-11-20T09:15:00-00:00", 2026, 11, 20, 9, 15, 0, 0)]
    [InlineData("2026-11-20T09:15:00+14:00", 2026, 11, 20, 9, 15, 0, 840)]
    [InlineData("2026-11-20T09:15:00-14:00", 2026, 11, 20, 9, 15, 0, -840)]
    [InlineData("2028-02-29T00:00:00Z", 2028, 2, 29, 0, 0, 0, 0)]
    [InlineData("2000-02-29T23:59:59Z", 2000, 2, 29, 23, 59, 59, 0)]
    [InlineData("9999-12-31T23:59:59Z", 9999, 12, 31, 23, 59, 59, 0)]
    public void TryParse_ValidDateTimeWithOffset_GivesTheInstant(string text, int y, int mo, int d, int h, int mi, int s, int offsetMinutes)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)), value);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), value.Offset);
    }

    [Theory]
    [InlineData("2026-11-20T09:15:00.1Z", 1_000_000)]
    [InlineData("2026-11-20T09:15:00.123Z", 1_230_000)]
    [InlineData("2026-11-20T09:15:00.1234567Z", 1_234_567)]
    [InlineData("2026-11-20T09:15:00.0000001+02:00", 1)]
    public void TryParse_Fraction_UpToSevenDigits(string text, long ticks)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Assert.Equal(ticks, value.Ticks % TimeSpan.TicksPerSecond);
    }

    [Theory]
    [InlineData("2026-11-20T09:15:00")]            // no offset
    [InlineData("2026-11-20T09:15:00.123")]        // no offset
    [InlineData("2026-11-20T09:15Z")]              // no seconds
    [InlineData("2026-11-20 09:15:00Z")]           // space instead of T
    [InlineData("2026-11-20")]
    [InlineData("20261120T091500Z")]
    [InlineData("2026-02-30T09:15:00Z")]           // Feb 30
    [InlineData("2026-02-29T09:15:00Z")]           // not a leap year
    [InlineData("1900-02-29T09:15:00Z")]           // not a leap year
    [InlineData("2026-04-31T09:15:00Z")]
    [InlineData("2026-13-01T09:15:00Z")]
    [InlineData("2026-00-01T09:15:00Z")]
    [InlineData("2026-11-00T09:15:00Z")]
    [InlineData("2026-11-20T24:00:00Z")]
    [InlineData("2026-11-20T09:60:00Z")]
    [InlineData("2026-11-20T09:15:61Z")]
    [InlineData("0000-11-20T09:15:00Z")]
    [InlineData("2026-11-20T09:15:00.Z")]          // empty fraction
    [InlineData("2026-11-20T09:15:00.12345678Z")]  // eight fraction digits
    [InlineData("2026-11-20T09:15:00+0100")]
    [InlineData("2026-11-20T09:15:00+01")]
    [InlineData("2026-11-20T09:15:00+01:60")]
    [InlineData("2026-11-20T09:15:00+14:01")]
    [InlineData("2026-11-20T09:15:00+1a:00")]
    [InlineData("2026-11-20T09:15:00ZZ")]
    [InlineData("2026-11-20T09:15:00 Z")]
    [InlineData(" 2026-11-20T09:15:00Z")]
    [InlineData("2026-11-20T09:15:00Z ")]
    [InlineData("２０２６-11-20T09:15:00Z")]         // non-ASCII digits
    [InlineData("+2026-11-20T09:15:00Z")]
    [InlineData("2026-11-20T09:15:00UTC")]
    [InlineData("not a date")]
    [InlineData("")]
    public void TryParse_NotRfc3339WithOffset_Fails(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00.0000001Z")]
    public void TryParse_EarliestRepresentableInstant_IsValid(string text)
    {
        Assert.True(Rfc3339.TryParse(text, out _));
    }

    [Fact]
    public void Read_ReceivedAtAtYearOne_IsAcceptedLikeAnyRealDateTime()
    {
        // 0001-01-01T00:00:00Z keeps the contract's pattern and is a real calendar date and time,
        // but it is also the value the lenient converter uses to mean "unreadable".
        var body = System.Text.Encoding.UTF8.GetBytes(
            """{"schemaVersion":1,"referralId":"REF-1","receivedAt":"0001-01-01T00:00:00Z","region":"r"}""");

        var result = ReferralReader.Read(body);

        Assert.True(result.IsValid, result.ErrorMessage);
    }
}
