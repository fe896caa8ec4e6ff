using System.Globalization;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using static CohortBot.Tests.CheckIns.Scheduling.Dates;

namespace CohortBot.Tests.CheckIns.Scheduling;

public sealed class RoundCalendarTests
{
    private static readonly HashSet<DateOnly> NoClosures = [];

    // Every other Tuesday from September 1, as the demo district runs it.
    private static CohortSchedule Schedule(params string[] skipDates) => new()
    {
        TimeZone = "America/Chicago",
        IntervalWeeks = 2,
        Weekday = DayOfWeek.Tuesday,
        AnchorDate = D("2026-09-01"),
        SkipDates = [.. skipDates.Select(D)],
    };

    [Fact]
    public void RoundDates_OverAYearWithASkipDateAndAClosureWeek_KeepTheAnchoredRhythm()
    {
        var schedule = Schedule("2026-11-24");
        HashSet<DateOnly> winterBreak = [.. Days("2026-12-21", "2026-12-25")];

        var rounds = RoundCalendar.RoundDates(schedule, winterBreak, D("2026-09-01")).TakeWhile(d => d <= D("2027-08-31")).ToList();

        // Nov 24 (skip date) and Dec 22 (in the break) are left out; the rounds after them stay on
        // the anchored fortnights (Dec 8, Jan 5) instead of moving a week to make up.
        string[] expected =
        [
            "2026-09-01", "2026-09-15", "2026-09-29", "2026-10-13", "2026-10-27", "2026-11-10", "2026-12-08",
            "2027-01-05", "2027-01-19", "2027-02-02", "2027-02-16", "2027-03-02", "2027-03-16", "2027-03-30",
            "2027-04-13", "2027-04-27", "2027-05-11", "2027-05-25", "2027-06-08", "2027-06-22", "2027-07-06",
            "2027-07-20", "2027-08-03", "2027-08-17", "2027-08-31",
        ];
        Assert.Equal(expected.Select(D), rounds);
        // Numbers count the slots, skipped ones included: the round after the skip is 8, not 7.
        Assert.Equal([1, 2, 3, 4, 5, 6, 8, 10, 11, 12], rounds.Take(10).Select(d => RoundCalendar.RoundNumber(schedule, d)));
        Assert.Equal(27, RoundCalendar.RoundNumber(schedule, rounds[^1]));
    }

