using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Channels;

/// Correctly signed Slack requests that are not the district's to send, and payloads of the wrong
/// shape: each is acknowledged or refused, and changes nothing.
public sealed class SlackIdentityAttackTests : IAsyncLifetime
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string ForeignTeam = "T0EVIL0001";

    private readonly SlackRequestSigner _signer = new(Secret);
    private FakeSlackApi _slack = null!;
    private CohortBotApp _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync();
        _slack.AddUser("U0EVIL", "diegos@example.com", "Diego Siciliani", teamId: ForeignTeam);
        _slack.AddUser("U0COPYCAT", "diegos@example.com", "Diego S.", teamId: SlackPayloads.TeamId);
        _app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = "samples/demo-district.yaml",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
            ["Slack:AppId"] = SlackPayloads.AppId,
        });
        _client = _app.CreateClient();
        // The import's bulk link reads the workspace's people once; let it finish before the attacks.
        await _app.SlackMembersLinkedAsync(_slack);
        await Task.Delay(200);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _slack.DisposeAsync();
    }

    public static TheoryData<string> ForeignWays => new() { "team_id", "api_app_id" };

    [Theory, MemberData(nameof(ForeignWays))]
    public async Task Event_FromAnotherWorkspaceOrApp_IsAcknowledgedNotStoredNotRouted(string how)
    {
        var before = await SnapshotAsync();
        var envelope = SlackPayloads.EventCallback(SlackPayloads.Message("U0EVIL", "help"));
        Foreign(envelope, how);

        var answer = await _client.SendAsync(_signer.Events("/api/slack/events", envelope));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await RestAsync();
        Assert.Equal(0, await _app.WithStoreAsync(db => db.ProcessedEvents.CountAsync()));
        Assert.Equal(0, _slack.Count("chat.postMessage") + _slack.Count("users.info"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory, MemberData(nameof(ForeignWays))]
    public async Task Command_FromAnotherWorkspaceOrApp_IsAcknowledgedAndDropped(string how)
    {
        var before = await SnapshotAsync();
        var fields = SlackPayloads.SlashCommand("U0EVIL", "help");
        if (how == "team_id")
            fields["team_id"] = ForeignTeam;
        else
            fields["api_app_id"] = "A0OTHERAPP";

        var answer = await _client.SendAsync(_signer.Command("/api/slack/commands", fields));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.DoesNotContain("What I can do", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await RestAsync();
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, _slack.Count("users.info"));
    }

    [Fact]
    public async Task Interaction_FromAnotherWorkspace_IsAcknowledgedAndDropped()
    {
        var before = await SnapshotAsync();
        var payload = SlackPayloads.BlockActions("U0EVIL", "help", """{"verb":"help.show"}""");
        payload["team"]!["id"] = ForeignTeam;
        payload["user"]!["team_id"] = ForeignTeam;

        var answer = await _client.SendAsync(_signer.Interaction("/api/slack/interactions", payload));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await RestAsync();
        Assert.Equal(0, _slack.Count("chat.postMessage"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task CopycatInTheDistrictsWorkspace_WithALinkedTeachersEmail_IsNotLinked()
    {
        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.AppHomeOpened("U0COPYCAT"))));

        var publish = Assert.Single(await _slack.WaitForCallsAsync("views.publish", 1, TimeSpan.FromSeconds(5)));
        Assert.DoesNotContain("Blended Learning Cohort 2026", publish.Arg("view"), StringComparison.Ordinal);
        await RestAsync();
        var slack = await _app.WithStoreAsync(db => db.Identities.Where(i => i.Platform == Platform.Slack).Select(i => i.UserId).ToListAsync());
        Assert.DoesNotContain("U0COPYCAT", slack);
        Assert.Contains("U0DEMODIEGO", slack);
    }

    public static TheoryData<string> WrongShapes => new()
    {
        """{"type":"block_actions","user":{"id":5},"team":{"id":"T0DEMO0001"}}""",
        """{"type":"block_actions","team":{"id":"T0DEMO0001"},"actions":[]}""",
        """{"user":{"id":"U0DEMODIEGO"},"team":{"id":"T0DEMO0001"}}""",
        """{"type":"block_actions","user":{"id":"U0DEMODIEGO"},"team":{"id":"T0DEMO0001"},"actions":{"not":"a list"}}""",
        """["not","an","object"]""",
    };

    [Theory, MemberData(nameof(WrongShapes))]
    public async Task Interaction_OfAnUnexpectedShape_Is400Not500(string payload)
    {
        var answer = await _client.SendAsync(_signer.Interaction("/api/slack/interactions", JsonNode.Parse(payload) is JsonObject o ? o : new JsonObject { ["raw"] = payload }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task ButtonOnACardForSomeoneElse_IsRefusedAndNothingHappens()
    {
        // A check-in card sent to Diego in a channel, pressed by Grady.
        await _app.WithStoreAsync(async db =>
        {
            var diego = await db.Members.SingleAsync(m => m.Email == "diegos@example.com");
            db.Deliveries.Add(new Delivery
            {
                IdempotencyKey = "test:diego-card", MemberId = diego.Id, Platform = Platform.Slack, Address = """{"channel":"C0COHORT"}""",
                CardName = "help", DataJson = "{}", Text = "card", Status = DeliveryStatus.Sent, PlatformMessageId = "C0COHORT/1700000000.000100",
            });
            await db.SaveChangesAsync();
        });
        var press = SlackPayloads.BlockActions("U0DEMOGRADY", "help", """{"verb":"help.show"}""");
        press["channel"]!["id"] = "C0COHORT";
        press["container"]!["channel_id"] = "C0COHORT";

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(_signer.Interaction("/api/slack/interactions", press))).StatusCode);

        var refusal = Assert.Single(await _slack.WaitForCallsAsync("chat.postEphemeral", 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(("C0COHORT", "U0DEMOGRADY"), (refusal.Arg("channel"), refusal.Arg("user")));
        await RestAsync();
        Assert.Equal(0, _slack.Count("chat.postMessage") + _slack.Count("chat.update"));
    }

    private static void Foreign(JsonObject envelope, string how)
    {
        if (how == "api_app_id")
        {
            envelope["api_app_id"] = "A0OTHERAPP";
            return;
        }
        envelope["team_id"] = ForeignTeam;
        envelope["authorizations"]![0]!["team_id"] = ForeignTeam;
        envelope["event"]!["team"] = ForeignTeam;
    }

    /// Lets queued events and deliveries finish, so that "nothing happened" means it.
    private async Task RestAsync()
    {
        for (var i = 0; i < 50 && await _app.WithStoreAsync(db => db.ProcessedEvents.AnyAsync(e => e.HandledAt == null)); i++)
            await Task.Delay(50);
        await _app.DeliveriesAtRestAsync();
    }

    private Task<string> SnapshotAsync() => _app.WithStoreAsync(async db =>
    {
        var identities = await db.Identities.OrderBy(i => i.Id).Select(i => $"{i.MemberId}|{i.Platform}|{i.TenantId}|{i.UserId}|{i.ConversationId}").ToListAsync();
        return $"{string.Join(";", identities)} deliveries:{await db.Deliveries.CountAsync()} audit:{await db.AuditLog.CountAsync()}";
    });
}
