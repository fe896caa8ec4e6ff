using System.Diagnostics.CodeAnalysis;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// The rules every coordinators' command keeps (<see cref="RoundCommands"/>, <see cref="AuditCommands"/>):
/// only a coordinator may use it, anyone else is refused politely and nothing changes, and a cohort
/// is named as <see cref="CohortNames"/> says, among the coordinator's own district's.
internal static class Coordinators
{
    /// The member who acted, or null when they are on no roster.
    public static async Task<Member?> MemberAsync(CohortDbContext db, Turn turn, CancellationToken cancellationToken) =>
        turn.MemberId is { } id ? await db.Members.SingleAsync(m => m.Id == id, cancellationToken) : null;

    public static bool IsCoordinator([NotNullWhen(true)] this Member? member) => member?.Role == MemberRole.Coordinator;

    /// "Only a coordinator can …", for whoever else tried.
    public static TurnResponse Refusal(string what) => TurnResponse.ReplyPrivately(CheckInCards.Notice($"Only a coordinator can {what}."));

    /// The cohort of the coordinator's district that <paramref name="arguments"/> start with.
    public static async Task<CohortNames.Match> FindCohortAsync(CohortDbContext db, Member coordinator, string arguments, CancellationToken cancellationToken) =>
        CohortNames.Find(arguments, await db.Cohorts.Where(c => c.DistrictId == coordinator.DistrictId).ToListAsync(cancellationToken));

    /// The answer when no single cohort matched.
    public static TurnResponse NoCohort(CohortNames.Match match, string arguments) =>
        TurnResponse.ReplyPrivately(CheckInCards.Notice(match.Problem(arguments)));
}
