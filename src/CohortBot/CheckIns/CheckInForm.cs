using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Cohorts;
using CohortBot.Turns;

namespace CohortBot.CheckIns;

/// The questions a member is asked in a round (the cohort's question set, and when they planned a
/// next step last time, whether they followed through), how each becomes a card input, and how a
/// submitted card becomes answers. Answers are kept exactly as typed, keyed by question key; a
/// choice is kept as its text, so answers stay readable when a set's order changes.
internal sealed class CheckInForm
{
    /// Slack's limit for a text input, kept on both platforms so an answer means the same everywhere.
    public const int MaxTextLength = 3000;

    public const string NextStepKey = "nextStep";
    public const string FollowedThroughKey = "followedThrough";
    public const string CoachSupportKey = "coachSupport";

    private static readonly string[] FollowThroughChoices = ["Yes", "Partly", "Not yet"];

    private readonly IReadOnlyList<FormQuestion> _questions;

    public CheckInForm(IEnumerable<Question> questions, string? lastPlan)
    {
        var list = questions.OrderBy(q => q.Position).Select(q => new FormQuestion(q.Key, q.Kind, q.Prompt, q.Required, q.Choices)).ToList();
        if (!string.IsNullOrWhiteSpace(lastPlan))
            list.Insert(0, new FormQuestion(FollowedThroughKey, QuestionKind.SingleChoice, "Did you try what you planned?", true, FollowThroughChoices));
        _questions = list;
        LastPlan = string.IsNullOrWhiteSpace(lastPlan) ? null : lastPlan;
    }

    public string? LastPlan { get; }

    public IReadOnlyList<FormQuestion> Questions => _questions;

    /// The card's <c>questions</c>: each with its choices as value and title, the current answer and its error.
    public JsonArray CardQuestions(JsonObject? answers, IReadOnlyDictionary<string, string>? errors)
    {
        var array = new JsonArray();
        foreach (var question in _questions)
        {
            var item = new JsonObject
            {
                ["key"] = question.Key,
                ["kind"] = question.CardKind,
                ["prompt"] = question.Prompt,
                ["required"] = question.Required,
                ["choices"] = new JsonArray([.. question.CardChoices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value })]),
            };
            if (answers?[question.Key] is { } answer && question.CardValue(answer) is { Length: > 0 } value)
                item["value"] = value;
            if (errors?.GetValueOrDefault(question.Key) is { } error)
                item["error"] = error;
            array.Add(item);
        }
        return array;
    }

    /// Reads a submitted card: the answers (choice values turned back into their text) and, for each
    /// input that needs another look, what is wrong. Nothing is cut: too long is an error.
    public (JsonObject Answers, Dictionary<string, string> Errors) Read(TurnData data)
    {
        var answers = new JsonObject();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in _questions)
        {
            if (question.Kind == QuestionKind.MultipleChoice)
            {
                var chosen = data.Values(question.Key).Select(question.ChoiceText).ToList();
                if (chosen.Any(c => c is null))
                    errors[question.Key] = "Please pick from the list.";
                else if (chosen.Count > 0)
                    answers[question.Key] = new JsonArray([.. chosen.Select(c => (JsonNode)c!)]);
                else if (question.Required)
                    errors[question.Key] = "Please answer this question.";
                continue;
            }

            var text = data.Value(question.Key);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (question.Required)
                    errors[question.Key] = "Please answer this question.";
                continue;
            }
            if (question.Kind == QuestionKind.Text)
            {
                if (text.Length > MaxTextLength)
                    errors[question.Key] = $"Please keep this to {MaxTextLength} characters (it has {text.Length}).";
                else
                    answers[question.Key] = text;
                continue;
            }
            if (question.ChoiceText(text) is { } choice)
                answers[question.Key] = question.Kind == QuestionKind.Rating ? JsonValue.Create(int.Parse(choice, CultureInfo.InvariantCulture)) : choice;
            else
                errors[question.Key] = "Please pick from the list.";
        }
        return (answers, errors);
    }

    /// Each answer as a person reads it, in the order asked.
    public IEnumerable<(string Prompt, string Answer)> Describe(JsonObject answers) =>
        _questions.Where(q => answers[q.Key] is not null).Select(q => (q.Prompt, FormQuestion.Display(answers[q.Key]!)));
}

/// One question as the form asks it.
internal sealed record FormQuestion(string Key, QuestionKind Kind, string Prompt, bool Required, IReadOnlyList<string> Choices)
{
    public string CardKind => Kind switch
    {
        QuestionKind.Rating => "rating",
        QuestionKind.SingleChoice => "single",
        QuestionKind.MultipleChoice => "multiple",
        QuestionKind.YesNo => "yesno",
        _ => "text",
    };

    /// The choices as the card offers them: a value of letters, digits and dashes (never a comma, which
    /// Teams joins multi-selects with) and the text as its title.
    public IReadOnlyList<(string Value, string Title)> CardChoices => Kind switch
    {
        QuestionKind.Rating => [.. Enumerable.Range(1, 5).Select(i => (i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture)))],
        QuestionKind.YesNo => [("yes", "Yes"), ("no", "No")],
        QuestionKind.SingleChoice or QuestionKind.MultipleChoice => [.. Choices.Select((c, i) => (Slug(c, i), c))],
        _ => [],
    };

    /// The text of the choice a value stands for, or null for a value the card never offered.
    public string? ChoiceText(string value) => CardChoices.FirstOrDefault(c => c.Value == value.Trim()).Title;

    /// The card's value for an answer kept earlier.
    public string? CardValue(JsonNode answer) => answer switch
    {
        JsonArray many => string.Join(',', many.Select(a => CardChoices.FirstOrDefault(c => c.Title == a?.ToString()).Value).OfType<string>()),
        _ when Kind == QuestionKind.Text => answer.ToString(),
        _ => CardChoices.FirstOrDefault(c => c.Title == answer.ToString()).Value,
    };

    public static string Display(JsonNode answer) => answer is JsonArray many ? string.Join(", ", many.Select(a => a?.ToString())) : answer.ToString();

    private static string Slug(string choice, int index)
    {
        var slug = new string([.. choice.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        // The position keeps values unique when two choices differ only in punctuation.
        return $"{index + 1}-{(slug.Length > 40 ? slug[..40] : slug)}";
    }
}
