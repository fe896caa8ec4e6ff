using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using static CohortBot.Cards.Tests.BlockKit.SlackAssert;

namespace CohortBot.Cards.Tests.BlockKit;

public sealed class RenderTests
{
    internal static string Card(string body, string actions = "[]") =>
        $$"""{"type":"AdaptiveCard","version":"1.5","body":{{body}},"actions":{{actions}}}""";

    private static JsonObject Only(BlockKitMessage message) => Assert.Single(message.Blocks)!.AsObject();

    [Fact]
    public void Render_BoldShortTextBlock_BecomesHeader()
    {
        var block = Only(Render(Card("""[{"type":"TextBlock","text":"Weekly check-in","weight":"bolder"}]""")));

        Assert.Equal("header", Str(block, "type"));
        Assert.Equal("plain_text", Str(block["text"], "type"));
        Assert.Equal("Weekly check-in", Str(block["text"], "text"));
    }

    [Theory]
    [InlineData("large")]
    [InlineData("extraLarge")]
    public void Render_LargeShortTextBlock_BecomesHeader(string size)
    {
        var block = Only(Render(Card($$"""[{"type":"TextBlock","text":"Hello","size":"{{size}}"}]""")));

        Assert.Equal("header", Str(block, "type"));
    }

    [Theory]
    [InlineData("See [docs](https://example.com)")]
    [InlineData("Two\\nlines")]
    public void Render_BoldTextBlockWithLinkOrLines_StaysSectionToKeepThem(string text)
    {
        var block = Only(Render(Card($$"""[{"type":"TextBlock","text":"{{text}}","weight":"bolder"}]""")));

        Assert.Equal("section", Str(block, "type"));
    }

    [Theory]
    [InlineData("Hello **there**", "Hello there")]
    [InlineData("__Weekly__ check-in, *this* week", "Weekly check-in, this week")]
    [InlineData("_Quiet_ notes on snake_case_name", "Quiet notes on snake_case_name")]
    [InlineData("Q&A <today> & more", "Q&amp;A &lt;today&gt; &amp; more")]
    [InlineData("**R&D** > 2 * 3 * 4", "R&amp;D &gt; 2 * 3 * 4")]
    public void Render_BoldTextBlockWithEmphasisOrSlackControlCharacters_BecomesPlainTextHeaderEscapedOnce(string text, string expected)
    {
        var block = Only(Render(Card($$"""[{"type":"TextBlock","text":"{{text}}","weight":"bolder"}]""")));

        Assert.Equal("header", Str(block, "type"));
        Assert.Equal("plain_text", Str(block["text"], "type"));
        Assert.Equal(expected, Str(block["text"], "text"));
    }

    [Theory]
    [InlineData("**Q&A** with [Sam](https://x.test/s?a=1&b=2) & <co>", "Q&amp;A with Sam &amp;\u2026")]
    [InlineData("**Fish&chips&cod&more**", "Fish&amp;chips&amp;cod\u2026")] // a cut at 24 would end inside the third "&amp;"
    public void Render_ModalTitleFromMarkdownText_IsPlainTextEscapedOnceAndCutWithoutBreakingAnEntity(string text, string expected)
    {
        var message = Render(Card($$"""[{"type":"TextBlock","text":"{{text}}","size":"large"},{"type":"Input.Text","id":"q"}]"""));

        Assert.Equal(expected, Str(message.Modal!["title"], "text"));
    }

