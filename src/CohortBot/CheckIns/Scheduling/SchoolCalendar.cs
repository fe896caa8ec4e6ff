namespace CohortBot.CheckIns.Scheduling;

/// What a school calendar file says for the dates from <see cref="From"/> up to (not including)
/// <see cref="Until"/>: each closure (a repeating one once per occurrence), and every date that
/// any of them covers.
internal sealed class SchoolCalendar(DateOnly from, DateOnly until, IReadOnlyList<CalendarClosure> closures, IReadOnlySet<DateOnly> closedDates)
{
    public DateOnly From { get; } = from;
    public DateOnly Until { get; } = until;

    /// Earliest first.
    public IReadOnlyList<CalendarClosure> Closures { get; } = closures;

    public IReadOnlySet<DateOnly> ClosedDates { get; } = closedDates;

    public bool IsClosed(DateOnly date) => ClosedDates.Contains(date);
}
