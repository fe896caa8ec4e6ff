namespace CohortBot.Cohorts.Roster;

/// Told after a roster import has been saved, so that what depends on the roster follows it.
internal interface IRosterListener
{
    void Imported(int districtId, bool hasSlackWorkspace);
}
