using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;

namespace CohortBot.Slack.Tests;

public sealed class PayloadTests
{
    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static byte[] FormBody(JsonObject payload) => Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString()));

    [Fact]
    public void Envelope_UrlVerification_CarriesTheChallenge()
    {
        var envelope = SlackEnvelope.Parse(Utf8(SlackPayloads.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")));
        Assert.Equal(SlackEnvelope.UrlVerification, envelope.Type);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", envelope.Challenge);
    }

    [Fact]
    public void Envelope_MessageEvent_ReadsEnvelopeAndEvent()
    {
        var envelope = SlackEnvelope.Parse(Utf8(SlackPayloads.EventCallback(SlackPayloads.Message("U0002", "hello", threadTs: "1699999999.000001"), "Ev123", 1_700_000_123)));
        Assert.Equal(SlackEnvelope.EventCallback, envelope.Type);
        Assert.Equal("Ev123", envelope.EventId);
        Assert.Equal(1_700_000_123, envelope.EventTime);
        Assert.Equal(SlackPayloads.TeamId, envelope.TeamId);
        Assert.Equal(SlackPayloads.AppId, envelope.ApiAppId);
        var authorization = Assert.Single(envelope.Authorizations!);
        Assert.Equal(new SlackAuthorization(SlackPayloads.TeamId, SlackPayloads.BotUserId, true), authorization);
        var evt = envelope.Event!;
        Assert.Equal(("message", "U0002", "hello", "D0001", "im", "1700000000.000100", "1699999999.000001"), (evt.Type, evt.User, evt.Text, evt.Channel, evt.ChannelType, evt.Ts, evt.ThreadTs));
        Assert.False(evt.IsFromBot(SlackPayloads.BotUserId));
    }

    [Fact]
    public void Envelope_AppMention_ReadsUserTextAndChannel()
    {
        var evt = SlackEnvelope.Parse(Utf8(SlackPayloads.EventCallback(SlackPayloads.AppMention("U0002", "help", "C0009")))).Event!;
        Assert.Equal("app_mention", evt.Type);
        Assert.Equal("C0009", evt.Channel);
        Assert.Equal($"<@{SlackPayloads.BotUserId}> help", evt.Text);
    }

    [Fact]
    public void Envelope_AppHomeOpened_ReadsTab()
    {
        var evt = SlackEnvelope.Parse(Utf8(SlackPayloads.EventCallback(SlackPayloads.AppHomeOpened("U0002", "messages")))).Event!;
        Assert.Equal(("app_home_opened", "U0002", "messages"), (evt.Type, evt.User, evt.Tab));
    }

    [Fact]
    public void Event_BotMessage_IsRecognisedAsFromABot()
    {
        var evt = SlackEnvelope.Parse(Utf8(SlackPayloads.EventCallback(SlackPayloads.BotMessage("ping")))).Event!;
        Assert.Equal("B0001", evt.BotId);
        Assert.True(evt.IsFromBot());
    }

    [Fact]
    public void Event_MessageByTheBotUser_IsRecognisedAsFromTheBot()
    {
        var evt = SlackEnvelope.Parse(Utf8(SlackPayloads.EventCallback(SlackPayloads.Message(SlackPayloads.BotUserId, "echo")))).Event!;
        Assert.True(evt.IsFromBot(SlackPayloads.BotUserId));
        Assert.False(evt.IsFromBot("USOMEONEELSE"));
    }

    [Fact]
    public void Envelope_UnknownFields_AreKept()
    {
        var message = SlackPayloads.Message("U0002", "hi");
        message["client_msg_id"] = "5b0e4b4c";
        var envelope = SlackEnvelope.Parse(Utf8(SlackPayloads.EventCallback(message)));
        Assert.Equal("4-eyJldCI6Im1lc3NhZ2UifQ", envelope.Extra!["event_context"].GetString());
        Assert.Equal("5b0e4b4c", envelope.Event!.Extra!["client_msg_id"].GetString());
    }

    [Fact]
    public void Interaction_BlockActions_ReadsActionAndMessageState()
    {
        var state = SlackPayloads.StateValues("note", "note_input", "went well", "mood", "mood_select", "good");
        var interaction = SlackInteraction.ParseForm(FormBody(SlackPayloads.BlockActions("U0002", "submit", "{\"verb\":\"checkin\"}", state)));

        Assert.Equal(SlackInteraction.BlockActions, interaction.Type);
        Assert.Equal(("U0002", SlackPayloads.TeamId), (interaction.User!.Id, interaction.User.TeamId));
        Assert.Equal(("D0001", "1111.2222.abcdef"), (interaction.Channel!.Id, interaction.TriggerId));
        var action = Assert.Single(interaction.Actions!);
        Assert.Equal(("submit", "actions", "button", "{\"verb\":\"checkin\"}"), (action.ActionId, action.BlockId, action.Type, action.Value));
        Assert.Equal("went well", interaction.StateValues["note"]!["note_input"]!["value"]!.GetValue<string>());
        Assert.Equal("good", interaction.StateValues["mood"]!["mood_select"]!["selected_option"]!["value"]!.GetValue<string>());
        Assert.Equal("1700000000.000100", interaction.Container!["message_ts"]!.GetValue<string>());
        Assert.Equal("fallback", interaction.Message!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Interaction_SelectAction_ReadsSelectedValues()
    {
        var payload = SlackPayloads.BlockActions("U0002", "pick", "");
        payload["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = "days", ["block_id"] = "b", ["type"] = "multi_static_select",
            ["selected_options"] = new JsonArray(new JsonObject { ["value"] = "mon" }, new JsonObject { ["value"] = "wed" }),
        }, new JsonObject { ["action_id"] = "when", ["block_id"] = "b", ["type"] = "datepicker", ["selected_date"] = "2026-12-01" },
        new JsonObject { ["action_id"] = "at", ["block_id"] = "b", ["type"] = "timepicker", ["selected_time"] = "09:30" },
        new JsonObject { ["action_id"] = "one", ["block_id"] = "b", ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "x" } });
        var actions = SlackInteraction.ParseForm(FormBody(payload)).Actions!;
        Assert.Equal(["mon", "wed"], actions[0].SelectedOptions!.Select(o => o.Value));
        Assert.Equal("2026-12-01", actions[1].SelectedDate);
        Assert.Equal("09:30", actions[2].SelectedTime);
        Assert.Equal("x", actions[3].SelectedOption!.Value);
    }

    [Fact]
    public void Interaction_ViewSubmission_ReadsViewStateAndMetadata()
    {
        var state = SlackPayloads.StateValues("note", "note_input", "line one\nline two", "mood", "mood_select", "ok");
        var interaction = SlackInteraction.ParseForm(FormBody(SlackPayloads.ViewSubmission("U0002", "checkin_modal", state, "{\"round\":\"r1\"}")));
        Assert.Equal(SlackInteraction.ViewSubmission, interaction.Type);
        Assert.Equal(("V0001", "modal", "checkin_modal", "{\"round\":\"r1\"}", "1700000000.abcd"),
            (interaction.View!.Id, interaction.View.Type, interaction.View.CallbackId, interaction.View.PrivateMetadata, interaction.View.Hash));
        Assert.Equal("line one\nline two", interaction.StateValues["note"]!["note_input"]!["value"]!.GetValue<string>());
        Assert.Same(interaction.View.State!.Values, interaction.StateValues);
        Assert.True(interaction.Extra!.ContainsKey("response_urls"));
    }

    [Fact]
    public void Interaction_ViewClosed_ReadsCallbackId()
    {
        var interaction = SlackInteraction.ParseForm(FormBody(SlackPayloads.ViewClosed("U0002", "checkin_modal")));
        Assert.Equal((SlackInteraction.ViewClosed, "checkin_modal"), (interaction.Type, interaction.View!.CallbackId));
        Assert.True(interaction.Extra!["is_cleared"].ValueKind == System.Text.Json.JsonValueKind.False);
    }

    [Fact]
    public void Interaction_Shortcut_ReadsCallbackAndTrigger()
    {
        var interaction = SlackInteraction.ParseForm(FormBody(SlackPayloads.Shortcut("U0002", "new_checkin")));
        Assert.Equal((SlackInteraction.Shortcut, "new_checkin", "1111.4444.abcdef"), (interaction.Type, interaction.CallbackId, interaction.TriggerId));
        Assert.Empty(interaction.StateValues);
    }

    [Fact]
    public void Interaction_MessageAction_ReadsMessageAndChannel()
    {
        var interaction = SlackInteraction.ParseForm(FormBody(SlackPayloads.MessageAction("U0002", "save_resource", "C0042")));
        Assert.Equal((SlackInteraction.MessageAction, "save_resource", "C0042"), (interaction.Type, interaction.CallbackId, interaction.Channel!.Id));
        Assert.Equal("a message", interaction.Message!["text"]!.GetValue<string>());
        Assert.Equal("1700000000.000100", interaction.Extra!["message_ts"].GetString());
    }

    [Fact]
    public void Interaction_FormWithoutPayload_Throws() =>
        Assert.Throws<SlackPayloadException>(() => SlackInteraction.ParseForm("other=1"u8));

    [Fact]
    public void SlashCommand_FromSignedForm_ReadsEveryField()
    {
        var body = Encoding.UTF8.GetBytes(SlackRequestSigner.FormBody(SlackPayloads.SlashCommand("U0002", "join Grade 5 & math", channel: "C0007")));
        var command = SlashCommand.Parse(body);
        Assert.Equal((SlackPayloads.TeamId, "C0007", "U0002", "teacher", "/cohort", "join Grade 5 & math"), (command.TeamId, command.ChannelId, command.UserId, command.UserName, command.Command, command.Text));
        Assert.Equal(("https://hooks.slack.com/commands/T0001/1/abc", "1111.6666.abcdef", "A0001"), (command.ResponseUrl, command.TriggerId, command.ApiAppId));
        Assert.Equal("district", command.Fields["team_domain"]);
    }

    [Fact]
    public void SlashCommand_PlusEncodedSpacesAndEmptyText_AreDecoded()
    {
        var command = SlashCommand.Parse("command=%2Fcohort&text=&user_id=U1&user_name=a+b"u8);
        Assert.Equal(("/cohort", "", "a b"), (command.Command, command.Text, command.UserName));
    }

    [Fact]
    public void ViewSubmissionResponse_Errors_HasSlacksShape()
    {
        var body = ViewSubmissionResponse.Errors(new Dictionary<string, string> { ["note"] = "Please write a note." });
        Assert.Equal("{\"response_action\":\"errors\",\"errors\":{\"note\":\"Please write a note.\"}}", body.ToJsonString());
    }

    [Fact]
    public void SlashCommandResponse_Ephemeral_HasSlacksShape()
    {
        var body = SlashCommandResponse.Ephemeral("Help", [new JsonObject { ["type"] = "divider" }]);
        Assert.Equal("{\"response_type\":\"ephemeral\",\"text\":\"Help\",\"blocks\":[{\"type\":\"divider\"}]}", body.ToJsonString());
        Assert.Equal("{\"response_type\":\"ephemeral\",\"text\":\"Hi\"}", SlashCommandResponse.Ephemeral("Hi").ToJsonString());
    }
}
