using CohortBot.Cohorts;

namespace CohortBot.CheckIns.Scheduling;

/// A slot of a schedule ahead: the round it holds, or why it holds none (a skip date, a closure
/// of the school calendar). What the settings page shows while a schedule is edited.
internal sealed record UpcomingSlot(DateOnly Date, int Number, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string? SkippedBecause)
{
    public bool IsRound => SkippedBecause is null;
}

internal static class UpcomingRounds
{
    /// The slots of <paramref name="schedule"/> from <paramref name="from"/> until
    /// <paramref name="rounds"/> of them hold a round (or the schedule ends), skipped slots among them.
    public static IReadOnlyList<UpcomingSlot> Next(CohortSchedule schedule, IEnumerable<SchoolClosure> closures, DateOnly from, int rounds = 6)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var breaks = closures.ToList();
        var skips = schedule.SkipDates.ToHashSet();
        var end = schedule.EndDate ?? DateOnly.MaxValue;
        var slots = new List<UpcomingSlot>();
        foreach (var date in RoundCalendar.Slots(schedule, from).TakeWhile(date => date <= end))
        {
            var why = skips.Contains(date) ? "a skip date"
                : breaks.FirstOrDefault(c => c.FirstDate <= date && date <= c.LastDate) is { } closure ? $"{closure.Name} (school calendar)"
                : null;
            slots.Add(new UpcomingSlot(date, RoundCalendar.RoundNumber(schedule, date),
                RoundCalendar.OpensAt(date, schedule.LocalTime, schedule.TimeZone),
                RoundCalendar.ClosesAt(date, schedule.RoundLengthDays, schedule.LocalTime, schedule.TimeZone), why));
            // A schedule every slot of which is closed must not run forever: a year of slots is enough to say so.
            if (slots.Count(s => s.IsRound) == rounds || slots.Count >= rounds + 60)
                break;
        }
        return slots;
    }
}
