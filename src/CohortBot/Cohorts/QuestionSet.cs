namespace CohortBot.Cohorts;

/// The questions a cohort's check-in asks, in order.
internal sealed class QuestionSet
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public required string Name { get; set; }
    public List<Question> Questions { get; } = [];
}
