using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// One round: who answered, who is pending, who could not be reached and why, the nudges sent and
/// what became of them, and the answers (free text for the cohort's coaches and coordinators only,
/// who are the only ones to see a round at all).
internal sealed class RoundPageModel(CohortDbContext db, CohortHistory history) : PageModel
{
    public CohortHistory.Figures Figures { get; private set; } = null!;
    public CohortHistory.RoundFigures Round { get; private set; } = null!;
    public CohortHistory.RoundPeople People { get; private set; } = null!;
    public List<(Member Member, string Why)> NotReached { get; } = [];
    public List<(Nudges.Nudge Nudge, int Recipients, int Delivered)> Nudges { get; } = [];
    public List<(string Prompt, string Answer)> AnswersOf(CohortHistory.Answer answer) =>
        [.. Round.Questions.Where(q => answer.Answers[q.Key] is not null).Select(q => (q.Prompt, Display(answer.Answers[q.Key]!)))];
    public Viewer Viewer { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null || await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || !viewer.SeesCohort(round.CohortId))
            return NotFound();
        Viewer = viewer;
        Figures = await history.OfAsync(round.CohortId, round.Date, round.Date, cancellationToken);
        if (Figures.Rounds.FirstOrDefault(r => r.Round.Id == id) is not { } figures)
            return NotFound();
        Round = figures;
        People = (await history.PeopleAsync(Figures, [figures], cancellationToken))[id];
        var failed = await db.Deliveries.AsNoTracking().NotDelivered(id)
            .Select(d => new { d.MemberId, d.Status, d.LastError }).ToListAsync(cancellationToken);
        foreach (var f in failed)
        {
            if (People.Invited.FirstOrDefault(m => m.Id == f.MemberId) is { } member)
                NotReached.Add((member, f.Status == DeliveryStatus.Unreachable ? "unreachable: " + (f.LastError ?? "the platform refused") : "failed: " + (f.LastError ?? "the platform kept failing")));
        }
        var nudges = await db.Nudges.AsNoTracking().Where(n => n.RoundId == id && n.SentAt != null).OrderBy(n => n.SentAt)
            .Select(n => new { Nudge = n, Recipients = n.Recipients.Count, Delivered = n.Recipients.Count(r => db.Deliveries.Any(d => d.IdempotencyKey == r.DeliveryKey && d.Status == DeliveryStatus.Sent)) })
            .ToListAsync(cancellationToken);
        Nudges.AddRange(nudges.Select(n => (n.Nudge, n.Recipients, n.Delivered)));
        return Page();
    }

    public IEnumerable<Member> Pending => People.Pending.OrderBy(m => m.DisplayName, StringComparer.Ordinal);

    private static string Display(JsonNode answer) => answer is JsonArray many ? string.Join(", ", many.Select(a => a?.ToString())) : answer.ToString();
}
