using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;

namespace CohortBot.Tests.CheckIns;

/// What a coach reads on one page of the private summary stays inside a card however much the
/// cohort wrote: long answers are shortened visibly, and a long pending list is counted, not listed.
public sealed class RoundSummaryTests
{
    private static readonly Question[] Questions =
    [
        new() { Key = "win", Kind = QuestionKind.Text, Prompt = "A win to share", Position = 1 },
        new() { Key = "challenge", Kind = QuestionKind.Text, Prompt = "A challenge", Position = 2 },
    ];

    [Fact]
    public void Private_LongAnswers_AreShortenedOnAWordAndSaySo()
    {
        var teachers = Teachers(12);
        var answers = teachers.Take(2).Select(t => new RoundSummary.Answer(t, new JsonObject { ["win"] = Long(3000), ["challenge"] = "Short one." })).ToList();

        var texts = Card(teachers, answers)["texts"]!.AsArray();

        var win = texts[0]!["answers"]![0]!["text"]!.GetValue<string>();
        Assert.EndsWith("... (shortened)", win, StringComparison.Ordinal);
        Assert.InRange(win.Length, RoundSummary.ExcerptLength / 2, RoundSummary.ExcerptLength + 20);
        Assert.StartsWith(Long(3000)[..100], win, StringComparison.Ordinal);
        Assert.Equal("Short one.", texts[0]!["answers"]![1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Private_ManyPending_NamesThirtyAndCountsTheRest()
    {
        var teachers = Teachers(100);

        var pending = Card(teachers, []).AsObject()["pending"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();

        Assert.Equal(RoundSummary.PendingShown + 1, pending.Count);
        Assert.Equal("Teacher 001", pending[0]);
        Assert.Equal("and 70 more", pending[^1]);
    }

    private static JsonObject Card(List<Member> invited, List<RoundSummary.Answer> answers)
    {
        var round = new Round { Id = 1, Number = 2, ClosesAt = DateTimeOffset.UnixEpoch };
        var cohort = new Cohort { Name = "Blended Pioneers", Schedule = new CohortSchedule { TimeZone = "America/Chicago" } };
        return RoundSummary.Card(round, cohort, invited, answers, Questions, isPrivate: true).Data;
    }

    private static List<Member> Teachers(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Member { Id = i, DisplayName = $"Teacher {i:D3}", Email = $"t{i}@district.example", TimeZone = "America/Chicago" })];

    private static string Long(int length) => string.Concat(Enumerable.Repeat("we rotated through three stations today ", length / 40 + 1))[..length];
}
