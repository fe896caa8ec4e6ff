namespace CohortBot.CheckIns.Scheduling;

/// One closure of a school calendar, as a report shows it: the event's name and the dates it
/// covers, both inclusive and within the window the calendar was read for.
internal sealed record CalendarClosure(string Name, DateOnly FirstDate, DateOnly LastDate);
