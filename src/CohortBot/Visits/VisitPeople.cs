using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Visits;

/// Who is around a visit: the cohorts a member is in (visits are open to the host's cohort mates),
/// the quiet hours a message to them keeps, and the coaches who read a visitor's reflection.
internal sealed class VisitPeople(CohortDbContext db, SupportAlerts support)
{
    public Task<List<int>> CohortIdsAsync(int memberId, CancellationToken cancellationToken) =>
        db.Cohorts.Where(c => c.Members.Any(m => m.Id == memberId)).Select(c => c.Id).ToListAsync(cancellationToken);

    public async Task<bool> ShareACohortAsync(int memberId, int otherId, CancellationToken cancellationToken) =>
        await db.Cohorts.AnyAsync(c => c.Members.Any(m => m.Id == memberId) && c.Members.Any(m => m.Id == otherId), cancellationToken);

    /// When a message to the member may go, from <paramref name="at"/>: after their cohort's quiet
    /// hours (their first cohort's, for someone in several), in their own time zone.
    public async Task<DateTimeOffset> AllowedAsync(Member member, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var cohort = await db.Cohorts.AsNoTracking().Where(c => c.Members.Any(m => m.Id == member.Id)).OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var quiet = cohort is null ? QuietHours.None : RoundService.Quiet(cohort);
        return quiet.NextAllowed(at, member.TimeZone);
    }

    /// The not-before of a message sent now: null when it may go at once.
    public async Task<DateTimeOffset?> HeldUntilAsync(Member member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = await AllowedAsync(member, now, cancellationToken);
        return at > now ? at : null;
    }

    /// The coaches of every cohort the visitor is in (or its coordinators, where a cohort has no coach).
    public async Task<List<Member>> CoachesAsync(Member visitor, CancellationToken cancellationToken)
    {
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => c.Members.Any(m => m.Id == visitor.Id)).ToListAsync(cancellationToken);
        var coaches = new List<Member>();
        foreach (var cohort in cohorts)
            coaches.AddRange(await support.CoachesAsync(cohort, cancellationToken));
        return [.. coaches.Where(c => c.Id != visitor.Id).DistinctBy(c => c.Id)];
    }
}
