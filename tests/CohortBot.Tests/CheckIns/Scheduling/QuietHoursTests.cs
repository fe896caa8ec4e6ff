using CohortBot.CheckIns.Scheduling;
using static CohortBot.Tests.CheckIns.Scheduling.Dates;

namespace CohortBot.Tests.CheckIns.Scheduling;

public sealed class QuietHoursTests
{
    private const string Chicago = "America/Chicago";

    [Theory]
    [InlineData("20:00-07:00", "20:00", "07:00", "20:00-07:00")]
    [InlineData("22:00-06:30", "22:00", "06:30", "22:00-06:30")]
    [InlineData(" 21:30 – 6:00 ", "21:30", "06:00", "21:30-06:00")] // as a spreadsheet writes it
    [InlineData("12:00-13:00", "12:00", "13:00", "12:00-13:00")]
    [InlineData("22:00-24:00", "22:00", "00:00", "22:00-00:00")]
    public void TryParse_ValidText_ReadsStartAndEnd(string text, string start, string end, string written)
    {
        Assert.True(QuietHours.TryParse(text, out var hours, out var error));

        Assert.Null(error);
        Assert.False(hours.IsNone);
        Assert.Equal(TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), hours.Start);
        Assert.Equal(TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), hours.End);
        Assert.Equal(written, hours.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Empty_MeansNone(string? text)
    {
        Assert.True(QuietHours.TryParse(text, out var hours, out var error));

        Assert.Null(error);
        Assert.Same(QuietHours.None, hours);
        Assert.True(hours.IsNone);
    }

    [Theory]
    [InlineData("20-07")]
    [InlineData("8pm-7am")]
    [InlineData("25:00-07:00")]
    [InlineData("20:00")]
    [InlineData("20:00-07:00-09:00")]
    [InlineData("20:60-07:00")]
    [InlineData("24:00-07:00")] // midnight as a start is 00:00
    public void TryParse_InvalidText_FailsWithAMessageForTheRoster(string text)
    {
        Assert.False(QuietHours.TryParse(text, out var hours, out var error));

        Assert.Same(QuietHours.None, hours);
        Assert.Equal($"Quiet hours '{text}' are not of the form HH:mm-HH:mm, such as 20:00-07:00, or empty for none.", error);
    }

    [Fact]
    public void TryParse_SameStartAndEnd_FailsRatherThanGuessing()
    {
        Assert.False(QuietHours.TryParse("07:00-07:00", out _, out var error));

        Assert.StartsWith("Quiet hours '07:00-07:00' start and end at the same time", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10-14T04:15:00Z", "2026-10-14T12:00:00Z")] // 23:15 CDT Tue: until 07:00 Wed
    [InlineData("2026-10-14T08:00:00Z", "2026-10-14T12:00:00Z")] // 03:00: until 07:00 the same morning
    [InlineData("2026-10-14T01:00:00Z", "2026-10-14T12:00:00Z")] // 20:00 exactly: quiet
    [InlineData("2026-10-14T00:59:00Z", "2026-10-14T00:59:00Z")] // 19:59: still allowed
    [InlineData("2026-10-14T12:00:00Z", "2026-10-14T12:00:00Z")] // 07:00 exactly: allowed again
    [InlineData("2026-10-14T17:00:00Z", "2026-10-14T17:00:00Z")] // noon
    public void NextAllowed_QuietHoursAcrossMidnight_MovesToTheirEndInTheMembersZone(string at, string expected)
    {
        var hours = Parse("20:00-07:00");

        Assert.Equal(Utc(expected), hours.NextAllowed(Utc(at), Chicago));
        Assert.Equal(Utc(at) != Utc(expected), hours.Contains(Utc(at), Chicago));
    }

    [Fact]
    public void NextAllowed_DependsOnTheMembersZone()
    {
        var hours = Parse("20:00-07:00");
        var at = Utc("2026-10-14T02:00:00Z"); // 21:00 in Chicago, 11:00 in Tokyo

        Assert.Equal(Utc("2026-10-14T12:00:00Z"), hours.NextAllowed(at, Chicago));
        Assert.Equal(at, hours.NextAllowed(at, "Asia/Tokyo"));
    }

    [Fact]
    public void NextAllowed_QuietHoursWithinADay()
    {
        var hours = Parse("12:00-13:00");

        Assert.Equal(Utc("2026-10-14T18:00:00Z"), hours.NextAllowed(Utc("2026-10-14T17:30:00Z"), Chicago));
        Assert.Equal(Utc("2026-10-14T04:15:00Z"), hours.NextAllowed(Utc("2026-10-14T04:15:00Z"), Chicago));
    }

    [Fact]
    public void NextAllowed_NightOfTheFallBack_EndsAtSevenOnTheNewClock()
    {
        // Oct 31 20:00 CDT; the night is an hour longer, and 07:00 CST is 13:00Z.
        var next = Parse("20:00-07:00").NextAllowed(Utc("2026-11-01T01:00:00Z"), Chicago);

        Assert.Equal(Utc("2026-11-01T13:00:00Z"), next);
    }

    [Fact]
    public void NextAllowed_EndSkippedBySpringForward_IsTheEndOfTheGap()
    {
        // 01:00 CST on Mar 14; 02:30 does not exist, the clock reads 03:00 CDT (08:00Z) after 01:59:59 CST.
        var next = Parse("22:00-02:30").NextAllowed(Utc("2027-03-14T07:00:00Z"), Chicago);

        Assert.Equal(Utc("2027-03-14T08:00:00Z"), next);
    }

    [Theory]
    [InlineData("2026-11-01T06:15:00Z", "2026-11-01T06:30:00Z")] // 01:15 CDT: the first 01:30 is ahead
    [InlineData("2026-11-01T07:15:00Z", "2026-11-01T07:30:00Z")] // 01:15 CST: the first 01:30 has passed, the second counts
    public void NextAllowed_EndRepeatedByFallBack_IsTheNextOccurrenceNotOneInThePast(string at, string expected)
    {
        var next = Parse("22:00-01:30").NextAllowed(Utc(at), Chicago);

        Assert.Equal(Utc(expected), next);
        Assert.True(next > Utc(at));
    }

    [Fact]
    public void NextAllowed_None_IsAlwaysNow()
    {
        var at = Utc("2026-10-14T08:00:00Z"); // 03:00 in Chicago

        Assert.Equal(at, QuietHours.None.NextAllowed(at, Chicago));
        Assert.False(QuietHours.None.Contains(at, Chicago));
    }

    internal static QuietHours Parse(string text) =>
        QuietHours.TryParse(text, out var hours, out var error) ? hours : throw new InvalidOperationException(error);
}
