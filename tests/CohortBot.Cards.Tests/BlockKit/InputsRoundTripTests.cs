using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using static CohortBot.Cards.Tests.BlockKit.RenderTests;
using static CohortBot.Cards.Tests.BlockKit.SlackAssert;

namespace CohortBot.Cards.Tests.BlockKit;

public sealed class InputsRoundTripTests
{
    private const string EveryInputCard = """
        {"type":"AdaptiveCard","version":"1.5","body":[
          {"type":"TextBlock","text":"Weekly check-in","size":"large","weight":"bolder"},
          {"type":"Input.Number","id":"progress","label":"Progress (1-5)","min":1,"max":5,"isRequired":true},
          {"type":"Input.ChoiceSet","id":"models","label":"Models used","isMultiSelect":true,"style":"expanded","choices":[
            {"title":"Flex","value":"Flex"},{"title":"Station Rotation","value":"Station Rotation"},{"title":"Lab","value":"Lab"}]},
          {"type":"Input.Text","id":"win","label":"A win this week","isMultiline":true,"maxLength":500},
          {"type":"Input.ChoiceSet","id":"mood","label":"Mood","value":"ok","choices":[{"title":"Good","value":"good"},{"title":"OK","value":"ok"}]},
          {"type":"Input.ChoiceSet","id":"focus","style":"expanded","choices":[{"title":"A","value":"a"},{"title":"B","value":"b"}]},
          {"type":"Input.ChoiceSet","id":"tags","isMultiSelect":true,"choices":[{"title":"X","value":"x"},{"title":"Y","value":"y"},{"title":"Z","value":"z"}]},
          {"type":"Input.Date","id":"next","value":"2026-12-01"},
          {"type":"Input.Time","id":"at"},
          {"type":"Input.Toggle","id":"share","title":"Share","valueOn":"yes","valueOff":"no","value":"yes"},
          {"type":"Input.Toggle","id":"remind","title":"Remind me"},
          {"type":"Input.Text","id":"notes"}
        ],
        "actions":[{"type":"Action.Execute","title":"Send check-in","verb":"checkin.submit","data":{"week":12,"progress":"overwritten"}}]}
        """;

    [Fact]
    public void ToData_ModalSubmissionOfEveryInputKind_GivesTeamsData()
    {
        var message = SlackAssert.Render(EveryInputCard);
        var modal = message.Modal!;
        Assert.Equal(
            ["header", "input", "input", "input", "input", "input", "input", "input", "input", "input", "input", "input"],
            modal["blocks"]!.AsArray().Select(b => Str(b, "type")));

        var state = FillModal(modal, new Dictionary<string, string[]>
        {
            ["progress"] = ["4"],
            ["models"] = ["Station Rotation", "Flex"],
            ["win"] = ["Students ran the stations themselves"],
            ["focus"] = ["B"],
            ["tags"] = ["Z", "X"],
            ["next"] = ["2026-12-08"],
            ["at"] = ["09:30"],
            ["share"] = [],
            ["remind"] = ["Remind me"],
        });
        var metadata = JsonNode.Parse(Str(modal, "private_metadata")!)!.AsObject();

        var data = BlockKitInputs.ToData(state, metadata);

        var expected = new Dictionary<string, string>
        {
            ["progress"] = "4",
            ["models"] = "Flex,Station Rotation",
            ["win"] = "Students ran the stations themselves",
            ["mood"] = "ok",
            ["focus"] = "b",
            ["tags"] = "x,z",
            ["next"] = "2026-12-08",
            ["at"] = "09:30",
            ["share"] = "no",
            ["remind"] = "true",
            ["notes"] = string.Empty,
            ["week"] = "12",
            ["verb"] = "checkin.submit",
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), data.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void ToData_UntouchedModal_GivesInitialValues()
    {
        var modal = SlackAssert.Render(EveryInputCard).Modal!;

        var data = BlockKitInputs.ToData(FillModal(modal, new Dictionary<string, string[]>()), JsonNode.Parse(Str(modal, "private_metadata")!)!.AsObject());

        Assert.Equal("yes", data["share"]);
        Assert.Equal("false", data["remind"]);
        Assert.Equal("ok", data["mood"]);
        Assert.Equal("2026-12-01", data["next"]);
        Assert.Equal(string.Empty, data["models"]);
        Assert.Equal(string.Empty, data["progress"]);
    }

    [Theory]
    [InlineData("expanded")] // checkboxes
    [InlineData("compact")] // multi_static_select
    public void ToData_MultiSelectTickedOutOfCardOrder_GivesValuesInCardOrder(string style)
    {
        var modal = SlackAssert.Render(Card($$"""
            [{"type":"Input.ChoiceSet","id":"slots","isMultiSelect":true,"style":"{{style}}","value":"12:00","choices":[
              {"title":"Morning","value":"09:00"},{"title":"Noon","value":"12:00"},{"title":"Evening","value":"18:00"}]}]
            """)).Modal!;
        var metadata = JsonNode.Parse(Str(modal, "private_metadata")!)!.AsObject();

        var untouched = BlockKitInputs.ToData(FillModal(modal, new Dictionary<string, string[]>()), metadata);
        var ticked = BlockKitInputs.ToData(FillModal(modal, new Dictionary<string, string[]> { ["slots"] = ["Evening", "Morning", "Noon"] }), metadata);

        Assert.Equal("12:00", untouched["slots"]);
        Assert.Equal("09:00,12:00,18:00", ticked["slots"]);
    }

    [Theory]
    [InlineData("Approve", """{"id":"42","n":"1","verb":"req.approve"}""")]
    [InlineData("Comment", """{"id":"42","nested":"{\"a\":[1]}"}""")]
    [InlineData("Plain", """{}""")]
    public void ToData_ButtonPressWithoutInputs_GivesActionVerbAndData(string title, string expectedJson)
    {
        var message = SlackAssert.Render(Card(
            """[{"type":"TextBlock","text":"Request 42"}]""",
            """
            [{"type":"Action.Execute","title":"Approve","verb":"req.approve","data":{"id":"42","n":1}},
             {"type":"Action.Submit","title":"Comment","data":{"id":"42","nested":{"a":[1]}}},
             {"type":"Action.Submit","title":"Plain"}]
            """));
        Assert.Null(message.Modal);
        var button = Buttons(AllBlocks(message)).Single(b => Str(b["text"], "text") == title);

        var data = BlockKitInputs.ToData([], JsonNode.Parse(Str(button, "value")!)!.AsObject());

        var expected = JsonNode.Parse(expectedJson)!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()));
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), data.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void ToData_ButtonInsideModal_MergesInputsWithThatButtonsData()
    {
        var message = SlackAssert.Render(Card(
            """
            [{"type":"Input.Text","id":"note","value":"draft text"},
             {"type":"ActionSet","actions":[{"type":"Action.Submit","title":"Save draft","data":{"draft":true,"note":"data loses"}}]}]
            """,
            """[{"type":"Action.Submit","title":"Send"}]"""));
        var modal = message.Modal!;
        var button = Buttons(modal["blocks"]!.AsArray().Select(b => b!.AsObject())).Single();

        var data = BlockKitInputs.ToData(FillModal(modal, new Dictionary<string, string[]>()), JsonNode.Parse(Str(button, "value")!)!.AsObject());

        Assert.Equal(new Dictionary<string, string> { ["note"] = "draft text", ["draft"] = "true" }, data);
    }
}
