using System.Globalization;
using CohortBot.Resources.Search;

namespace CohortBot.Tests.Resources.Search;

/// How well the engine answers teachers' questions from a realistic library, against plain BM25.
public sealed class ResourceSearchRelevanceTests
{
    // Recall counts the three hits a teacher sees (a search for three, as the bot makes it); MRR
    // looks ten deep.
    private const int Depth = 10;

    [Fact]
    public void RelevanceSet_IsLargeAndVaried()
    {
        var questions = RelevanceSet.Questions;
        Assert.True(RelevanceSet.Resources.Count >= 300, $"{RelevanceSet.Resources.Count} resources");
        Assert.True(RelevanceSet.ByCohort.Count() >= 3);
        Assert.True(questions.Count >= 60, $"{questions.Count} questions");
        Assert.True(questions.Count(q => !RelevanceSet.SharesAWordWithTitle(q)) >= 15);
        Assert.True(questions.Count(q => q.Typo) >= 5);
        Assert.Equal(RelevanceSet.Resources.Count, RelevanceSet.Resources.Select(r => r.Id).Distinct().Count());
        foreach (var question in questions)
        {
            // The expected answer must be one the teacher may see.
            Assert.Contains(RelevanceSet.Resource(question.Expected).Cohort, question.Cohorts);
        }
    }

    [Fact]
    public void Search_RelevanceSet_BeatsPlainBm25AndMeetsTheBar()
    {
        var output = TestContext.Current.TestOutputHelper;
        using var index = RelevanceSet.BuildIndex();
        using var baseline = new Bm25Baseline(RelevanceSet.Resources);
        var questions = RelevanceSet.Questions;

        IReadOnlyList<int> Ours(RelevanceQuestion q, int top) => [.. index.Search(q.Cohorts, q.Question, top).Select(h => h.ResourceId)];
        IReadOnlyList<int> Plain(RelevanceQuestion q, int top) => baseline.Search(q.Cohorts, q.Question, top);
        var ours = Measure(questions, Ours);
        var plain = Measure(questions, Plain);
        var noSharedWord = questions.Where(q => !RelevanceSet.SharesAWordWithTitle(q)).ToArray();
        var typos = questions.Where(q => q.Typo).ToArray();
        var oursNoShared = Measure(noSharedWord, Ours);
        var oursTypos = Measure(typos, Ours);
        var holdout = questions.Where(q => q.Holdout).ToArray();
        var oursHoldout = Measure(holdout, Ours);
        var plainHoldout = Measure(holdout, Plain);

        output?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{RelevanceSet.Resources.Count} resources, {questions.Count} questions ({noSharedWord.Length} share no word with the answer's title, {typos.Length} with a typo)"));
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours:       recall@3 {ours.Recall:0.000}  MRR {ours.Mrr:0.000}"));
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain BM25: recall@3 {plain.Recall:0.000}  MRR {plain.Mrr:0.000}"));
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours, no shared title word: recall@3 {oursNoShared.Recall:0.000}  MRR {oursNoShared.Mrr:0.000}"));
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours, typos: recall@3 {oursTypos.Recall:0.000}  MRR {oursTypos.Mrr:0.000}"));
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"holdout ({holdout.Length} questions written after tuning): ours recall@3 {oursHoldout.Recall:0.000} MRR {oursHoldout.Mrr:0.000}; plain BM25 recall@3 {plainHoldout.Recall:0.000} MRR {plainHoldout.Mrr:0.000}"));
        foreach (var (question, found) in ours.Misses)
        {
            output?.WriteLine($"missed #{question.Expected} for \"{question.Question}\": got [{string.Join(", ", found.Take(3))}]");
        }

        Assert.True(ours.Recall >= 0.85, $"recall@3 {ours.Recall:0.000}");
        Assert.True(ours.Mrr >= 0.75, $"MRR {ours.Mrr:0.000}");
        Assert.True(ours.Recall >= plain.Recall, $"recall@3 {ours.Recall:0.000} < BM25 {plain.Recall:0.000}");
        Assert.True(ours.Mrr >= plain.Mrr, $"MRR {ours.Mrr:0.000} < BM25 {plain.Mrr:0.000}");
    }

    private static Figures Measure(IReadOnlyList<RelevanceQuestion> questions, Func<RelevanceQuestion, int, IReadOnlyList<int>> search)
    {
        var inTop3 = 0;
        var reciprocal = 0.0;
        var misses = new List<(RelevanceQuestion, IReadOnlyList<int>)>();
        foreach (var question in questions)
        {
            var shown = search(question, 3);
            if (shown.Take(3).Contains(question.Expected))
            {
                inTop3++;
            }
            else
            {
                misses.Add((question, shown));
            }

            var rank = search(question, Depth).Take(Depth).ToList().IndexOf(question.Expected) + 1;
            reciprocal += rank > 0 ? 1.0 / rank : 0;
        }

        return new Figures((double)inTop3 / questions.Count, reciprocal / questions.Count, misses);
    }

    private sealed record Figures(double Recall, double Mrr, IReadOnlyList<(RelevanceQuestion Question, IReadOnlyList<int> Found)> Misses);
}
