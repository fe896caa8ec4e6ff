using System.Security.Claims;
using CohortBot.Cohorts;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Web;

/// Who is looking at a page, and what they may see: coordinators their district, coaches their
/// cohorts, teachers their own page only. Every page and export asks here; something the viewer
/// may not see is answered as if it did not exist (404), so a guessed id confirms nothing.
internal sealed record Viewer(int MemberId, string Name, MemberRole Role, int DistrictId, string TimeZone, IReadOnlySet<int> CohortIds)
{
    /// The cohorts whose settings the viewer may change: a coordinator all of the district's, a
    /// coach those of their cohorts that allow it (<see cref="Cohort.CoachesMayEdit"/>), a teacher none.
    public IReadOnlySet<int> EditableCohortIds { get; init; } = new HashSet<int>();

    public const string MemberClaim = "cohortbot:member";

    public bool IsCoordinator => Role == MemberRole.Coordinator;

    /// Coaches and coordinators read teachers' free text; nobody else does.
    public bool ReadsFreeText => Role is MemberRole.Coach or MemberRole.Coordinator;

    public bool SeesCohort(int cohortId) => Role != MemberRole.Teacher && CohortIds.Contains(cohortId);

    public bool EditsCohort(int cohortId) => EditableCohortIds.Contains(cohortId);

    /// The viewer, from the signed-in principal, as the store knows them now (a role changed by an
    /// import since they signed in counts at once); null when they are not on a roster any more.
    public static async Task<Viewer?> OfAsync(ClaimsPrincipal user, CohortDbContext db, CancellationToken cancellationToken)
    {
        if (!int.TryParse(user.FindFirstValue(MemberClaim), out var id))
            return null;
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (member is null)
            return null;
        // Their own cohorts by the roster's key (every page asks: an Include here reads the whole roster on SQLite).
        var own = await db.Cohorts.AsNoTracking().Where(c => c.Members.Any(m => m.Id == id)).Select(c => new { c.Id, c.CoachesMayEdit }).ToListAsync(cancellationToken);
        var cohorts = member.Role == MemberRole.Coordinator
            ? await db.Cohorts.Where(c => c.DistrictId == member.DistrictId).Select(c => c.Id).ToListAsync(cancellationToken)
            : own.Select(c => c.Id).ToList();
        var editable = member.Role switch
        {
            MemberRole.Coordinator => cohorts,
            MemberRole.Coach => own.Where(c => c.CoachesMayEdit).Select(c => c.Id).ToList(),
            _ => [],
        };
        return new Viewer(member.Id, member.DisplayName, member.Role, member.DistrictId, member.TimeZone, cohorts.ToHashSet()) { EditableCohortIds = editable.ToHashSet() };
    }

    /// Whether the viewer may see <paramref name="member"/>'s page: their own, a teacher of a cohort
    /// they coach, anyone of the district for a coordinator.
    public bool SeesMember(Member member) =>
        member.Id == MemberId
        || Role == MemberRole.Coordinator && member.DistrictId == DistrictId
        || Role == MemberRole.Coach && member.Cohorts.Any(c => CohortIds.Contains(c.Id));
}
