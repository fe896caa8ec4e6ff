using CohortBot.Cards.BlockKit;

namespace CohortBot.Cards.Tests.BlockKit;

public sealed class SlackTextTests
{
    [Theory]
    [InlineData("**bold**", "*bold*")]
    [InlineData("__bold__", "*bold*")]
    [InlineData("_italic_", "_italic_")]
    [InlineData("*italic*", "_italic_")]
    [InlineData("**bold** and *italic*", "*bold* and _italic_")]
    [InlineData("[site](https://x.test/a)", "<https://x.test/a|site>")]
    [InlineData("[**b** c](https://x.test)", "<https://x.test|*b* c>")]
    [InlineData("a & b < c > d", "a &amp; b &lt; c &gt; d")]
    [InlineData("- one\n- two", "\u2022 one\n\u2022 two")]
    [InlineData("* one\n* two", "\u2022 one\n\u2022 two")]
    [InlineData("2 * 3 * 4", "2 * 3 * 4")]
    [InlineData("snake_case_name", "snake_case_name")]
    [InlineData("[a|b](https://x.test)", "<https://x.test|a\u2223b>")]
    public void ToMrkdwn_ConvertsAdaptiveCardMarkdown(string markdown, string expected) =>
        Assert.Equal(expected, SlackText.ToMrkdwn(markdown));

    [Theory]
    [InlineData("**bold** and __strong__", "bold and strong")]
    [InlineData("*italic* and _slanted_", "italic and slanted")]
    [InlineData("[site](https://x.test/a?b=1&c=2)", "site")]
    [InlineData("- one\n- two", "\u2022 one \u2022 two")]
    [InlineData("2 * 3 * 4 and snake_case_name", "2 * 3 * 4 and snake_case_name")]
    [InlineData("a & b < c > d", "a & b < c > d")]
    public void ToPlainText_DropsMarkdownButNotContentAndDoesNotEscape(string markdown, string expected) =>
        Assert.Equal(expected, SlackText.ToPlainText(markdown));

    [Fact]
    public void Cut_LongText_EndsWithEllipsisAtWordBoundaryWithinLimit()
    {
        var text = string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"word{i}"));

        var cut = SlackText.Cut(text, 3000);

        Assert.True(cut.Length <= 3000, $"{cut.Length} characters");
        Assert.True(cut.Length > 2900, "cut far more than needed");
        Assert.EndsWith("\u2026", cut, StringComparison.Ordinal);
        var kept = cut[..^1];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.Equal(' ', text[kept.Length]);
    }

    [Fact]
    public void Cut_ShortText_IsUnchanged() => Assert.Equal("short text", SlackText.Cut("short text", 10));

    [Fact]
    public void Cut_WordLongerThanLimit_IsCutMidWord()
    {
        var cut = SlackText.Cut(new string('x', 100), 24);

        Assert.Equal(new string('x', 23) + "\u2026", cut);
    }

    [Fact]
    public void Cut_Mrkdwn_DropsLinkOrEntityItWouldBreak()
    {
        var link = "see <https://x.test/" + new string('a', 40) + "|here>";
        Assert.Equal("see\u2026", SlackText.Cut(link, 30, mrkdwn: true));
        Assert.Equal("abcdefghij\u2026", SlackText.Cut("abcdefghij&amp;xyz", 13, mrkdwn: true));
    }
}
