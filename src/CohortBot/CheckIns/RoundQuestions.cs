using System.Text.Json;
using System.Text.Json.Serialization;
using CohortBot.Cohorts;

namespace CohortBot.CheckIns;

/// The questions of a round: those it was opened with (<see cref="Round.QuestionsJson"/>), or, for a
/// round not opened yet (and rounds opened before snapshots were kept), its cohort's set as it is.
/// Every reader of a round's questions (the card, its answers' validation, reminders, summaries,
/// totals, reports and exports) asks here, so that editing a set changes the next round only.
internal static class RoundQuestions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private sealed record AskedQuestion(string Key, QuestionKind Kind, string Prompt, IReadOnlyList<string> Choices, bool Required);

    /// Freezes <paramref name="questions"/> into the round, in the order asked.
    public static void Snapshot(Round round, IEnumerable<Question> questions) =>
        round.QuestionsJson = JsonSerializer.Serialize(questions.OrderBy(q => q.Position).Select(q => new AskedQuestion(q.Key, q.Kind, q.Prompt, q.Choices, q.Required)), Json);

    /// The questions of <paramref name="round"/>, in the order asked (<paramref name="cohort"/> must have its question set loaded).
    public static IReadOnlyList<Question> Of(Round round, Cohort cohort) =>
        Asked(round) ?? [.. cohort.QuestionSet!.Questions.OrderBy(q => q.Position)];

    /// The questions the round was opened with, or null when it kept none.
    public static IReadOnlyList<Question>? Asked(Round round) => Read(round.QuestionsJson);

    /// The questions of a <see cref="Round.QuestionsJson"/>, or null for none.
    public static IReadOnlyList<Question>? Read(string? questionsJson) =>
        questionsJson is { } json
            ? [.. (JsonSerializer.Deserialize<List<AskedQuestion>>(json, Json) ?? []).Select((q, i) => new Question { Position = i + 1, Key = q.Key, Kind = q.Kind, Prompt = q.Prompt, Choices = [.. q.Choices], Required = q.Required })]
            : null;
}
