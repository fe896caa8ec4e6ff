using CohortBot.Resources.Search;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Resources;

/// Questions against the libraries of the cohorts a member belongs to. The database is the source
/// of truth: before searching, each cohort's index in this instance is rebuilt from it when it is
/// missing or older than the cohort's <see cref="Cohorts.Cohort.LibraryVersion"/>, so several
/// instances agree.
internal sealed class ResourceSearch(CohortDbContext db, ResourceSearchIndex index)
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(IReadOnlyCollection<int> cohortIds, string question, int top, CancellationToken cancellationToken)
    {
        await FreshenAsync(cohortIds, cancellationToken);
        return index.Search(cohortIds, question, top);
    }

    /// Rebuilds the indexes of <paramref name="cohortIds"/> that are missing or stale.
    public async Task FreshenAsync(IReadOnlyCollection<int> cohortIds, CancellationToken cancellationToken)
    {
        var versions = await db.Cohorts.AsNoTracking().Where(c => cohortIds.Contains(c.Id)).Select(c => new { c.Id, c.LibraryVersion }).ToListAsync(cancellationToken);
        foreach (var cohort in versions.Where(c => index.VersionOf(c.Id) != c.LibraryVersion))
            index.Rebuild(cohort.Id, cohort.LibraryVersion, await DocumentsAsync(cohort.Id, cancellationToken));
    }

    private async Task<List<SearchDocument>> DocumentsAsync(int cohortId, CancellationToken cancellationToken)
    {
        var resources = await db.Resources.AsNoTracking().Where(r => r.CohortId == cohortId && r.Status == ResourceStatus.Active)
            .Select(r => new { r.Id, r.Title, r.Description, r.Tags }).ToListAsync(cancellationToken);
        var votes = (await db.ResourceVotes.AsNoTracking().Where(v => db.Resources.Any(r => r.Id == v.ResourceId && r.CohortId == cohortId))
            .Select(v => new { v.ResourceId, v.Question, v.Helpful }).ToListAsync(cancellationToken)).ToLookup(v => v.ResourceId);
        return [.. resources.Select(r => new SearchDocument(r.Id, cohortId, r.Title, r.Description, r.Tags, [.. votes[r.Id].Select(v => new SearchVote(v.Question, v.Helpful))]))];
    }
}
