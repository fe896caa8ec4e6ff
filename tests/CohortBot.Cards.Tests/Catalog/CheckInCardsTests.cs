using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using CohortBot.Cards.Catalog;
using CohortBot.Cards.Tests.BlockKit;
using CohortBot.Cards.Tests.Templating;

namespace CohortBot.Cards.Tests.Catalog;

/// The check-in feature's cards (checkin, checkin-done, round-summary, support-request, support-form) with the data the app
/// sends them: every variant of that data expands fully, the same as in the official engine, parses in the official parser,
/// and renders to Block Kit within Slack's limits; and what comes back from Slack is the data Teams would send.
public sealed class CheckInCardsTests
{
    private static readonly CardCatalog Catalog = CardCatalog.Load(CardCatalogTests.CardsDirectory);

    public static TheoryData<string> Cards => ["checkin", "checkin-done", "round-summary", "support-request", "support-form"];

    /// Each card's sample, and the sample changed the ways the app's data changes (optional fields absent, flags flipped,
    /// answers and errors filled in), by name.
    private static IEnumerable<(string Card, string Variant, JsonObject Data)> Variants()
    {
        foreach (var name in Cards)
            yield return (name, "sample", Sample(name));

        yield return ("checkin", "reminder, no coach, no last plan", Sample("checkin", d =>
        {
            d["reminder"] = true;
            d.Remove("coach");
            d.Remove("lastPlan");
        }));
        yield return ("checkin", "editing with errors", Editing());
        yield return ("checkin", "no first name", Sample("checkin", d => d.Remove("firstName")));
        yield return ("checkin-done", "cannot edit, never edited", Sample("checkin-done", d =>
        {
            d["canEdit"] = false;
            d.Remove("editedText");
        }));
        yield return ("checkin-done", "one 3000-character answer", Sample("checkin-done", d =>
            d["answers"] = new JsonArray(new JsonObject { ["prompt"] = "A win to share", ["answer"] = Words(3000) })));
        yield return ("round-summary", "shared, last page", Shared());
        yield return ("round-summary", "private, nobody pending, one page", Sample("round-summary", d =>
        {
            d["pending"] = new JsonArray();
            d["hasMore"] = false;
            d.Remove("pageText");
            d.Remove("nextPage");
        }));
        yield return ("round-summary", "largest page", LargestSummary());
        yield return ("support-request", "no site, challenge or round", Sample("support-request", d =>
        {
            d.Remove("site");
            d.Remove("challenge");
            d.Remove("roundText");
        }));
        yield return ("support-request", "reply sent empty", Sample("support-request", d => d["error"] = "Write your reply first."));
        yield return ("support-form", "no coach", new JsonObject());
        yield return ("support-form", "error, with what was typed", new JsonObject
        {
            ["coach"] = "Adele Vance",
            ["error"] = "Tell your coach what you would like help with.",
            ["challenge"] = "  ",
        });
    }

