using CohortBot.CheckIns.Scheduling;
using static CohortBot.Tests.CheckIns.Scheduling.Dates;

namespace CohortBot.Tests.CheckIns.Scheduling;

public sealed class ReminderPlanTests
{
    private const string Chicago = "America/Chicago";
    private static readonly HashSet<DateOnly> NoClosures = [];
    private static readonly QuietHours Night = QuietHoursTests.Parse("20:00-07:00");

    [Theory]
    [InlineData("24h", 24 * 60)]
    [InlineData("2d", 2 * 24 * 60)]
    [InlineData("90m", 90)]
    [InlineData(" 36 H ", 36 * 60)]
    [InlineData("30d", 30 * 24 * 60)]
    public void TryParseOffset_ValidText_ReadsTheOffset(string text, int minutes)
    {
        Assert.True(ReminderPlan.TryParseOffset(text, out var offset, out var error));

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), offset);
    }

    [Theory]
    [InlineData("", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("h", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("24", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("1.5h", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("-2h", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("2w", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("99999999999d", "is not a whole number of minutes, hours or days, such as 90m, 24h or 2d")]
    [InlineData("0h", "must be some time before the close, not 0")]
    [InlineData("31d", "is more than 30 days before the close")]
    [InlineData("2147483647d", "is more than 30 days before the close")]
    public void TryParseOffset_InvalidText_FailsWithAMessageForTheRoster(string text, string why)
    {
        Assert.False(ReminderPlan.TryParseOffset(text, out _, out var error));

        Assert.Equal($"Reminder '{text}' {why}.", error);
    }

    [Fact]
    public void TryParseOffsets_NoList_IsADayBefore()
    {
        Assert.True(ReminderPlan.TryParseOffsets(null, out var offsets, out _));

        Assert.Equal([TimeSpan.FromHours(24)], offsets);
    }

    [Fact]
    public void TryParseOffsets_EmptyList_IsNoReminders()
    {
        Assert.True(ReminderPlan.TryParseOffsets([], out var offsets, out _));

        Assert.Empty(offsets);
    }

    [Fact]
    public void TryParseOffsets_List_IsReadShortestFirstWithoutRepeats()
    {
        Assert.True(ReminderPlan.TryParseOffsets(["2d", "2h", "120m"], out var offsets, out _));

        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromDays(2)], offsets);
    }

    [Fact]
    public void TryParseOffsets_ABadEntry_FailsNamingIt()
    {
        Assert.False(ReminderPlan.TryParseOffsets(["24h", "tomorrow"], out var offsets, out var error));

        Assert.Empty(offsets);
        Assert.StartsWith("Reminder 'tomorrow' is not", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RemindAt_ADayBeforeTheClose_IsThatInstantInUtc()
    {
        var (opensAt, closesAt) = Round("2026-10-06", new TimeOnly(15, 30)); // closes Sun Oct 11 15:30 CDT

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, ReminderPlan.DefaultOffsets, Chicago, Night, NoClosures);

        Assert.Equal([Utc("2026-10-10T20:30:00Z")], reminders);
        Assert.Equal(TimeSpan.Zero, reminders[0].Offset);
    }

    [Fact]
    public void RemindAt_InQuietHours_MovesToTheirEndAndRemindsOncePerInstant()
    {
        // Closes at 08:00 CDT on Oct 11. 12h before is 20:00 and 10h before is 22:00, both quiet:
        // both move to 07:00 and make one reminder; 30m before (07:30) is allowed as it is.
        var (opensAt, closesAt) = Round("2026-10-06", new TimeOnly(8, 0));

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, [TimeSpan.FromHours(12), TimeSpan.FromHours(10), TimeSpan.FromMinutes(30)], Chicago, Night, NoClosures);

        Assert.Equal([Utc("2026-10-11T12:00:00Z"), Utc("2026-10-11T12:30:00Z")], reminders);
    }

    [Fact]
    public void RemindAt_QuietHoursAreTheMembersOwn()
    {
        // The round closes at 15:30 in Chicago; a day before is 05:30 the next morning in Tokyo,
        // so a Tokyo member is reminded at 07:00 their time (22:00Z).
        var (opensAt, closesAt) = Round("2026-10-06", new TimeOnly(15, 30));

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, ReminderPlan.DefaultOffsets, "Asia/Tokyo", Night, NoClosures);

        Assert.Equal([Utc("2026-10-10T22:00:00Z")], reminders);
    }

    [Fact]
    public void RemindAt_QuietHoursLastingPastTheClose_Drops()
    {
        // Closes at 06:30 CDT on Oct 11: two hours before is 04:30, quiet until 07:00, after the
        // close. A day before is 06:30 on Oct 10, moved to 07:00 then (12:00Z), well before it.
        var (opensAt, closesAt) = Round("2026-10-06", new TimeOnly(6, 30));

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, [TimeSpan.FromHours(2), TimeSpan.FromDays(1)], Chicago, Night, NoClosures);

        Assert.Equal([Utc("2026-10-10T12:00:00Z")], reminders);
    }

    [Fact]
    public void RemindAt_OnAClosedDay_Drops()
    {
        // Round of Tue Nov 17, closing Sun Nov 22 15:30 CST; the day before is Sat Nov 21, and
        // 4 days before (Wed Nov 18) is an ordinary school day.
        var (opensAt, closesAt) = Round("2026-11-17", new TimeOnly(15, 30));
        HashSet<DateOnly> closed = [D("2026-11-21")];

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, [TimeSpan.FromDays(1), TimeSpan.FromDays(4)], Chicago, Night, closed);

        Assert.Equal([Utc("2026-11-18T21:30:00Z")], reminders);
    }

    [Theory]
    [InlineData(Chicago, false)]    // 21:00 on Fri Nov 27 there, quiet hours none: the closed day
    [InlineData("Asia/Tokyo", true)] // 12:00 on Sat Nov 28 there: not closed
    public void RemindAt_ClosedDayIsTheDateOnTheMembersCalendar(string zone, bool reminded)
    {
        var opensAt = Utc("2026-11-24T21:30:00Z");
        var closesAt = Utc("2026-11-29T03:00:00Z");
        HashSet<DateOnly> closed = [D("2026-11-27")];

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, ReminderPlan.DefaultOffsets, zone, QuietHours.None, closed);

        DateTimeOffset[] expected = reminded ? [Utc("2026-11-28T03:00:00Z")] : [];
        Assert.Equal(expected, reminders);
    }

    [Fact]
    public void RemindAt_BeforeTheRoundOpens_Drops()
    {
        var (opensAt, closesAt) = Round("2026-10-06", new TimeOnly(15, 30)); // five days long

        var reminders = ReminderPlan.RemindAt(opensAt, closesAt, [TimeSpan.FromDays(5), TimeSpan.FromDays(7)], Chicago, Night, NoClosures);

        Assert.Empty(reminders);
    }

    private static (DateTimeOffset OpensAt, DateTimeOffset ClosesAt) Round(string date, TimeOnly localTime) =>
        (RoundCalendar.OpensAt(D(date), localTime, Chicago), RoundCalendar.ClosesAt(D(date), 5, localTime, Chicago));
}
