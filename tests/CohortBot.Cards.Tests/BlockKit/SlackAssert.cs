using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;

namespace CohortBot.Cards.Tests.BlockKit;

/// <summary>
/// Checks a rendering against Slack's published Block Kit limits (figures from Slack's reference, typed here rather than
/// read from <c>SlackLimits</c> so a wrong constant cannot hide itself), and simulates what Slack sends back.
/// </summary>
internal static class SlackAssert
{
    /// <summary>Renders the card and asserts every limit on the result.</summary>
    public static BlockKitMessage Render(string cardJson)
    {
        var message = BlockKitRenderer.Render(JsonNode.Parse(cardJson)!.AsObject());
        WithinLimits(message);
        return message;
    }

    public static void WithinLimits(BlockKitMessage message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message.Text), "the fallback text is empty");
        Assert.True(message.Text.Length <= 4000, $"fallback text of {message.Text.Length} characters");

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blocks in new[] { message.Blocks }.Concat(message.FollowUps))
        {
            Assert.InRange(blocks.Count, 1, 50);
            foreach (var block in blocks)
            {
                Assert.NotEqual("input", Str(block, "type")); // Slack messages cannot take input blocks
                Block(block!.AsObject(), blockIds, actionIds);
            }
        }

        if (message.Modal is not { } modal)
            return;

        Assert.Equal("modal", Str(modal, "type"));
        PlainText(modal["title"], 24, "modal title");
        PlainText(modal["submit"], 24, "modal submit");
        PlainText(modal["close"], 24, "modal close");
        Assert.True(Str(modal, "private_metadata")!.Length <= 3000, "private_metadata over 3000 characters");
        var modalBlocks = modal["blocks"]!.AsArray();
        Assert.InRange(modalBlocks.Count, 1, 100);
        var modalBlockIds = new HashSet<string>(StringComparer.Ordinal);
        var modalActionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in modalBlocks)
            Block(block!.AsObject(), modalBlockIds, modalActionIds);
    }

    private static void Block(JsonObject block, HashSet<string> blockIds, HashSet<string> actionIds)
    {
        if (Str(block, "block_id") is { } blockId)
            Id(blockId, blockIds, "block_id");

        switch (Str(block, "type"))
        {
            case "header":
                PlainText(block["text"], 150, "header");
                break;
            case "section":
                Assert.True(block["text"] is not null || block["fields"] is not null, "a section needs text or fields");
                if (block["text"] is { } text)
                    Text(text, 3000, "section text");
                if (block["fields"] is JsonArray fields)
                {
                    Assert.InRange(fields.Count, 1, 10);
                    foreach (var field in fields)
                        Text(field, 2000, "section field");
                }

                break;
            case "divider":
                break;
            case "image":
                NonEmpty(Str(block, "image_url"), 3000, "image_url");
                NonEmpty(Str(block, "alt_text"), 2000, "alt_text");
                break;
            case "actions":
                var elements = block["elements"]!.AsArray();
                Assert.InRange(elements.Count, 1, 25);
                foreach (var element in elements)
                    Element(element!.AsObject(), actionIds);
                break;
            case "input":
                PlainText(block["label"], 2000, "input label");
                Element(block["element"]!.AsObject(), actionIds);
                break;
            default:
                Assert.Fail($"unexpected block type {Str(block, "type")}");
                break;
        }
    }

    private static void Element(JsonObject element, HashSet<string> actionIds)
    {
        Id(Str(element, "action_id")!, actionIds, "action_id");
        if (element["placeholder"] is { } placeholder)
            PlainText(placeholder, 150, "placeholder");

        var type = Str(element, "type");
        switch (type)
        {
            case "button":
                PlainText(element["text"], 75, "button text");
                Assert.True(element["value"] is not null || element["url"] is not null, "a button needs a value or a url");
                if (Str(element, "value") is { } value)
                    NonEmpty(value, 2000, "button value");
                if (Str(element, "url") is { } url)
                    NonEmpty(url, 3000, "button url");
                break;
            case "static_select" or "multi_static_select" or "radio_buttons" or "checkboxes":
                var options = element["options"]!.AsArray();
                Assert.InRange(options.Count, 1, type is "radio_buttons" or "checkboxes" ? 10 : 100);
                var values = new HashSet<string>(StringComparer.Ordinal);
                foreach (var option in options)
                {
                    PlainText(option!["text"], 75, "option text");
                    var optionValue = Str(option, "value")!;
                    NonEmpty(optionValue, 150, "option value");
                    Assert.True(values.Add(optionValue), $"duplicate option value {optionValue}");
                }

                foreach (var initial in (element["initial_options"] as JsonArray ?? []).Append(element["initial_option"]).OfType<JsonNode>())
                    Assert.Contains(Str(initial, "value")!, values);
                break;
            case "plain_text_input":
                if (element["max_length"] is { } max)
                    Assert.InRange(max.GetValue<int>(), 1, 3000);
                break;
            case "number_input" or "datepicker" or "timepicker":
                break;
            default:
                Assert.Fail($"unexpected element type {type}");
                break;
        }
    }

    private static void Id(string id, HashSet<string> seen, string what)
    {
        NonEmpty(id, 255, what);
        Assert.True(seen.Add(id), $"duplicate {what} {id}");
    }

    private static void PlainText(JsonNode? node, int limit, string what)
    {
        Assert.Equal("plain_text", Str(node, "type"));
        NonEmpty(Str(node, "text"), limit, what);
    }

    private static void Text(JsonNode? node, int limit, string what)
    {
        Assert.Contains(Str(node, "type"), new[] { "plain_text", "mrkdwn" });
        NonEmpty(Str(node, "text"), limit, what);
    }

    private static void NonEmpty(string? text, int limit, string what)
    {
        Assert.False(string.IsNullOrWhiteSpace(text), $"{what} is empty");
        Assert.True(text.Length <= limit, $"{what} has {text.Length} characters, over Slack's {limit}");
    }

    public static string? Str(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Every block of a message and its follow-ups.</summary>
    public static IEnumerable<JsonObject> AllBlocks(BlockKitMessage message) =>
        new[] { message.Blocks }.Concat(message.FollowUps).SelectMany(b => b).Select(b => b!.AsObject());

    public static IEnumerable<JsonObject> Buttons(IEnumerable<JsonObject> blocks) =>
        blocks.Where(b => Str(b, "type") == "actions").SelectMany(b => b["elements"]!.AsArray()).Select(e => e!.AsObject());

    /// <summary>
    /// Builds the <c>view.state.values</c> Slack would send for <paramref name="modal"/>: each answer by action_id, and for an
    /// input the user left alone, its initial value or Slack's empty state. Options are answered by the text the user sees,
    /// and a multi-select reports them in the order the answer gives, as Slack reports them in its own order.
    /// </summary>
    public static JsonObject FillModal(JsonObject modal, IReadOnlyDictionary<string, string[]> answers)
    {
        var state = new JsonObject();
        foreach (var block in modal["blocks"]!.AsArray().Where(b => Str(b, "type") == "input"))
        {
            var element = block!["element"]!.AsObject();
            var actionId = Str(element, "action_id")!;
            var type = Str(element, "type")!;
            var answered = answers.TryGetValue(actionId, out var answer);
            var options = element["options"] as JsonArray ?? [];
            JsonNode? Pick(string text) => options.Single(o => Str(o!["text"], "text") == text)!.DeepClone();

            var filled = new JsonObject { ["type"] = type };
            switch (type)
            {
                case "plain_text_input" or "number_input":
                    filled["value"] = answered ? answer![0] : Str(element, "initial_value");
                    break;
                case "datepicker":
                    filled["selected_date"] = answered ? answer![0] : Str(element, "initial_date");
                    break;
                case "timepicker":
                    filled["selected_time"] = answered ? answer![0] : Str(element, "initial_time");
                    break;
                case "static_select" or "radio_buttons":
                    filled["selected_option"] = answered ? Pick(answer![0]) : element["initial_option"]?.DeepClone();
                    break;
                case "multi_static_select" or "checkboxes":
                    filled["selected_options"] = answered
                        ? new JsonArray([.. answer!.Select(Pick)])
                        : element["initial_options"]?.DeepClone() ?? new JsonArray();
                    break;
                default:
                    Assert.Fail($"no simulation for {type}");
                    break;
            }

            state[Str(block, "block_id")!] = new JsonObject { [actionId] = filled };
        }

        return state;
    }
}
