using System.Globalization;
using System.Security.Cryptography;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Cohorts.Roster;
using CohortBot.Storage;
using NodaTime;

namespace CohortBot.Series;

/// A cohort's <c>series:</c> in a district file: checked whole with the rest of the file, then
/// applied. Sessions are matched by title, so importing the same file again changes nothing; a
/// session left out of the file is removed, unless someone attended it (history is kept).
internal static class SeriesRoster
{
    public const int MaxSessions = 20;
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// A series that passed its checks, with its sessions' instants in the cohort's zone.
    public sealed record Checked(string Title, List<int> ReminderMinutes, List<CheckedSession> Sessions);

    public sealed record CheckedSession(string Title, DateOnly Date, TimeOnly Start, TimeOnly End, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Where, string? FacilitatorEmail);

    /// Checks <paramref name="entry"/>; every problem goes to <paramref name="problem"/> at its line.
    /// <paramref name="knownMember"/> says whether an e-mail is a member of the district (in the file or already).
    public static Checked? Check(SeriesEntry entry, string cohortName, string? zone, Func<string, bool> knownMember, IReadOnlySet<string> attendedTitles, Action<int, string> problem)
    {
        var before = 0;
        void Problem(int line, string message)
        {
            before++;
            problem(line, message);
        }

        if (string.IsNullOrWhiteSpace(entry.Title))
            Problem(entry.Line, $"the series of '{cohortName}' needs a title");
        if (entry.Sessions.Count == 0)
            Problem(entry.Line, $"the series of '{cohortName}' has no sessions");
        if (entry.Sessions.Count > MaxSessions)
            Problem(entry.Sessions[MaxSessions].Line, $"a series has at most {MaxSessions} sessions");
        if (!ReminderPlan.TryParseOffsets(entry.Reminders ?? ["24h", "1h"], out var offsets, out var reminderError))
            Problem(entry.Line, reminderError!);

        var sessions = new List<CheckedSession>();
        var titles = new Dictionary<string, int>(Names);
        foreach (var session in entry.Sessions)
        {
            var line = session.Line;
            var title = session.Title?.Trim();
            if (string.IsNullOrEmpty(title))
                Problem(line, "a session needs a title");
            else if (title.Length > 200)
                Problem(line, $"session title '{title[..40]}…' is longer than 200 characters");
            else if (!titles.TryAdd(title, line))
                Problem(line, $"duplicate session '{title}' (first on line {titles[title]})");

            var dateOk = TryDate(session.Date, out var date);
            if (!dateOk)
                Problem(line, $"session '{title}': date '{session.Date}' is not a date like 2027-01-12");
            var startOk = TryTime(session.Start, out var start);
            if (!startOk)
                Problem(line, $"session '{title}': start '{session.Start}' is not a time of day like 16:00");
            var endOk = TryTime(session.End, out var end);
            if (!endOk)
                Problem(line, $"session '{title}': end '{session.End}' is not a time of day like 17:30");
            if (startOk && endOk && end <= start)
                Problem(line, $"session '{title}' ends ({end:HH\\:mm}) before it starts ({start:HH\\:mm})");

            var where = session.Where?.Trim();
            if (string.IsNullOrEmpty(where))
                Problem(line, $"session '{title}' needs 'where': a room, or the online meeting's link");
            else if (where.Length > 1000)
                Problem(line, $"session '{title}': 'where' is longer than 1000 characters");

            var facilitator = session.Facilitator?.Trim().ToLowerInvariant();
            if (facilitator is { Length: > 0 } && !knownMember(facilitator))
                Problem(line, $"session '{title}': facilitator '{session.Facilitator!.Trim()}' is not a member of the district (list them under members)");

            if (title is not null && dateOk && startOk && endOk && end > start && zone is not null && where is not null)
            {
                sessions.Add(new CheckedSession(title, date, start, end, LocalTimes.At(date, start, zone), LocalTimes.At(date, end, zone), where, facilitator is { Length: > 0 } ? facilitator : null));
            }
        }

        foreach (var kept in attendedTitles.Where(t => !titles.ContainsKey(t)))
            Problem(entry.Line, $"session '{kept}' of '{cohortName}' has attendance recorded: keep it in the file (history is never removed)");

        return before > 0 ? null : new Checked(entry.Title!.Trim(), [.. offsets.Select(o => (int)o.TotalMinutes)], sessions);
    }

    /// Makes <paramref name="cohort"/>'s series what was checked. <paramref name="member"/> finds a
    /// member of the district by e-mail (null for a member who was erased: the session then has none).
    public static void Apply(CohortDbContext db, Cohort cohort, Checked wanted, PdSeries? series, Func<string, Member?> member)
    {
        if (series is null)
        {
            series = new PdSeries { Cohort = cohort, Title = wanted.Title };
            db.Series.Add(series);
        }
        series.Title = wanted.Title;
        if (!series.ReminderMinutes.SequenceEqual(wanted.ReminderMinutes))
            series.ReminderMinutes = wanted.ReminderMinutes;

        foreach (var gone in series.Sessions.Where(s => !wanted.Sessions.Any(w => Names.Equals(w.Title, s.Title))).ToList())
        {
            series.Sessions.Remove(gone);
            db.Sessions.Remove(gone);
        }
        for (var i = 0; i < wanted.Sessions.Count; i++)
        {
            var w = wanted.Sessions[i];
            var session = series.Sessions.FirstOrDefault(s => Names.Equals(s.Title, w.Title));
            if (session is null)
            {
                session = new PdSession { Title = w.Title, Where = w.Where, Code = NewCode(series.Sessions) };
                series.Sessions.Add(session);
            }
            session.Position = i + 1;
            session.Title = w.Title;
            session.Date = w.Date;
            session.Start = w.Start;
            session.End = w.End;
            session.StartsAt = w.StartsAt;
            session.EndsAt = w.EndsAt;
            session.Where = w.Where;
            var facilitator = w.FacilitatorEmail is null ? null : member(w.FacilitatorEmail);
            if (session.Facilitator != facilitator || facilitator is null && session.FacilitatorId is not null)
            {
                session.Facilitator = facilitator;
                if (facilitator is null)
                    session.FacilitatorId = null;
            }
        }
    }

    /// Four digits a facilitator reads out, different from the series' other sessions'.
    private static string NewCode(IEnumerable<PdSession> others)
    {
        var taken = others.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var code = RandomNumberGenerator.GetInt32(1000, 10000).ToString(CultureInfo.InvariantCulture);
            if (taken.Add(code))
                return code;
        }
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
