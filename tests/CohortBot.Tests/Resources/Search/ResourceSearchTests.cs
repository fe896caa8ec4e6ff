using System.Diagnostics;
using CohortBot.Resources.Search;

namespace CohortBot.Tests.Resources.Search;

public sealed class ResourceSearchTests
{
    private static SearchDocument Doc(int id, int cohort, string title, string? description = null, string[]? tags = null, SearchVote[]? votes = null) =>
        new(id, cohort, title, description, tags ?? [], votes ?? []);

    private static ResourceSearchIndex IndexOf(params SearchDocument[] documents)
    {
        var index = new ResourceSearchIndex();
        foreach (var cohort in documents.GroupBy(d => d.CohortId))
        {
            index.Rebuild(cohort.Key, 1, cohort);
        }

        return index;
    }

    [Fact]
    public void Search_StemmedWord_FindsTheRotationGuide()
    {
        using var index = IndexOf(
            Doc(1, 1, "Rotation schedules for a 60-minute block", "Sample schedules."),
            Doc(2, 1, "Parent letter", "Explaining blended learning to families."));

        var hits = index.Search([1], "rotating groups every 15 minutes");

        Assert.Equal(1, Assert.Single(hits).ResourceId);
    }

    [Fact]
    public void Search_WordOnlyInDescription_IsFound()
    {
        using var index = IndexOf(
            Doc(1, 1, "Ask 3 before me", "Teaching students to ask classmates before they interrupt the small group."),
            Doc(2, 1, "Exit tickets", "Three quick questions."));

        var hits = index.Search([1], "kids keep interrupting my small group");

        Assert.Equal(1, hits[0].ResourceId);
    }

    [Fact]
    public void Search_TitleMatch_RanksAboveDescriptionMatch()
    {
        using var index = IndexOf(
            Doc(1, 1, "Morning routines", "Bell ringers, and exit ticket templates to close the day."),
            Doc(2, 1, "Exit ticket templates", "For the end of the lesson."));

        var hits = index.Search([1], "exit ticket templates");

        Assert.Equal([2, 1], hits.Select(h => h.ResourceId));
    }

    [Theory]
    [InlineData("how do I start SR with my class", 1)]
    [InlineData("ideas for project based learning", 2)]
    [InlineData("tips for one on one conferences", 3)]
    [InlineData("1:1 conferring with readers", 3)]
    [InlineData("what is à la carte?", 4)]
    [InlineData("checks for understanding without tech", 5)]
    [InlineData("my small-group lessons", 6)]
    [InlineData("what do I do with the chromebooks", 7)]
    public void Search_Synonym_FindsTheResourceWordedOtherwise(string question, int expected)
    {
        using var index = IndexOf(
            Doc(1, 1, "Station rotation launch plan", "The first two weeks."),
            Doc(2, 1, "Driving questions", "Writing the question for a unit.", ["PBL"]),
            Doc(3, 1, "Conferring notes", "A log for reading conferences."),
            Doc(4, 1, "A la carte online electives", "Courses on top of the schedule."),
            Doc(5, 1, "Plickers and whiteboards", "Formative assessment for every student.", ["quick check"]),
            Doc(6, 1, "Teacher table planning sheet", "Plan each week's lessons."),
            Doc(7, 1, "Device cart routines", "Numbered slots, charging, passing out."),
            Doc(8, 1, "Parent newsletter", "Monthly news for families."));

        var hits = index.Search([1], question);

        Assert.Equal(expected, hits[0].ResourceId);
    }

    [Theory]
    [InlineData("statoin rotation")]
    [InlineData("staton rotation")]
    [InlineData("station rotaiton")]
    public void Search_Typo_StillFindsTheResource(string question)
    {
        using var index = IndexOf(
            Doc(1, 1, "Station rotation launch plan", "The first two weeks of stations."),
            Doc(2, 1, "Parent letter", "Explaining blended learning to families."));

        Assert.Equal(1, index.Search([1], question)[0].ResourceId);
    }

