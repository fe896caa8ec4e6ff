namespace CohortBot.Cohorts;

/// When a cohort's rounds open: every <see cref="IntervalWeeks"/> weeks on <see cref="Weekday"/> at
/// <see cref="LocalTime"/> in <see cref="TimeZone"/>, counting from <see cref="AnchorDate"/>.
internal sealed class CohortSchedule
{
    public int IntervalWeeks { get; set; } = 2;
    public DayOfWeek Weekday { get; set; } = DayOfWeek.Tuesday;
    public TimeOnly LocalTime { get; set; } = new(15, 30);
    public required string TimeZone { get; set; }
    public DateOnly AnchorDate { get; set; }

    /// The last date a round may open on (the cohort's year is over after it); null while it goes on.
    public DateOnly? EndDate { get; set; }

    /// Dates on which no round opens (holidays, testing weeks).
    public List<DateOnly> SkipDates { get; set; } = [];

    /// How long a round stays open for answers.
    public int RoundLengthDays { get; set; } = 5;

    /// When those who have not answered are reminded: minutes before the round closes (a day by default).
    public List<int> ReminderMinutes { get; set; } = [24 * 60];

    /// When nobody is messaged, in their own time zone ("20:00-07:00"); empty for never.
    public string QuietHours { get; set; } = "20:00-07:00";

    /// The date of the first round on or after <paramref name="from"/>: every
    /// <see cref="IntervalWeeks"/> weeks from <see cref="AnchorDate"/>, skip dates left out. Each
    /// member is asked at <see cref="LocalTime"/> of that date in their own time zone.
    public DateOnly NextRoundDate(DateOnly from)
    {
        var step = 7 * Math.Max(1, IntervalWeeks);
        var days = from.DayNumber - AnchorDate.DayNumber;
        var date = days <= 0 ? AnchorDate : AnchorDate.AddDays((days + step - 1) / step * step);
        while (SkipDates.Contains(date))
            date = date.AddDays(step);
        return date;
    }
}
