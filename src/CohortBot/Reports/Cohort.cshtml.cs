using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// A cohort over time: participation, ratings, models and behaviors, follow-through, support, the
/// PD series and classroom visits, and each member's own trend. For its coaches and the district's
/// coordinators; anyone else gets a 404.
internal sealed class CohortModel(CohortDbContext db, CohortHistory history, CohortBot.Series.SeriesReport series, TimeProvider time) : PageModel
{
    public CohortHistory.Figures Figures { get; private set; } = null!;
    public CohortBot.Series.SeriesReport.Figures? Series { get; private set; }
    public List<Chart> Charts { get; } = [];
    public List<MemberRow> Members { get; } = [];
    public List<(Member Member, string Why)> Unreachable { get; } = [];
    public SupportFigures Support { get; private set; } = null!;
    public List<(string Host, string Model, DateTimeOffset At, int Visitors)> Visits { get; } = [];
    public Viewer Viewer { get; private set; } = null!;

    /// The school year shown (the one of the latest round by default); null for every year.
    public SchoolYear? Year { get; private set; }

    /// The school years the cohort has held rounds in, the latest first.
    public List<SchoolYear> Years { get; } = [];

    public string? Problem { get; private set; }

    /// The rating each member's trend follows (the default set's implementation progress, 1 to 5).
    private const string ProgressKey = "progress";

    public sealed record MemberRow(Member Member, int Answered, int Invited, string Trend, string LastProgress);

    public sealed record SupportFigures(int Asked, int Answered, double? MedianHours);

    public async Task<IActionResult> OnGetAsync(int id, string? year, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(id) || !await db.Cohorts.AnyAsync(c => c.Id == id, cancellationToken))
            return NotFound();
        Viewer = viewer;

        // A cohort runs for years: its page shows one school year at a time (a coach's one-to-one and a
        // board report are about this year), with the others a link away.
        var dates = await db.Rounds.AsNoTracking().Where(r => r.CohortId == id && r.Status != RoundStatus.Scheduled).Select(r => r.Date).ToListAsync(cancellationToken);
        Years.AddRange(dates.Select(SchoolYear.Of).Distinct().OrderByDescending(y => y.StartYear));
        var latest = Years.Count > 0 ? Years[0] : SchoolYear.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var asked = year is null or "" or "all" ? null : SchoolYear.Parse(year);
        if (year is { Length: > 0 } and not "all" && asked is null)
            Problem = $"\"{year}\" is not a school year (write 2025 for 2025–26): {latest} is shown instead.";
        Year = year == "all" ? null : asked ?? latest;
        Figures = await history.OfAsync(id, Year?.First, Year?.Last, cancellationToken);
        Series = await series.FiguresAsync(id, cancellationToken);
        var held = Figures.Held.ToList();
        Charts.AddRange(CohortCharts.All(Figures, held));

        foreach (var row in await history.MemberRoundsAsync(Figures, ProgressKey, cancellationToken))
        {
            Members.Add(new MemberRow(row.Teacher, row.Answered, row.Invited,
                Reports.Charts.Sparkline([.. row.Ratings.Select(p => (p - 1) / 4.0)], $"{row.Teacher.DisplayName}'s progress ratings: {string.Join(", ", row.Ratings)}"),
                row.Ratings.Count > 0 ? $"{row.Ratings[^1]} of 5" : "–"));
        }

        var identities = (await db.Identities.AsNoTracking().Where(i => Figures.Teachers.Select(t => t.Id).Contains(i.MemberId)).Select(i => i.MemberId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var lastDeliveries = held.Count == 0 ? [] : (await db.Deliveries.AsNoTracking().NotDelivered(held[^1].Round.Id).Where(d => d.MemberId != null)
            .Select(d => new { MemberId = d.MemberId!.Value, d.Status }).ToListAsync(cancellationToken)).ToDictionary(d => d.MemberId, d => d.Status);
        foreach (var teacher in Figures.Teachers)
        {
            if (!identities.Contains(teacher.Id))
                Unreachable.Add((teacher, "not linked to Teams or Slack yet"));
            else if (lastDeliveries.TryGetValue(teacher.Id, out var status))
                Unreachable.Add((teacher, $"the last check-in could not be delivered ({status.ToString().ToLowerInvariant()})"));
        }

        var answered = Figures.Support.Where(s => s.RepliedAt is not null).Select(s => (s.RepliedAt!.Value - s.CreatedAt).TotalHours).Order().ToList();
        Support = new SupportFigures(Figures.Support.Count, answered.Count, answered.Count == 0 ? null : answered[answered.Count / 2]);

        var teacherIds = Figures.Teachers.Select(t => t.Id).ToList();
        var slots = await db.VisitSlots.AsNoTracking().Include(s => s.Host).Where(s => teacherIds.Contains(s.HostId) && s.CancelledAt == null).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        Visits.AddRange(slots.Where(s => Year is not { } shown || SchoolYear.Of(DateOnly.FromDateTime(s.StartsAt.UtcDateTime)) == shown)
            .Select(s => (s.Host!.DisplayName, s.Model, s.StartsAt, s.BookedSeats)));
        return Page();
    }
}
