using System.Text.Json;
using System.Text.Json.Nodes;

namespace CohortBot.Teams.Tests;

public sealed class SchemaTests
{
    private const string PersonalMessage = """
        {
          "text": "hello there",
          "textFormat": "plain",
          "type": "message",
          "timestamp": "2026-11-23T10:15:30.123Z",
          "localTimestamp": "2026-11-23T11:15:30.123+01:00",
          "id": "1732356930123",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "from": { "id": "29:1abc", "name": "Ada Teacher", "aadObjectId": "00000000-0000-0000-0000-0000000000020" },
          "conversation": { "conversationType": "personal", "tenantId": "00000000-0000-0000-0000-0000000000001", "id": "a:1xyz" },
          "recipient": { "id": "28:bot-app-id", "name": "CohortBot" },
          "entities": [ { "locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Paris", "type": "clientInfo" } ],
          "channelData": { "tenant": { "id": "00000000-0000-0000-0000-0000000000001" } },
          "locale": "en-US",
          "localTimezone": "Europe/Paris"
        }
        """;

    private const string ChannelMessageWithMention = """
        {
          "text": "<at>CohortBot</at> checkin  <at>Grace</at> please\n",
          "type": "message",
          "id": "1732356930999",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:1ada", "name": "Ada", "aadObjectId": "aad-ada" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "tenant-1", "id": "19:abc@thread.tacv2;messageid=1732356930999" },
          "recipient": { "id": "28:bot-app-id", "name": "CohortBot" },
          "entities": [
            { "mentioned": { "id": "28:bot-app-id", "name": "CohortBot" }, "text": "<at>CohortBot</at>", "type": "mention" },
            { "mentioned": { "id": "29:1grace", "name": "Grace" }, "text": "<at>Grace</at>", "type": "mention" }
          ],
          "channelData": {
            "teamsChannelId": "19:abc@thread.tacv2",
            "teamsTeamId": "19:team@thread.tacv2",
            "channel": { "id": "19:abc@thread.tacv2", "name": "General" },
            "team": { "id": "19:team@thread.tacv2", "name": "Maths department" },
            "tenant": { "id": "tenant-1" }
          }
        }
        """;

    private const string AdaptiveCardAction = """
        {
          "name": "adaptiveCard/action",
          "type": "invoke",
          "id": "f:123",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:1ada", "aadObjectId": "aad-ada" },
          "conversation": { "conversationType": "personal", "tenantId": "tenant-1", "id": "a:1xyz" },
          "recipient": { "id": "28:bot-app-id" },
          "replyToId": "1732356930123",
          "value": { "action": { "type": "Action.Execute", "verb": "checkin.submit", "data": { "round": "r-7", "mood": "3" }, "id": "submit" }, "trigger": "manual" },
          "channelData": { "tenant": { "id": "tenant-1" }, "source": { "name": "message" } }
        }
        """;

    private const string MembersAdded = """
        {
          "membersAdded": [ { "id": "28:bot-app-id" }, { "id": "29:1new", "aadObjectId": "aad-new" } ],
          "type": "conversationUpdate",
          "id": "f:456",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:1ada" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "tenant-1", "id": "19:team@thread.tacv2" },
          "recipient": { "id": "28:bot-app-id" },
          "channelData": { "team": { "id": "19:team@thread.tacv2" }, "eventType": "teamMemberAdded", "tenant": { "id": "tenant-1" } }
        }
        """;

    private const string InstallationAdd = """
        {
          "action": "add",
          "type": "installationUpdate",
          "id": "f:789",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:1ada", "aadObjectId": "aad-ada" },
          "conversation": { "conversationType": "personal", "tenantId": "tenant-1", "id": "a:1xyz" },
          "recipient": { "id": "28:bot-app-id" },
          "entities": [ { "type": "clientInfo", "locale": "en-US" } ],
          "channelData": { "settings": { "selectedChannel": { "id": "19:abc@thread.tacv2" } }, "tenant": { "id": "tenant-1" }, "source": { "name": "message" } },
          "locale": "en-US"
        }
        """;

