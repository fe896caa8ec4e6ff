using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;
using Calendar = Ical.Net.Calendar;
using Period = Ical.Net.DataTypes.Period;

namespace CohortBot.CheckIns.Scheduling;

/// Reads a district's school calendar (.ics) into the dates its schools are closed. Every event is
/// a closure: such a file lists breaks and holidays, not lessons. An all-day event covers each date
/// from its start up to its (exclusive) end; a timed one, each date of the district's zone that it
/// touches. Repeating events are expanded for <see cref="WindowYears"/> years from the date asked for.
/// The file comes from a coordinator (or from wherever they exported it), so it is bounded in size
/// and in what it can make the reader do, and a file that cannot be read is refused with a sentence
/// that says why, never an exception's trace.
internal static class SchoolCalendarReader
{
    public const int MaxBytes = 1024 * 1024;

    // A district's year has a few dozen closures; years of them, with a few schools' calendars
    // merged into one file, stay in the hundreds.
    public const int MaxEvents = 2_000;

    // A weekly closure is some 156 occurrences in the window; this is dozens of them, and bounds
    // what repeat rules can expand to (one daily rule without an end is about 1,100).
    public const int MaxClosures = 10_000;

    public const int WindowYears = 3;

    // As much of a SUMMARY as a closure keeps (the store's column holds 300).
    public const int MaxNameLength = 300;

    // Each rule is expanded on its own; one event needs one or two (a rule and its exception).
    private const int MaxRulesPerEvent = 10;

    // A rule whose parts never match (February 30) would otherwise be stepped through for ever; a
    // rule that does match (February 29, daily) finds one within about 1,500 steps.
    private static readonly EvaluationOptions Options = new() { MaxUnmatchedIncrementsLimit = 10_000 };

    private static readonly string TooLarge = string.Create(CultureInfo.InvariantCulture,
        $"The calendar file is larger than {MaxBytes / 1024 / 1024} MiB; a school calendar is a few kilobytes.");

    /// Reads an .ics held in <paramref name="text"/>. <paramref name="zone"/> (IANA) places timed
    /// events on the district's dates; the window is [<paramref name="from"/>, from + <see cref="WindowYears"/> years).
    /// <exception cref="ArgumentException"><paramref name="zone"/> is not an IANA time zone.</exception>
    public static bool TryRead(string text, string zone, DateOnly from, [NotNullWhen(true)] out SchoolCalendar? calendar, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tz = LocalTimes.Zone(zone);
        if (text.Length > MaxBytes || Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            calendar = null;
            error = TooLarge;
            return false;
        }
        return TryParse(text, tz, from, out calendar, out error);
    }

    /// Reads an .ics from <paramref name="stream"/> (at most <see cref="MaxBytes"/> of it are read).
    public static bool TryRead(Stream stream, string zone, DateOnly from, [NotNullWhen(true)] out SchoolCalendar? calendar, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var tz = LocalTimes.Zone(zone);
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            length += read;
        if (!Decode(buffer, length, out var text, out error))
        {
            calendar = null;
            return false;
        }
        return TryParse(text, tz, from, out calendar, out error);
    }

    /// Reads an .ics from <paramref name="stream"/> without blocking (an upload, say): either the
    /// calendar or the reason it was refused.
    public static async Task<(SchoolCalendar? Calendar, string? Error)> ReadAsync(Stream stream, string zone, DateOnly from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var tz = LocalTimes.Zone(zone);
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        if (!Decode(buffer, length, out var text, out var error))
            return (null, error);
        return TryParse(text, tz, from, out var calendar, out error) ? (calendar, null) : (null, error);
    }

    private static bool Decode(byte[] buffer, int length, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        if (length > MaxBytes)
        {
            text = null;
            error = TooLarge;
            return false;
        }
        // Calendars come as UTF-8, with or without a byte order mark; an exporter that wrote UTF-16 marks it.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        text = reader.ReadToEnd();
        error = null;
        return true;
    }

