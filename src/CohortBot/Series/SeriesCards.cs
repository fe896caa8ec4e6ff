using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Turns;

namespace CohortBot.Series;

/// The series feature's card messages: what each card's template is given. Times are shown in the
/// reader's own zone.
internal static class SeriesCards
{
    /// A session's time as the reader sees it: "Thursday, December 10 at 4:00 PM–5:30 PM".
    public static string Span(PdSession session, string timeZone) => CheckInCards.Between(session.StartsAt, session.EndsAt, timeZone);

    /// The invitation to commit to the whole series, or to change one's answer.
    public static CardMessage Commit(PdSeries series, Cohort cohort, Member teacher)
    {
        var data = new JsonObject
        {
            ["seriesId"] = series.Id,
            ["title"] = series.Title,
            ["cohort"] = cohort.Name,
            ["count"] = series.Sessions.Count,
            ["sessions"] = Sessions(series, teacher, _ => null),
            ["deadlineText"] = $"{CheckInCards.When(FirstStart(series), teacher.TimeZone)} (your time)",
        };
        return new CardMessage("series-commit", data, $"{series.Title}: {series.Sessions.Count} PD sessions for {cohort.Name}. Will you commit to all of them?");
    }

    /// Which sessions they cannot make, and why (for the coach).
    public static CardMessage Missing(PdSeries series, Member teacher, IEnumerable<int>? missing = null, string? reason = null, string? error = null)
    {
        var data = new JsonObject
        {
            ["seriesId"] = series.Id,
            ["title"] = series.Title,
            ["sessions"] = new JsonArray([.. Ordered(series).Select(s => (JsonNode)new JsonObject
            {
                ["title"] = $"{s.Position}. {s.Title} ({Span(s, teacher.TimeZone)})",
                ["value"] = s.Id.ToString(CultureInfo.InvariantCulture),
            })]),
        };
        if (missing?.ToList() is { Count: > 0 } ids)
            data["missing"] = string.Join(',', ids);
        if (reason is not null)
            data["reason"] = reason;
        if (error is not null)
            data["error"] = error;
        return new CardMessage("series-missing", data, $"Which sessions of {series.Title} can't you make?");
    }

    /// Their answer as recorded, each session marked, with Change until the first session starts.
    public static CardMessage Committed(PdSeries series, Cohort cohort, Member teacher, SeriesCommitment commitment, DateTimeOffset now, string reminders)
    {
        var open = now < FirstStart(series);
        var missing = commitment.MissingSessionIds;
        var heading = commitment.CommitsToAll
            ? $"Thank you: you're in for all {series.Sessions.Count} sessions."
            : $"Thanks for letting us know: you'll miss {missing.Count} of {series.Sessions.Count} sessions.";
        var footer = (commitment.CommitsToAll ? "" : "Your coach sees which ones, so they can help you catch up. ")
            + $"I'll remind you {reminders} before each session you'll be at."
            + (open ? $" You can change your answer until {CheckInCards.When(FirstStart(series), teacher.TimeZone)} (your time)." : "");
        var data = new JsonObject
        {
            ["seriesId"] = series.Id,
            ["heading"] = heading,
            ["title"] = series.Title,
            ["cohort"] = cohort.Name,
            ["sessions"] = Sessions(series, teacher, s => missing.Contains(s.Id) ? "✗" : "✓"),
            ["footer"] = footer,
            ["canChange"] = open,
        };
        return new CardMessage("series-committed", data, heading);
    }

    /// A reminder before a session: when (their time) and where, with the link when it is online.
    public static CardMessage Reminder(PdSeries series, PdSession session, Member teacher, int offsetMinutes)
    {
        var heading = offsetMinutes switch
        {
            >= 20 * 60 and <= 28 * 60 => $"Tomorrow: {session.Title}",
            < 20 * 60 and >= 60 when offsetMinutes % 60 == 0 => $"In {(offsetMinutes == 60 ? "an hour" : $"{offsetMinutes / 60} hours")}: {session.Title}",
            < 60 => $"In {offsetMinutes} minutes: {session.Title}",
            _ => $"Coming up: {session.Title}",
        };
        var data = new JsonObject
        {
            ["heading"] = heading,
            ["number"] = session.Position,
            ["series"] = series.Title,
            ["title"] = session.Title,
            ["whenText"] = $"{Span(session, teacher.TimeZone)} (your time)",
            ["where"] = session.Where,
        };
        if (Link(session.Where) is { } link)
            data["link"] = link;
        return new CardMessage("session-reminder", data, $"{heading}, {Span(session, teacher.TimeZone)} (your time), {session.Where}.");
    }