    [Fact]
    public void EveryVariant_ExpandsFullyAndAsTheOfficialEngineDoes()
    {
        var variants = Variants().ToList();
        var official = OfficialEngine.ExpandAll(variants.Select(v => ((JsonNode?)Template(v.Card), (JsonNode?)v.Data)));

        var problems = new List<string>();
        foreach (var ((card, variant, data), reference) in variants.Zip(official))
        {
            var ours = Catalog.Expand(card, data);
            if (ours.Unresolved.Count > 0)
                problems.Add($"{card} ({variant}): unresolved {string.Join(", ", ours.Unresolved)}");
            if (ours.Card!.ToJsonString().Contains("${", StringComparison.Ordinal))
                problems.Add($"{card} ({variant}): still holds ${{");
            if (!JsonAssert.AreEqual(reference["output"], ours.Card))
                problems.Add($"{card} ({variant}): differs from the official engine\n  official: {reference.ToJsonString()}\n  ours:     {ours.Card.ToJsonString()}");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryVariant_ParsesInTheOfficialParserWithoutEvents()
    {
        var variants = Variants().ToList();
        var cards = new JsonArray([.. variants.Select(v => Expand(v.Card, v.Data))]);

        var results = OfficialEngine.Run("parse.js", "adaptivecards", cards).AsArray();

        var problems = variants.Zip(results).SelectMany(p => p.Second!["error"] is { } error
                ? [$"{p.First.Card} ({p.First.Variant}): the parser threw: {error}"]
                : p.Second["events"]!.AsArray().Select(e => $"{p.First.Card} ({p.First.Variant}): {e!["phase"]} {e["event"]}: {e["message"]}"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryVariant_IsUnder28KBAndRendersToBlockKitWithinSlacksLimits()
    {
        foreach (var (card, variant, data) in Variants())
        {
            var expanded = Expand(card, data);
            var size = Encoding.UTF8.GetByteCount(expanded.ToJsonString());
            Assert.True(size < 28 * 1024, $"{card} ({variant}) is {size} bytes");

            var message = BlockKitRenderer.Render(expanded);
            SlackAssert.WithinLimits(message);
            Assert.True(message.FollowUps.Count == 0, $"{card} ({variant}) needs {message.FollowUps.Count} follow-up messages");
        }
    }

    // --- checkin ---

    [Fact]
    public void CheckIn_Sample_HasTheHeaderClosingCoachAndLastPlanBeforeTheQuestions()
    {
        var card = Expand("checkin", Sample("checkin"));

        var texts = Texts(card).ToList();
        Assert.Equal("Check-in 3", texts[0]);
        Assert.Equal("Blended Learning Cohort 2026", texts[1]);
        Assert.Contains("Closes Sunday, December 6 at 3:30 PM", texts);
        Assert.Contains("Your coach: Adele Vance", texts);
        Assert.Contains("Last time you planned: Try station rotation with three groups", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("Reminder", StringComparison.Ordinal));

        var order = Descendants(card).OfType<JsonObject>().Select(o => (string?)o["id"] ?? RichText(o)).OfType<string>().ToList();
        Assert.True(
            order.FindIndex(t => t.StartsWith("Last time you planned", StringComparison.Ordinal)) < order.IndexOf("followedThrough"),
            "the last plan comes before the questions");
    }

    [Fact]
    public void CheckIn_WithoutLastPlanOrCoach_ShowsNeither()
    {
        var card = Expand("checkin", Sample("checkin", d =>
        {
            d.Remove("lastPlan");
            d.Remove("coach");
        }));

        Assert.DoesNotContain(Texts(card), t => t.StartsWith("Last time", StringComparison.Ordinal) || t.StartsWith("Your coach", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckIn_LastPlan_ShowsInSlackToo()
    {
        var message = BlockKitRenderer.Render(Expand("checkin", Sample("checkin")));

        Assert.Contains(
            "*Last time you planned:* Try station rotation with three groups",
            SlackAssert.AllBlocks(message).Select(b => SlackAssert.Str(b["text"], "text")));
    }

    [Fact]
    public void CheckIn_Reminder_IsTheFirstLineAndTheSlackModalKeepsTheHeaderAsTitle()
    {
        var card = Expand("checkin", Sample("checkin", d => d["reminder"] = true));

        Assert.Equal("Reminder: this check-in closes Sunday, December 6 at 3:30 PM.", Texts(card).First());
        var message = BlockKitRenderer.Render(card);
        Assert.Equal("Check-in 3", SlackAssert.Str(message.Modal!["title"], "text"));
        Assert.Equal("Reminder: this check-in closes Sunday, December 6 at 3:30 PM.", SlackAssert.Str(message.Blocks[0]!["text"], "text"));
    }

    [Fact]
    public void CheckIn_EachKind_BecomesItsInput()
    {
        var card = Expand("checkin", Sample("checkin"));
        var inputs = Inputs(card).ToDictionary(i => (string)i["id"]!);

        Assert.Equal(["followedThrough", "progress", "models", "win", "nextStep", "coachSupport", "challenge"], Inputs(card).Select(i => (string?)i["id"]));
        foreach (var id in new[] { "followedThrough", "progress", "coachSupport" })
        {
            Assert.Equal("Input.ChoiceSet", (string?)inputs[id]["type"]);
            Assert.Equal("compact", (string?)inputs[id]["style"]);
            Assert.Null(inputs[id]["isMultiSelect"]);
        }

        Assert.Equal(["1", "2", "3", "4", "5"], inputs["progress"]["choices"]!.AsArray().Select(c => (string?)c!["value"]));
        Assert.Equal(["yes", "no"], inputs["coachSupport"]["choices"]!.AsArray().Select(c => (string?)c!["value"]));
        Assert.Equal("Input.ChoiceSet", (string?)inputs["models"]["type"]);
        Assert.True((bool)inputs["models"]["isMultiSelect"]!);
        Assert.Equal("expanded", (string?)inputs["models"]["style"]);
        foreach (var id in new[] { "win", "nextStep", "challenge" })
        {
            Assert.Equal("Input.Text", (string?)inputs[id]["type"]);
            Assert.True((bool)inputs[id]["isMultiline"]!);
            Assert.Equal(3000d, (double)inputs[id]["maxLength"]!);
        }

        Assert.Equal("Which blended models did you use?", (string?)inputs["models"]["label"]);
        Assert.True((bool)inputs["nextStep"]["isRequired"]!);
        Assert.False((bool)inputs["win"]["isRequired"]!);
        Assert.All(inputs.Values, i => Assert.Equal("Please answer this question.", (string?)i["errorMessage"]));
        Assert.All(inputs.Values, i => Assert.Equal(string.Empty, (string?)i["value"]));
    }

    [Fact]
    public void CheckIn_SubmitAction_IsExecuteWithVerbAndRoundIdAndASubmitFallbackWithTheSameData()
    {
        var action = Assert.Single(Expand("checkin", Sample("checkin"))["actions"]!.AsArray())!;

        Assert.Equal("Action.Execute", (string?)action["type"]);
        Assert.Equal("Send my check-in", (string?)action["title"]);
        Assert.Equal("checkin.submit", (string?)action["verb"]);
        JsonAssert.Equal(JsonNode.Parse("""{"verb":"checkin.submit","roundId":42}"""), action["data"]);
        Assert.Equal("Action.Submit", (string?)action["fallback"]!["type"]);
        Assert.Equal("Send my check-in", (string?)action["fallback"]!["title"]);
        JsonAssert.Equal(action["data"], action["fallback"]!["data"]);
    }

    [Fact]
    public void CheckIn_SlackModalSubmission_GivesTheDataTeamsWouldSend()
    {
        var modal = BlockKitRenderer.Render(Expand("checkin", Sample("checkin"))).Modal!;
        Assert.Equal("Send my check-in", SlackAssert.Str(modal["submit"], "text"));

        var state = SlackAssert.FillModal(modal, new Dictionary<string, string[]>
        {
            ["progress"] = ["4"], // a rating
            ["models"] = ["Flex", "Station Rotation"], // a multiple, ticked out of the card's order
            ["win"] = ["Students ran the stations themselves, and one group asked for more.\nNext: a fourth station."], // a text
            ["coachSupport"] = ["No"],
        });
        var data = BlockKitInputs.ToData(state, JsonNode.Parse(SlackAssert.Str(modal, "private_metadata")!)!.AsObject());

        var expected = new Dictionary<string, string>
        {
            ["verb"] = "checkin.submit",
            ["roundId"] = "42",
            ["followedThrough"] = string.Empty,
            ["progress"] = "4",
            ["models"] = "1-station-rotation,5-flex",
            ["win"] = "Students ran the stations themselves, and one group asked for more.\nNext: a fourth station.",
            ["nextStep"] = string.Empty,
            ["coachSupport"] = "no",
            ["challenge"] = string.Empty,
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), data.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void CheckIn_SlackInputs_MatchTheKinds()
    {
        var modal = BlockKitRenderer.Render(Expand("checkin", Sample("checkin"))).Modal!;
        var elements = modal["blocks"]!.AsArray().Where(b => SlackAssert.Str(b, "type") == "input")
            .ToDictionary(b => SlackAssert.Str(b, "block_id")!, b => b!);

        Assert.Equal("static_select", SlackAssert.Str(elements["progress"]["element"], "type"));
        Assert.Equal("static_select", SlackAssert.Str(elements["coachSupport"]["element"], "type"));
        Assert.Equal("checkboxes", SlackAssert.Str(elements["models"]["element"], "type"));
        Assert.Equal("plain_text_input", SlackAssert.Str(elements["win"]["element"], "type"));
        Assert.Equal(3000, (int)elements["win"]["element"]!["max_length"]!);
        Assert.False((bool)elements["nextStep"]["optional"]!);
        Assert.True((bool)elements["win"]["optional"]!);
        Assert.Equal("Which blended models did you use?", SlackAssert.Str(elements["models"]["label"], "text"));
    }

    [Fact]
    public void CheckIn_Editing_PrefillsEveryKindOnBothPlatforms()
    {
        var card = Expand("checkin", Editing());
        var inputs = Inputs(card).ToDictionary(i => (string)i["id"]!);
        Assert.Equal("3", (string?)inputs["progress"]["value"]);
        Assert.Equal("1-station-rotation,5-flex", (string?)inputs["models"]["value"]);
        Assert.Equal("Save my check-in", (string?)card["actions"]![0]!["title"]);

        var modal = BlockKitRenderer.Render(card).Modal!;
        var data = BlockKitInputs.ToData(SlackAssert.FillModal(modal, new Dictionary<string, string[]>()), JsonNode.Parse(SlackAssert.Str(modal, "private_metadata")!)!.AsObject());

        Assert.Equal("3", data["progress"]);
        Assert.Equal("1-station-rotation,5-flex", data["models"]);
        Assert.Equal("2-partly", data["followedThrough"]);
        Assert.Equal("Keep the playlist short.", data["nextStep"]);
        Assert.Equal("yes", data["coachSupport"]);
    }

    [Fact]
    public void CheckIn_QuestionWithAnError_ShowsItUnderItsInputInAttentionColour()
    {
        var card = Expand("checkin", Editing());

        var questions = Descendants(card).OfType<JsonObject>()
            .Where(o => (string?)o["type"] == "Container" && o["items"] is JsonArray items && items.Any(i => i?["id"] is not null))
            .ToDictionary(o => (string)o["items"]![0]!["id"]!, o => o["items"]!.AsArray());
        var error = Assert.IsType<JsonObject>(questions["challenge"][1]);
        Assert.Equal("TextBlock", (string?)error["type"]);
        Assert.Equal("Please say what you would like help with.", (string?)error["text"]);
        Assert.Equal("attention", (string?)error["color"]);
        Assert.True((bool)error["wrap"]!);
        Assert.Single(questions["progress"]); // no error, nothing under it

        var modal = BlockKitRenderer.Render(card).Modal!["blocks"]!.AsArray();
        var input = modal.Select((b, i) => (b, i)).Single(p => SlackAssert.Str(p.b, "block_id") == "challenge").i;
        Assert.Equal("Please say what you would like help with.", SlackAssert.Str(modal[input + 1]!["text"], "text"));
    }

    [Fact]
    public void CheckIn_Sample_OffersNoChoiceValueWithAComma()
    {
        // Teams joins a multi-select's values with commas, so a value holding one could not be told apart.
        var values = Inputs(Expand("checkin", Sample("checkin")))
            .Where(i => (string?)i["type"] == "Input.ChoiceSet")
            .SelectMany(i => i["choices"]!.AsArray().Select(c => (string)c!["value"]!))
            .ToList();

        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.DoesNotContain(',', v));
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
    }

    // --- checkin-done ---

    [Fact]
    public void CheckInDone_ShowsEachAnswerAndAnEditButtonThatComesBackAsCheckinEdit()
    {
        var card = Expand("checkin-done", Sample("checkin-done"));

        var texts = Texts(card).ToList();
        Assert.Equal("Thanks, your check-in is in.", texts[0]);
        Assert.Contains("Edited Tuesday, December 1 at 4:05 PM", texts);
        var prompt = texts.IndexOf("Which blended models did you use?");
        Assert.Equal("Station Rotation, Flex", texts[prompt + 1]);

        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal("Edit", (string?)action["title"]);
        JsonAssert.Equal(JsonNode.Parse("""{"verb":"checkin.edit","roundId":42}"""), action["data"]);
        JsonAssert.Equal(action["data"], action["fallback"]!["data"]);

        var button = SlackAssert.Buttons(SlackAssert.AllBlocks(BlockKitRenderer.Render(card))).Single();
        var data = BlockKitInputs.ToData([], JsonNode.Parse(SlackAssert.Str(button, "value")!)!.AsObject());
        Assert.Equal(new Dictionary<string, string> { ["verb"] = "checkin.edit", ["roundId"] = "42" }, data);
    }

    [Fact]
    public void CheckInDone_WhenItCannotBeEdited_HasNoButton()
    {
        var card = Expand("checkin-done", Sample("checkin-done", d => d["canEdit"] = false));

        Assert.Empty(card["actions"]!.AsArray());
        Assert.Empty(SlackAssert.Buttons(SlackAssert.AllBlocks(BlockKitRenderer.Render(card))));
    }

    [Fact]
    public void CheckInDone_A3000CharacterAnswer_IsShownWholeOnBothPlatforms()
    {
        var answer = Words(3000);
        var card = Expand("checkin-done", Sample("checkin-done", d =>
            d["answers"] = new JsonArray(new JsonObject { ["prompt"] = "A win to share", ["answer"] = answer })));

        Assert.Contains(answer, Texts(card));
        Assert.Contains(answer, SlackAssert.AllBlocks(BlockKitRenderer.Render(card)).Select(b => SlackAssert.Str(b["text"], "text")));
    }

    // --- round-summary ---

    [Fact]
    public void RoundSummary_LargestPage_StaysUnder28KBAndOneSlackMessage()
    {
        var card = Expand("round-summary", LargestSummary());

        var size = Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.True(size < 28 * 1024, $"{size} bytes");
        var message = BlockKitRenderer.Render(card);
        SlackAssert.WithinLimits(message);
        Assert.Empty(message.FollowUps);
        Assert.InRange(message.Blocks.Count, 1, 50);
        Assert.Null(message.Modal);

        // Every teacher's every answer is there, whole.
        var slackText = string.Join('\n', SlackAssert.AllBlocks(message).SelectMany(b =>
            (b["fields"] as JsonArray ?? []).Select(f => SlackAssert.Str(f, "text")).Append(SlackAssert.Str(b["text"], "text"))));
        Assert.DoesNotContain('\u2026', slackText);
        for (var teacher = 1; teacher <= 10; teacher++)
            Assert.Contains($"Teacher {teacher:D2}", slackText, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundSummary_More_ComesBackWithVerbRoundAndPage()
    {
        var card = Expand("round-summary", Sample("round-summary"));

        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal("More", (string?)action["title"]);
        Assert.Equal("checkin.summary", (string?)action["verb"]);
        JsonAssert.Equal(JsonNode.Parse("""{"verb":"checkin.summary","roundId":42,"page":2}"""), action["data"]);
        JsonAssert.Equal(action["data"], action["fallback"]!["data"]);

        var button = SlackAssert.Buttons(SlackAssert.AllBlocks(BlockKitRenderer.Render(card))).Single();
        var data = BlockKitInputs.ToData([], JsonNode.Parse(SlackAssert.Str(button, "value")!)!.AsObject());
        Assert.Equal(new Dictionary<string, string> { ["verb"] = "checkin.summary", ["roundId"] = "42", ["page"] = "2" }, data);
    }

    [Fact]
    public void RoundSummary_Shared_NamesNobodyEvenWhenTheDataDoes()
    {
        var data = Sample("round-summary", d => d["private"] = false); // names left in by mistake

        var json = Expand("round-summary", data).ToJsonString();

        Assert.DoesNotContain("Isaiah Langer", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Wilber", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Teachers 1", json, StringComparison.Ordinal);
        Assert.Contains("12 of 14 teachers answered (86%).", Texts(Expand("round-summary", data)));
    }

    [Fact]
    public void RoundSummary_Sample_ShowsEverySection()
    {
        var texts = Texts(Expand("round-summary", Sample("round-summary"))).ToList();

        Assert.Equal("Check-in 3 summary", texts[0]);
        Assert.Contains("12 of 14 teachers answered (86%).", texts);
        Assert.Contains("Tried what they planned: Yes 6 · Partly 4 · Not yet 2", texts);
        Assert.Contains("2 asked for coach support", texts);
        Assert.Contains("Not answered yet: Isaiah Langer, Megan Bowen", texts);
        Assert.Contains("Teachers 1–10 of 12", texts);
        Assert.Contains("Nestor Wilke", texts);
    }

    // --- support-request and support-form ---

    [Fact]
    public void SupportRequest_ReplyFromSlack_GivesVerbRequestIdAndReply()
    {
        var card = Expand("support-request", Sample("support-request"));
        var input = Assert.Single(Inputs(card));
        Assert.Equal("reply", (string?)input["id"]);
        Assert.Equal("Your reply to Alex", (string?)input["label"]);
        Assert.True((bool)input["isMultiline"]!);
        Assert.Equal(3000d, (double)input["maxLength"]!);
        Assert.Equal("Alex Wilber asked for coach support", Texts(card).First());
        Assert.Contains(Texts(card), t => t.StartsWith("My independent station falls apart", StringComparison.Ordinal));
        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal(("Action.Execute", "Reply", "support.reply"), ((string?)action["type"], (string?)action["title"], (string?)action["verb"]));
        JsonAssert.Equal(JsonNode.Parse("""{"verb":"support.reply","requestId":17}"""), action["data"]);

        var modal = BlockKitRenderer.Render(card).Modal!;
        var data = BlockKitInputs.ToData(
            SlackAssert.FillModal(modal, new Dictionary<string, string[]> { ["reply"] = ["Give early finishers a choice board."] }),
            JsonNode.Parse(SlackAssert.Str(modal, "private_metadata")!)!.AsObject());

        Assert.Equal(
            new Dictionary<string, string> { ["verb"] = "support.reply", ["requestId"] = "17", ["reply"] = "Give early finishers a choice board." },
            data);
    }

    [Fact]
    public void SupportForm_ErrorShowsUnderTheInputAndSlackGivesVerbAndChallenge()
    {
        var card = Expand("support-form", new JsonObject { ["coach"] = "Adele Vance", ["error"] = "Tell your coach what you would like help with." });
        var body = card["body"]!.AsArray();
        var input = body.Select((e, i) => (e, i)).Single(p => (string?)p.e!["id"] == "challenge");
        Assert.Equal("What would you like help with?", (string?)input.e!["label"]);
        Assert.True((bool)input.e["isRequired"]!);
        Assert.True((bool)input.e["isMultiline"]!);
        Assert.Equal(3000d, (double)input.e["maxLength"]!);
        Assert.Equal("Tell your coach what you would like help with.", (string?)body[input.i + 1]!["text"]);
        Assert.Equal("attention", (string?)body[input.i + 1]!["color"]);
        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal(("Send to my coach", "support.ask"), ((string?)action["title"], (string?)action["verb"]));
        JsonAssert.Equal(JsonNode.Parse("""{"verb":"support.ask"}"""), action["data"]);
        JsonAssert.Equal(action["data"], action["fallback"]!["data"]);
        Assert.DoesNotContain(Texts(Expand("support-form", Sample("support-form"))), t => t.StartsWith("Tell your coach", StringComparison.Ordinal));

        var modal = BlockKitRenderer.Render(card).Modal!;
        var data = BlockKitInputs.ToData(
            SlackAssert.FillModal(modal, new Dictionary<string, string[]> { ["challenge"] = ["Ideas for an offline station."] }),
            JsonNode.Parse(SlackAssert.Str(modal, "private_metadata")!)!.AsObject());

        Assert.Equal(new Dictionary<string, string> { ["verb"] = "support.ask", ["challenge"] = "Ideas for an offline station." }, data);
        Assert.Equal("Ask for support", SlackAssert.Str(modal["title"], "text"));
    }

    // --- data ---

    private static JsonObject Sample(string name, Action<JsonObject>? change = null)
    {
        var data = Catalog.SampleData(name)!.AsObject();
        change?.Invoke(data);
        return data;
    }

    /// The check-in brought back for editing after a submission with an error: every kind prefilled.
    private static JsonObject Editing() => Sample("checkin", d =>
    {
        d["submitTitle"] = "Save my check-in";
        var questions = d["questions"]!.AsArray().Select(q => q!.AsObject()).ToDictionary(q => (string)q["key"]!);
        questions["followedThrough"]["value"] = "2-partly";
        questions["progress"]["value"] = "3";
        questions["models"]["value"] = "1-station-rotation,5-flex";
        questions["win"]["value"] = "Students ran the stations themselves.";
        questions["nextStep"]["value"] = "Keep the playlist short.";
        questions["coachSupport"]["value"] = "yes";
        questions["challenge"]["required"] = true;
        questions["challenge"]["error"] = "Please say what you would like help with.";
    });

    /// A summary posted where the cohort can see it: totals only, as the app sends it.
    private static JsonObject Shared() => Sample("round-summary", d =>
    {
        d["private"] = false;
        d.Remove("pending");
        d.Remove("texts");
        d.Remove("pageText");
        d["hasMore"] = false;
        d.Remove("nextPage");
        d.Remove("followThroughText");
    });

    /// The most a page holds: 10 teachers with 4 free-text answers of about 300 characters, 2 questions of 7 choices,
    /// and a full set of sites, ratings and pending names.
    private static JsonObject LargestSummary() => Sample("round-summary", d =>
    {
        string[] prompts = ["A win to share", "A challenge you are working on", "What will you try before the next check-in?", "If so, what would you like help with?"];
        d["answered"] = 23;
        d["invited"] = 30;
        d["rateText"] = "77%";
        d["bySite"] = new JsonArray([.. Enumerable.Range(1, 6).Select(i => (JsonNode)new JsonObject { ["site"] = $"Site {i} Elementary School", ["text"] = "fewer than 3" })]);
        d["ratings"] = new JsonArray([.. Enumerable.Range(1, 3).Select(i => (JsonNode)new JsonObject
        {
            ["prompt"] = $"Rating question {i}: how confident do you feel running this part of your blended lessons?",
            ["text"] = "mean 3.4, from 2 to 5",
        })]);
        d["choices"] = new JsonArray([.. Enumerable.Range(1, 2).Select(q => (JsonNode)new JsonObject
        {
            ["prompt"] = $"Choice question {q}: which blended models did you use in the last two weeks?",
            ["counts"] = new JsonArray([.. Enumerable.Range(1, 7).Select(c => (JsonNode)new JsonObject { ["choice"] = $"Blended model number {c}", ["text"] = "fewer than 3" })]),
        })]);
        d["followThroughText"] = "Yes 12 · Partly 6 · Not yet 5";
        d["supportText"] = "fewer than 3 asked for coach support";
        // As much as the app puts on a page (CohortBot.CheckIns.RoundSummary): 30 names and "and N more", answers of up to 350 characters.
        d["pending"] = new JsonArray([.. Enumerable.Range(1, 30).Select(i => (JsonNode)$"Pending Teacher-Name {i:D2}"), "and 212 more"]);
        d["texts"] = new JsonArray([.. Enumerable.Range(1, 10).Select(t => (JsonNode)new JsonObject
        {
            ["name"] = $"Teacher {t:D2} With-A-Long-Family-Name",
            ["answers"] = new JsonArray([.. prompts.Select(p => (JsonNode)new JsonObject { ["prompt"] = p, ["text"] = Words(350) + "... (shortened)" })]),
        })]);
        d["pageText"] = "Teachers 1–10 of 23";
        d["hasMore"] = true;
        d["nextPage"] = 2;
    });

    /// Prose-like text of exactly <paramref name="length"/> characters, with the characters JSON and Slack escape.
    private static string Words(int length)
    {
        var text = new StringBuilder();
        string[] words = ["students", "rotated", "through", "\"three\"", "stations", "while", "I", "worked", "with", "a", "small", "group;", "the", "playlist", "kept", "everyone", "busy."];
        for (var i = 0; text.Length < length; i++)
            text.Append(words[i % words.Length]).Append(i % 23 == 22 ? '\n' : ' ');
        return text.ToString(0, length - 1) + ".";
    }

    // --- reading cards ---

    private static JsonObject Template(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CardCatalogTests.CardsDirectory, name + ".json")))!.AsObject();

    private static JsonObject Expand(string name, JsonNode data)
    {
        var expansion = Catalog.Expand(name, data);
        Assert.True(expansion.IsFullyResolved, $"{name}: unresolved {string.Join(", ", expansion.Unresolved)}");
        return expansion.Card!.AsObject();
    }

    private static IEnumerable<JsonObject> Inputs(JsonNode card) =>
        Descendants(card).OfType<JsonObject>().Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);

    /// The text a reader sees, in order: TextBlocks and RichTextBlocks (their runs joined).
    private static IEnumerable<string> Texts(JsonNode card) =>
        Descendants(card).OfType<JsonObject>().Select(o => (string?)o["type"] == "TextBlock" ? (string?)o["text"] : RichText(o)).OfType<string>();

    private static string? RichText(JsonObject element) =>
        (string?)element["type"] == "RichTextBlock"
            ? string.Concat(element["inlines"]!.AsArray().Select(i => (string?)i!["text"]))
            : null;

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => [o, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)],
        JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants),
        _ => [node],
    };
}
