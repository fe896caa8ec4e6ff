using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Tests.Channels;

/// What strangers with validly signed Bot Framework tokens tried, from outside: each attempt must
/// do nothing (no link, no greeting with roster data, no conversation repointed, nothing stored).
public sealed class TeamsIdentityAttackTests : IAsyncLifetime
{
    private const string DistrictTenant = "00000000-0000-0000-0000-0000000000001";
    private const string ForeignTenant = "99999999-9999-9999-9999-999999999999";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string BotId = "28:" + CohortBotApp.TestAppId;

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
        // Alex has written before: the bot knows his 1:1 conversation.
        await PostAsync(Activity("message", "29:alex", AlexAad, "a:alex-personal", DistrictTenant, text: "help"));
        await _connector.WaitForCallsAsync(1, TimeSpan.FromSeconds(5));
        await _app.DeliveriesAtRestAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task ForeignTenant_InstallCarryingARosterEmail_IsDroppedWithoutLinkGreetingOrRepoint()
    {
        _connector.AddMember("29:stranger", "Alex Wilber", "aad-stranger", email: "alexw@example.com", tenantId: ForeignTenant);
        var before = await SnapshotAsync();
        var install = Activity("installationUpdate", "29:stranger", "aad-stranger", "a:stranger-personal", ForeignTenant);
        install["action"] = "add";

        var answer = await PostAsync(install);
        var message = await PostAsync(Activity("message", "29:stranger", "aad-stranger", "a:stranger-personal", ForeignTenant, text: "help"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (answer.StatusCode, message.StatusCode));
        await _app.DeliveriesAtRestAsync();
        Assert.Single(_connector.Calls); // only the reply to Alex in the set-up
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ForeignTenant_ClaimingTheDistrictTenantInOneFieldOnly_IsDropped()
    {
        var before = await SnapshotAsync();
        var activity = Activity("message", "29:stranger", AlexAad, "a:stranger-personal", DistrictTenant, text: "help");
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = ForeignTenant } };

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(activity)).StatusCode);

        await _app.DeliveriesAtRestAsync();
        Assert.Single(_connector.Calls);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task DistrictTenant_StrangerWhoseRecordCarriesALinkedTeachersEmail_IsNotLinkedAndAlexKeepsHisChat()
    {
        _connector.AddMember("29:mallory", "Mallory", "aad-mallory", email: "alexw@example.com", tenantId: DistrictTenant);
        var install = Activity("installationUpdate", "29:mallory", "aad-mallory", "a:mallory-personal", DistrictTenant);
        install["action"] = "add";

        await PostAsync(install);

        // Two calls after the set-up's reply: the member-record lookup, then the greeting.
        var greeting = Assert.Single(await _connector.WaitForCallsAsync(3, TimeSpan.FromSeconds(5)), c => c.Method == "POST" && c.Path.Contains("mallory", StringComparison.Ordinal));
        var card = greeting.Body!.ToJsonString();
        Assert.DoesNotContain("Alex", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Blended Learning Cohort 2026", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Adele Vance", card, StringComparison.Ordinal);
        var teams = await _app.WithStoreAsync(db => db.Identities.Where(i => i.Platform == Platform.Teams).ToListAsync());
        Assert.DoesNotContain(teams, i => i.UserId == "aad-mallory");
        Assert.Equal("a:alex-personal", teams.Single(i => i.UserId == AlexAad).ConversationId);
    }

    [Fact]
    public async Task DistrictTenant_RosterMemberWithoutATeamsId_IsLinkedByEmailAtTheirFirstMessageAndAudited()
    {
        // Diego is on the roster for Slack only; here he opens Teams in the district's tenant.
        _connector.AddMember("29:diego", "Diego Siciliani", "aad-diego", email: "DiegoS@example.com", tenantId: DistrictTenant);

        await PostAsync(Activity("message", "29:diego", "aad-diego", "a:diego-personal", DistrictTenant, text: "help"));
        await _connector.WaitForCallsAsync(2, TimeSpan.FromSeconds(5));

        var diego = await _app.WithStoreAsync(db => db.Identities.Include(i => i.Member).SingleAsync(i => i.UserId == "aad-diego"));
        Assert.Equal(("diegos@example.com", "email", "a:diego-personal"), (diego.Member!.Email, diego.LinkedBy, diego.ConversationId));
        var audit = await _app.WithStoreAsync(db => db.AuditLog.Where(a => a.Action == "identity.link" && a.Actor == "teams").ToListAsync());
        Assert.Contains("aad-diego", Assert.Single(audit).DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrangerNotOnTheRoster_IsLookedUpOncePerPeriodNotAtEveryMessage()
    {
        _connector.AddMember("29:visitor", "Visitor", "aad-visitor", email: "visitor@elsewhere.example", tenantId: DistrictTenant);

        for (var i = 0; i < 3; i++)
            await PostAsync(Activity("message", "29:visitor", "aad-visitor", "a:visitor-personal", DistrictTenant, text: "help", id: $"visit-{i}"));
        await _connector.WaitForCallsAsync(4, TimeSpan.FromSeconds(5));
        await _app.DeliveriesAtRestAsync();

        Assert.Single(_connector.Calls, c => c.Path.Contains("pagedmembers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("emulator")] // outside Development
    public async Task OtherChannel_SignedByAKeyEndorsedForIt_IsDropped(string channel)
    {
        _identity.PublishKey($"{channel}-key", channel);
        var before = await SnapshotAsync();
        var activity = Activity("message", "29:alex", AlexAad, "a:alex-personal", DistrictTenant, text: "help", id: "webchat-1");
        activity["channelId"] = channel;

        var answer = await PostAsync(activity, _identity.MintToken(CohortBotApp.TestAppId, _connector.ServiceUrl, keyId: $"{channel}-key"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await _app.DeliveriesAtRestAsync();
        Assert.Single(_connector.Calls);
        Assert.Equal(before, await SnapshotAsync());
    }

    /// Every row a stranger could have changed, as text.
    private Task<string> SnapshotAsync() => _app.WithStoreAsync(async db =>
    {
        var identities = await db.Identities.OrderBy(i => i.Id).Select(i => $"{i.MemberId}|{i.Platform}|{i.TenantId}|{i.UserId}|{i.ConversationId}|{i.ServiceUrl}").ToListAsync();
        var deliveries = await db.Deliveries.CountAsync();
        var conversations = await db.Conversations.CountAsync();
        var audit = await db.AuditLog.CountAsync();
        var events = await db.ProcessedEvents.CountAsync();
        return $"{string.Join(";", identities)} deliveries:{deliveries} conversations:{conversations} audit:{audit} events:{events}";
    });

    private Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (token ?? _identity.MintToken(CohortBotApp.TestAppId, _connector.ServiceUrl)));
        return _client.SendAsync(request);
    }

    private JsonObject Activity(string type, string userId, string aad, string conversation, string tenant, string? text = null, string id = "activity-x")
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["serviceUrl"] = _connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = userId == "29:mallory" ? "Mallory" : "Someone", ["aadObjectId"] = aad },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = tenant, ["id"] = conversation },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CohortBot" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
        };
        if (text is not null)
            activity["text"] = text;
        return activity;
    }
}