    /// The facilitator's card: the code to show, and the cohort's teachers to tick.
    public static CardMessage Attendance(PdSeries series, PdSession session, IReadOnlyList<Member> teachers, IReadOnlyCollection<SessionAttendance> present, IReadOnlyCollection<int> declined, string viewerTimeZone, string? note = null)
    {
        var presentIds = present.Select(a => a.MemberId).ToHashSet();
        var shown = string.Join(',', teachers.Where(t => presentIds.Contains(t.Id)).Select(t => t.Id));
        var data = new JsonObject
        {
            ["sessionId"] = session.Id,
            ["title"] = session.Title,
            ["number"] = session.Position,
            ["series"] = series.Title,
            ["whenText"] = Span(session, viewerTimeZone),
            ["code"] = session.Code,
            ["shown"] = shown,
            ["teachers"] = new JsonArray([.. teachers.Select(t => (JsonNode)new JsonObject
            {
                ["title"] = t.DisplayName
                    + (present.FirstOrDefault(a => a.MemberId == t.Id)?.Source == AttendanceSource.Code ? " (checked in with the code)" : "")
                    + (declined.Contains(t.Id) ? " (said they can't make it)" : ""),
                ["value"] = t.Id.ToString(CultureInfo.InvariantCulture),
            })]),
        };
        if (shown.Length > 0)
            data["present"] = shown;
        if (note is not null)
            data["note"] = note;
        return new CardMessage("session-attendance", data, $"Attendance for {session.Title}: teachers check in with \"here {session.Code}\", or tick them here.");
    }

    public static CardMessage Reflection(PdSession session, int? useful = null, string? tryFirst = null, string? error = null)
    {
        var data = new JsonObject { ["sessionId"] = session.Id, ["title"] = session.Title };
        if (useful is { } u)
            data["useful"] = u.ToString(CultureInfo.InvariantCulture);
        if (tryFirst is not null)
            data["tryFirst"] = tryFirst;
        if (error is not null)
            data["error"] = error;
        return new CardMessage("session-reflection", data, $"How was {session.Title}? Two quick questions.");
    }

    public static DateTimeOffset FirstStart(PdSeries series) => series.Sessions.Min(s => s.StartsAt);

    public static IEnumerable<PdSession> Ordered(PdSeries series) => series.Sessions.OrderBy(s => s.StartsAt).ThenBy(s => s.Position);

    /// "a day and an hour", for the reminders' offsets.
    public static string Offsets(IEnumerable<int> minutes)
    {
        var words = minutes.OrderDescending().Select(m => m switch
        {
            1440 => "a day",
            60 => "an hour",
            _ when m % 1440 == 0 => $"{m / 1440} days",
            _ when m % 60 == 0 => $"{m / 60} hours",
            _ => $"{m} minutes",
        }).ToList();
        return words.Count switch
        {
            0 => "",
            1 => words[0],
            _ => $"{string.Join(", ", words[..^1])} and {words[^1]}",
        };
    }

    /// The link of an online session's <c>where</c>, when it is one.
    public static string? Link(string where) =>
        Uri.TryCreate(where.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri : null;

    private static JsonArray Sessions(PdSeries series, Member reader, Func<PdSession, string?> mark) =>
        new([.. Ordered(series).Select(s =>
        {
            var item = new JsonObject
            {
                ["number"] = s.Position,
                ["title"] = s.Title,
                ["whenText"] = Span(s, reader.TimeZone),
                ["where"] = s.Where,
            };
            if (mark(s) is { } m)
                item["mark"] = m;
            return (JsonNode)item;
        })]);
}
