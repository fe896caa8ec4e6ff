using static CohortBot.Cards.Tests.BlockKit.RenderTests;
using static CohortBot.Cards.Tests.BlockKit.SlackAssert;

namespace CohortBot.Cards.Tests.BlockKit;

public sealed class ModalTitleTests
{
    [Fact]
    public void Render_NoticeAboveTheHeading_TitlesTheModalWithTheHeading()
    {
        var message = Render(Card(
            """
            [{"type":"TextBlock","text":"Reminder: this check-in closes Sunday.","color":"warning"},
             {"type":"TextBlock","text":"Check-in 3","size":"Large","weight":"Bolder"},
             {"type":"Input.Text","id":"q"}]
            """));

        Assert.Equal("Check-in 3", Str(message.Modal!["title"], "text"));
        Assert.Equal("Reminder: this check-in closes Sunday.", Str(message.Blocks[0]!["text"], "text")); // still first in the message
    }

    [Theory]
    [InlineData("""{"type":"TextBlock","text":"Heading","weight":"Bolder"}""")]
    [InlineData("""{"type":"TextBlock","text":"Heading","size":"ExtraLarge"}""")]
    [InlineData("""{"type":"TextBlock","text":"Heading","style":"heading"}""")]
    [InlineData("""{"type":"TextBlock","text":"Heading, with a [link](https://example.com)","weight":"Bolder"}""")] // a section, still the heading
    public void Render_FirstProminentText_IsTheModalTitle(string heading)
    {
        var message = Render(Card($$"""[{"type":"TextBlock","text":"A line"},{{heading}},{"type":"TextBlock","text":"Later","weight":"Bolder"},{"type":"Input.Text","id":"q"}]"""));

        Assert.StartsWith("Heading", Str(message.Modal!["title"], "text"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoProminentText_TitlesTheModalWithTheFirstText()
    {
        var message = Render(Card("""[{"type":"TextBlock","text":"First line"},{"type":"TextBlock","text":"Second line"},{"type":"Input.Text","id":"q"}]"""));

        Assert.Equal("First line", Str(message.Modal!["title"], "text"));
    }
}
