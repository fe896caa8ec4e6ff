using CohortBot.CheckIns.Scheduling;
using static CohortBot.Tests.CheckIns.Scheduling.Dates;

namespace CohortBot.Tests.CheckIns.Scheduling;

/// When rounds open and close in real time. The US changes clocks on 2026-11-01 (back) and
/// 2027-03-14 (forward); Chicago is UTC-5 in summer and UTC-6 in winter.
public sealed class RoundInstantsTests
{
    private const string Chicago = "America/Chicago";
    private static readonly TimeOnly HalfPastThree = new(15, 30);

    [Theory]
    [InlineData("2026-10-27", "2026-10-27T20:30:00Z")] // CDT, before the November change
    [InlineData("2026-11-10", "2026-11-10T21:30:00Z")] // CST, after it
    [InlineData("2027-03-02", "2027-03-02T21:30:00Z")] // CST, before the March change
    [InlineData("2027-03-16", "2027-03-16T20:30:00Z")] // CDT, after it
    public void OpensAt_AcrossDaylightSavingChanges_StaysAtTheSameLocalTime(string date, string expectedUtc)
    {
        var opensAt = RoundCalendar.OpensAt(D(date), HalfPastThree, Chicago);

        Assert.Equal(Utc(expectedUtc), opensAt);
        Assert.Equal(TimeSpan.Zero, opensAt.Offset);
        Assert.Equal(new DateTime(D(date), HalfPastThree), TimeZoneInfo.ConvertTime(opensAt, TimeZoneInfo.FindSystemTimeZoneById(Chicago)).DateTime);
    }

    [Fact]
    public void ClosesAt_RoundSpanningTheNovemberChange_ClosesAtTheLocalTimeAndLastsAnHourMore()
    {
        var opensAt = RoundCalendar.OpensAt(D("2026-10-27"), HalfPastThree, Chicago);
        var closesAt = RoundCalendar.ClosesAt(D("2026-10-27"), 5, HalfPastThree, Chicago);

        Assert.Equal(Utc("2026-11-01T21:30:00Z"), closesAt);
        Assert.Equal(TimeSpan.FromDays(5) + TimeSpan.FromHours(1), closesAt - opensAt);
    }

    [Fact]
    public void ClosesAt_RoundSpanningTheMarchChange_ClosesAtTheLocalTimeAndLastsAnHourLess()
    {
        var opensAt = RoundCalendar.OpensAt(D("2027-03-09"), HalfPastThree, Chicago);
        var closesAt = RoundCalendar.ClosesAt(D("2027-03-09"), 5, HalfPastThree, Chicago);

        Assert.Equal(Utc("2027-03-14T20:30:00Z"), closesAt);
        Assert.Equal(TimeSpan.FromDays(5) - TimeSpan.FromHours(1), closesAt - opensAt);
    }

    [Fact]
    public void OpensAt_TimeSkippedBySpringForward_OpensWhenTheGapEnds()
    {
        // 02:00 CST jumps to 03:00 CDT: 02:30 never shows on the clock, and 03:00 CDT is 08:00Z.
        var opensAt = RoundCalendar.OpensAt(D("2027-03-14"), new TimeOnly(2, 30), Chicago);

        Assert.Equal(Utc("2027-03-14T08:00:00Z"), opensAt);
    }

    [Fact]
    public void OpensAt_TimeRepeatedByFallBack_OpensAtItsFirstOccurrence()
    {
        // 01:30 happens at 06:30Z (CDT) and again at 07:30Z (CST).
        var opensAt = RoundCalendar.OpensAt(D("2026-11-01"), new TimeOnly(1, 30), Chicago);

        Assert.Equal(Utc("2026-11-01T06:30:00Z"), opensAt);
    }

    [Fact]
    public void OpensAt_IsEachMembersOwnLocalTime()
    {
        var chicago = RoundCalendar.OpensAt(D("2026-10-13"), HalfPastThree, Chicago);
        var denver = RoundCalendar.OpensAt(D("2026-10-13"), HalfPastThree, "America/Denver");

        Assert.Equal(TimeSpan.FromHours(1), denver - chicago);
    }

    [Fact]
    public void OpensAt_UnknownTimeZone_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => RoundCalendar.OpensAt(D("2026-10-13"), HalfPastThree, "Central Standard Time"));

        Assert.Contains("'Central Standard Time'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosesAt_RoundOfNoDays_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RoundCalendar.ClosesAt(D("2026-10-13"), 0, HalfPastThree, Chicago));
}
