namespace CohortBot.Cohorts;

/// The check-in every cohort asks unless its district file names another question set.
internal static class DefaultQuestionSet
{
    public const string Name = "default";

    public static readonly string[] BlendedModels =
        ["Station Rotation", "Lab Rotation", "Individual Rotation", "Flipped Classroom", "Flex", "A La Carte", "Enriched Virtual"];

    public static readonly string[] VitalBehaviors =
    [
        "Collaborated with my team",
        "Designed small-group lessons aligned to targets",
        "Planned small-group instruction and 1:1 conferences",
        "Used student data to form groups",
    ];

    public static IReadOnlyList<Question> Questions() =>
    [
        new() { Position = 1, Key = "progress", Kind = QuestionKind.Rating, Prompt = "How far did your blended implementation come this cycle? (1 = just starting, 5 = running smoothly)", Required = true },
        new() { Position = 2, Key = "models", Kind = QuestionKind.MultipleChoice, Prompt = "Which blended models did you use?", Choices = [.. BlendedModels] },
        new() { Position = 3, Key = "behaviors", Kind = QuestionKind.MultipleChoice, Prompt = "Which vital behaviors did you practise?", Choices = [.. VitalBehaviors] },
        new() { Position = 4, Key = "win", Kind = QuestionKind.Text, Prompt = "A win to share" },
        new() { Position = 5, Key = "challenge", Kind = QuestionKind.Text, Prompt = "A challenge you are working on" },
        new() { Position = 6, Key = "nextStep", Kind = QuestionKind.Text, Prompt = "What will you try before the next check-in?" },
        new() { Position = 7, Key = "coachSupport", Kind = QuestionKind.YesNo, Prompt = "Would you like support from a coach?", Required = true },
    ];
}