    [Fact]
    public void Search_Typo_WeighsLessThanTheWordAsTyped()
    {
        // "rubrics" is in the library, so it is taken as typed; "rubirc" only reaches it as a typo.
        using var index = IndexOf(Doc(1, 1, "Presentation rubrics"), Doc(2, 1, "Rubric for lab reports"));

        var exact = index.Search([1], "presentation rubrics")[0].Score;
        var typo = index.Search([1], "presentation rubirc")[0].Score;

        Assert.True(typo < exact, $"typo {typo} >= exact {exact}");
    }

    [Theory]
    [InlineData("statoin", "station", 1)]     // two letters swapped: one typo
    [InlineData("rotaion", "rotation", 1)]
    [InlineData("differntiation", "differentiation", 1)]
    [InlineData("chromebok", "chromebooks", 2)]
    [InlineData("station", "station", 0)]
    [InlineData("party", "part", 2)]         // under five letters: never a typo (max + 1)
    [InlineData("xtation", "station", 2)]    // a wrong first letter is not taken for a typo
    public void Typos_Distance_CountsTyposAsPeopleMakeThem(string typed, string word, int expected)
    {
        Assert.Equal(expected, Typos.Distance(typed, word, 1 + 0 * expected));
        Assert.Equal(Math.Min(expected, 2), Math.Min(Typos.Distance(typed, word, 2), 2));
    }

    [Fact]
    public void Search_OneToOne_IsReadOnlyWhereItStandsAlone()
    {
        using var index = IndexOf(Doc(1, 1, "One-on-one conferences", "A structure for conferring."));

        Assert.Equal(1, index.Search([1], "1:1 time with each student")[0].ResourceId);
        Assert.Equal(1, index.Search([1], "1-on-1 check ins")[0].ResourceId);
        Assert.Empty(index.Search([1], "block at 11:15 or 1:10"));
    }

    [Fact]
    public void Search_OtherCohorts_AreNeverShown()
    {
        using var index = IndexOf(
            Doc(1, 1, "Station rotation launch plan"),
            Doc(2, 2, "Station rotation in a 50-minute period"),
            Doc(3, 3, "Station rotation video library"));

        Assert.Equal([1], index.Search([1], "station rotation").Select(h => h.ResourceId));
        Assert.Equal([2], index.Search([2], "station rotation").Select(h => h.ResourceId));
        Assert.Equal([1, 3], index.Search([1, 3], "station rotation").Select(h => h.ResourceId).Order());
        Assert.All(index.Search([1, 3], "station rotation"), h => Assert.Contains(h.CohortId, new[] { 1, 3 }));
        Assert.Empty(index.Search([], "station rotation"));
        Assert.Empty(index.Search([99], "station rotation"));
    }

    [Fact]
    public void Search_SeveralCohorts_ScoresAreComparable()
    {
        // The same resource in two cohorts scores the same, however many others each one holds.
        var crowd = Enumerable.Range(10, 40).Select(i => Doc(i, 2, $"Station rotation note {i}", "Rotation stations."));
        using var index = IndexOf([Doc(1, 1, "Exit tickets in Google Forms"), Doc(2, 2, "Exit tickets in Google Forms"), .. crowd]);

        var hits = index.Search([1, 2], "exit tickets google forms");

        Assert.Equal(2, hits.Count);
        Assert.Equal(hits[0].Score, hits[1].Score, 6);
    }

