using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using static CohortBot.Cards.Tests.BlockKit.RenderTests;
using static CohortBot.Cards.Tests.BlockKit.SlackAssert;

namespace CohortBot.Cards.Tests.BlockKit;

public sealed class LimitTests
{
    [Fact]
    public void Render_5000CharTextBlock_IsCutAtWordBoundaryUnder3000WithEllipsis()
    {
        var text = string.Join(' ', Enumerable.Range(0, 715).Select(i => $"w{i:D5}"));
        Assert.InRange(text.Length, 5000, 5010);

        var section = Assert.Single(Render(Card($$"""[{"type":"TextBlock","text":"{{text}}"}]""")).Blocks)!;

        var cut = Str(section["text"], "text")!;
        Assert.True(cut.Length <= 3000, $"{cut.Length} characters");
        Assert.EndsWith("\u2026", cut, StringComparison.Ordinal);
        Assert.Equal(' ', text[cut.Length - 1]);
        Assert.StartsWith(cut[..^1], text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_120TextBlocks_SplitInto50And50And20()
    {
        var body = string.Join(',', Enumerable.Range(0, 120).Select(i => $$"""{"type":"TextBlock","text":"line {{i}}"}"""));

        var message = Render(Card($"[{body}]"));

        Assert.Equal(50, message.Blocks.Count);
        Assert.Equal([50, 20], message.FollowUps.Select(f => f.Count));
        Assert.Equal("line 100", Str(message.FollowUps[1][0]!["text"], "text"));
    }

    [Fact]
    public void Render_CardWithInputsAfterManyTexts_KeepsEveryInputInTheModalAndEveryTextInTheMessage()
    {
        var texts = string.Join(',', Enumerable.Range(0, 130).Select(i => $$"""{"type":"TextBlock","text":"line {{i}}"}"""));

        var message = Render(Card($$"""[{"type":"Input.Text","id":"first"},{{texts}},{"type":"Input.Text","id":"last"}]"""));

        var modal = message.Modal!["blocks"]!.AsArray();
        Assert.Equal(100, modal.Count);
        Assert.Equal(["first", "last"], modal.Where(b => Str(b, "type") == "input").Select(b => Str(b!["element"], "action_id")));
        Assert.Equal("line 97", Str(modal[^2]!["text"], "text")); // the first 98 texts, then the last input
        Assert.Equal(131, AllBlocks(message).Count()); // 130 texts and the open button
    }

    [Fact]
    public void Render_CardWithMoreInputsThanAModalHolds_ThrowsNamingTheCard()
    {
        var inputs = string.Join(',', Enumerable.Range(0, 101).Select(i => $$"""{"type":"Input.Text","id":"q{{i}}"}"""));
        var card = JsonNode.Parse(Card($$"""[{"type":"TextBlock","text":"Long survey"},{{inputs}}]"""))!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => BlockKitRenderer.Render(card));

        Assert.Contains("'Long survey'", error.Message, StringComparison.Ordinal);
        Assert.Contains("101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CardWithExactly100Inputs_FillsTheModalWithThem()
    {
        var inputs = string.Join(',', Enumerable.Range(0, 100).Select(i => $$"""{"type":"Input.Text","id":"q{{i}}"}"""));

        var message = Render(Card($$"""[{"type":"TextBlock","text":"Long survey"},{{inputs}}]"""));

        Assert.All(message.Modal!["blocks"]!.AsArray(), b => Assert.Equal("input", Str(b, "type")));
        Assert.Equal("Long survey", Str(message.Blocks[0]!["text"], "text"));
    }

    [Fact]
    public void Render_DuplicateIds_AreMadeUnique()
    {
        var message = Render(Card(
            """
            [{"type":"TextBlock","id":"x","text":"a"},{"type":"TextBlock","id":"x","text":"b"},
             {"type":"ActionSet","id":"x","actions":[{"type":"Action.Submit","id":"go","title":"1"},{"type":"Action.Submit","id":"go","title":"2"}]}]
            """,
            """[{"type":"Action.Submit","id":"go","title":"3"},{"type":"Action.Submit","title":"4"},{"type":"Action.Submit","title":"5"}]"""));

        Assert.Equal(["x", "x_2", "x_3"], AllBlocks(message).Select(b => Str(b, "block_id")).OfType<string>());
        Assert.Equal(["go", "go_2", "go_3", "action", "action_2"], Buttons(AllBlocks(message)).Select(b => Str(b, "action_id")));
    }

    [Fact]
    public void Render_OverlongIds_AreCutTo255AndStayUnique()
    {
        var id = new string('i', 400);

        var message = Render(Card(
            $$"""[{"type":"TextBlock","id":"{{id}}","text":"a"},{"type":"TextBlock","id":"{{id}}","text":"b"}]""",
            $$"""[{"type":"Action.Submit","id":"{{id}}","title":"1"},{"type":"Action.Submit","id":"{{id}}","title":"2"}]"""));

        var ids = AllBlocks(message).Select(b => Str(b, "block_id")).OfType<string>()
            .Concat(Buttons(AllBlocks(message)).Select(b => Str(b, "action_id")!)).ToList();
        Assert.Equal(4, ids.Count);
        Assert.All(ids, i => Assert.InRange(i.Length, 1, 255));
    }

    [Fact]
    public void Render_LongTitles_AreCutForHeaderButtonAndModal()
    {
        var words = string.Join(' ', Enumerable.Repeat("lengthy", 30));

        var message = Render(Card(
            $$"""[{"type":"TextBlock","text":"{{words}}","size":"large"},{"type":"Input.Text","id":"a","label":"{{words}}"}]""",
            $$"""[{"type":"Action.Submit","title":"{{words}}"}]"""));

        Assert.Equal("section", Str(message.Blocks[0], "type")); // over 150 characters, so not a header
        Assert.EndsWith("\u2026", Str(message.Modal!["title"], "text"), StringComparison.Ordinal);
        Assert.EndsWith("\u2026", Str(message.Modal["submit"], "text"), StringComparison.Ordinal);
        Assert.EndsWith("\u2026", Str(Buttons(message.Blocks.Select(b => b!.AsObject())).Single()["text"], "text"), StringComparison.Ordinal);
    }

    [Fact]
    public void WithinLimits_RejectsAnOverlongHeader()
    {
        var header = new JsonObject
        {
            ["type"] = "header",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = new string('x', 151) },
        };
        var message = new BlockKitMessage("text", [header], [], null);

        Assert.ThrowsAny<Exception>(() => WithinLimits(message));
    }
}

public sealed class SlackAssertTests
{
    private static JsonObject Section(string text, string? id = null)
    {
        var block = new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };
        if (id is not null)
            block["block_id"] = id;
        return block;
    }

    public static TheoryData<string> BrokenMessages() =>
    [
        "too many blocks",
        "duplicate block id",
        "long block id",
        "input in message",
        "long section",
        "empty fallback",
    ];

    [Theory]
    [MemberData(nameof(BrokenMessages))]
    public void WithinLimits_RejectsBrokenMessage(string broken)
    {
        var message = broken switch
        {
            "too many blocks" => new BlockKitMessage("t", [.. Enumerable.Range(0, 51).Select(_ => Section("x"))], [], null),
            "duplicate block id" => new BlockKitMessage("t", [Section("a", "x")], [new JsonArray(Section("b", "x"))], null),
            "long block id" => new BlockKitMessage("t", [Section("a", new string('i', 256))], [], null),
            "input in message" => new BlockKitMessage("t", [new JsonObject { ["type"] = "input" }], [], null),
            "long section" => new BlockKitMessage("t", [Section(new string('x', 3001))], [], null),
            _ => new BlockKitMessage(" ", [Section("a")], [], null),
        };

        Assert.ThrowsAny<Exception>(() => SlackAssert.WithinLimits(message));
    }
}
