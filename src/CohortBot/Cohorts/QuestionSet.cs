namespace CohortBot.Cohorts;

/// The questions a cohort's check-in asks, in order.
internal sealed class QuestionSet
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public required string Name { get; set; }
    public List<Question> Questions { get; } = [];

    /// Keys of questions removed on the web pages: a new question never takes one, so an earlier
    /// round's answers under that key keep meaning what they meant.
    public List<string> RetiredKeys { get; set; } = [];

    /// Goes up with every edit on the web pages, so that an edit made on a page opened before
    /// another edit is refused instead of undoing it.
    public int Version { get; set; }
}
