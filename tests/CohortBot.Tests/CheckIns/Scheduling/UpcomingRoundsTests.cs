using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using static CohortBot.Tests.CheckIns.Scheduling.Dates;

namespace CohortBot.Tests.CheckIns.Scheduling;

public sealed class UpcomingRoundsTests
{
    private static CohortSchedule Schedule() => new()
    {
        TimeZone = "America/Chicago",
        IntervalWeeks = 2,
        Weekday = DayOfWeek.Tuesday,
        LocalTime = new TimeOnly(15, 30),
        AnchorDate = D("2026-09-01"),
        RoundLengthDays = 5,
        SkipDates = [D("2026-12-08")],
    };

    [Fact]
    public void Next_ListsSixRounds_WithTheSlotsASkipDateOrAClosureTakes_Marked()
    {
        SchoolClosure[] winter = [new() { Name = "Winter Break", FirstDate = D("2026-12-21"), LastDate = D("2027-01-01") }];

        var slots = UpcomingRounds.Next(Schedule(), winter, D("2026-11-25"));

        Assert.Equal(
            ["2026-12-08 a skip date", "2026-12-22 Winter Break (school calendar)"],
            slots.Where(s => !s.IsRound).Select(s => $"{s.Date:yyyy-MM-dd} {s.SkippedBecause}"));
        Assert.Equal(6, slots.Count(s => s.IsRound));
        Assert.Equal(D("2027-01-05"), slots.First(s => s.IsRound).Date);
        Assert.Equal(8, slots[0].Number); // Dec 8 is the eighth slot from Sep 1, skipped or not
        var first = slots.First(s => s.IsRound);
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 21, 30, 0, TimeSpan.Zero), first.OpensAt);
        Assert.Equal(new DateTimeOffset(2027, 1, 10, 21, 30, 0, TimeSpan.Zero), first.ClosesAt);
    }

    [Fact]
    public void Next_StopsAtTheEndDate_AndAScheduleAllClosedEnds()
    {
        var schedule = Schedule();
        schedule.EndDate = D("2027-01-19");
        SchoolClosure[] always = [new() { Name = "Closed", FirstDate = D("2026-01-01"), LastDate = D("2030-12-31") }];

        Assert.Equal([D("2027-01-05"), D("2027-01-19")], UpcomingRounds.Next(schedule, [], D("2026-12-30")).Select(s => s.Date));
        Assert.DoesNotContain(UpcomingRounds.Next(Schedule(), always, D("2026-11-25")), s => s.IsRound);
    }
}
