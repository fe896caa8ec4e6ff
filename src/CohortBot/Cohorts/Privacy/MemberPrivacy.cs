using CohortBot.CheckIns;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Privacy;

/// A coordinator's privacy tools for one member of their district: export everything CohortBot
/// holds about them, or erase them. Who may do it is decided here, once, for the web page and the
/// command line alike: a coordinator of the member's district, never for a member already erased,
/// and never erasing themselves (a district is not left without the coordinator who could undo a
/// mistake by re-adding someone). Nothing about the member is logged.
internal sealed class MemberPrivacy(CohortDbContext db, RoundService rounds, TimeProvider time)
{
    /// Everything held about <paramref name="memberId"/>, as <paramref name="coordinatorId"/> asked.
    public async Task<MemberExport> ExportAsync(int memberId, int coordinatorId, CancellationToken cancellationToken)
    {
        var (member, refusal) = await AuthorizeAsync(memberId, coordinatorId, erasing: false, cancellationToken);
        if (member is null)
            return new MemberExport(null, refusal);
        return new MemberExport(await new MemberExporter(db).ExportAsync(member, time.GetUtcNow(), cancellationToken), null);
    }

    /// Erases <paramref name="memberId"/>, as <paramref name="coordinatorId"/> asked, in one
    /// transaction: all of it, or (on a failure) none of it.
    public async Task<ErasureReport> EraseAsync(int memberId, int coordinatorId, CancellationToken cancellationToken)
    {
        var (member, refusal) = await AuthorizeAsync(memberId, coordinatorId, erasing: true, cancellationToken);
        if (member is null)
            return ErasureReport.Refused(refusal!);

        // The write gate holds SQLite's one write lock from here to the commit (SqliteWriteGate).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var counts = await new MemberEraser(db, rounds, time).EraseAsync(member, $"member:{coordinatorId}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new ErasureReport(null, counts);
    }

    /// The member, tracked (with their cohorts and site), when the coordinator may act on them; else why not.
    private async Task<(Member? Member, string? Refusal)> AuthorizeAsync(int memberId, int coordinatorId, bool erasing, CancellationToken cancellationToken)
    {
        var member = await db.Members.Include(m => m.Cohorts).Include(m => m.Site).FirstOrDefaultAsync(m => m.Id == memberId, cancellationToken);
        var coordinator = await db.Members.AsNoTracking().Where(m => m.Id == coordinatorId).Select(m => new { m.DistrictId, m.Role }).FirstOrDefaultAsync(cancellationToken);
        if (coordinator is not { Role: MemberRole.Coordinator } || await db.ErasedMembers.AnyAsync(e => e.MemberId == coordinatorId, cancellationToken))
            return (null, "only a coordinator may export or erase a member");
        if (member is null || member.DistrictId != coordinator.DistrictId)
            return (null, "no such member in your district");
        if (await db.ErasedMembers.AnyAsync(e => e.MemberId == memberId, cancellationToken))
            return (null, "this member was erased already");
        if (erasing && memberId == coordinatorId)
            return (null, "a coordinator cannot erase themselves: ask another coordinator of the district");
        return (member, null);
    }
}