    [Fact]
    public void RoundDates_OfAScheduleWithAnEndDate_StopOnIt()
    {
        var schedule = Schedule();
        schedule.EndDate = D("2026-10-13");

        var rounds = RoundCalendar.RoundDates(schedule, NoClosures, D("2026-09-01")).ToList();

        Assert.Equal(["2026-09-01", "2026-09-15", "2026-09-29", "2026-10-13"], rounds.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.Empty(RoundCalendar.RoundDates(schedule, NoClosures, D("2026-10-14")));
    }

    [Theory]
    [InlineData("2026-08-15", "2026-09-01")] // before the first round: the first round
    [InlineData("2026-09-01", "2026-09-01")] // on a round's day: that round
    [InlineData("2026-09-02", "2026-09-15")] // the day after: the next fortnight
    [InlineData("2026-11-11", "2026-12-08")] // Nov 24 is a skip date
    [InlineData("2026-12-09", "2027-01-05")] // Dec 22 is in the winter break: the next slot, not Dec 29
    [InlineData("2026-12-23", "2027-01-05")]
    public void NextRoundDate_IsTheFirstOpenAnchoredSlotOnOrAfter(string from, string expected)
    {
        HashSet<DateOnly> winterBreak = [.. Days("2026-12-21", "2027-01-01")];

        Assert.Equal(D(expected), RoundCalendar.NextRoundDate(Schedule("2026-11-24"), winterBreak, D(from)));
    }

    [Fact]
    public void NextRoundDate_WithoutClosures_AgreesWithTheSchedulesOwnRule()
    {
        var schedule = Schedule("2026-11-24", "2026-12-22", "2026-12-29");

        for (var from = D("2026-08-01"); from <= D("2027-08-01"); from = from.AddDays(1))
            Assert.Equal(schedule.NextRoundDate(from), RoundCalendar.NextRoundDate(schedule, NoClosures, from));
    }

    [Theory]
    [InlineData(1, "2026-09-01", "2026-09-08")]
    [InlineData(3, "2026-09-01", "2026-09-22")]
    public void RoundDates_FollowTheIntervalInWeeks(int weeks, string first, string second)
    {
        var schedule = Schedule();
        schedule.IntervalWeeks = weeks;

        Assert.Equal([D(first), D(second)], RoundCalendar.RoundDates(schedule, NoClosures, D("2026-08-01")).Take(2));
    }

    [Fact]
    public void RoundDates_AnchorNotOnTheWeekday_StartOnTheFirstSuchWeekdayAfterIt()
    {
        var schedule = Schedule();
        schedule.AnchorDate = D("2026-08-31"); // a Monday
        schedule.Weekday = DayOfWeek.Thursday;

        var rounds = RoundCalendar.RoundDates(schedule, NoClosures, D("2026-08-01")).Take(3).ToList();

        Assert.Equal([D("2026-09-03"), D("2026-09-17"), D("2026-10-01")], rounds);
        Assert.All(rounds, d => Assert.Equal(DayOfWeek.Thursday, d.DayOfWeek));
        Assert.Equal(1, RoundCalendar.RoundNumber(schedule, D("2026-09-03")));
    }

    [Fact]
    public void SlotDate_IsTheInverseOfRoundNumber_SkippedSlotsIncluded()
    {
        var schedule = Schedule("2026-11-24");

        Assert.Equal(D("2026-11-24"), RoundCalendar.SlotDate(schedule, 7));
        Assert.Equal(7, RoundCalendar.RoundNumber(schedule, D("2026-11-24")));
        Assert.Equal(D("2026-09-01"), RoundCalendar.SlotDate(schedule, 1));
    }

    [Theory]
    [InlineData("2026-09-08")] // a Tuesday between two rounds
    [InlineData("2026-09-02")] // the day after the first
    [InlineData("2026-08-18")] // a fortnight before the anchor
    public void RoundNumber_OfADateThatIsNoSlot_Throws(string date)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RoundCalendar.RoundNumber(Schedule(), D(date)));

        Assert.Contains(date, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void RoundDates_OfAScheduleWithoutAnInterval_Throw(int weeks)
    {
        var schedule = Schedule();
        schedule.IntervalWeeks = weeks;

        Assert.Throws<ArgumentOutOfRangeException>(() => RoundCalendar.RoundDates(schedule, NoClosures, D("2026-09-01")));
    }

    [Fact]
    public void Slots_KeepSkippedAndClosedDates_WhereRoundDatesLeaveThemOut()
    {
        var schedule = Schedule("2026-12-08");

        Assert.Equal(["2026-12-08", "2026-12-22", "2027-01-05"], RoundCalendar.Slots(schedule, D("2026-12-02")).Take(3).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.Equal(D("2027-01-05"), RoundCalendar.NextRoundDate(schedule, Days("2026-12-21", "2027-01-01").ToHashSet(), D("2026-12-02")));
    }

    [Theory]
    [InlineData("2026-12-08", true)]
    [InlineData("2026-12-01", false)] // a Tuesday, but between two fortnights
    [InlineData("2026-12-09", false)]
    [InlineData("2026-08-18", false)] // on the rhythm, but before the first round
    public void IsSlot_IsTrueOnlyOnTheRhythmsDates(string date, bool slot) =>
        Assert.Equal(slot, RoundCalendar.IsSlot(Schedule(), D(date)));

    [Theory]
    [InlineData("2026-12-09", "2026-12-08", "2026-12-22")]
    [InlineData("2026-12-01", "2026-11-24", "2026-12-08")]
    [InlineData("2026-08-20", null, "2026-09-01")]
    public void SlotsAround_NameTheRoundDatesEitherSide(string date, string? before, string after)
    {
        var (earlier, later) = RoundCalendar.SlotsAround(Schedule(), D(date));

        Assert.Equal((before is null ? (DateOnly?)null : D(before), D(after)), (earlier, later));
    }
}
