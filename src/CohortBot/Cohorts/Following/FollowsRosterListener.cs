using CohortBot.Cohorts.Roster;
using CohortBot.Storage;

namespace CohortBot.Cohorts.Following;

/// After a roster import: cohorts whose <c>follows:</c> is new (never synced) get their first sync.
internal sealed class FollowsRosterListener(CohortDbContext db, CohortFollowing following) : IRosterListener
{
    public void Imported(int districtId, bool hasSlackWorkspace)
    {
        foreach (var cohortId in db.Follows.Where(f => f.LastAttemptAt == null && f.Cohort!.DistrictId == districtId).Select(f => f.CohortId).ToList())
            following.EnqueueSync(cohortId, "sync:roster");
    }
}
