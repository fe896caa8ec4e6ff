using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;

namespace CohortBot.Slack.Tests;

/// Payloads of the wrong shape: each parser refuses them with a SlackPayloadException naming the field, and nothing else escapes.
public sealed class PayloadShapeTests
{
    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static byte[] FormBody(string payloadJson) => Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payloadJson));

    /// Sets the member at a dotted path (array items by index) to <paramref name="json"/>, or removes it when that is null.
    private static JsonObject With(JsonObject payload, string path, string? json)
    {
        var parts = path.Split('.');
        JsonNode parent = payload;
        foreach (var part in parts[..^1])
            parent = int.TryParse(part, out var index) ? parent[index]! : parent[part]!;
        var last = parts[^1];
        if (parent is JsonArray array)
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = json is null ? null : JsonNode.Parse(json);
        else if (json is null)
            parent.AsObject().Remove(last);
        else
            parent[last] = JsonNode.Parse(json);
        return payload;
    }

    private static JsonObject BlockActions() =>
        SlackPayloads.BlockActions("U0002", "submit", "{\"verb\":\"checkin\"}", SlackPayloads.StateValues("note", "note_input", "fine", "mood", "mood_select", "good"));

    [Theory]
    [InlineData("user.id", "5", "$.user.id")]
    [InlineData("user.id", "true", "$.user.id")]
    [InlineData("user.id", "\"\"", "$.user.id")]
    [InlineData("user.id", null, "$.user.id")]
    [InlineData("user", "[]", "$.user")]
    [InlineData("user", "\"U0002\"", "$.user")]
    [InlineData("user", "null", "$.user")]
    [InlineData("user", null, "$.user")]
    [InlineData("user.team_id", "42", "$.user.team_id")]
    [InlineData("type", null, "$.type")]
    [InlineData("type", "5", "$.type")]
    [InlineData("type", "\"\"", "$.type")]
    [InlineData("type", "{\"name\":\"block_actions\"}", "$.type")]
    [InlineData("team", "\"T0001\"", "$.team")]
    [InlineData("team.id", "1", "$.team.id")]
    [InlineData("enterprise", "\"E0001\"", "$.enterprise")]
    [InlineData("is_enterprise_install", "\"false\"", "$.is_enterprise_install")]
    [InlineData("api_app_id", "7", "$.api_app_id")]
    [InlineData("trigger_id", "1111.2222", "$.trigger_id")]
    [InlineData("channel", "\"D0001\"", "$.channel")]
    [InlineData("channel.id", "5", "$.channel.id")]
    [InlineData("actions", "{}", "$.actions")]
    [InlineData("actions", "[null]", "$.actions[0]")]
    [InlineData("actions", "[\"submit\"]", "$.actions[0]")]
    [InlineData("actions.0.value", "5", "$.actions[0].value")]
    [InlineData("actions.0.selected_options", "[null]", "$.actions[0].selected_options[0]")]
    [InlineData("container", "5", "$.container")]
    [InlineData("container.channel_id", "5", "$.container.channel_id")]
    [InlineData("container.message_ts", "1700000000.0001", "$.container.message_ts")]
    [InlineData("container.is_ephemeral", "\"false\"", "$.container.is_ephemeral")]
    [InlineData("message", "[]", "$.message")]
    [InlineData("message.ts", "5", "$.message.ts")]
    [InlineData("message.text", "[\"fallback\"]", "$.message.text")]
    [InlineData("state", "[]", "$.state")]
    [InlineData("state.values", "null", "$.state.values")]
    [InlineData("state.values", "[]", "$.state.values")]
    [InlineData("view", "5", "$.view")]
    public void Interaction_WrongShape_IsRefusedNamingTheField(string path, string? json, string expectedPath)
    {
        var payload = With(BlockActions(), path, json).ToJsonString();

        var error = Assert.Throws<SlackPayloadException>(() => SlackInteraction.ParseForm(FormBody(payload)));

        Assert.Equal(expectedPath, error.Path);
        Assert.DoesNotContain("fine", error.Message, StringComparison.Ordinal); // never quotes the teacher's input
    }

    [Theory]
    [InlineData("view.state.values", "5", "$.view.state.values")]
    [InlineData("view.blocks", "{}", "$.view.blocks")]
    [InlineData("view.private_metadata", "{\"round\":1}", "$.view.private_metadata")]
    [InlineData("view.callback_id", "12", "$.view.callback_id")]
    public void ViewSubmission_WrongShape_IsRefusedNamingTheField(string path, string? json, string expectedPath)
    {
        var payload = With(SlackPayloads.ViewSubmission("U0002", "checkin_modal", new JsonObject()), path, json).ToJsonString();

        var error = Assert.Throws<SlackPayloadException>(() => SlackInteraction.Parse(payload));

        Assert.Equal(expectedPath, error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("5")]
    [InlineData("\"block_actions\"")]
    [InlineData("[{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"}}]")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"}} trailing")]
    public void Interaction_NotAJsonObject_IsRefused(string json) =>
        Assert.Throws<SlackPayloadException>(() => SlackInteraction.Parse(json));

    [Fact]
    public void Interaction_WrongType_KeepsTheSerializersReasonButNotTheValue()
    {
        var error = Assert.Throws<SlackPayloadException>(() => SlackInteraction.Parse("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"name\":[\"Ms Ortega\"]}}"));

        Assert.IsType<JsonException>(error.InnerException, exactMatch: false);
        Assert.Equal("$.user.name", error.Path);
        Assert.DoesNotContain("Ortega", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"block_actions\",\"type\":\"view_submission\",\"user\":{\"id\":\"U1\"}}")]
    [InlineData("{\"type\":\"block_actions\",\"TYPE\":\"view_submission\",\"user\":{\"id\":\"U1\"}}")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"id\":\"U2\"}}")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"container\":{\"channel_id\":\"D1\",\"channel_id\":\"D2\"}}")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"token\":\"a\",\"token\":\"b\"}")]
    public void Interaction_MemberNamedTwice_IsRefusedRatherThanOneWinning(string json) =>
        Assert.Throws<SlackPayloadException>(() => SlackInteraction.Parse(json));

    [Fact]
    public void Interaction_FormWithTwoPayloadFields_IsRefused()
    {
        var one = Uri.EscapeDataString(BlockActions().ToJsonString());
        var error = Assert.Throws<SlackPayloadException>(() => SlackInteraction.ParseForm(Encoding.UTF8.GetBytes($"payload={one}&payload={one}")));
        Assert.Equal("payload", error.Path);
    }

    [Fact]
    public void Interaction_FormWithoutPayload_NamesTheField() =>
        Assert.Equal("payload", Assert.Throws<SlackPayloadException>(() => SlackInteraction.ParseForm("token=x&type=block_actions"u8)).Path);

    [Fact]
    public void Interaction_UnknownTypeOfRightShape_IsReadForTheCallerToIgnore()
    {
        var interaction = SlackInteraction.Parse("{\"type\":\"block_suggestion\",\"user\":{\"id\":\"U1\"},\"value\":\"gr\"}");
        Assert.Equal(("block_suggestion", "U1"), (interaction.Type, interaction.User!.Id));
    }

    [Fact]
    public void Interaction_BlockActions_ExposesWhereItHappenedAndWhoseWorkspace()
    {
        var interaction = SlackInteraction.ParseForm(FormBody(BlockActions().ToJsonString()));

        Assert.Equal((SlackPayloads.TeamId, (string?)null, SlackPayloads.AppId), (interaction.TeamId, interaction.EnterpriseId, interaction.ApiAppId));
        Assert.Equal(("D0001", "1700000000.000100", "fallback"), (interaction.ChannelId, interaction.MessageTs, interaction.MessageText));
    }

    [Fact]
    public void Interaction_WithoutChannel_FallsBackToTheContainersIds()
    {
        var payload = BlockActions();
        payload.Remove("channel");
        payload["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = "C0042", ["message_ts"] = "1700000000.000900" };
        payload.Remove("message");

        var interaction = SlackInteraction.Parse(payload.ToJsonString());

        Assert.Equal(("C0042", "1700000000.000900", (string?)null), (interaction.ChannelId, interaction.MessageTs, interaction.MessageText));
    }

    [Fact]
    public void Interaction_OnEnterpriseGrid_ExposesTheOrganisationAndTheUsersWorkspace()
    {
        var payload = SlackPayloads.ViewSubmission("U0002", "checkin_modal", new JsonObject());
        payload["team"] = null; // an app installed on the whole organisation
        payload["user"]!["team_id"] = "T0777";
        payload["enterprise"] = new JsonObject { ["id"] = "E0001", ["name"] = "District" };
        payload["is_enterprise_install"] = true;
        payload["view"]!["team_id"] = "T0888";

        var interaction = SlackInteraction.Parse(payload.ToJsonString());

        Assert.Equal(("T0777", "E0001", true), (interaction.TeamId, interaction.EnterpriseId, interaction.IsEnterpriseInstall));
        Assert.Equal("District", interaction.Enterprise!.Name);
    }

    [Fact]
    public void Interaction_TeamOfAnEnterprise_GivesItsEnterpriseId()
    {
        var payload = BlockActions();
        payload["team"] = new JsonObject { ["id"] = "T0001", ["domain"] = "district", ["enterprise_id"] = "E0002", ["enterprise_name"] = "State" };

        var interaction = SlackInteraction.Parse(payload.ToJsonString());

        Assert.Equal(("T0001", "E0002", "State"), (interaction.TeamId, interaction.EnterpriseId, interaction.Team!.EnterpriseName));
    }

    [Fact]
    public void Interaction_BuiltInCodeWithWrongTypes_AccessorsReadThemAsAbsent()
    {
        var interaction = new SlackInteraction
        {
            Container = new JsonObject { ["channel_id"] = 5, ["message_ts"] = new JsonArray() },
            Message = new JsonObject { ["ts"] = true, ["text"] = new JsonObject() },
        };

        Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null), (interaction.ChannelId, interaction.MessageTs, interaction.MessageText, interaction.TeamId));
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("command")]
    public void SlashCommand_WithoutARequiredField_IsRefusedNamingIt(string field)
    {
        var fields = SlackPayloads.SlashCommand("U0002", "help");
        fields.Remove(field);
        var error = Assert.Throws<SlackPayloadException>(() => SlashCommand.Parse(Encoding.UTF8.GetBytes(SlackRequestSigner.FormBody(fields))));
        Assert.Equal(field, error.Path);

        fields[field] = "";
        Assert.Equal(field, Assert.Throws<SlackPayloadException>(() => SlashCommand.Parse(Encoding.UTF8.GetBytes(SlackRequestSigner.FormBody(fields)))).Path);
    }

    [Fact]
    public void SlashCommand_FieldRepeated_IsRefusedRatherThanOneWinning()
    {
        var body = SlackRequestSigner.FormBody(SlackPayloads.SlashCommand("U0002", "help")) + "&team_id=TFOREIGN";
        Assert.Equal("team_id", Assert.Throws<SlackPayloadException>(() => SlashCommand.Parse(Encoding.UTF8.GetBytes(body))).Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a form at all")]
    [InlineData("{\"user_id\":\"U1\",\"command\":\"/cohort\"}")]
    public void SlashCommand_NotACommandForm_IsRefused(string body) =>
        Assert.Throws<SlackPayloadException>(() => SlashCommand.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void SlashCommand_OnEnterpriseGrid_ExposesTheOrganisation()
    {
        var fields = SlackPayloads.SlashCommand("U0002", "help");
        fields["enterprise_id"] = "E0001";
        fields["enterprise_name"] = "District";
        fields["is_enterprise_install"] = "true";

        var command = SlashCommand.Parse(Encoding.UTF8.GetBytes(SlackRequestSigner.FormBody(fields)));

        Assert.Equal((SlackPayloads.TeamId, "E0001", true, SlackPayloads.AppId), (command.TeamId, command.EnterpriseId, command.IsEnterpriseInstall, command.ApiAppId));
    }

    [Fact]
    public void SlashCommand_OutsideEnterpriseGrid_HasNoOrganisation()
    {
        var command = SlashCommand.Parse(Encoding.UTF8.GetBytes(SlackRequestSigner.FormBody(SlackPayloads.SlashCommand("U0002", "help"))));
        Assert.Equal(((string?)null, false), (command.EnterpriseId, command.IsEnterpriseInstall));
    }

    private static JsonObject MessageEvent() => SlackPayloads.EventCallback(SlackPayloads.Message("U0002", "hello"), "Ev1");

    [Theory]
    [InlineData("event", "[]", "$.event")]
    [InlineData("event", "\"message\"", "$.event")]
    [InlineData("event", "null", "$.event")]
    [InlineData("event", null, "$.event")]
    [InlineData("event.type", null, "$.event.type")]
    [InlineData("event.type", "1", "$.event.type")]
    [InlineData("event.user", "{\"id\":\"U0002\"}", "$.event.user")]
    [InlineData("event.text", "[\"hello\"]", "$.event.text")]
    [InlineData("event.ts", "1700000000.0001", "$.event.ts")]
    [InlineData("event.view", "5", "$.event.view")]
    [InlineData("team_id", "5", "$.team_id")]
    [InlineData("team_id", "{\"id\":\"T0001\"}", "$.team_id")]
    [InlineData("api_app_id", "5", "$.api_app_id")]
    [InlineData("enterprise_id", "[]", "$.enterprise_id")]
    [InlineData("context_team_id", "5", "$.context_team_id")]
    [InlineData("authorizations", "{}", "$.authorizations")]
    [InlineData("authorizations", "\"T0001\"", "$.authorizations")]
    [InlineData("authorizations", "[5]", "$.authorizations[0]")]
    [InlineData("authorizations", "[null]", "$.authorizations[0]")]
    [InlineData("authorizations.0.team_id", "5", "$.authorizations[0].team_id")]
    [InlineData("authorizations.0.enterprise_id", "5", "$.authorizations[0].enterprise_id")]
    [InlineData("authorizations.0.is_bot", "\"yes\"", "$.authorizations[0].is_bot")]
    [InlineData("type", null, "$.type")]
    [InlineData("type", "5", "$.type")]
    [InlineData("event_id", null, "$.event_id")]
    [InlineData("event_id", "5", "$.event_id")]
    [InlineData("event_time", "\"soon\"", "$.event_time")]
    public void Envelope_WrongShape_IsRefusedNamingTheField(string path, string? json, string expectedPath)
    {
        var error = Assert.Throws<SlackPayloadException>(() => SlackEnvelope.Parse(Utf8(With(MessageEvent(), path, json))));
        Assert.Equal(expectedPath, error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"type\":\"event_callback\",\"type\":\"url_verification\",\"challenge\":\"c\"}")]
    [InlineData("{\"type\":\"event_callback\",\"team_id\":\"T0001\",\"team_id\":\"TFOREIGN\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\"}}")]
    [InlineData("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\",\"view\":{\"id\":\"V1\",\"id\":\"V2\"}}}")]
    public void Envelope_NotOneJsonObjectOrAMemberTwice_IsRefused(string json) =>
        Assert.Throws<SlackPayloadException>(() => SlackEnvelope.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Envelope_UrlVerificationWithoutChallenge_IsRefused() =>
        Assert.Equal("$.challenge", Assert.Throws<SlackPayloadException>(() => SlackEnvelope.Parse("{\"type\":\"url_verification\"}"u8)).Path);

    [Fact]
    public void Envelope_OtherTypeWithoutEvent_IsReadForTheCallerToIgnore()
    {
        var envelope = SlackEnvelope.Parse("{\"token\":\"t\",\"type\":\"app_rate_limited\",\"team_id\":\"T0001\",\"minute_rate_limited\":1518467820,\"api_app_id\":\"A0001\"}"u8);
        Assert.Equal(("app_rate_limited", (SlackEvent?)null, "T0001"), (envelope.Type, envelope.Event, envelope.TeamId));
    }

    [Fact]
    public void Envelope_ExposesEveryIdAWorkspaceGateChecks()
    {
        var payload = MessageEvent();
        payload["enterprise_id"] = "E0001";
        payload["context_team_id"] = "T0002";
        payload["context_enterprise_id"] = "E0002";
        payload["is_ext_shared_channel"] = true;
        payload["authorizations"] = new JsonArray(
            new JsonObject { ["enterprise_id"] = "E0001", ["team_id"] = null, ["user_id"] = SlackPayloads.BotUserId, ["is_bot"] = true, ["is_enterprise_install"] = true });
        payload["event"]!["user_team"] = "T0003";
        payload["event"]!["source_team"] = "T0004";

        var envelope = SlackEnvelope.Parse(Utf8(payload));

        Assert.Equal((SlackPayloads.TeamId, "E0001", SlackPayloads.AppId), (envelope.TeamId, envelope.EnterpriseId, envelope.ApiAppId));
        Assert.Equal(("T0002", "E0002", true), (envelope.ContextTeamId, envelope.ContextEnterpriseId, envelope.IsExtSharedChannel));
        var authorization = Assert.Single(envelope.Authorizations!);
        Assert.Equal(((string?)null, "E0001", true, true), (authorization.TeamId, authorization.EnterpriseId, authorization.IsEnterpriseInstall, authorization.IsBot));
        Assert.Equal(("T0003", "T0004"), (envelope.Event!.UserTeam, envelope.Event.SourceTeam));
        Assert.False(envelope.Extra?.ContainsKey("enterprise_id") ?? false);
    }

    [Fact]
    public void Envelope_RoundTrip_KeepsWhatItRead()
    {
        var original = MessageEvent();
        var envelope = SlackEnvelope.Parse(Utf8(original));
        var again = SlackEnvelope.Parse(JsonSerializer.SerializeToUtf8Bytes(envelope, SlackJson.Options));
        Assert.Equal((envelope.EventId, envelope.TeamId, envelope.Event!.Text), (again.EventId, again.TeamId, again.Event!.Text));
        Assert.Equal(envelope.Extra!["event_context"].GetString(), again.Extra!["event_context"].GetString());
    }
}
