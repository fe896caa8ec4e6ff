using CohortBot.Cohorts;

namespace CohortBot.Tests.Cohorts;

public sealed class CohortScheduleTests
{
    private static readonly CohortSchedule Demo = new()
    {
        TimeZone = "America/Chicago",
        IntervalWeeks = 2,
        AnchorDate = new DateOnly(2026, 9, 1),
        SkipDates = [new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 22)],
    };

    [Theory]
    [InlineData("2026-08-15", "2026-09-01")] // before the first round: the first round
    [InlineData("2026-09-01", "2026-09-01")] // on a round's day: that round
    [InlineData("2026-09-02", "2026-09-15")] // the day after: two weeks later
    [InlineData("2026-11-11", "2026-12-08")] // the round of Nov 24 is skipped (Thanksgiving week)
    [InlineData("2026-12-09", "2027-01-05")] // Dec 22 skipped too
    public void NextRoundDate_FollowsTheIntervalAndSkipsSkipDates(string from, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Demo.NextRoundDate(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture)));
}
