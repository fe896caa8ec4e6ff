using System.Globalization;
using CohortBot.Cohorts;
using NodaTime;

namespace CohortBot.CheckIns.Scheduling;

/// The dates and instants of a cohort's rounds. Round k (from 0) falls k × IntervalWeeks weeks after
/// the first, whatever was skipped before it: a round that lands on a skip date or a school closure
/// is dropped, not moved, so the cohort keeps its rhythm through a break and round numbers mean the
/// same slot for everyone, reports included.
internal static class RoundCalendar
{
    /// The round dates on or after <paramref name="from"/>, earliest first, without those in the
    /// schedule's skip dates or in <paramref name="closed"/>, up to its end date. Lazy and, for a
    /// cohort without an end date, unbounded: take what you need.
    public static IEnumerable<DateOnly> RoundDates(CohortSchedule schedule, IReadOnlySet<DateOnly> closed, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(closed);
        // Checked here rather than in the iterator, so a bad schedule fails where it is passed in.
        var skipped = schedule.SkipDates.ToHashSet();
        var end = schedule.EndDate ?? DateOnly.MaxValue;
        return Slots(schedule, from).TakeWhile(date => date <= end).Where(date => !skipped.Contains(date) && !closed.Contains(date));
    }

    /// Every slot of the rhythm on or after <paramref name="from"/>, earliest first, skipped or
    /// closed ones included (to say why a slot has no round). Lazy and unbounded.
    public static IEnumerable<DateOnly> Slots(CohortSchedule schedule, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // Checked here rather than in the iterator, so a bad schedule fails where it is passed in.
        var step = Step(schedule);
        var first = FirstSlot(schedule);
        var k = from <= first ? 0L : ((long)from.DayNumber - first.DayNumber + step - 1) / step;
        return Slots(first.DayNumber + (k * step), step);
    }

    /// Whether <paramref name="date"/> is one of the schedule's slots (skipped or not).
    public static bool IsSlot(CohortSchedule schedule, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var days = date.DayNumber - FirstSlot(schedule).DayNumber;
        return days >= 0 && days % Step(schedule) == 0;
    }

    /// The slots either side of <paramref name="date"/>: the last before it (none before the
    /// first slot) and the first after it, to tell someone which dates the rhythm has near theirs.
    public static (DateOnly? Before, DateOnly After) SlotsAround(CohortSchedule schedule, DateOnly date)
    {
        var after = Slots(schedule, date.AddDays(1)).First();
        var before = after.AddDays(-Step(schedule));
        return (before >= FirstSlot(schedule) && before < date ? before : null, after);
    }

    /// The first round date on or after <paramref name="from"/>; null only if none is left before
    /// the end of the calendar.
    public static DateOnly? NextRoundDate(CohortSchedule schedule, IReadOnlySet<DateOnly> closed, DateOnly from)
    {
        foreach (var date in RoundDates(schedule, closed, from))
            return date;
        return null;
    }

    /// The 1-based number of the round on <paramref name="date"/>: its slot in the rhythm, counted
    /// from the first, skipped slots included, so numbers stay put when a later break is added.
    /// <exception cref="ArgumentOutOfRangeException">The date is not one of the schedule's slots.</exception>
    public static int RoundNumber(CohortSchedule schedule, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var step = Step(schedule);
        var first = FirstSlot(schedule);
        var days = date.DayNumber - first.DayNumber;
        if (days < 0 || days % step != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, string.Create(CultureInfo.InvariantCulture,
                $"{date:yyyy-MM-dd} is not a round date of this schedule (every {schedule.IntervalWeeks} weeks from {first:yyyy-MM-dd})."));
        }
        return (days / step) + 1;
    }

    /// The date of the slot numbered <paramref name="roundNumber"/> (1-based), skipped or not.
    public static DateOnly SlotDate(CohortSchedule schedule, int roundNumber)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundNumber, 1);
        return FirstSlot(schedule).AddDays((roundNumber - 1) * Step(schedule));
    }

    /// When a round dated <paramref name="date"/> opens for someone in <paramref name="zone"/>: at
    /// <paramref name="localTime"/> on their wall clock. A time that daylight saving skips opens at
    /// the end of the gap; a time that happens twice opens at its first occurrence.
    /// <exception cref="ArgumentException"><paramref name="zone"/> is not an IANA time zone.</exception>
    public static DateTimeOffset OpensAt(DateOnly date, TimeOnly localTime, string zone) => LocalTimes.At(date, localTime, zone);

    /// When the round that opened on <paramref name="openDate"/> closes: at the same wall-clock
    /// time <paramref name="roundLengthDays"/> days later, so a round across a daylight-saving
    /// change still closes at 15:30 local (and lasts an hour more or less).
    public static DateTimeOffset ClosesAt(DateOnly openDate, int roundLengthDays, TimeOnly localTime, string zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roundLengthDays, 1);
        return OpensAt(openDate.AddDays(roundLengthDays), localTime, zone);
    }

    private static IEnumerable<DateOnly> Slots(long day, int step)
    {
        for (; day <= DateOnly.MaxValue.DayNumber; day += step)
            yield return DateOnly.FromDayNumber((int)day);
    }

    private static int Step(CohortSchedule schedule) =>
        schedule.IntervalWeeks is >= 1 and <= 52
            ? 7 * schedule.IntervalWeeks
            : throw new ArgumentOutOfRangeException(nameof(schedule), schedule.IntervalWeeks, "A schedule repeats every 1 to 52 weeks.");

    // The anchor is the first round when it falls on the schedule's weekday; otherwise the first
    // such weekday after it, so "every other Tuesday from September 1" means Tuesdays even when
    // September 1 is not one.
    private static DateOnly FirstSlot(CohortSchedule schedule)
    {
        var ahead = ((int)schedule.Weekday - (int)schedule.AnchorDate.DayOfWeek + 7) % 7;
        return schedule.AnchorDate.AddDays(ahead);
    }
}
