namespace CohortBot.Cohorts;

internal enum QuestionKind
{
    Rating,
    SingleChoice,
    MultipleChoice,
    Text,
    YesNo,
}

internal sealed class Question
{
    public int Id { get; set; }
    public int QuestionSetId { get; set; }
    public int Position { get; set; }

    /// Stable key of the answer in a check-in's JSON, so answers stay readable when wording changes.
    public required string Key { get; set; }

    public QuestionKind Kind { get; set; }
    public required string Prompt { get; set; }
    public List<string> Choices { get; set; } = [];
    public bool Required { get; set; }
}
