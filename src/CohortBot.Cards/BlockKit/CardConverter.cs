using System.Globalization;
using System.Text.Json.Nodes;
using static CohortBot.Cards.BlockKit.CardJson;

namespace CohortBot.Cards.BlockKit;

/// <summary>One rendering of one card; holds the id registries so ids are unique across the message, follow-ups and modal.</summary>
internal sealed class CardConverter
{
    private const string DefaultTitle = "CohortBot";

    private readonly IdRegistry blockIds = new();
    private readonly IdRegistry actionIds = new();
    private readonly List<Rendered> rendered = [];
    private readonly List<string> texts = [];
    private readonly JsonObject toggles = [];
    private string? title;
    private string? heading;
    private JsonObject? modalSubmit;

    private enum Kind
    {
        Content,
        Input,
        Actions,
    }

    public BlockKitMessage Convert(JsonObject card)
    {
        actionIds.Claim(BlockKitRenderer.OpenModalActionId);
        var hasInputs = ContainsInput(card["body"]);
        if (hasInputs)
            modalSubmit = FindSubmit(card["actions"]) ?? FindSubmit(card["body"]);

        Walk(card["body"] as JsonArray);
        AddActions(card["actions"] as JsonArray, null);

        var fallback = Str(card, "fallbackText");
        var text = SlackText.Cut(
            string.IsNullOrWhiteSpace(fallback) ? string.Join('\n', texts) : fallback,
            SlackLimits.FallbackText,
            mrkdwn: true);
        if (string.IsNullOrWhiteSpace(text))
            text = title ?? DefaultTitle;

        if (!hasInputs)
        {
            var (first, rest) = Chunk(rendered.Select(r => r.Block));
            return new BlockKitMessage(text, first, rest, null);
        }

        var openTitle = Str(modalSubmit, "title");
        var open = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(SlackText.Cut(string.IsNullOrWhiteSpace(openTitle) ? "Open" : openTitle, SlackLimits.ButtonText)),
            ["action_id"] = BlockKitRenderer.OpenModalActionId,
            ["value"] = new JsonObject { ["modal"] = true }.ToJsonString(),
            ["style"] = "primary",
        };
        var messageBlocks = rendered.Where(r => r.Kind == Kind.Content).Select(r => (JsonObject)r.Block.DeepClone())
            .Append(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(open) });
        var (blocks, followUps) = Chunk(messageBlocks);
        return new BlockKitMessage(text, blocks, followUps, Modal());
    }

    private JsonObject Modal()
    {
        var metadata = modalSubmit is null ? new JsonObject() : Payload(modalSubmit);
        if (toggles.Count > 0)
            metadata["toggles"] = toggles.DeepClone();
        var json = metadata.ToJsonString();
        if (json.Length > SlackLimits.PrivateMetadata)
        {
            throw new InvalidOperationException(Invariant(
                $"The submit action '{Str(modalSubmit, "title") ?? Str(modalSubmit, "id")}' carries {json.Length} characters of data; a Slack modal's private_metadata holds at most {SlackLimits.PrivateMetadata}."));
        }

        var submitTitle = Str(modalSubmit, "title");
        return new JsonObject
        {
            ["type"] = "modal",
            ["title"] = PlainText(SlackText.Cut(SlackText.Escape(ModalTitle), SlackLimits.ModalText, mrkdwn: true)),
            ["submit"] = PlainText(SlackText.Cut(string.IsNullOrWhiteSpace(submitTitle) ? "Submit" : submitTitle, SlackLimits.ModalText)),
            ["close"] = PlainText("Cancel"),
            ["private_metadata"] = json,
            ["blocks"] = new JsonArray([.. ModalBlocks().Select(r => r.Block.DeepClone())]),
        };
    }

    /// <summary>
    /// Every input and button, and as much of the content as fits Slack's limit, in the card's order. Content left out
    /// is not lost: the message that opens the modal shows all of it. Inputs and buttons have nowhere else to go.
    /// </summary>
    private IEnumerable<Rendered> ModalBlocks()
    {
        var interactive = rendered.Count(r => r.Kind != Kind.Content);
        if (interactive > SlackLimits.ModalBlocks)
        {
            throw new InvalidOperationException(Invariant(
                $"The card '{ModalTitle}' has {interactive} inputs and button rows; a Slack modal holds at most {SlackLimits.ModalBlocks} blocks. Split the card."));
        }

        var contentRoom = SlackLimits.ModalBlocks - interactive;
        foreach (var block in rendered)
        {
            if (block.Kind != Kind.Content || contentRoom-- > 0)
                yield return block;
        }
    }

    /// <summary>
    /// The card's heading (its first large, bold or heading-style text) rather than its first text, which may be a notice
    /// above the heading such as a reminder; the first text when nothing stands out.
    /// </summary>
    private string ModalTitle => heading ?? title ?? DefaultTitle;

    private static (JsonArray First, IReadOnlyList<JsonArray> Others) Chunk(IEnumerable<JsonObject> blocks)
    {
        var chunks = blocks.Chunk(SlackLimits.MessageBlocks).Select(c => new JsonArray([.. c])).ToList();
        return chunks.Count == 0 ? ([], []) : (chunks[0], chunks.Skip(1).ToList());
    }

    private static bool ContainsInput(JsonNode? node) => node switch
    {
        JsonObject o when Bool(o, "isVisible") == false => false,
        JsonObject o when Str(o, "type") is { } type && type.StartsWith("Input.", StringComparison.OrdinalIgnoreCase) => true,
        JsonObject o => o.Where(p => p.Key is "items" or "columns" or "body").Any(p => ContainsInput(p.Value)),
        JsonArray a => a.Any(ContainsInput),
        _ => false,
    };

    private static JsonObject? FindSubmit(JsonNode? node) => node switch
    {
        JsonObject o when IsSubmit(o) => o,
        JsonObject o => o.Where(p => p.Key is "items" or "columns" or "actions")
            .Select(p => FindSubmit(p.Value)).FirstOrDefault(s => s is not null),
        JsonArray a => a.Select(FindSubmit).FirstOrDefault(s => s is not null),
        _ => null,
    };

    private static bool IsSubmit(JsonObject action) =>
        Is(Str(action, "type"), "Action.Submit") || Is(Str(action, "type"), "Action.Execute");

    private void Walk(JsonArray? elements)
    {
        foreach (var element in (elements ?? []).OfType<JsonObject>())
        {
            if (Bool(element, "isVisible") == false)
                continue;
            if (Bool(element, "separator") == true)
                AddDivider();

            switch (Str(element, "type"))
            {
                case var t when Is(t, "TextBlock"):
                    AddTextBlock(element);
                    break;
                case var t when Is(t, "RichTextBlock"):
                    AddRichTextBlock(element);
                    break;
                case var t when Is(t, "FactSet"):
                    AddFactSet(element);
                    break;
                case var t when Is(t, "Container"):
                    Walk(element["items"] as JsonArray);
                    break;
                case var t when Is(t, "ColumnSet"):
                    foreach (var column in (element["columns"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if (Bool(column, "isVisible") == false)
                            continue;
                        if (Bool(column, "separator") == true)
                            AddDivider();
                        Walk(column["items"] as JsonArray);
                    }

                    break;
                case var t when Is(t, "Image"):
                    AddImage(element);
                    break;
                case var t when Is(t, "ImageSet"):
                    foreach (var image in (element["images"] as JsonArray ?? []).OfType<JsonObject>())
                        AddImage(image);
                    break;
                case var t when Is(t, "ActionSet"):
                    AddActions(element["actions"] as JsonArray, Str(element, "id"));
                    break;
                case var t when t is not null && t.StartsWith("Input.", StringComparison.OrdinalIgnoreCase):
                    AddInput(element, t["Input.".Length..]);
                    break;
                default:
                    break;
            }
        }
    }

    private void Add(JsonObject block, Kind kind, string? id = null)
    {
        // Without a card id, Slack generates the block_id itself; only card ids need to be kept unique.
        if (!string.IsNullOrEmpty(id))
            block["block_id"] = blockIds.Claim(id);

        rendered.Add(new Rendered(block, kind));
    }

    private void AddDivider()
    {
        // A divider at the very top or doubled adds nothing a reader can see.
        if (rendered.Count > 0 && Str(rendered[^1].Block, "type") != "divider")
            Add(new JsonObject { ["type"] = "divider" }, Kind.Content);
    }

    private void AddTextBlock(JsonObject element)
    {
        var text = Str(element, "text");
        if (string.IsNullOrWhiteSpace(text))
            return;

        var plain = SlackText.ToPlainText(text);
        title ??= plain;
        var mrkdwn = SlackText.ToMrkdwn(text);
        texts.Add(mrkdwn);

        // Slack decodes &amp; &lt; &gt; in every text object, plain_text too: escape the plain text once, never the mrkdwn.
        var header = SlackText.Escape(plain);
        var prominent = Is(Str(element, "size"), "large") || Is(Str(element, "size"), "extraLarge")
            || Is(Str(element, "weight"), "bolder") || Is(Str(element, "style"), "heading");
        if (prominent)
            heading ??= plain;
        if (prominent && header.Length is > 0 and <= SlackLimits.HeaderText && SlackText.SuitsHeader(text))
        {
            Add(new JsonObject { ["type"] = "header", ["text"] = PlainText(header) }, Kind.Content, Str(element, "id"));
            return;
        }

        AddSection(mrkdwn, Str(element, "id"));
    }

    private void AddSection(string mrkdwn, string? id) => Add(
        new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackText.Cut(mrkdwn, SlackLimits.SectionText, mrkdwn: true) },
        },
        Kind.Content,
        id);

    private void AddRichTextBlock(JsonObject element)
    {
        var text = string.Concat((element["inlines"] as JsonArray ?? []).Select(Inline));
        if (string.IsNullOrWhiteSpace(text))
            return;
        texts.Add(text);
        AddSection(text, Str(element, "id"));

        static string Inline(JsonNode? inline)
        {
            if (inline is not JsonObject run)
                return SlackText.Escape(AsString(inline) ?? string.Empty);
            if (!Is(Str(run, "type"), "TextRun"))
                return string.Empty;

            var raw = Str(run, "text") ?? string.Empty;
            var core = raw.Trim();
            if (core.Length == 0)
                return raw;

            // Slack only honours a marker that touches a non-space character, so spaces stay outside the markers.
            var marked = SlackText.Escape(core);
            if (Is(Str(run, "weight"), "bolder"))
                marked = $"*{marked}*";
            if (Bool(run, "italic") == true)
                marked = $"_{marked}_";
            if (Bool(run, "strikethrough") == true)
                marked = $"~{marked}~";
            var start = raw.IndexOf(core, StringComparison.Ordinal);
            return raw[..start] + marked + raw[(start + core.Length)..];
        }
    }

    private void AddFactSet(JsonObject element)
    {
        var fields = (element["facts"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(f => (Title: Str(f, "title") ?? string.Empty, Value: Str(f, "value") ?? string.Empty))
            .Where(f => f.Title.Length > 0 || f.Value.Length > 0)
            .Select(f =>
            {
                texts.Add(Invariant($"{f.Title}: {f.Value}"));
                var field = f.Title.Length == 0
                    ? SlackText.ToMrkdwn(f.Value)
                    : Invariant($"*{SlackText.Escape(f.Title)}*\n{SlackText.ToMrkdwn(f.Value)}");
                return (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackText.Cut(field, SlackLimits.FieldText, mrkdwn: true) };
            })
            .ToList();

        var id = Str(element, "id");
        foreach (var chunk in fields.Chunk(SlackLimits.SectionFields))
            Add(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray(chunk) }, Kind.Content, id);
    }

    private void AddImage(JsonObject element)
    {
        var url = Str(element, "url");
        // Slack fetches the image itself, so data: URIs and relative paths cannot be shown.
        if (url is null || url.Length > SlackLimits.Url
            || !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var alt = Str(element, "altText");
        Add(
            new JsonObject
            {
                ["type"] = "image",
                ["image_url"] = url,
                ["alt_text"] = SlackText.Cut(string.IsNullOrWhiteSpace(alt) ? "image" : alt, SlackLimits.AltText),
            },
            Kind.Content,
            Str(element, "id"));
    }

    private void AddActions(JsonArray? actions, string? id)
    {
        var buttons = (actions ?? []).OfType<JsonObject>()
            .Where(a => !ReferenceEquals(a, modalSubmit))
            .Select(Button)
            .OfType<JsonObject>()
            .ToList();
        foreach (var chunk in buttons.Chunk(SlackLimits.ActionsElements))
            Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(chunk) }, Kind.Actions, id);
    }

    private JsonObject? Button(JsonObject action)
    {
        var type = Str(action, "type");
        var isUrl = Is(type, "Action.OpenUrl");
        if (!isUrl && !IsSubmit(action))
            return null;

        var title = Str(action, "title");
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(SlackText.Cut(string.IsNullOrWhiteSpace(title) ? (isUrl ? "Open" : "Submit") : title, SlackLimits.ButtonText)),
        };

        if (isUrl)
        {
            var url = Str(action, "url");
            if (string.IsNullOrEmpty(url) || url.Length > SlackLimits.Url)
                return null;
            button["url"] = url;
        }
        else
        {
            var value = Payload(action).ToJsonString();
            if (value.Length > SlackLimits.ButtonValue)
            {
                throw new InvalidOperationException(Invariant(
                    $"Action '{title ?? Str(action, "id")}' carries {value.Length} characters of data; a Slack button's value holds at most {SlackLimits.ButtonValue}."));
            }

            button["value"] = value;
        }

        button["action_id"] = actionIds.Claim(Str(action, "id") ?? "action");
        switch (Str(action, "style"))
        {
            case var s when Is(s, "positive"):
                button["style"] = "primary";
                break;
            case var s when Is(s, "destructive"):
                button["style"] = "danger";
                break;
            default:
                break;
        }

        return button;
    }

    /// <summary>The <c>{"verb":…,"data":{…}}</c> an action's button carries back; see <see cref="BlockKitInputs.ToData"/>.</summary>
    private static JsonObject Payload(JsonObject action)
    {
        var payload = new JsonObject();
        if (Is(Str(action, "type"), "Action.Execute") && Str(action, "verb") is { } verb)
            payload["verb"] = verb;
        if (action["data"] is { } data)
            payload["data"] = data.DeepClone();
        return payload;
    }

    private void AddInput(JsonObject input, string kind)
    {
        var id = Str(input, "id");
        if (string.IsNullOrEmpty(id))
            return; // Teams drops an input without an id from the data, so there is nothing to send back.

        var actionId = actionIds.Claim(id);
        var element = InputElement(input, kind, actionId, id);
        if (element is null)
            return;
        element["action_id"] = actionId;

        var label = Str(input, "label");
        Add(
            new JsonObject
            {
                ["type"] = "input",
                ["label"] = PlainText(SlackText.Cut(string.IsNullOrWhiteSpace(label) ? id : label, SlackLimits.Label)),
                ["element"] = element,
                ["optional"] = Bool(input, "isRequired") != true,
                ["dispatch_action"] = false,
            },
            Kind.Input,
            id);
    }

    private JsonObject? InputElement(JsonObject input, string kind, string actionId, string id)
    {
        var value = Str(input, "value");
        var placeholder = Str(input, "placeholder");
        JsonObject element;
        switch (kind)
        {
            case var k when Is(k, "Text"):
                element = new JsonObject { ["type"] = "plain_text_input", ["multiline"] = Bool(input, "isMultiline") == true };
                if (int.TryParse(Str(input, "maxLength"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && max > 0)
                    element["max_length"] = Math.Min(max, SlackLimits.TextInputLength);
                if (!string.IsNullOrEmpty(value))
                    element["initial_value"] = value;
                break;
            case var k when Is(k, "Number"):
                element = new JsonObject { ["type"] = "number_input", ["is_decimal_allowed"] = true };
                if (!string.IsNullOrEmpty(value))
                    element["initial_value"] = value;
                if (Str(input, "min") is { } min)
                    element["min_value"] = min;
                if (Str(input, "max") is { } maxValue)
                    element["max_value"] = maxValue;
                break;
            case var k when Is(k, "Date"):
                element = new JsonObject { ["type"] = "datepicker" };
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    element["initial_date"] = value;
                break;
            case var k when Is(k, "Time"):
                element = new JsonObject { ["type"] = "timepicker" };
                if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    element["initial_time"] = value;
                break;
            case var k when Is(k, "Toggle"):
                var on = Str(input, "valueOn") ?? "true";
                toggles[actionId] = Str(input, "valueOff") ?? "false";
                var option = Option(Str(input, "title") ?? Str(input, "label") ?? id, on, id);
                element = new JsonObject { ["type"] = "checkboxes", ["options"] = new JsonArray(option) };
                if (value == on)
                    element["initial_options"] = new JsonArray(option.DeepClone());
                return element; // checkboxes take no placeholder
            case var k when Is(k, "ChoiceSet"):
                return ChoiceSet(input, value, placeholder, id);
            default:
                return null;
        }

        if (!string.IsNullOrEmpty(placeholder))
            element["placeholder"] = PlainText(SlackText.Cut(placeholder, SlackLimits.Placeholder));
        return element;
    }

    private static JsonObject ChoiceSet(JsonObject input, string? value, string? placeholder, string id)
    {
        var choices = (input["choices"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (Title: Str(c, "title"), Value: Str(c, "value")))
            .Where(c => c.Value is not null)
            .ToList();
        var multi = Bool(input, "isMultiSelect") == true;

        JsonObject element;
        if (choices.Count == 0)
        {
            // Dynamic (Data.Query) choices have no Block Kit counterpart here; free text still lets the user answer.
            element = new JsonObject { ["type"] = "plain_text_input" };
            if (!string.IsNullOrEmpty(value))
                element["initial_value"] = value;
        }
        else
        {
            var buttons = Is(Str(input, "style"), "expanded") && choices.Count <= SlackLimits.ButtonGroupOptions;
            var type = (multi, buttons) switch
            {
                (true, true) => "checkboxes",
                (true, false) => "multi_static_select",
                (false, true) => "radio_buttons",
                (false, false) => "static_select",
            };
            var kept = choices.Take(SlackLimits.SelectOptions)
                .Select((c, i) => (c.Value, Option: Option(
                    string.IsNullOrWhiteSpace(c.Title) ? c.Value! : c.Title,
                    multi ? BlockKitInputs.PositionedValue(i, c.Value!) : c.Value!,
                    id)))
                .ToList();
            element = new JsonObject { ["type"] = type, ["options"] = new JsonArray([.. kept.Select(k => k.Option)]) };

            var initial = multi ? (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries) : [value ?? string.Empty];
            var selected = kept.Where(k => initial.Contains(k.Value)).Select(k => k.Option.DeepClone()).ToList();
            if (selected.Count > 0)
            {
                if (multi)
                    element["initial_options"] = new JsonArray([.. selected]);
                else
                    element["initial_option"] = selected[0];
            }

            if (buttons)
                return element; // radio buttons and checkboxes take no placeholder
        }

        if (!string.IsNullOrEmpty(placeholder))
            element["placeholder"] = PlainText(SlackText.Cut(placeholder, SlackLimits.Placeholder));
        return element;
    }

    private static JsonObject Option(string text, string value, string inputId)
    {
        // The value comes back as the input's data; cutting it would send Teams-incompatible data, so refuse instead.
        if (value.Length > SlackLimits.OptionValue)
        {
            throw new InvalidOperationException(Invariant(
                $"Input '{inputId}' has a choice value of {value.Length} characters as a Slack option value (a multi-select's carries the choice's position too); Slack holds at most {SlackLimits.OptionValue}."));
        }

        return new JsonObject { ["text"] = PlainText(SlackText.Cut(text, SlackLimits.OptionText)), ["value"] = value };
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private sealed record Rendered(JsonObject Block, Kind Kind);
}
