using CohortBot.Cohorts.Roster;

namespace CohortBot.Cohorts;

/// What a question set must be, however it is written (a roster's <c>questionSets:</c>, the
/// question set's page), and how a checked set replaces the questions stored: one set of rules.
internal static class QuestionRules
{
    private static readonly StringComparer Keys = StringComparer.OrdinalIgnoreCase;

    /// The questions of <paramref name="set"/> with their kinds, each problem told to
    /// <paramref name="problem"/> with the question's line (a roster's, or a row of the page).
    public static List<(QuestionKind Kind, QuestionEntry Entry)> Check(QuestionSetEntry set, Action<int, string> problem)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Questions.Count == 0)
            problem(set.Line, $"question set '{set.Name}' has no questions");

        var keys = new Dictionary<string, int>(Keys);
        var checkedQuestions = new List<(QuestionKind, QuestionEntry)>();
        foreach (var question in set.Questions)
        {
            if (string.IsNullOrWhiteSpace(question.Key) || !question.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                problem(question.Line, "a question needs a 'key' of letters, digits, '-' or '_' (it names the answer in reports)");
            else if (!keys.TryAdd(question.Key.Trim(), question.Line))
                problem(question.Line, $"duplicate question key '{question.Key.Trim()}' (first on line {keys[question.Key.Trim()]})");
            if (string.IsNullOrWhiteSpace(question.Prompt))
                problem(question.Line, $"question '{question.Key}' has no prompt");

            var kind = ParseKind(question.Kind);
            if (kind is null)
            {
                problem(question.Line, $"unknown question kind '{question.Kind}' (rating, single choice, multiple choice, text, yes/no)");
                continue;
            }

            var needsChoices = kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;
            if (needsChoices && question.Choices.Count < 2)
                problem(question.Line, $"question '{question.Key}' is a choice and needs at least two choices");
            if (!needsChoices && question.Choices.Count > 0)
                problem(question.Line, $"question '{question.Key}' is {question.Kind} and takes no choices");
            checkedQuestions.Add((kind.Value, question));
        }
        return checkedQuestions;
    }

    /// Makes <paramref name="set"/> ask <paramref name="wanted"/>, in order: questions matched by
    /// key keep their rows (and so the meaning of earlier answers), others are added or removed.
    public static void Apply(QuestionSet set, IReadOnlyList<(QuestionKind Kind, QuestionEntry Entry)> wanted)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(wanted);
        set.Questions.RemoveAll(q => !wanted.Any(w => Keys.Equals(w.Entry.Key?.Trim(), q.Key)));
        for (var i = 0; i < wanted.Count; i++)
        {
            var (kind, entry) = wanted[i];
            var question = set.Questions.FirstOrDefault(q => Keys.Equals(q.Key, entry.Key?.Trim()));
            if (question is null)
            {
                question = new Question { Key = entry.Key!.Trim(), Prompt = entry.Prompt!.Trim() };
                set.Questions.Add(question);
            }

            question.Position = i + 1;
            question.Kind = kind;
            question.Prompt = entry.Prompt!.Trim();
            question.Required = entry.Required;
            if (!question.Choices.SequenceEqual(entry.Choices))
                question.Choices = [.. entry.Choices];
        }
    }

    public static QuestionKind? ParseKind(string? kind) =>
        new string((kind ?? "").Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray()) switch
        {
            "rating" => QuestionKind.Rating,
            "singlechoice" or "choice" => QuestionKind.SingleChoice,
            "multiplechoice" or "multichoice" => QuestionKind.MultipleChoice,
            "text" => QuestionKind.Text,
            "yesno" => QuestionKind.YesNo,
            _ => null,
        };

    /// The words a roster uses for <paramref name="kind"/>.
    public static string Name(QuestionKind kind) => kind switch
    {
        QuestionKind.Rating => "rating",
        QuestionKind.SingleChoice => "single choice",
        QuestionKind.MultipleChoice => "multiple choice",
        QuestionKind.Text => "text",
        _ => "yes/no",
    };

    /// A key for a new question, from its prompt ("How many devices?" → "how-many-devices"), never one of <paramref name="taken"/>.
    public static string NewKey(string? prompt, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(Keys);
        var words = new string([.. (prompt ?? "").ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4);
        var stem = string.Join('-', words) is { Length: > 0 } joined ? joined[..Math.Min(joined.Length, 40)] : "question";
        var key = stem;
        for (var n = 2; used.Contains(key); n++)
            key = $"{stem}-{n}";
        return key;
    }
}
