using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Cohorts;
using CohortBot.Turns;

namespace CohortBot.CheckIns;

/// A closed (or open) round in numbers, for the <c>round-summary</c> card. The channel version is
/// aggregates only: no names, no free text, and no figure drawn from fewer than three answers. The
/// private version, for the cohort's coaches and the district's coordinators, adds who has not
/// answered and the free-text answers with names, ten teachers a page.
internal static class RoundSummary
{
    public const int MinimumGroup = 3;
    public const int TeachersPerPage = 10;

    /// A page stays inside the cards' limits (28 KB in Teams, 50 blocks of 3,000 characters in
    /// Slack) however much teachers wrote: each answer is shown up to this length, and the pending
    /// list names this many.
    public const int ExcerptLength = 350;
    public const int PendingShown = 30;
    private const string FewerThanThree = "fewer than 3";
    public static readonly string[] FollowThrough = ["Yes", "Partly", "Not yet"];

    public sealed record Answer(Member Member, JsonObject Answers);

    public static CardMessage Card(Round round, Cohort cohort, IReadOnlyList<Member> invited, IReadOnlyList<Answer> answers, IReadOnlyList<Question> questions, bool isPrivate, int page = 1)
    {
        var answered = answers.Count;
        var data = new JsonObject
        {
            ["roundId"] = round.Id,
            ["roundNumber"] = round.Number,
            ["cohort"] = cohort.Name,
            ["private"] = isPrivate,
            ["answered"] = answered,
            ["invited"] = invited.Count,
            ["rateText"] = invited.Count == 0 ? "no one invited" : Percent(answered, invited.Count),
            ["bySite"] = new JsonArray([.. invited.GroupBy(m => m.Site?.Name ?? "No site").OrderBy(g => g.Key, StringComparer.Ordinal).Select(site =>
            {
                var count = answers.Count(a => (a.Member.Site?.Name ?? "No site") == site.Key);
                return (JsonNode)new JsonObject { ["site"] = site.Key, ["text"] = isPrivate || count >= MinimumGroup ? $"{count} of {site.Count()}" : $"{FewerThanThree} of {site.Count()}" };
            })]),
            ["ratings"] = new JsonArray([.. questions.Where(q => q.Kind == QuestionKind.Rating).Select(q => (JsonNode)new JsonObject { ["prompt"] = q.Prompt, ["text"] = Rating(answers, q.Key, isPrivate) })]),
            ["choices"] = new JsonArray([.. questions.Where(q => q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice).Select(q => (JsonNode)new JsonObject
            {
                ["prompt"] = q.Prompt,
                ["counts"] = new JsonArray([.. q.Choices.Select(choice => (JsonNode)new JsonObject { ["choice"] = choice, ["text"] = Count(answers.Count(a => Chose(a.Answers[q.Key], choice)), isPrivate) })]),
            })]),
        };

        var planned = answers.Where(a => a.Answers[CheckInForm.FollowedThroughKey] is not null).ToList();
        if (planned.Count > 0)
            data["followThroughText"] = string.Join(" · ", FollowThrough.Select(choice => $"{choice} {Count(planned.Count(a => Chose(a.Answers[CheckInForm.FollowedThroughKey], choice)), isPrivate)}"));
        var support = answers.Count(a => Chose(a.Answers[CheckInForm.CoachSupportKey], "Yes"));
        data["supportText"] = $"{Count(support, isPrivate)} asked for coach support";

        if (isPrivate)
        {
            var answeredIds = answers.Select(a => a.Member.Id).ToHashSet();
            var pending = invited.Where(m => !answeredIds.Contains(m.Id)).Select(m => m.DisplayName).ToList();
            data["pending"] = new JsonArray([.. pending.Take(PendingShown).Select(name => (JsonNode)name)]);
            if (pending.Count > PendingShown)
                data["pending"]!.AsArray().Add($"and {pending.Count - PendingShown} more");
            var texts = questions.Where(q => q.Kind == QuestionKind.Text).ToList();
            var writers = answers.Where(a => texts.Any(q => a.Answers[q.Key] is not null)).OrderBy(a => a.Member.DisplayName, StringComparer.Ordinal).ToList();
            var pages = Math.Max(1, (writers.Count + TeachersPerPage - 1) / TeachersPerPage);
            page = Math.Clamp(page, 1, pages);
            data["texts"] = new JsonArray([.. writers.Skip((page - 1) * TeachersPerPage).Take(TeachersPerPage).Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Member.DisplayName,
                ["answers"] = new JsonArray([.. texts.Where(q => a.Answers[q.Key] is not null).Select(q => (JsonNode)new JsonObject { ["prompt"] = q.Prompt, ["text"] = Excerpt(a.Answers[q.Key]!.ToString()) })]),
            })]);
            if (writers.Count > TeachersPerPage)
                data["pageText"] = $"Teachers {(page - 1) * TeachersPerPage + 1}–{Math.Min(writers.Count, page * TeachersPerPage)} of {writers.Count}";
            data["hasMore"] = page < pages;
            data["nextPage"] = page + 1;
        }
        else
        {
            data["hasMore"] = false;
            data["pending"] = new JsonArray();
            data["texts"] = new JsonArray();
        }
        return new CardMessage("round-summary", data, $"Check-in {round.Number} of {cohort.Name}: {answered} of {invited.Count} answered.");
    }

    private static string Excerpt(string text)
    {
        if (text.Length <= ExcerptLength)
            return text;
        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)].TrimEnd() + "... (shortened)";
    }

    private static string Rating(IReadOnlyList<Answer> answers, string key, bool isPrivate)
    {
        var values = answers.Select(a => a.Answers[key]).OfType<JsonValue>().Select(v => v.TryGetValue<int>(out var i) ? i : (int?)null).OfType<int>().ToList();
        if (values.Count == 0)
            return "no answers";
        if (!isPrivate && values.Count < MinimumGroup)
            return $"{FewerThanThree} answers";
        return string.Create(CultureInfo.InvariantCulture, $"mean {values.Average():0.0}, from {values.Min()} to {values.Max()} ({values.Count} answers)");
    }

    /// Whether the answer (one choice, or several) includes the choice.
    public static bool Chose(JsonNode? answer, string choice) => answer switch
    {
        JsonArray many => many.Any(a => a?.ToString() == choice),
        null => false,
        _ => answer.ToString() == choice,
    };

    private static string Count(int count, bool isPrivate) =>
        isPrivate || count == 0 || count >= MinimumGroup ? count.ToString(CultureInfo.InvariantCulture) : FewerThanThree;

    private static string Percent(int part, int whole) => string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0}%");
}
