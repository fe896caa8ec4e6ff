namespace CohortBot.Cohorts;

/// A group of members across sites who learn together and check in on one schedule.
internal sealed class Cohort
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public required string Name { get; set; }
    public int QuestionSetId { get; set; }
    public QuestionSet? QuestionSet { get; set; }
    public required CohortSchedule Schedule { get; set; }
    public List<Member> Members { get; } = [];

    /// Tags every resource of the cohort carries (roster <c>tags:</c>).
    public List<string> DefaultTags { get; set; } = [];

    /// Whether the cohort's coaches may nudge its teachers too (roster <c>coachesMayNudge: true</c>); coordinators always may.
    public bool CoachesMayNudge { get; set; }

    /// Whether the cohort's coaches may change its settings on the web pages (schedule, questions,
    /// channels, people; roster <c>coachesMayEdit: true</c>); coordinators always may.
    public bool CoachesMayEdit { get; set; }

    /// Goes up with every change to the cohort's library (resources and votes), so that each
    /// instance's search index knows when it is stale.
    public long LibraryVersion { get; set; }
}
