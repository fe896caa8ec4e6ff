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

    /// Dates on which no round opens (holidays, testing weeks).
    public List<DateOnly> SkipDates { get; set; } = [];

    /// How long a round stays open for answers.
    public int RoundLengthDays { get; set; } = 5;
}
