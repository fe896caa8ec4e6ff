using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Cohorts;

namespace CohortBot.CheckIns;

/// A round in numbers, without names or free text: participation (overall and per site), each rating
/// question's count and mean, each choice's count (blended models tried, vital behaviors), how many
/// followed through on their plan and asked for coach support. Computed from the answers while they
/// exist and frozen into <see cref="Round.ClosedTotalsJson"/> when the round closes, so that a
/// closed round reads the same after a member's answers were erased. Readers (the round reports, a
/// web page) take <see cref="Of"/>: the frozen figures when there are some, else these computed now.
internal sealed record RoundTotals(
    int Invited,
    int Answered,
    IReadOnlyList<RoundTotals.SiteTotal> Sites,
    IReadOnlyList<RoundTotals.RatingTotal> Ratings,
    IReadOnlyList<RoundTotals.ChoiceTotal> Choices,
    IReadOnlyList<RoundTotals.ChoiceCount> FollowThrough,
    int AskedForSupport)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record SiteTotal(string Site, int Invited, int Answered);

    /// A rating question: how many answered it, and their mean, lowest and highest (null without answers).
    /// <paramref name="Spread"/> is the sample standard deviation (null for one answer, and in totals frozen before it was kept).
    public sealed record RatingTotal(string Key, string Prompt, int Count, double? Mean, int? Min, int? Max, double? Spread = null);

    public sealed record ChoiceTotal(string Key, string Prompt, IReadOnlyList<ChoiceCount> Counts);

    public sealed record ChoiceCount(string Choice, int Count);

    /// The figures of <paramref name="answers"/> from the teachers <paramref name="invited"/>, for <paramref name="questions"/>.
    public static RoundTotals Compute(IReadOnlyList<Member> invited, IReadOnlyList<RoundSummary.Answer> answers, IReadOnlyList<Question> questions)
    {
        var sites = invited.GroupBy(SiteOf).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(site => new SiteTotal(site.Key, site.Count(), answers.Count(a => SiteOf(a.Member) == site.Key))).ToList();
        var ratings = questions.Where(q => q.Kind == QuestionKind.Rating).Select(q =>
        {
            var values = answers.Select(a => a.Answers[q.Key]).OfType<JsonValue>().Select(v => v.TryGetValue<int>(out var i) ? i : (int?)null).OfType<int>().ToList();
            if (values.Count == 0)
                return new RatingTotal(q.Key, q.Prompt, 0, null, null, null);
            var mean = values.Average();
            var spread = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : (double?)null;
            return new RatingTotal(q.Key, q.Prompt, values.Count, mean, values.Min(), values.Max(), spread);
        }).ToList();
        var choices = questions.Where(q => q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice)
            .Select(q => new ChoiceTotal(q.Key, q.Prompt, [.. q.Choices.Select(choice => new ChoiceCount(choice, answers.Count(a => RoundSummary.Chose(a.Answers[q.Key], choice))))]))
            .ToList();
        var planned = answers.Where(a => a.Answers[CheckInForm.FollowedThroughKey] is not null).ToList();
        var followThrough = planned.Count == 0 ? [] : RoundSummary.FollowThrough.Select(choice => new ChoiceCount(choice, planned.Count(a => RoundSummary.Chose(a.Answers[CheckInForm.FollowedThroughKey], choice)))).ToList();
        var support = answers.Count(a => RoundSummary.Chose(a.Answers[CheckInForm.CoachSupportKey], "Yes"));
        return new RoundTotals(invited.Count, answers.Count, sites, ratings, choices, followThrough, support);
    }

    /// The frozen figures of a closed round, or null when it has none.
    public static RoundTotals? Frozen(Round round) =>
        round.ClosedTotalsJson is { } json ? JsonSerializer.Deserialize<RoundTotals>(json, Json) : null;

    /// The figures to show for <paramref name="round"/>: frozen at its close when it has them, else computed from the answers now.
    public static RoundTotals Of(Round round, IReadOnlyList<Member> invited, IReadOnlyList<RoundSummary.Answer> answers, IReadOnlyList<Question> questions) =>
        Frozen(round) ?? Compute(invited, answers, questions);

    /// Freezes the figures into the round (at its close, or before an erasure takes answers away).
    public void FreezeInto(Round round) => round.ClosedTotalsJson = ToJson();

    /// The figures as <see cref="Round.ClosedTotalsJson"/> keeps them.
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string SiteOf(Member member) => member.Site?.Name ?? "No site";
}
