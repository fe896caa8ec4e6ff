using CohortBot.Resources.Search;

namespace CohortBot.Tests.Resources.Search;

/// Teachers' feedback on answers moves a resource for questions like the one they asked, within
/// bounds: a resource is never buried by one vote, nor lifted by votes on something else.
public sealed class ResourceSearchVoteTests
{
    private const string Question = "exit tickets for math";

    private static ResourceSearchIndex IndexWith(SearchVote[] onMath, SearchVote[] onPrint)
    {
        var index = new ResourceSearchIndex();
        index.Rebuild(1, 1,
        [
            new SearchDocument(1, 1, "Exit tickets", "Quick exit tickets for math.", [], onMath),
            new SearchDocument(2, 1, "Exit tickets", "Printable exit tickets for math.", [], onPrint),
        ]);
        return index;
    }

    private static double ScoreOf(ResourceSearchIndex index, int id, string question = Question) =>
        index.Search([1], question).Single(h => h.ResourceId == id).Score;

    private static SearchVote[] Votes(int count, string question, bool helpful) =>
        [.. Enumerable.Repeat(new SearchVote(question, helpful), count)];

    [Fact]
    public void Votes_HelpfulOnASimilarQuestion_LiftTheResource()
    {
        using var plain = IndexWith([], []);
        var before = plain.Search([1], Question);
        Assert.Equal([1, 2], before.Select(h => h.ResourceId));
        // Close enough that bounded votes can change the order: the test is not decided in advance.
        Assert.True(before[0].Score / before[1].Score < 1.4);

        using var voted = IndexWith([], Votes(4, "math exit tickets?", helpful: true));

        Assert.Equal([2, 1], voted.Search([1], Question).Select(h => h.ResourceId));
    }

    [Fact]
    public void Votes_OneNotHelpful_LowersButDoesNotBury()
    {
        using var plain = IndexWith([], []);
        using var voted = IndexWith(Votes(1, Question, helpful: false), []);

        var before = ScoreOf(plain, 1);
        var after = ScoreOf(voted, 1);

        Assert.True(after < before, $"{after} >= {before}");
        Assert.True(after >= before * 0.9 - 1e-9, $"one vote took {1 - (after / before):P0}");
    }

    [Fact]
    public void Votes_ManyNotHelpful_StayWithinBounds()
    {
        using var plain = IndexWith([], []);
        using var voted = IndexWith(Votes(25, Question, helpful: false), []);
        using var liked = IndexWith(Votes(25, Question, helpful: true), []);

        var before = ScoreOf(plain, 1);

        Assert.Equal(before * 0.7, ScoreOf(voted, 1), 6);
        Assert.Equal(before * 1.4, ScoreOf(liked, 1), 6);
    }

    [Fact]
    public void Votes_OnAnUnrelatedQuestion_ChangeNothing()
    {
        using var plain = IndexWith([], []);
        using var voted = IndexWith(Votes(5, "parent letter in Spanish", helpful: false), Votes(5, "headphone storage", helpful: true));

        Assert.Equal(ScoreOf(plain, 1), ScoreOf(voted, 1), 9);
        Assert.Equal(ScoreOf(plain, 2), ScoreOf(voted, 2), 9);
    }

    [Fact]
    public void Votes_SameQuestionInOtherWords_Count()
    {
        // "SR" and "station rotation" are one thing to the votes too.
        var index = new ResourceSearchIndex();
        using (index)
        {
            index.Rebuild(1, 1, [new SearchDocument(1, 1, "Station rotation schedule", null, [], Votes(1, "SR schedule", helpful: false))]);
            using var plain = new ResourceSearchIndex();
            plain.Rebuild(1, 1, [new SearchDocument(1, 1, "Station rotation schedule", null, [], [])]);

            Assert.True(ScoreOf(index, 1, "station rotation schedule") < ScoreOf(plain, 1, "station rotation schedule"));
        }
    }
}