    [Fact]
    public void Render_BoldTextBlockOver150Chars_BecomesSection()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 40));
        var block = Only(Render(Card($$"""[{"type":"TextBlock","text":"{{text}}","weight":"bolder"}]""")));

        Assert.Equal("section", Str(block, "type"));
        Assert.Equal(text, Str(block["text"], "text"));
    }

    [Fact]
    public void Render_PlainTextBlock_BecomesMrkdwnSectionWithConvertedMarkdown()
    {
        var message = Render(Card("""[{"type":"TextBlock","text":"**Due** _soon_: see [the plan](https://x.test/p?a=1&b=2) & <reply>"}]"""));
        var block = Only(message);

        Assert.Equal("section", Str(block, "type"));
        Assert.Equal("mrkdwn", Str(block["text"], "type"));
        Assert.Equal("*Due* _soon_: see <https://x.test/p?a=1&amp;b=2|the plan> &amp; &lt;reply&gt;", Str(block["text"], "text"));
        Assert.Contains("*Due*", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RichTextBlock_BecomesSectionWithStyledRuns()
    {
        var block = Only(Render(Card("""
            [{"type":"RichTextBlock","inlines":[
              "Plain ",
              {"type":"TextRun","text":"bold ","weight":"bolder"},
              {"type":"TextRun","text":"slanted","italic":true},
              {"type":"TextRun","text":" gone","strikethrough":true,"selectAction":{"type":"Action.Submit"}},
              {"type":"TextRun","text":" a<b"}]}]
            """)));

        Assert.Equal("section", Str(block, "type"));
        Assert.Equal("Plain *bold* _slanted_ ~gone~ a&lt;b", Str(block["text"], "text"));
    }

    [Fact]
    public void Render_FactSet_BecomesSectionFieldsTenPerSection()
    {
        var facts = string.Join(',', Enumerable.Range(1, 12).Select(i => $$"""{"title":"T{{i}}","value":"v{{i}}"}"""));
        var message = Render(Card($$"""[{"type":"FactSet","facts":[{{facts}}]}]"""));

        Assert.Equal(2, message.Blocks.Count);
        var fields = message.Blocks.Select(b => b!["fields"]!.AsArray()).ToList();
        Assert.Equal(10, fields[0].Count);
        Assert.Equal(2, fields[1].Count);
        Assert.Equal("*T1*\nv1", Str(fields[0][0], "text"));
        Assert.Equal("mrkdwn", Str(fields[0][0], "type"));
    }

    [Fact]
    public void Render_ContainersAndColumns_FlattenInReadingOrder()
    {
        var message = Render(Card("""
            [{"type":"TextBlock","text":"one"},
             {"type":"Container","items":[{"type":"TextBlock","text":"two"},
               {"type":"ColumnSet","columns":[
                 {"type":"Column","items":[{"type":"TextBlock","text":"three"}]},
                 {"type":"Column","items":[{"type":"TextBlock","text":"four"},{"type":"TextBlock","text":"five"}]}]}]},
             {"type":"TextBlock","text":"hidden","isVisible":false},
             {"type":"TextBlock","text":"six"}]
            """));

        Assert.Equal(["one", "two", "three", "four", "five", "six"], message.Blocks.Select(b => Str(b!["text"], "text")));
    }

    [Fact]
    public void Render_Separator_AddsDividerBefore()
    {
        var message = Render(Card("""
            [{"type":"TextBlock","text":"one"},
             {"type":"Container","separator":true,"items":[{"type":"TextBlock","text":"two"}]},
             {"type":"TextBlock","text":"three","separator":true}]
            """));

        Assert.Equal(["section", "divider", "section", "divider", "section"], message.Blocks.Select(b => Str(b, "type")));
    }

    [Fact]
    public void Render_Image_BecomesImageBlockWithAltText()
    {
        var message = Render(Card("""
            [{"type":"Image","url":"https://x.test/a.png","altText":"A chart"},
             {"type":"Image","url":"https://x.test/b.png"},
             {"type":"Image","url":"data:image/png;base64,AAAA"}]
            """));

        Assert.Equal(2, message.Blocks.Count);
        Assert.Equal("https://x.test/a.png", Str(message.Blocks[0], "image_url"));
        Assert.Equal("A chart", Str(message.Blocks[0], "alt_text"));
        Assert.Equal("image", Str(message.Blocks[1], "alt_text"));
    }

    [Fact]
    public void Render_UnknownElement_IsSkippedWithoutThrowing()
    {
        var message = Render(Card("""
            [{"type":"Media","sources":[]},{"type":"Future.Thing","text":"x"},{"text":"no type"},42,
             {"type":"TextBlock","text":"kept"}]
            """));

        Assert.Equal("kept", Str(Only(message)["text"], "text"));
    }

    [Fact]
    public void Render_Actions_BecomeButtonsWithStylesAndUrls()
    {
        var message = Render(Card(
            """[{"type":"TextBlock","text":"Hi"}]""",
            """
            [{"type":"Action.Submit","title":"Yes","style":"positive","data":{"a":1}},
             {"type":"Action.Execute","title":"Delete","style":"destructive","verb":"item.delete"},
             {"type":"Action.OpenUrl","title":"Docs","url":"https://x.test/docs"},
             {"type":"Action.ShowCard","title":"More","card":{"type":"AdaptiveCard"}},
             {"type":"Action.ToggleVisibility","title":"Toggle","targetElements":["x"]}]
            """));

        var buttons = Buttons(AllBlocks(message)).ToList();
        Assert.Equal(["Yes", "Delete", "Docs"], buttons.Select(b => Str(b["text"], "text")));
        Assert.Equal("primary", Str(buttons[0], "style"));
        Assert.Equal("danger", Str(buttons[1], "style"));
        Assert.Null(buttons[2]["style"]);
        Assert.Equal("https://x.test/docs", Str(buttons[2], "url"));
        Assert.Equal("""{"data":{"a":1}}""", Str(buttons[0], "value"));
        Assert.Equal("""{"verb":"item.delete"}""", Str(buttons[1], "value"));
        Assert.Null(message.Modal);
    }

    [Fact]
    public void Render_MoreThan25Actions_SplitIntoSeveralActionsBlocks()
    {
        var actions = string.Join(',', Enumerable.Range(1, 30).Select(i => $$"""{"type":"Action.Submit","title":"B{{i}}"}"""));
        var message = Render(Card($$"""[{"type":"ActionSet","actions":[{{actions}}]}]"""));

        Assert.Equal([25, 5], message.Blocks.Select(b => b!["elements"]!.AsArray().Count));
    }

    [Fact]
    public void Render_ButtonValueOver2000Chars_ThrowsNamingTheAction()
    {
        var big = new string('x', 2100);
        var card = JsonNode.Parse(Card("[]", $$$"""[{"type":"Action.Submit","title":"Send it","data":{"blob":"{{{big}}}"}}]"""))!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => BlockKitRenderer.Render(card));
        Assert.Contains("Send it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ChoiceValueOver150Chars_ThrowsNamingTheInput()
    {
        var big = new string('x', 151);
        var card = JsonNode.Parse(Card($$"""[{"type":"Input.ChoiceSet","id":"pick","choices":[{"title":"A","value":"{{big}}"}]}]"""))!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => BlockKitRenderer.Render(card));
        Assert.Contains("pick", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "compact", 3, "static_select")]
    [InlineData(false, null, 3, "static_select")]
    [InlineData(false, "expanded", 3, "radio_buttons")]
    [InlineData(false, "expanded", 11, "static_select")]
    [InlineData(true, "expanded", 3, "checkboxes")]
    [InlineData(true, "expanded", 11, "multi_static_select")]
    [InlineData(true, "compact", 3, "multi_static_select")]
    public void Render_ChoiceSet_PicksSlackElementByStyleAndCount(bool multi, string? style, int count, string expected)
    {
        var choices = string.Join(',', Enumerable.Range(1, count).Select(i => $$"""{"title":"C{{i}}","value":"c{{i}}"}"""));
        var styleJson = style is null ? string.Empty : $$""","style":"{{style}}" """;
        var message = Render(Card($$"""[{"type":"Input.ChoiceSet","id":"pick","isMultiSelect":{{(multi ? "true" : "false")}}{{styleJson}},"choices":[{{choices}}]}]"""));

        var element = ModalInput(message, "pick");
        Assert.Equal(expected, Str(element, "type"));
        Assert.Equal(count, element["options"]!.AsArray().Count);
    }

    [Fact]
    public void Render_ChoiceSetOver100Choices_KeepsFirst100WithLongTitlesCut()
    {
        var title = string.Join(' ', Enumerable.Repeat("long", 30));
        var choices = string.Join(',', Enumerable.Range(1, 120).Select(i => $$"""{"title":"{{title}}","value":"c{{i}}"}"""));
        var message = Render(Card($$"""[{"type":"Input.ChoiceSet","id":"pick","value":"c2","choices":[{{choices}}]}]"""));

        var element = ModalInput(message, "pick");
        Assert.Equal(100, element["options"]!.AsArray().Count);
        Assert.EndsWith("\u2026", Str(element["options"]![0]!["text"], "text"), StringComparison.Ordinal);
        Assert.Equal("c2", Str(element["initial_option"], "value"));
    }

    [Fact]
    public void Render_Inputs_MapAttributesToElements()
    {
        var message = Render(Card("""
            [{"type":"Input.Text","id":"t","label":"Your note","isMultiline":true,"placeholder":"Type","maxLength":9000,"value":"hi","isRequired":true},
             {"type":"Input.Number","id":"n","value":3,"min":1,"max":5},
             {"type":"Input.Date","id":"d","value":"2026-01-31"},
             {"type":"Input.Time","id":"h","value":"09:05"},
             {"type":"Input.Toggle","id":"on","title":"Agree","value":"true"}]
            """));

        var text = ModalInput(message, "t");
        Assert.Equal("plain_text_input", Str(text, "type"));
        Assert.True(text["multiline"]!.GetValue<bool>());
        Assert.Equal(3000, text["max_length"]!.GetValue<int>());
        Assert.Equal("hi", Str(text, "initial_value"));
        Assert.Equal("Type", Str(text["placeholder"], "text"));
        var textBlock = ModalBlock(message, "t");
        Assert.Equal("Your note", Str(textBlock["label"], "text"));
        Assert.False(textBlock["optional"]!.GetValue<bool>());
        Assert.False(textBlock["dispatch_action"]!.GetValue<bool>());

        var number = ModalInput(message, "n");
        Assert.Equal("number_input", Str(number, "type"));
        Assert.True(number["is_decimal_allowed"]!.GetValue<bool>());
        Assert.Equal(("3", "1", "5"), (Str(number, "initial_value"), Str(number, "min_value"), Str(number, "max_value")));
        Assert.True(ModalBlock(message, "n")["optional"]!.GetValue<bool>());
        Assert.Equal("n", Str(ModalBlock(message, "n")["label"], "text"));

        Assert.Equal("2026-01-31", Str(ModalInput(message, "d"), "initial_date"));
        Assert.Equal("09:05", Str(ModalInput(message, "h"), "initial_time"));

        var toggle = ModalInput(message, "on");
        Assert.Equal("checkboxes", Str(toggle, "type"));
        Assert.Equal("true", Str(Assert.Single(toggle["initial_options"]!.AsArray()), "value"));
        Assert.Equal("Agree", Str(toggle["options"]![0]!["text"], "text"));
    }

    [Fact]
    public void Render_CardWithInputs_PostsContentAndOpenButtonAndBuildsModal()
    {
        var message = Render(Card(
            """
            [{"type":"TextBlock","text":"A check-in that has a rather long title","weight":"bolder"},
             {"type":"Input.Text","id":"note"},
             {"type":"ActionSet","actions":[{"type":"Action.Submit","title":"Save draft","data":{"draft":true}}]}]
            """,
            """[{"type":"Action.Execute","title":"Send","verb":"form.send","data":{"k":"v"}}]"""));

        Assert.Equal(["header", "actions"], message.Blocks.Select(b => Str(b, "type")));
        var open = Assert.Single(Buttons(message.Blocks.Select(b => b!.AsObject())));
        Assert.Equal(BlockKitRenderer.OpenModalActionId, Str(open, "action_id"));
        Assert.Equal("Send", Str(open["text"], "text"));

        var modal = message.Modal!;
        Assert.Equal("A check-in that has a\u2026", Str(modal["title"], "text"));
        Assert.Equal("Send", Str(modal["submit"], "text"));
        Assert.Equal("Cancel", Str(modal["close"], "text"));
        Assert.Equal("""{"verb":"form.send","data":{"k":"v"}}""", Str(modal, "private_metadata"));
        Assert.Equal(["header", "input", "actions"], modal["blocks"]!.AsArray().Select(b => Str(b, "type")));
        // The submit action is the modal's own submit button, so only the other action stays in the body.
        Assert.Equal("Save draft", Str(Assert.Single(Buttons(modal["blocks"]!.AsArray().Select(b => b!.AsObject())))["text"], "text"));
    }

    [Fact]
    public void Render_CardWithInputsAndNoSubmit_ModalDefaultsTitleAndSubmit()
    {
        var message = Render(Card("""[{"type":"Input.Text","id":"note"}]"""));

        Assert.Equal("CohortBot", Str(message.Modal!["title"], "text"));
        Assert.Equal("Submit", Str(message.Modal["submit"], "text"));
        Assert.Equal("Open", Str(Assert.Single(Buttons(message.Blocks.Select(b => b!.AsObject())))["text"], "text"));
    }

    [Fact]
    public void Render_HiddenInputsOnly_RendersInlineWithoutModal()
    {
        var message = Render(Card("""[{"type":"TextBlock","text":"a"},{"type":"Input.Text","id":"x","isVisible":false}]"""));

        Assert.Null(message.Modal);
        Assert.Single(message.Blocks);
    }

    internal static JsonObject ModalBlock(BlockKitMessage message, string blockId) =>
        message.Modal!["blocks"]!.AsArray().Single(b => Str(b, "block_id") == blockId)!.AsObject();

    internal static JsonObject ModalInput(BlockKitMessage message, string blockId) => ModalBlock(message, blockId)["element"]!.AsObject();
}
