using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Teams;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Channels;

/// The Teams channel end to end: activities with real tokens (signed by a test key published on a
/// loopback OpenID endpoint) into the real app, answers through a fake Bot Connector on loopback.
public sealed class TeamsChannelTests : IAsyncLifetime
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string BotId = "28:" + CohortBotApp.TestAppId;
    private static readonly TimeSpan ThreeSeconds = TimeSpan.FromSeconds(3);

    private FakeBotFrameworkIdentity _identity = null!;
    private FakeBotConnector _connector = null!;
    private CohortBotApp _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _identity = await FakeBotFrameworkIdentity.StartAsync();
        _connector = await FakeBotConnector.StartAsync();
        _app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = "samples/demo-district.yaml",
            ["Teams:OpenIdMetadataUrl"] = _identity.MetadataUrl,
        });
        _client = _app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task Message_Help_RepliesWithTheHelpCard()
    {
        var answer = await PostAsync(Message("help", id: "activity-1"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var reply = Assert.Single(await _connector.WaitForCallsAsync(1, ThreeSeconds));
        Assert.Equal(("POST", "/v3/conversations/a%3Aalex-personal/activities/activity-1"), (reply.Method, reply.Path));
        var attachment = reply.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("1.5", attachment["content"]!["version"]!.GetValue<string>());
        Assert.Contains("What I can do", attachment["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(reply.Body["summary"]?.GetValue<string>()));
        Assert.Null(reply.Authorization); // no app password: no outbound token
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("Hi there!")]
    [InlineData("good morning")]
    public async Task Message_AGreeting_IsAnsweredWithTheWelcomeCard_NotTheLibrary(string greeting)
    {
        await PostAsync(Message(greeting, id: "activity-hello"));

        var reply = Assert.Single(await _connector.WaitForCallsAsync(1, ThreeSeconds));
        var card = reply.Body!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("Welcome, Alex!", card, StringComparison.Ordinal);
        Assert.DoesNotContain("library", card, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Message_RecordsThePersonalConversationOnTheMember()
    {
        await PostAsync(Message("help"));

        var alex = await AlexAsync();
        Assert.Equal(("a:alex-personal", _connector.ServiceUrl), (alex.ConversationId, alex.ServiceUrl));
    }

    [Fact]
    public async Task Install_GreetsOnceWithTheWelcomeCard()
    {
        var installation = Activity("installationUpdate", id: "install-1");
        installation["action"] = "add";
        var conversationUpdate = Activity("conversationUpdate", id: "install-2");
        conversationUpdate["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(installation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(conversationUpdate)).StatusCode);

        var sent = Assert.Single(await _connector.WaitForCallsAsync(1, ThreeSeconds));
        await Task.Delay(300);
        Assert.Single(_connector.Calls);
        var card = sent.Body!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("Welcome, Alex!", card, StringComparison.Ordinal);
        Assert.Contains("Blended Learning Cohort 2026", card, StringComparison.Ordinal);
        Assert.Contains("Adele Vance", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ActionExecuteHelp_AnswersInTheResponseAndSendsTheCard()
    {
        var invoke = Activity("invoke", id: "invoke-1");
        invoke["name"] = "adaptiveCard/action";
        invoke["replyToId"] = "card-message-1";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "help.show", ["data"] = new JsonObject { ["verb"] = "help.show" } },
            ["trigger"] = "manual",
        };

        var answer = await PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(200, body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        var sent = Assert.Single(await _connector.WaitForCallsAsync(1, ThreeSeconds));
        Assert.Contains("What I can do", sent.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_InATeamsChannel_IsRememberedForLater()
    {
        var install = Activity("conversationUpdate", id: "team-install");
        install["conversation"] = new JsonObject { ["conversationType"] = "channel", ["tenantId"] = Tenant, ["id"] = "19:general@thread.tacv2" };
        install["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = Tenant },
            ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Blended Cohort" },
            ["eventType"] = "teamMemberAdded",
        };
        install["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(install)).StatusCode);

        var team = await _app.WithStoreAsync(db => db.Conversations.SingleAsync());
        Assert.Equal(("19:general@thread.tacv2", "19:team@thread.tacv2", "Blended Cohort", _connector.ServiceUrl), (team.ExternalId, team.TeamId, team.Name, team.ServiceUrl));
        Assert.Null(team.RemovedAt);
    }

    [Fact]
    public async Task Delivery_OfACardThatDoesNotRender_FailsAtOnceAndIsNeverRetried()
    {
        await PostAsync(Message("help"));
        await _connector.WaitForCallsAsync(1, ThreeSeconds);
        await _app.DeliveriesAtRestAsync();
        var id = await _app.WithStoreAsync(async db =>
        {
            var alex = await db.Identities.SingleAsync(i => i.UserId == AlexAad);
            var delivery = new CohortBot.Outbox.OutboxWriter(db, TimeProvider.System)
                .ToMember("test:broken", alex.MemberId, new CohortBot.Turns.CardMessage("no-such-card", [], "Broken"))!;
            await db.SaveChangesAsync();
            return delivery.Id;
        });

        for (var sweep = 0; sweep < 3; sweep++)
            await _app.SendDueAsync();

        var broken = await _app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((CohortBot.Outbox.DeliveryStatus.Failed, 1), (broken.Status, broken.Attempts));
        Assert.Contains("no-such-card", broken.LastError, StringComparison.Ordinal);
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task Invoke_Unknown_Is501()
    {
        var invoke = Activity("invoke");
        invoke["name"] = "composeExtension/query";

        Assert.Equal(HttpStatusCode.NotImplemented, (await PostAsync(invoke)).StatusCode);
    }

    [Fact]
    public async Task ActionSubmit_AsMessageWithValue_IsRouted()
    {
        var submit = Message(text: null);
        submit["value"] = new JsonObject { ["verb"] = "help.show" };

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(submit)).StatusCode);
        var sent = Assert.Single(await _connector.WaitForCallsAsync(1, ThreeSeconds));
        Assert.Contains("What I can do", sent.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Forgeries => new()
    {
        "no header", "wrong audience", "wrong issuer", "expired", "unendorsed key", "foreign key", "alg none", "service url differs",
    };

    [Theory, MemberData(nameof(Forgeries))]
    public async Task Message_WithoutAValidToken_Is401AndNothingIsSent(string forgery)
    {
        var activity = Message("help");
        var serviceUrl = _connector.ServiceUrl;
        string? token = forgery switch
        {
            "no header" => null,
            "wrong audience" => _identity.MintToken("another-bot", serviceUrl),
            "wrong issuer" => _identity.MintToken(CohortBotApp.TestAppId, serviceUrl, issuer: "https://evil.example.com"),
            "expired" => _identity.MintToken(CohortBotApp.TestAppId, serviceUrl, notBefore: DateTimeOffset.UtcNow.AddHours(-3), expires: DateTimeOffset.UtcNow.AddHours(-1)),
            "unendorsed key" => _identity.MintToken(CohortBotApp.TestAppId, serviceUrl, key: FakeSigningKey.Unendorsed),
            "foreign key" => _identity.MintToken(CohortBotApp.TestAppId, serviceUrl, key: FakeSigningKey.Foreign),
            "alg none" => _identity.MintToken(CohortBotApp.TestAppId, serviceUrl, algorithm: FakeTokenAlgorithm.None),
            _ => _identity.MintToken(CohortBotApp.TestAppId, "https://attacker.example.com/"),
        };

        var answer = await PostAsync(activity, token is null ? null : "Bearer " + token);
        await Task.Delay(300);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Empty(_connector.Calls);
        Assert.Null((await AlexAsync()).ConversationId);
    }

    public static TheoryData<string, int> Malformed => new()
    {
        { "not json", 400 }, { "wrong types", 400 }, { "no conversation", 400 }, { "ten megabytes", 413 },
    };

    [Theory, MemberData(nameof(Malformed))]
    public async Task Activity_Malformed_Is4xxNot5xx(string how, int status)
    {
        var body = how switch
        {
            "not json" => "this is not an activity",
            "wrong types" => """{"type":42,"channelId":["msteams"],"serviceUrl":true,"conversation":"a:1"}""",
            "no conversation" => new JsonObject { ["type"] = "message", ["channelId"] = "msteams", ["serviceUrl"] = _connector.ServiceUrl, ["text"] = "help" }.ToJsonString(),
            _ => new string('x', 10 * 1024 * 1024),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _identity.MintToken(CohortBotApp.TestAppId, _connector.ServiceUrl));

        var answer = await _client.SendAsync(request);

        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task Connector_Throttles_ReplyIsRetriedAndDelivered()
    {
        _connector.FailNext(429, retryAfter: TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("help"))).StatusCode);

        var calls = await _connector.WaitForCallsAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        await _app.DeliveriesAtRestAsync();
        var delivery = await _app.WithStoreAsync(db => db.Deliveries.SingleAsync());
        Assert.Equal(CohortBot.Outbox.DeliveryStatus.Sent, delivery.Status);
    }

    [Fact]
    public async Task ManyMessagesAtOnce_EveryOneIsAnsweredOnce()
    {
        // A whole cohort answering in the same minute: concurrent writers on the one SQLite file.
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => PostAsync(Message("help", id: $"burst-{i}"))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var replies = await _connector.WaitForCallsAsync(24, TimeSpan.FromSeconds(20));
        Assert.Equal(24, replies.Select(r => r.Path).Distinct().Count());
        await _app.DeliveriesAtRestAsync();
        Assert.Equal(24, await _app.WithStoreAsync(db => db.Deliveries.CountAsync(d => d.Status == CohortBot.Outbox.DeliveryStatus.Sent)));
    }

    private Task<CohortBot.Channels.Identities.PlatformIdentity> AlexAsync() =>
        _app.WithStoreAsync(db => db.Identities.SingleAsync(i => i.UserId == AlexAad && i.Platform == CohortBot.Outbox.Platform.Teams));

    private Task<HttpResponseMessage> PostAsync(JsonObject activity) =>
        PostAsync(activity, "Bearer " + _identity.MintToken(CohortBotApp.TestAppId, _connector.ServiceUrl));

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await _client.SendAsync(request);
    }

    private JsonObject Message(string? text, string id = "activity-0")
    {
        var activity = Activity("message", id);
        if (text is not null)
            activity["text"] = text;
        return activity;
    }

    /// A personal-chat activity from Alex (the demo district's teacher), as Teams sends it.
    private JsonObject Activity(string type, string id = "activity-0") => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["timestamp"] = "2026-11-24T15:00:00.000Z",
        ["serviceUrl"] = _connector.ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:alex", ["name"] = "Alex Wilber", ["aadObjectId"] = AlexAad },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = "a:alex-personal" },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CohortBot" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        ["locale"] = "en-US",
    };
}