    [Theory]
    [InlineData("what's for lunch")]
    [InlineData("asdf")]
    [InlineData("asdfghjkl qwerty")]
    [InlineData("lol")]
    [InlineData("thanks!!")]
    [InlineData("hi 👋")]
    [InlineData("when is the staff holiday party")]
    [InlineData("can you book a table for six at the Italian place downtown on Friday")]
    [InlineData("what's the weather tomorrow")]
    [InlineData("how do I help my students")]
    [InlineData("ok")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!?!")]
    public void Search_NothingRelevant_ReturnsNothing(string question)
    {
        using var index = RelevanceSet.BuildIndex();

        Assert.Empty(index.Search([1, 2, 3], question));
    }

    [Theory]
    [InlineData("AND")]
    [InlineData("OR NOT AND")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData(":")]
    [InlineData("title:station")]
    [InlineData("\"station rotation")]
    [InlineData("(((station")]
    [InlineData("[a TO z]")]
    [InlineData("{station}")]
    [InlineData("station~2")]
    [InlineData("station^3")]
    [InlineData("\\")]
    [InlineData("station AND rotation OR")]
    [InlineData("+station -rotation && || !")]
    [InlineData("/regex.*/")]
    [InlineData("station* rotat?on")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("https://docs.google.com/presentation/d/1AbC?usp=sharing station rotation")]
    [InlineData("🔥🔥🔥 stations 🙏🏽")]
    [InlineData("\0\u0001\u200B\uFEFF")]
    [InlineData("\uD83D")]
    [InlineData("محطة التناوب")]
    [InlineData("ステーション")]
    [InlineData("1:1 11:15 1:10")]
    public void Search_QueryParserSyntax_NeverThrows(string question)
    {
        using var index = RelevanceSet.BuildIndex();

        var hits = index.Search([1, 2, 3], question);

        Assert.True(hits.Count <= 3);
    }

    [Fact]
    public void Search_SyntaxAroundRealWords_StillFindsThem()
    {
        using var index = RelevanceSet.BuildIndex();

        var hits = index.Search([1], "\"station rotation\" AND (kindergarten)* title:october?");

        Assert.Equal(40, hits[0].ResourceId);
    }

    [Fact]
    public void Search_VeryLongQuestion_IsCutNotRefused()
    {
        using var index = RelevanceSet.BuildIndex();
        var pasted = "exit tickets in google forms " + string.Concat(Enumerable.Repeat("and then the lesson went on for a while with many words ", 400));
        var oneWord = new string('x', 20_000);

        var watch = Stopwatch.StartNew();
        var hits = index.Search([1], pasted);
        Assert.Empty(index.Search([1], oneWord));
        watch.Stop();

        Assert.Equal(21, hits[0].ResourceId);
        Assert.True(watch.ElapsedMilliseconds < 2_000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Search_Top_LimitsTheHits()
    {
        using var index = RelevanceSet.BuildIndex();

        Assert.Single(index.Search([1, 3], "station rotation", top: 1));
        Assert.Equal(3, index.Search([1, 3], "station rotation").Count);
        Assert.Empty(index.Search([1, 3], "station rotation", top: 0));
        Assert.Empty(index.Search([1, 3], "station rotation", top: -5));
        Assert.True(index.Search([1, 3], "station rotation", top: 1000).Count <= ResourceSearchIndex.MaxTop);
    }

    [Fact]
    public void Search_Hits_AreBestFirst()
    {
        using var index = RelevanceSet.BuildIndex();

        var hits = index.Search([1, 2, 3], "station rotation", top: 10);

        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.ResourceId), hits.Select(h => h.ResourceId));
    }

    [Fact]
    public void Search_MatchedWords_AreTheResourcesOwnWords()
    {
        using var index = IndexOf(Doc(1, 1, "Station Rotation 101", "Launching the Chromebooks station.", ["Small Groups"]));

        var hit = Assert.Single(index.Search([1], "rotating SR with chromebooks and small-group time"));

        Assert.Contains("Station Rotation", hit.MatchedWords);
        Assert.Contains("Small Groups", hit.MatchedWords);
        Assert.Contains("Chromebooks", hit.MatchedWords);
        Assert.DoesNotContain("101", hit.MatchedWords);
        Assert.DoesNotContain("Launching", hit.MatchedWords);
    }

    [Fact]
    public void Rebuild_RemovedResource_NoLongerAppears()
    {
        using var index = new ResourceSearchIndex();
        Assert.Null(index.VersionOf(1));
        index.Rebuild(1, 1, [Doc(1, 1, "Exit tickets in Google Forms"), Doc(2, 1, "Exit slips for math")]);
        Assert.Equal([1, 2], index.Search([1], "exit tickets").Select(h => h.ResourceId).Order());

        index.Rebuild(1, 2, [Doc(2, 1, "Exit slips for math")]);

        Assert.Equal([2], index.Search([1], "exit tickets").Select(h => h.ResourceId));
        Assert.Equal(2, index.VersionOf(1));
        Assert.Equal(1, index.CountOf(1));
    }

    [Fact]
    public void Rebuild_OlderVersion_IsDropped()
    {
        using var index = new ResourceSearchIndex();
        index.Rebuild(1, 5, [Doc(1, 1, "Exit tickets in Google Forms")]);

        index.Rebuild(1, 4, [Doc(2, 1, "Exit slips for math")]);

        Assert.Equal(5, index.VersionOf(1));
        Assert.Equal([1], index.Search([1], "exit tickets").Select(h => h.ResourceId));
    }

    [Fact]
    public void Rebuild_Empty_LeavesTheCohortWithoutResources()
    {
        using var index = new ResourceSearchIndex();
        index.Rebuild(1, 1, [Doc(1, 1, "Exit tickets in Google Forms")]);

        index.Rebuild(1, 2, []);

        Assert.Empty(index.Search([1], "exit tickets"));
        Assert.Equal(2, index.VersionOf(1));
    }

    [Fact]
    public void Rebuild_DocumentOfAnotherCohort_IsRefused()
    {
        using var index = new ResourceSearchIndex();
        index.Rebuild(1, 1, [Doc(1, 1, "Exit tickets in Google Forms")]);

        Assert.Throws<ArgumentException>(() => index.Rebuild(1, 2, [Doc(1, 1, "Exit tickets"), Doc(2, 2, "Foreign exit tickets")]));

        Assert.Equal(1, index.VersionOf(1));
        Assert.Equal([1], index.Search([1], "exit tickets").Select(h => h.ResourceId));
    }

    [Fact]
    public void Remove_Cohort_IsNoLongerSearched()
    {
        using var index = IndexOf(Doc(1, 1, "Exit tickets in Google Forms"));

        index.Remove(1);

        Assert.Null(index.VersionOf(1));
        Assert.Empty(index.Search([1], "exit tickets"));
    }

    [Fact]
    public async Task Search_DuringRebuilds_SeesOneWholeVersion()
    {
        var token = TestContext.Current.CancellationToken;
        using var index = new ResourceSearchIndex();
        SearchDocument[] Version(int v) =>
            [.. Enumerable.Range(1, 30).Select(i => Doc((v * 1000) + i, 1, $"Exit tickets set {i}", "Exit tickets for the end of the lesson."))];
        index.Rebuild(1, 0, Version(0));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);

        var rebuilds = Task.Run(() =>
        {
            for (var v = 1; v <= 40; v++)
            {
                index.Rebuild(1, v, Version(v));
            }
        }, token);
        var searches = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var count = 0;
            while (!rebuilds.IsCompleted || count < 50)
            {
                token.ThrowIfCancellationRequested();
                var hits = index.Search([1], "exit tickets", top: 10);
                // Every hit of one search comes from one version: never a mix, never nothing.
                Assert.Equal(10, hits.Count);
                Assert.Single(hits.Select(h => h.ResourceId / 1000).Distinct());
                count++;
            }

            return count;
        }, token)).ToArray();

        await rebuilds;
        var counts = await Task.WhenAll(searches);

        Assert.All(counts, c => Assert.True(c >= 50));
        Assert.Equal(40, index.VersionOf(1));
        Assert.All(index.Search([1], "exit tickets", top: 10), h => Assert.Equal(40, h.ResourceId / 1000));
    }

    [Fact]
    public void Search_AfterDispose_Throws()
    {
        var index = IndexOf(Doc(1, 1, "Exit tickets"));
        index.Dispose();

        Assert.Throws<ObjectDisposedException>(() => index.Search([1], "exit tickets"));
    }
}