    private static bool TryParse(string text, DateTimeZone zone, DateOnly from, [NotNullWhen(true)] out SchoolCalendar? calendar, [NotNullWhen(false)] out string? error)
    {
        calendar = null;
        switch (Occurrences(text, "BEGIN:VCALENDAR"))
        {
            case 0:
                error = "The file is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR line.";
                return false;
            case > 1:
                error = "The file holds more than one calendar; export the school calendar on its own.";
                return false;
        }

        // Parsing a megabyte of tiny events takes seconds; counting them first refuses such a file at
        // once (a folded BEGIN line escapes the count, not the check after parsing).
        if (Occurrences(text, "BEGIN:VEVENT") is var count && count > MaxEvents)
        {
            error = TooManyEvents(count);
            return false;
        }

        Calendar? ics;
        try
        {
            ics = Calendar.Load(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The parser's own words say which line it stumbled on; its trace says nothing to a coordinator.
            error = $"The file is not a readable iCalendar (.ics) file: {Brief(ex.Message)}";
            return false;
        }
        if (ics is null)
        {
            error = "The file is not a readable iCalendar (.ics) file: it holds no calendar.";
            return false;
        }
        if (ics.Events.Count > MaxEvents)
        {
            error = TooManyEvents(ics.Events.Count);
            return false;
        }
        foreach (var ev in ics.Events)
        {
            if (!TryCheck(ev, out error))
                return false;
        }

        var until = from.AddYears(WindowYears);
        var closures = new List<CalendarClosure>();
        var dates = new HashSet<DateOnly>();
        var expanded = 0;
        try
        {
            // The calendar, not each event, is expanded: an instance moved or cancelled by a
            // RECURRENCE-ID override then replaces its occurrence instead of adding to it.
            foreach (var occurrence in ics.GetOccurrences<CalendarEvent>(new CalDateTime(from), Options).TakeWhileBefore(new CalDateTime(until)))
            {
                // Counted before anything is skipped, so that cancelled or out-of-window occurrences cost as much as kept ones.
                if (++expanded > MaxClosures)
                {
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"The calendar has more than {MaxClosures} closures between {from:yyyy-MM-dd} and {until:yyyy-MM-dd}; is a repeating event missing its end (UNTIL or COUNT)?");
                    return false;
                }
                if (occurrence.Source is not CalendarEvent ev || string.Equals(ev.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
                    continue;
                var (first, last) = DatesCovered(occurrence.Period, zone);
                if (first < from)
                    first = from;
                if (last >= until)
                    last = until.AddDays(-1);
                if (first > last)
                    continue;
                closures.Add(new CalendarClosure(Name(ev, MaxNameLength), first, last));
                for (var date = first; date <= last; date = date.AddDays(1))
                    dates.Add(date);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = Diagnose(ics, from, until) ?? $"The calendar's events could not be expanded into dates: {Brief(ex.Message)}";
            return false;
        }

        calendar = new SchoolCalendar(from, until, [.. closures.OrderBy(c => c.FirstDate).ThenBy(c => c.LastDate).ThenBy(c => c.Name, StringComparer.Ordinal)], dates);
        error = null;
        return true;
    }

    private static bool TryCheck(CalendarEvent ev, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (ev.DtStart is null)
        {
            error = $"The event '{Name(ev)}' has no start date (DTSTART), so the dates it closes are unknown.";
            return false;
        }
        // Obsolete in Ical.Net's API, but a file may still carry several RRULEs and EXRULEs, and the
        // evaluator still expands every one of them.
#pragma warning disable CS0618
        var rules = ev.RecurrenceRules.Concat(ev.ExceptionRules).ToList();
#pragma warning restore CS0618
        if (rules.Count > MaxRulesPerEvent)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The event '{Name(ev)}' has {rules.Count} repeat rules; at most {MaxRulesPerEvent} are read.");
            return false;
        }
        // No closure repeats more often than daily, and a rule that expands within the day from a
        // start decades back makes Ical.Net step through every second or minute in between.
        foreach (var rule in rules)
        {
            if (rule.Frequency < FrequencyType.Daily || rule.ByHour.Count > 1 || rule.ByMinute.Count > 1 || rule.BySecond.Count > 1)
            {
                error = $"The event '{Name(ev)}' repeats more than once a day; a closure repeats at most daily.";
                return false;
            }
        }
        foreach (var time in new[] { ev.DtStart, ev.DtEnd })
        {
            if (time is null || time.IsFloating)
                continue;
            try
            {
                _ = time.AsUtc;
            }
            catch (ArgumentException)
            {
                error = $"The event '{Name(ev)}' uses the time zone '{Brief(time.TzId ?? "")}', which is not a known one; use an IANA name such as America/Chicago.";
                return false;
            }
        }
        return true;
    }

    // An all-day occurrence ends on the (exclusive) date after its last day. A timed one covers its
    // start's date up to the date of its last instant: a dance that ends at midnight does not close
    // the next day.
    private static (DateOnly First, DateOnly Last) DatesCovered(Period period, DateTimeZone zone)
    {
        var start = period.StartTime;
        var end = period.EffectiveEndTime ?? start;
        if (!start.HasTime)
        {
            var lastDay = end.Date.AddDays(-1);
            return (start.Date, lastDay < start.Date ? start.Date : lastDay);
        }
        var localStart = Local(start, zone);
        var localEnd = Local(end, zone);
        var last = localEnd.Date;
        if (localEnd > localStart && localEnd.TimeOfDay == LocalTime.Midnight)
            last = last.PlusDays(-1);
        return (localStart.Date.ToDateOnly(), (last < localStart.Date ? localStart.Date : last).ToDateOnly());
    }

    // A floating time is already the district's wall clock; one with a zone (or UTC) is moved to it.
    private static LocalDateTime Local(CalDateTime time, DateTimeZone zone) =>
        time.IsFloating
            ? LocalDateTime.FromDateTime(time.Value)
            : Instant.FromDateTimeUtc(DateTime.SpecifyKind(time.AsUtc, DateTimeKind.Utc)).InZone(zone).LocalDateTime;

    // Which event a failed expansion came from, for the message; null if none fails alone.
    private static string? Diagnose(Calendar ics, DateOnly from, DateOnly until)
    {
        foreach (var ev in ics.Events)
        {
            try
            {
                _ = ev.GetOccurrences(new CalDateTime(from), Options).TakeWhileBefore(new CalDateTime(until)).Take(MaxClosures).Count();
            }
            catch (EvaluationLimitExceededException)
            {
                return $"The event '{Name(ev)}' has a repeat rule that never gives a date (such as February 30).";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return $"The event '{Name(ev)}' could not be expanded into dates: {Brief(ex.Message)}";
            }
        }
        return null;
    }

    private static string TooManyEvents(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"The calendar has {count} events; at most {MaxEvents} are read.");

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.OrdinalIgnoreCase))
            count++;
        return count;
    }

    private static string Name(CalendarEvent ev, int maxLength = 80)
    {
        var name = ev.Summary?.Trim();
        return string.IsNullOrEmpty(name) ? "(untitled)" : Brief(name, maxLength);
    }

    // Enough of a message or a name to recognise it, on one line.
    private static string Brief(string text, int maxLength = 160)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= maxLength ? line : string.Concat(line.AsSpan(0, maxLength - 1), "…");
    }
}
