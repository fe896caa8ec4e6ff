using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Reports;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Series;

/// A series seen whole: who committed, who attended each session, who completed it, and the PD
/// hours each teacher earned. What <c>series COHORT</c> shows and <c>export pd-hours COHORT</c> writes.
internal sealed class SeriesReport(CohortDbContext db, TimeProvider time)
{
    public sealed record TeacherRow(Member Teacher, SeriesCommitment? Commitment, IReadOnlyList<PdSession> Attended)
    {
        public int Minutes => Attended.Sum(s => s.Minutes);
    }

    public sealed record Figures(PdSeries Series, Cohort Cohort, IReadOnlyList<PdSession> Sessions, IReadOnlyList<TeacherRow> Teachers, DateTimeOffset Now)
    {
        public IEnumerable<PdSession> Held => Sessions.Where(s => s.StartsAt <= Now);

        public bool IsOver => Sessions.All(s => s.EndsAt <= Now);

        /// Attended every session of the series.
        public IEnumerable<TeacherRow> Completed => Teachers.Where(t => t.Attended.Count == Sessions.Count);
    }

    public async Task<Figures?> FiguresAsync(int cohortId, CancellationToken cancellationToken)
    {
        var series = await db.Series.AsNoTracking().Include(s => s.Sessions).FirstOrDefaultAsync(s => s.CohortId == cohortId, cancellationToken);
        if (series is null)
            return null;
        var cohort = await db.Cohorts.AsNoTracking().Include(c => c.Members).ThenInclude(m => m.Site).AsSplitQuery().SingleAsync(c => c.Id == cohortId, cancellationToken);
        var sessionIds = series.Sessions.Select(s => s.Id).ToList();
        var attendance = await db.Attendance.AsNoTracking().Where(a => sessionIds.Contains(a.SessionId)).ToListAsync(cancellationToken);
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.SeriesId == series.Id).ToListAsync(cancellationToken);
        var sessions = SeriesCards.Ordered(series).ToList();
        var rows = RoundService.Teachers(cohort).Select(t => new TeacherRow(
            t,
            commitments.FirstOrDefault(c => c.MemberId == t.Id),
            [.. sessions.Where(s => attendance.Any(a => a.SessionId == s.Id && a.MemberId == t.Id))])).ToList();
        return new Figures(series, cohort, sessions, rows, time.GetUtcNow());
    }

    /// The <c>series COHORT</c> card.
    public static CardMessage Card(Figures figures, string viewerTimeZone)
    {
        var (series, cohort, sessions, teachers, now) = (figures.Series, figures.Cohort, figures.Sessions, figures.Teachers, figures.Now);
        var n = teachers.Count;
        var all = teachers.Where(t => t.Commitment?.CommitsToAll == true).ToList();
        var some = teachers.Where(t => t.Commitment is { CommitsToAll: false }).ToList();
        var none = teachers.Where(t => t.Commitment is null).ToList();
        var commitment = new JsonArray
        {
            Fact("Committed to all", $"{all.Count} of {n}"),
            Fact("Can't make some", some.Count == 0 ? "0" : $"{some.Count} ({string.Join("; ", some.Select(t => $"{t.Teacher.DisplayName}: {Numbers(sessions, t.Commitment!.MissingSessionIds)}"))})"),
            Fact("Not answered", none.Count == 0 ? "0" : $"{none.Count} ({Names(none)})"),
        };
        var perSession = new JsonArray([.. sessions.Select(s =>
        {
            var attended = teachers.Count(t => t.Attended.Contains(s));
            var value = s.StartsAt > now ? "upcoming" : s.EndsAt > now ? $"going on now: {attended} checked in" : $"{attended} of {n} attended";
            return (JsonNode)Fact($"{s.Position}. {s.Title}, {SeriesCards.Span(s, viewerTimeZone)}", value);
        })]);
        var held = figures.Held.ToList();
        var missedSoFar = teachers.Where(t => held.Any(s => s.EndsAt <= now && !t.Attended.Contains(s))).ToList();
        var data = new JsonObject
        {
            ["title"] = series.Title,
            ["cohort"] = cohort.Name,
            ["publishedText"] = (series.PublishedAt is { } published ? $"published {CheckInCards.When(published, viewerTimeZone)} (your time)" : "not published yet: publish series to ask the teachers")
                + $"; {held.Count(s => s.EndsAt <= now)} of {sessions.Count} sessions held",
            ["commitment"] = commitment,
            ["sessions"] = perSession,
            ["completionText"] = $"Completed the series (every session): {figures.Completed.Count()} of {n}{(figures.IsOver ? "." : " (the series is not over yet).")}",
        };
        if (missedSoFar.Count > 0)
            data["notCompletingText"] = $"Missed a session so far: {Names(missedSoFar)}.";
        return new CardMessage("series-status", data, $"{series.Title}: {all.Count} of {n} committed to all, {figures.Completed.Count()} completed.");
    }

    /// PD hours per teacher for recertification records: UTF-8 CSV with a header row, one row per
    /// teacher; a cell a spreadsheet would run as a formula is escaped.
    public static string PdHoursCsv(Figures figures)
    {
        var csv = new StringBuilder();
        csv.AppendLine("name,email,site,series,sessions_attended,sessions_total,minutes,hours,completed");
        foreach (var row in figures.Teachers.OrderBy(t => t.Teacher.DisplayName, StringComparer.Ordinal))
        {
            string[] cells =
            [
                row.Teacher.DisplayName,
                row.Teacher.Email,
                row.Teacher.Site?.Name ?? "",
                figures.Series.Title,
                row.Attended.Count.ToString(CultureInfo.InvariantCulture),
                figures.Sessions.Count.ToString(CultureInfo.InvariantCulture),
                row.Minutes.ToString(CultureInfo.InvariantCulture),
                (row.Minutes / 60m).ToString("0.##", CultureInfo.InvariantCulture),
                row.Attended.Count == figures.Sessions.Count ? "yes" : "no",
            ];
            csv.AppendLine(string.Join(',', cells.Select(Csv.Cell)));
        }
        return csv.ToString();
    }

    private static string Numbers(IReadOnlyList<PdSession> sessions, List<int> ids) =>
        "session " + string.Join(", ", sessions.Where(s => ids.Contains(s.Id)).Select(s => s.Position.ToString(CultureInfo.InvariantCulture)));

    private static string Names(IEnumerable<TeacherRow> rows)
    {
        var names = rows.Select(r => r.Teacher.DisplayName).ToList();
        return names.Count <= 10 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(10))} and {names.Count - 10} more";
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
