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
}
