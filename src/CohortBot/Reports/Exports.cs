using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// The CSV exports: a round, a cohort's history (one row per member and round) and a series' PD
/// hours. UTF-8 with a header row, every cell safe to open in a spreadsheet (<see cref="Csv"/>);
/// written row by row, so a cohort's years cost no more memory than one round.
internal static class Exports
{
    public static WebApplication MapExports(this WebApplication app)
    {
        var exports = app.MapGroup("").RequireAuthorization(WebExtensions.MembersOnly);
        exports.MapGet("/rounds/{id:int}/export.csv", RoundAsync);
        exports.MapGet("/cohorts/{id:int}/export.csv", CohortAsync);
        exports.MapGet("/cohorts/{id:int}/pd-hours.csv", PdHoursAsync);
        exports.MapGet("/members/{id:int}/export.json", MemberAsync);
        return app;
    }

    private static async Task<IResult> RoundAsync(int id, HttpContext http, CohortDbContext db, CohortHistory history, CancellationToken cancellationToken)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null || await Viewer.OfAsync(http.User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(round.CohortId))
            return Results.NotFound();
        var figures = await history.OfAsync(round.CohortId, round.Date, round.Date, cancellationToken);
        var people = await history.PeopleAsync(figures, figures.Rounds, cancellationToken);
        return CsvFile(http, $"{Slug(figures.Cohort.Name)}-check-in-{round.Number}.csv", writer => RowsAsync(writer, figures, people, viewer));
    }

    private static async Task<IResult> CohortAsync(int id, HttpContext http, CohortDbContext db, CohortHistory history, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(http.User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(id) || !await db.Cohorts.AnyAsync(c => c.Id == id, cancellationToken))
            return Results.NotFound();
        var figures = await history.OfAsync(id, cancellationToken: cancellationToken);
        var people = await history.PeopleAsync(figures, figures.Rounds, cancellationToken);
        return CsvFile(http, $"{Slug(figures.Cohort.Name)}-history.csv", writer => RowsAsync(writer, figures, people, viewer));
    }

    /// One row per invited member and round, with their answers.
    private static async Task RowsAsync(StreamWriter writer, CohortHistory.Figures figures, Dictionary<int, CohortHistory.RoundPeople> people, Viewer viewer)
    {
        var questions = figures.Questions;
        await writer.WriteLineAsync(Csv.Line(["round", "date", "name", "email", "site", "answered", "submitted_at", .. questions.Select(q => q.Key)]));
        foreach (var r in figures.Rounds)
        {
            var round = people[r.Round.Id];
            var answers = round.Answers.DistinctBy(a => a.Member.Id).ToDictionary(a => a.Member.Id);
            foreach (var member in round.Invited.OrderBy(m => m.DisplayName, StringComparer.Ordinal))
            {
                var answer = answers.GetValueOrDefault(member.Id);
                await writer.WriteLineAsync(Csv.Line([
                    r.Round.Number.ToString(CultureInfo.InvariantCulture), r.Round.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    member.DisplayName, member.Email, CohortHistory.SiteOf(member), answer is null ? "no" : "yes",
                    answer?.At?.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "",
                    .. questions.Select(q => Value(answer?.Answers[q.Key], q, viewer))]));
            }
        }
    }

    private static async Task<IResult> PdHoursAsync(int id, HttpContext http, CohortDbContext db, CohortBot.Series.SeriesReport series, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(http.User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(id) || await series.FiguresAsync(id, cancellationToken) is not { } figures)
            return Results.NotFound();
        return CsvFile(http, $"{Slug(figures.Cohort.Name)}-pd-hours.csv", writer => writer.WriteAsync(CohortBot.Series.SeriesReport.PdHoursCsv(figures)));
    }

    /// Everything held about a member, for a coordinator of their district (the privacy tools).
    private static async Task<IResult> MemberAsync(int id, HttpContext http, CohortDbContext db, Cohorts.Privacy.MemberPrivacy privacy, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking().Include(m => m.Cohorts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (member is null || await Viewer.OfAsync(http.User, db, cancellationToken) is not { IsCoordinator: true } viewer || !viewer.SeesMember(member))
            return Results.NotFound();
        var export = await privacy.ExportAsync(id, viewer.MemberId, cancellationToken);
        if (!export.Succeeded)
            return Results.NotFound();
        return Results.Text(export.Data!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "application/json; charset=utf-8", Encoding.UTF8);
    }

    /// An answer as a cell; free text only for those who read it (coaches and coordinators).
    private static string Value(JsonNode? answer, Question question, Viewer viewer) => answer switch
    {
        null => "",
        _ when question.Kind == QuestionKind.Text && !viewer.ReadsFreeText => "",
        JsonArray many => string.Join("; ", many.Select(a => a?.ToString())),
        _ => answer.ToString(),
    };

    private static IResult CsvFile(HttpContext http, string fileName, Func<StreamWriter, Task> write) => Results.Stream(async body =>
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
        await write(writer);
    }, "text/csv; charset=utf-8", fileName);

    private static string Slug(string name) => new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
