using System.Globalization;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts.Roster;
using NodaTime;

namespace CohortBot.Cohorts;

/// What a schedule must be, however it is written (a roster file's <c>schedule:</c>, the cohort's
/// settings page): one set of rules, each broken rule one sentence, all of them found at once.
internal static class ScheduleRules
{
    public const string DefaultQuietHours = "20:00-07:00";

    /// The schedule <paramref name="entry"/> describes, in <paramref name="defaultZone"/> unless it
    /// names its own; null when a rule is broken, each problem told to <paramref name="problem"/>
    /// with the key it is about (<c>everyWeeks</c>, <c>localTime</c>, ..., as a roster writes them).
    public static CohortSchedule? Read(ScheduleEntry entry, string? defaultZone, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var broken = false;
        var key = "";
        void Problem(string text)
        {
            broken = true;
            problem(key, text);
        }

        key = "everyWeeks";
        if (entry.EveryWeeks is < 1 or > 8)
            Problem($"everyWeeks must be between 1 and 8, not {entry.EveryWeeks}");
        key = "roundLengthDays";
        if (entry.RoundLengthDays < 1 || entry.RoundLengthDays > entry.EveryWeeks * 7)
            Problem($"roundLengthDays must be between 1 and {Math.Max(1, entry.EveryWeeks) * 7} (a round closes before the next opens), not {entry.RoundLengthDays}");

        key = "timeZone";
        var zone = entry.TimeZone is null ? defaultZone : Zone(entry.TimeZone);
        if (entry.TimeZone is not null && zone is null)
            Problem(UnknownZone(entry.TimeZone));

        key = "localTime";
        TimeOnly localTime = default;
        if (entry.LocalTime is null || !TimeOnly.TryParseExact(entry.LocalTime.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out localTime))
            Problem($"localTime '{entry.LocalTime}' is not a time of day like 15:30");

        key = "anchorDate";
        DateOnly anchor = default;
        if (entry.AnchorDate is null || !TryParseDate(entry.AnchorDate, out anchor))
            Problem($"anchorDate '{entry.AnchorDate}' is not a date like 2026-09-01 (the first round's date)");

        key = "weekday";
        var weekday = anchor.DayOfWeek;
        if (entry.Weekday is { } named)
        {
            if (!Enum.TryParse(named.Trim(), ignoreCase: true, out weekday) || int.TryParse(named, out _))
                Problem($"weekday '{named}' is not a day of the week");
            else if (anchor != default && anchor.DayOfWeek != weekday)
                Problem($"anchorDate {anchor:yyyy-MM-dd} is a {anchor.DayOfWeek}, not a {weekday}");
        }

        key = "endDate";
        DateOnly? endDate = null;
        if (!string.IsNullOrWhiteSpace(entry.EndDate))
        {
            if (!TryParseDate(entry.EndDate, out var end))
                Problem($"endDate '{entry.EndDate}' is not a date like 2027-06-15 (the last date a round may open on)");
            else if (anchor != default && end < anchor)
                Problem($"endDate {end:yyyy-MM-dd} is before anchorDate {anchor:yyyy-MM-dd}");
            else
                endDate = end;
        }

        key = "skipDates";
        var skips = new List<DateOnly>();
        foreach (var skip in entry.SkipDates)
        {
            if (TryParseDate(skip, out var date))
                skips.Add(date);
            else
                Problem($"skip date '{skip}' is not a date like 2026-11-24");
        }

        key = "reminders";
        if (!ReminderPlan.TryParseOffsets(entry.Reminders, out var offsets, out var reminderError))
            Problem(reminderError!);
        key = "quietHours";
        if (!QuietHours.TryParse(entry.QuietHours ?? DefaultQuietHours, out var quiet, out var quietError))
            Problem(quietError!);
        key = "localTime";
        if (localTime != default && quiet.Covers(localTime))
            Problem($"localTime {localTime:HH:mm} is inside the quiet hours {quiet}: nobody would be asked before they end: choose a time outside them");

        if (broken || zone is null)
            return null;
        return new CohortSchedule
        {
            IntervalWeeks = entry.EveryWeeks,
            Weekday = weekday,
            LocalTime = localTime,
            TimeZone = zone,
            AnchorDate = anchor,
            EndDate = endDate,
            SkipDates = [.. skips.Distinct().Order()],
            RoundLengthDays = entry.RoundLengthDays,
            ReminderMinutes = [.. offsets.Select(o => (int)o.TotalMinutes)],
            QuietHours = quiet.ToString(),
        };
    }

    /// Copies <paramref name="from"/> onto <paramref name="to"/>, lists only when they differ, so an
    /// unchanged schedule leaves nothing for the store to save.
    public static void CopyTo(CohortSchedule from, CohortSchedule to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        to.IntervalWeeks = from.IntervalWeeks;
        to.Weekday = from.Weekday;
        to.LocalTime = from.LocalTime;
        to.TimeZone = from.TimeZone;
        to.AnchorDate = from.AnchorDate;
        to.EndDate = from.EndDate;
        to.RoundLengthDays = from.RoundLengthDays;
        to.QuietHours = from.QuietHours;
        if (!to.SkipDates.SequenceEqual(from.SkipDates))
            to.SkipDates = [.. from.SkipDates];
        if (!to.ReminderMinutes.SequenceEqual(from.ReminderMinutes))
            to.ReminderMinutes = [.. from.ReminderMinutes];
    }

    /// The IANA id of <paramref name="id"/>, or null when there is no such zone.
    public static string? Zone(string? id) =>
        id is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim())?.Id;

    public static string UnknownZone(string id) => $"unknown time zone '{id}' (use an IANA name such as America/Chicago)";

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
