using CohortBot.Nudges;

namespace CohortBot.Tests.Nudges;

/// What follows the cohort's name in <c>nudge COHORT …</c>: options in any order, then the message.
public sealed class NudgeRequestTests
{
    private static readonly string[] Sites = ["Lincoln Elementary", "Roosevelt Middle School", "Roosevelt High School"];

    // Tuesday 1 December 2026, noon in Chicago.
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    private static NudgeRequest Parse(string options)
    {
        Assert.True(NudgeRequest.TryParse(options, Sites, "America/Chicago", Now, out var request, out var problem), problem);
        return request;
    }

    private static string Problem(string options)
    {
        Assert.False(NudgeRequest.TryParse(options, Sites, "America/Chicago", Now, out _, out var problem));
        return problem!;
    }

    [Fact]
    public void Nothing_IsThePendingTeachersWithTheDefaultMessage() =>
        Assert.Equal(new NudgeRequest(NudgeAudience.Pending, null, null, false, null), Parse(""));

    [Fact]
    public void OptionsInAnyOrder_ThenTheMessage_ForceAnywhere()
    {
        var request = Parse("all at 2026-12-03 09:00 Last call for check-in 7 --force");
        Assert.Equal(NudgeAudience.All, request.Audience);
        Assert.True(request.Force);
        Assert.Equal("Last call for check-in 7", request.Message);
        // 09:00 in Chicago is 15:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero), request.SendAt);
        Assert.Equal(request with { }, Parse("at 2026-12-03 09:00 --force all Last call for check-in 7"));
    }

    [Theory]
    [InlineData("site:Lincoln Hello", "Lincoln Elementary", "Hello")]
    [InlineData("site:Lincoln Elementary Hello there", "Lincoln Elementary", "Hello there")]
    [InlineData("site: roosevelt middle see you", "Roosevelt Middle School", "see you")]
    public void Site_IsNamedByTheStartOfItsNameInWholeWords(string options, string site, string message)
    {
        var request = Parse(options);
        Assert.Equal((NudgeAudience.Site, site, message), (request.Audience, request.Site, request.Message));
    }

    [Fact]
    public void Site_Ambiguous_OrUnknown_IsRefusedWithTheChoices()
    {
        Assert.Contains("Roosevelt High School or Roosevelt Middle School", Problem("site:Roosevelt hi"), StringComparison.Ordinal);
        Assert.Contains("the sites are Lincoln Elementary", Problem("site:Washington hi"), StringComparison.Ordinal);
    }

    [Fact]
    public void AtWithoutADate_IsPartOfTheMessage() =>
        Assert.Equal("at lunch we meet in room 4", Parse("at lunch we meet in room 4").Message);

    [Theory]
    [InlineData("at 2026-12-03", "Give the time after the date")]
    [InlineData("at 2026-12-03 9am", "Give the time after the date")]
    [InlineData("at 2026-11-30 09:00", "has passed")]
    [InlineData("at 2027-06-30 09:00", "at most 60 days ahead")]
    public void BadTimes_AreRefusedWithTheReason(string options, string problem) =>
        Assert.Contains(problem, Problem(options), StringComparison.Ordinal);

    [Fact]
    public void TooLongAMessage_IsRefused_NotCut() =>
        Assert.Contains("keep it to 1000", Problem(new string('a', 1001)), StringComparison.Ordinal);

    [Fact]
    public void ScheduledTime_KeepsTheLocalClockAcrossDaylightSaving()
    {
        // 14 March 2027: Chicago springs forward; 09:00 is then 14:00 UTC.
        var request = new DateTimeOffset(2027, 3, 10, 18, 0, 0, TimeSpan.Zero);
        Assert.True(NudgeRequest.TryParse("at 2027-03-15 09:00", Sites, "America/Chicago", request, out var parsed, out _));
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 14, 0, 0, TimeSpan.Zero), parsed.SendAt);
    }
}
