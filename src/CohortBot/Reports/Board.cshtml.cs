using System.Globalization;
using CohortBot.CheckIns;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// The board report: one printable page per cohort for a date range (the school year by default),
/// the charts of the cohort page and headline figures with their change from the previous term.
/// Numbers only: no names, no free text.
internal sealed class BoardModel(CohortDbContext db, CohortHistory history, CohortBot.Series.SeriesReport series, TimeProvider time) : PageModel
{
    public CohortHistory.Figures Figures { get; private set; } = null!;
    public List<Chart> Charts { get; } = [];
    public List<Headline> Headlines { get; } = [];
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string TermName { get; private set; } = "";
    public string? Problem { get; private set; }

    public sealed record Headline(string Name, string Value, string? Change);

    public async Task<IActionResult> OnGetAsync(int id, string? from, string? to, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(id) || !await db.Cohorts.AnyAsync(c => c.Id == id, cancellationToken))
            return NotFound();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var year = SchoolYear.Of(today);
        From = Parse(from) ?? year.First;
        To = Parse(to) ?? year.Last;
        if ((from is { Length: > 0 } && Parse(from) is null) || (to is { Length: > 0 } && Parse(to) is null) || To < From)
        {
            Problem = "Give the dates as 2026-08-01, the first before the last: the school year is shown instead.";
            (From, To) = (year.First, year.Last);
        }
        Figures = await history.OfAsync(id, From, To, cancellationToken: cancellationToken);
        var held = Figures.Held.ToList();
        Charts.Add(CohortCharts.Participation(Figures, held));
        Charts.AddRange(CohortCharts.Ratings(Figures, held));
        Charts.AddRange(CohortCharts.Choices(Figures, held));
        if (CohortCharts.FollowThrough(held) is { } follow)
            Charts.Add(follow);

        // This term against the one before it: August to December, January to July.
        var last = held.LastOrDefault()?.Round.Date ?? To;
        var (termStart, termEnd) = Term(last);
        var (previousStart, previousEnd) = Term(termStart.AddDays(-1));
        TermName = Name(termStart);
        var all = await history.OfAsync(id, previousStart, termEnd, cancellationToken: cancellationToken);
        var now = all.Held.Where(r => r.Round.Date >= termStart).ToList();
        var before = all.Held.Where(r => r.Round.Date <= previousEnd).ToList();
        Add("Participation", Share(now), Share(before), percent: true);
        foreach (var q in Figures.RatingQuestions)
            Add($"Mean {q.Key} (1-5)", Mean(now, q.Key), Mean(before, q.Key), percent: false);
        Add("Tried what they planned", FollowedThrough(now), FollowedThrough(before), percent: true);
        Add("Asked a coach for support", now.Sum(r => r.Chose(CheckInForm.CoachSupportKey, "Yes")), before.Sum(r => r.Chose(CheckInForm.CoachSupportKey, "Yes")), percent: false, format: "0");
        if (await series.FiguresAsync(id, cancellationToken) is { } pd && pd.Held.Any())
        {
            var heldSessions = pd.Held.Where(s => s.EndsAt <= pd.Now).ToList();
            var attended = heldSessions.Count == 0 || pd.Teachers.Count == 0 ? (double?)null : (double)pd.Teachers.Sum(t => t.Attended.Count(heldSessions.Contains)) / (heldSessions.Count * pd.Teachers.Count);
            Headlines.Add(new Headline($"PD attendance ({pd.Series.Title})", attended is { } a ? CohortHistory.Percent(a) : "–", $"{heldSessions.Count} of {pd.Sessions.Count} sessions held, {pd.Completed.Count()} completed"));
        }
        var teacherIds = Figures.Teachers.Select(t => t.Id).ToList();
        var visits = await db.VisitSlots.AsNoTracking().Where(s => teacherIds.Contains(s.HostId) && s.CancelledAt == null && s.Date >= From && s.Date <= To).ToListAsync(cancellationToken);
        Headlines.Add(new Headline("Classroom visits", visits.Count.ToString(CultureInfo.InvariantCulture), $"{visits.Sum(v => v.BookedSeats)} seats taken by colleagues"));
        return Page();
    }

    private void Add(string name, double? now, double? before, bool percent, string format = "0.0")
    {
        string Show(double v) => percent ? CohortHistory.Percent(v) : v.ToString(format, CultureInfo.InvariantCulture);
        var change = now is { } n && before is { } b
            ? (percent ? $"{(n - b) * 100:+0;-0;±0} points" : $"{n - b:+0.0;-0.0;±0.0}") + " from the previous term"
            : before is null ? "no previous term to compare" : null;
        Headlines.Add(new Headline(name, now is { } v ? Show(v) : "–", change));
    }

    private static double? Share(List<CohortHistory.RoundFigures> rounds) =>
        rounds.Sum(r => r.InvitedCount) is var invited and > 0 ? (double)rounds.Sum(r => r.AnsweredCount) / invited : null;

    private static double? Mean(List<CohortHistory.RoundFigures> rounds, string key) =>
        rounds.Sum(r => r.RatingCount(key)) is var count and > 0 ? rounds.Sum(r => (r.Mean(key) ?? 0) * r.RatingCount(key)) / count : null;

    private static double? FollowedThrough(List<CohortHistory.RoundFigures> rounds)
    {
        var asked = rounds.Sum(r => r.FollowThroughAsked);
        return asked == 0 ? null : (double)rounds.Sum(r => r.Chose(CheckInForm.FollowedThroughKey, "Yes")) / asked;
    }

    private static (DateOnly Start, DateOnly End) Term(DateOnly date) => date.Month >= 8
        ? (new DateOnly(date.Year, 8, 1), new DateOnly(date.Year, 12, 31))
        : (new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 7, 31));

    private static string Name(DateOnly termStart) => termStart.Month == 8 ? $"Fall {termStart.Year}" : $"Spring {termStart.Year}";

    private static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