    [Fact]
    public void Deserialize_PersonalMessage_ReadsTeamsFields()
    {
        var activity = Read(PersonalMessage);

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("hello there", activity.Text);
        Assert.Equal("https://smba.trafficmanager.net/emea/", activity.ServiceUrl);
        Assert.Equal("00000000-0000-0000-0000-0000000000020", activity.From!.AadObjectId);
        Assert.Equal("personal", activity.Conversation!.ConversationType);
        Assert.Equal("00000000-0000-0000-0000-0000000000001", activity.TenantId());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 11, 15, 30, 123, TimeSpan.FromHours(1)), activity.LocalTimestamp);
        Assert.Equal(TimeSpan.FromHours(1), activity.LocalTimestamp!.Value.Offset);
    }

    [Fact]
    public void Serialize_PersonalMessage_KeepsUnknownPropertiesAndOmitsNulls()
    {
        var original = JsonNode.Parse(PersonalMessage)!;

        var written = JsonNode.Parse(JsonSerializer.Serialize(Read(PersonalMessage), BotFrameworkJson.Options))!;

        Assert.Equal("Europe/Paris", (string?)written["localTimezone"]);
        Assert.Equal("Web", (string?)written["entities"]![0]!["platform"]);
        Assert.Null(written.AsObject()["value"]);
        Assert.False(written.AsObject().ContainsKey("replyToId"));
        Assert.True(JsonNode.DeepEquals(original["entities"], written["entities"]));
        Assert.True(JsonNode.DeepEquals(original["from"], written["from"]));
    }

    [Fact]
    public void Serialize_ChannelMessage_KeepsUnknownChannelData()
    {
        var written = JsonNode.Parse(JsonSerializer.Serialize(Read(ChannelMessageWithMention), BotFrameworkJson.Options))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ChannelMessageWithMention)!["channelData"], written["channelData"]));
    }

    [Fact]
    public void Deserialize_ChannelMessage_ReadsTeamAndChannel()
    {
        var activity = Read(ChannelMessageWithMention);

        Assert.Equal("19:team@thread.tacv2", activity.ChannelData!.Team!.Id);
        Assert.Equal("Maths department", activity.ChannelData.Team.Name);
        Assert.Equal("General", activity.ChannelData.Channel!.Name);
        Assert.True(activity.Conversation!.IsGroup);
        Assert.Equal("channel", activity.Conversation.ConversationType);
    }

    [Fact]
    public void TextWithoutMention_ChannelMessage_RemovesOnlyTheBotsMentionAndTrims()
    {
        var text = Read(ChannelMessageWithMention).TextWithoutMention("28:bot-app-id");

        Assert.Equal("checkin  <at>Grace</at> please", text);
    }

    [Fact]
    public void TextWithoutMention_PersonalMessageWithoutMentions_ReturnsTrimmedText()
    {
        var activity = Read(PersonalMessage) with { Text = "  hello  " };

        Assert.Equal("hello", activity.TextWithoutMention("28:bot-app-id"));
    }

    [Fact]
    public void Deserialize_AdaptiveCardAction_ReadsVerbAndData()
    {
        var activity = Read(AdaptiveCardAction);

        var value = activity.Value!.Value.Deserialize<AdaptiveCardInvokeValue>(BotFrameworkJson.Options)!;

        Assert.Equal(ActivityTypes.Invoke, activity.Type);
        Assert.Equal(InvokeNames.AdaptiveCardAction, activity.Name);
        Assert.Equal("Action.Execute", value.Action!.Type);
        Assert.Equal("checkin.submit", value.Action.Verb);
        Assert.Equal("submit", value.Action.Id);
        Assert.Equal("r-7", value.Action.Data!.Value.GetProperty("round").GetString());
        Assert.Equal("manual", value.Trigger);
        Assert.Equal("1732356930123", activity.ReplyToId);
    }

    [Fact]
    public void Deserialize_ConversationUpdate_ReadsMembersAddedAndEventType()
    {
        var activity = Read(MembersAdded);

        Assert.Equal(ActivityTypes.ConversationUpdate, activity.Type);
        Assert.Equal(["28:bot-app-id", "29:1new"], activity.MembersAdded!.Select(m => m.Id));
        Assert.Equal("aad-new", activity.MembersAdded![1].AadObjectId);
        Assert.Equal("teamMemberAdded", activity.ChannelData!.EventType);
    }

    [Fact]
    public void Deserialize_InstallationUpdate_ReadsAction()
    {
        var activity = Read(InstallationAdd);

        Assert.Equal(ActivityTypes.InstallationUpdate, activity.Type);
        Assert.Equal("add", activity.Action);
        Assert.True(activity.ChannelData!.AdditionalProperties!.ContainsKey("settings"));
    }

    [Fact]
    public void TenantId_WithoutConversationTenant_FallsBackToChannelData()
    {
        var activity = Read(PersonalMessage);
        activity = activity with { Conversation = activity.Conversation! with { TenantId = null }, ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = "from-channel-data" } } };

        Assert.Equal("from-channel-data", activity.TenantId());
    }

    [Fact]
    public void TenantId_ConversationTenantEmpty_FallsBackToChannelData()
    {
        var activity = Read(PersonalMessage);
        activity = activity with { Conversation = activity.Conversation! with { TenantId = "" }, ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = "from-channel-data" } } };

        Assert.Equal("from-channel-data", activity.TenantId());
    }

    [Fact]
    public void TenantId_BothFields_PrefersTheConversations()
    {
        var activity = Read(PersonalMessage) with { ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = "other-tenant" } } };

        Assert.Equal("00000000-0000-0000-0000-0000000000001", activity.TenantId());
    }

    [Theory]
    [InlineData("tenant-a", "tenant-a", false)]
    [InlineData("TENANT-A", "tenant-a", false)]
    [InlineData("tenant-a", null, false)]
    [InlineData(null, "tenant-a", false)]
    [InlineData(null, null, false)]
    [InlineData("tenant-a", "tenant-b", true)]
    [InlineData("", "tenant-b", true)]
    [InlineData("tenant-a", "", true)]
    public void HasConflictingTenantIds_TrueOnlyWhenBothFieldsNameDifferentTenants(string? conversationTenant, string? channelDataTenant, bool conflicting)
    {
        var activity = Read(PersonalMessage) with
        {
            Conversation = new ConversationAccount { Id = "a:1xyz", TenantId = conversationTenant },
            ChannelData = channelDataTenant is null ? null : new TeamsChannelData { Tenant = new TenantInfo { Id = channelDataTenant } },
        };

        Assert.Equal(conflicting, activity.HasConflictingTenantIds());
    }

    [Fact]
    public void HasConflictingTenantIds_TeamsPersonalMessage_AgreesWithItself() =>
        Assert.False(Read(PersonalMessage).HasConflictingTenantIds());

    [Fact]
    public void CreateReply_SwapsAccountsAndKeepsConversation()
    {
        var inbound = Read(PersonalMessage);

        var reply = inbound.CreateReply("hi Ada");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("28:bot-app-id", reply.From!.Id);
        Assert.Equal("29:1abc", reply.Recipient!.Id);
        Assert.Equal(inbound.Conversation, reply.Conversation);
        Assert.Equal(inbound.ServiceUrl, reply.ServiceUrl);
        Assert.Equal("msteams", reply.ChannelId);
        Assert.Equal("en-US", reply.Locale);
        Assert.Equal("1732356930123", reply.ReplyToId);
        Assert.Equal("hi Ada", reply.Text);
    }

    [Fact]
    public void Deserialize_MemberWithObjectId_ReadsItAsAadObjectId()
    {
        var member = JsonSerializer.Deserialize<TeamsChannelAccount>(
            """{"id":"29:1a","name":"Ada","objectId":"aad-ada","email":"ada@school.example","userPrincipalName":"ada@school.example","tenantId":"t-1","userRole":"user","givenName":"Ada","surname":"Lovelace"}""",
            BotFrameworkJson.Options)!;

        Assert.Equal("aad-ada", member.AadObjectId);
        Assert.Equal("ada@school.example", member.Email);
        Assert.Equal("ada@school.example", member.UserPrincipalName);
        Assert.Equal("t-1", member.TenantId);
        Assert.Equal("user", member.UserRole);
        Assert.Equal("Lovelace", member.Surname);
        Assert.Equal("aad-ada", JsonNode.Parse(JsonSerializer.Serialize(member, BotFrameworkJson.Options))!["aadObjectId"]!.GetValue<string>());
    }

    [Fact]
    public void Deserialize_MemberWithAadObjectId_ReadsIt()
    {
        var member = JsonSerializer.Deserialize<TeamsChannelAccount>("""{"id":"29:1a","aadObjectId":"aad-ada"}""", BotFrameworkJson.Options)!;

        Assert.Equal("aad-ada", member.AadObjectId);
    }

    [Fact]
    public void AdaptiveCardInvokeResponse_Card_HasTheShapeTeamsExpects()
    {
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" };

        var json = JsonSerializer.SerializeToNode(AdaptiveCardInvokeResponse.Card(card), BotFrameworkJson.Options)!;

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard","version":"1.5"}}"""),
            json));
    }

    [Fact]
    public void AdaptiveCardInvokeResponse_MessageAndError_HaveTheShapeTeamsExpects()
    {
        var message = JsonSerializer.SerializeToNode(AdaptiveCardInvokeResponse.Message("Saved"), BotFrameworkJson.Options)!;
        var error = JsonSerializer.SerializeToNode(AdaptiveCardInvokeResponse.Error(400, "RoundClosed", "This round is closed."), BotFrameworkJson.Options)!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Saved"}"""), message));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"RoundClosed","message":"This round is closed."}}"""),
            error));
    }

    [Fact]
    public void ConversationParameters_Personal_HasTheShapeTeamsExpects()
    {
        var json = JsonSerializer.SerializeToNode(ConversationParameters.Personal("28:bot-app-id", "29:1ada", "tenant-1"), BotFrameworkJson.Options)!;

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"bot":{"id":"28:bot-app-id"},"members":[{"id":"29:1ada"}],"isGroup":false,"tenantId":"tenant-1","channelData":{"tenant":{"id":"tenant-1"}}}"""),
            json));
    }

    private static Activity Read(string json) => JsonSerializer.Deserialize<Activity>(json, BotFrameworkJson.Options)!;
}
