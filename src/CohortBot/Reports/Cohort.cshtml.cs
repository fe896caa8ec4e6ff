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
internal sealed class CohortModel(CohortDbContext db, CohortHistory history, CohortBot.Series.SeriesReport series) : PageModel
{
    public CohortHistory.Figures Figures { get; private set; } = null!;
    public CohortBot.Series.SeriesReport.Figures? Series { get; private set; }
    public List<Chart> Charts { get; } = [];
    public List<MemberRow> Members { get; } = [];
    public List<(Member Member, string Why)> Unreachable { get; } = [];
    public SupportFigures Support { get; private set; } = null!;
    public List<(string Host, string Model, DateTimeOffset At, int Visitors)> Visits { get; } = [];
    public Viewer Viewer { get; private set; } = null!;

    public sealed record MemberRow(Member Member, int Answered, int Invited, string Trend, string LastProgress);

    public sealed record SupportFigures(int Asked, int Answered, double? MedianHours);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(id) || !await db.Cohorts.AnyAsync(c => c.Id == id, cancellationToken))
            return NotFound();
        Viewer = viewer;
        Figures = await history.OfAsync(id, cancellationToken: cancellationToken);
        Series = await series.FiguresAsync(id, cancellationToken);
        var held = Figures.Held.ToList();
        Charts.AddRange(CohortCharts.All(Figures, held));

        // Each round's invited and answers by member, once: the table below reads them for every teacher.
        var invitedTo = held.Select(r => r.Invited.Select(m => m.Id).ToHashSet()).ToList();
        var answersIn = held.Select(r => r.Answers.DistinctBy(a => a.Member.Id).ToDictionary(a => a.Member.Id)).ToList();
        foreach (var teacher in Figures.Teachers)
        {
            var invited = Enumerable.Range(0, held.Count).Where(i => invitedTo[i].Contains(teacher.Id)).ToList();
            var progress = invited.Select(i => answersIn[i].GetValueOrDefault(teacher.Id)?.Answers["progress"]?.GetValue<int>()).ToList();
            var values = progress.OfType<int>().Select(p => (p - 1) / 4.0).ToList();
            Members.Add(new MemberRow(teacher, invited.Count(i => answersIn[i].ContainsKey(teacher.Id)), invited.Count,
                Reports.Charts.Sparkline(values, $"{teacher.DisplayName}'s progress ratings: {string.Join(", ", progress.OfType<int>())}"),
                progress.OfType<int>().LastOrDefault() is var latest and > 0 ? $"{latest} of 5" : "–"));
        }

        var identities = await db.Identities.AsNoTracking().Where(i => Figures.Teachers.Select(t => t.Id).Contains(i.MemberId)).Select(i => i.MemberId).Distinct().ToListAsync(cancellationToken);
        var last = held.LastOrDefault();
        foreach (var teacher in Figures.Teachers)
        {
            if (!identities.Contains(teacher.Id))
                Unreachable.Add((teacher, "not linked to Teams or Slack yet"));
            else if (last?.Deliveries.GetValueOrDefault(teacher.Id) is DeliveryStatus.Unreachable or DeliveryStatus.Failed)
                Unreachable.Add((teacher, $"the last check-in could not be delivered ({last.Deliveries[teacher.Id].ToString().ToLowerInvariant()})"));
        }

        var answered = Figures.Support.Where(s => s.RepliedAt is not null).Select(s => (s.RepliedAt!.Value - s.CreatedAt).TotalHours).Order().ToList();
        Support = new SupportFigures(Figures.Support.Count, answered.Count, answered.Count == 0 ? null : answered[answered.Count / 2]);

        var teacherIds = Figures.Teachers.Select(t => t.Id).ToList();
        var slots = await db.VisitSlots.AsNoTracking().Include(s => s.Host).Where(s => teacherIds.Contains(s.HostId) && s.CancelledAt == null).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        Visits.AddRange(slots.Select(s => (s.Host!.DisplayName, s.Model, s.StartsAt, s.BookedSeats)));
        return Page();
    }
}
