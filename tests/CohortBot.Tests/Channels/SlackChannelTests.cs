using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.Channels.Slack;
using CohortBot.Fakes.Slack;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Channels;

/// The Slack channel end to end: signed requests into the real app, answers through a fake Slack
/// Web API on loopback.
public sealed class SlackChannelTests : IAsyncLifetime
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly TimeSpan ThreeSeconds = TimeSpan.FromSeconds(3);

    private FakeSlackApi _slack = null!;
    private CohortBotApp _app = null!;
    private HttpClient _client = null!;
    private readonly SlackRequestSigner _signer = new(Secret);

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync();
        _slack.AddUser("U0DEMODIEGO", "diegos@example.com", "Diego Siciliani", teamId: SlackPayloads.TeamId);
        _app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = "samples/demo-district.yaml",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
        });
        _client = _app.CreateClient();
        // The seed's bulk link reads the workspace's people once: let it finish before the test acts.
        await _app.SlackMembersLinkedAsync(_slack);
        await Task.Delay(200);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task DirectMessage_Help_AnswersWithTheHelpCardInTheDm()
    {
        var answer = await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.Message("U0DEMODIEGO", "help"))));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var post = Assert.Single(await _slack.WaitForCallsAsync("chat.postMessage", 1, ThreeSeconds));
        Assert.Equal("D0001", post.Arg("channel"));
        Assert.Equal("Bearer xoxb-test-token", post.Authorization);
        Assert.False(string.IsNullOrWhiteSpace(post.Arg("text")));
        Assert.Contains("What I can do", post.Arg("blocks"), StringComparison.Ordinal);
        Assert.Contains("/cohort", post.Arg("blocks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_DeliveredAgainBySlack_IsHandledOnce()
    {
        var envelope = SlackPayloads.EventCallback(SlackPayloads.Message("U0DEMODIEGO", "help"));
        await _client.SendAsync(_signer.Events("/api/slack/events", envelope));
        await _slack.WaitForCallsAsync("chat.postMessage", 1, ThreeSeconds);

        var retry = _signer.Events("/api/slack/events", envelope);
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(retry)).StatusCode);
        await HandledAsync();
        await SettleAsync();

        Assert.Equal(1, _slack.Count("chat.postMessage"));
        var handled = await _app.WithStoreAsync(db => db.ProcessedEvents.SingleAsync());
        Assert.NotNull(handled.HandledAt);
        Assert.Null(handled.Payload);
    }

    [Fact]
    public async Task Event_AcceptedButNeverHandled_IsHandledOnceByTheSweep()
    {
        // As a restart leaves it: recorded (and acknowledged) two minutes ago, its queue gone.
        var envelope = SlackPayloads.EventCallback(SlackPayloads.Message("U0DEMODIEGO", "help"));
        var eventId = envelope["event_id"]!.GetValue<string>();
        await _app.WithStoreAsync(async db =>
        {
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Slack, EventId = eventId, ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-2), Payload = envelope.ToJsonString(), Workspace = SlackPayloads.TeamId });
            return await db.SaveChangesAsync();
        });

        await SweepAsync();
        await _slack.WaitForCallsAsync("chat.postMessage", 1, ThreeSeconds);
        await HandledAsync();
        await SweepAsync();
        await SettleAsync();

        Assert.Equal(1, _slack.Count("chat.postMessage"));
        var handled = await _app.WithStoreAsync(db => db.ProcessedEvents.SingleAsync());
        Assert.Equal((eventId, true, null), (handled.EventId, handled.HandledAt is not null, handled.Payload));
    }

    [Fact]
    public async Task Mention_InChannel_AnswersOnceInTheThread()
    {
        var text = $"<@{SlackPayloads.BotUserId}> help";
        // Slack sends a channel mention twice: as app_mention and as message.channels.
        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.AppMention("U0DEMODIEGO", text, "C0COACHES"))));
        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.Message("U0DEMODIEGO", text, "C0COACHES", "channel", ts: "1700000000.000300"))));

        var post = Assert.Single(await _slack.WaitForCallsAsync("chat.postMessage", 1, ThreeSeconds));
        await SettleAsync();
        Assert.Equal(1, _slack.Count("chat.postMessage"));
        Assert.Equal("C0COACHES", post.Arg("channel"));
        Assert.NotNull(post.Arg("thread_ts"));
    }

    [Fact]
    public async Task ChannelMessage_NotForTheBot_GetsNoAnswer()
    {
        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.Message("U0DEMODIEGO", "Station rotation went great today", "C0COACHES", "channel"))));
        await HandledAsync();
        await SettleAsync();

        Assert.Equal(0, _slack.Count("chat.postMessage"));
        Assert.NotNull((await _app.WithStoreAsync(db => db.ProcessedEvents.SingleAsync())).HandledAt);
    }

    [Fact]
    public async Task BotsOwnMessage_IsIgnored()
    {
        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.BotMessage("What I can do"))));
        await SettleAsync();

        Assert.Equal(0, _slack.Count("chat.postMessage"));
        Assert.Equal(0, await _app.WithStoreAsync(db => db.ProcessedEvents.CountAsync()));
    }

    [Fact]
    public async Task UrlVerification_AnswersTheChallenge()
    {
        var answer = await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SlashCommand_Help_AnswersEphemerallyInTheResponse()
    {
        var answer = await _client.SendAsync(_signer.Command("/api/slack/commands", SlackPayloads.SlashCommand("U0DEMODIEGO", "help")));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("ephemeral", body!["response_type"]!.GetValue<string>());
        Assert.Contains("What I can do", body["blocks"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_NotACommand_IsAskedOfTheLibraryPrivately()
    {
        var answer = await _client.SendAsync(_signer.Command("/api/slack/commands", SlackPayloads.SlashCommand("U0DEMODIEGO", "frobnicate now")));

        var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("ephemeral", body!["response_type"]!.GetValue<string>());
        Assert.Contains("Nothing good in the library yet", body["blocks"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Ask my coach", body["blocks"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_Help_AnswersWithHelp()
    {
        var answer = await _client.SendAsync(_signer.Command("/api/slack/commands", SlackPayloads.SlashCommand("U0DEMODIEGO", "help")));

        var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("What I can do", body!["blocks"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ButtonPress_Help_PostsTheHelpCard()
    {
        var value = new JsonObject { ["verb"] = "help", ["data"] = new JsonObject { ["verb"] = "help" } }.ToJsonString();
        var answer = await _client.SendAsync(_signer.Interaction("/api/slack/interactions", SlackPayloads.BlockActions("U0DEMODIEGO", "help", value)));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var post = Assert.Single(await _slack.WaitForCallsAsync("chat.postMessage", 1, ThreeSeconds));
        Assert.Equal("D0001", post.Arg("channel"));
        Assert.Contains("What I can do", post.Arg("blocks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeOpened_PublishesTheHomeTab()
    {
        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.AppHomeOpened("U0DEMODIEGO"))));

        var publish = Assert.Single(await _slack.WaitForCallsAsync("views.publish", 1, ThreeSeconds));
        Assert.Equal("U0DEMODIEGO", publish.Arg("user_id"));
        var view = JsonNode.Parse(publish.Arg("view")!)!;
        Assert.Equal("home", view["type"]!.GetValue<string>());
        Assert.Contains("Diego", view["blocks"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSlackUser_WithARosterEmail_IsLinkedToTheMember()
    {
        // Alex is on the roster for Teams only; Slack knows the same address in another case.
        _slack.AddUser("U0NEWALEX", "AlexW@Example.com", "Alex Wilber", teamId: SlackPayloads.TeamId);

        await _client.SendAsync(_signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.AppHomeOpened("U0NEWALEX"))));
        var publish = Assert.Single(await _slack.WaitForCallsAsync("views.publish", 1, ThreeSeconds));

        Assert.Contains("Blended Learning Cohort 2026", publish.Arg("view"), StringComparison.Ordinal);
        await HandledAsync();
        var alex = await _app.WithStoreAsync(db => db.Identities.SingleAsync(i => i.Member!.Email == "alexw@example.com" && i.Platform == Platform.Slack));
        Assert.Equal(("U0NEWALEX", SlackPayloads.TeamId, "email"), (alex.UserId, alex.TenantId, alex.LinkedBy));
    }

    [Fact]
    public async Task Event_FailingEveryTime_IsGivenUpAfterAFewTriesAndItsPayloadErased()
    {
        // An event whose payload can never be handled (as a poisoned row would be).
        await _app.WithStoreAsync(async db =>
        {
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev-poison", ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), Payload = "{not json", Workspace = SlackPayloads.TeamId });
            return await db.SaveChangesAsync();
        });

        for (var sweep = 0; sweep <= Inbox.MaxAttempts; sweep++)
        {
            await SweepAsync();
            for (var i = 0; i < 40 && await _app.WithStoreAsync(db => db.ProcessedEvents.AnyAsync(e => e.EventId == "Ev-poison" && e.Attempts <= sweep && e.HandledAt == null)); i++)
                await Task.Delay(25);
        }
        await SweepAsync();

        var poison = await _app.WithStoreAsync(db => db.ProcessedEvents.SingleAsync(e => e.EventId == "Ev-poison"));
        Assert.Equal((Inbox.MaxAttempts, true, true, null), (poison.Attempts, poison.HandledAt is not null, poison.GivenUpAt is not null, poison.Payload));
    }

    [Fact]
    public async Task Inbox_HandledEventsPastTheRetention_ArePruned()
    {
        await _app.WithStoreAsync(async db =>
        {
            db.ProcessedEvents.AddRange(
                new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev-old", ReceivedAt = DateTimeOffset.UtcNow.AddDays(-9), HandledAt = DateTimeOffset.UtcNow.AddDays(-8) },
                new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev-recent", ReceivedAt = DateTimeOffset.UtcNow.AddDays(-2), HandledAt = DateTimeOffset.UtcNow.AddDays(-2) },
                new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev-waiting", ReceivedAt = DateTimeOffset.UtcNow.AddDays(-9), Payload = "{}" });
            return await db.SaveChangesAsync();
        });

        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Inbox>().PruneAsync(default);

        Assert.Equal(["Ev-recent", "Ev-waiting"], await _app.WithStoreAsync(db => db.ProcessedEvents.OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync()));
    }

    [Fact]
    public async Task RosterImport_LinksTheSlackMembersWithoutAnIdByEmailInBulk()
    {
        // Isaiah is on the roster for Teams only; the workspace knows him by his address.
        _slack.AddUser("U0ISAIAH", "isaiahl@example.com", "Isaiah Langer", teamId: SlackPayloads.TeamId);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var district = await scope.ServiceProvider.GetRequiredService<CohortDbContext>().Districts.SingleAsync();
            await scope.ServiceProvider.GetRequiredService<SlackIdentities>().LinkDistrictAsync(district.Id, default);
        }

        var isaiah = await _app.WithStoreAsync(db => db.Identities.SingleAsync(i => i.Member!.Email == "isaiahl@example.com" && i.Platform == Platform.Slack));
        Assert.Equal(("U0ISAIAH", "email"), (isaiah.UserId, isaiah.LinkedBy));
        Assert.Equal(0, _slack.Count("users.lookupByEmail"));
        Assert.Equal(0, _slack.Count("users.info"));
    }

    public static TheoryData<string> Tampering => new() { "unsigned", "wrong secret", "stale", "body changed" };

    [Theory, MemberData(nameof(Tampering))]
    public async Task Request_NotSignedBySlack_Is401AndChangesNothing(string how)
    {
        var envelope = SlackPayloads.EventCallback(SlackPayloads.Message("U0DEMODIEGO", "help"));
        var request = how switch
        {
            "wrong secret" => new SlackRequestSigner("not-the-secret").Events("/api/slack/events", envelope),
            "stale" => _signer.Events("/api/slack/events", envelope, (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 301).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => _signer.Events("/api/slack/events", envelope),
        };
        if (how == "unsigned")
            request.Headers.Remove("X-Slack-Signature");
        if (how == "body changed")
            request.Content = new StringContent(envelope.ToJsonString().Replace("help", "hello", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        var answer = await _client.SendAsync(request);
        await SettleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        // The roster import's own look at the workspace's people is all Slack hears.
        Assert.All(_slack.Calls, call => Assert.Equal("users.list", call.Method));
        Assert.Equal(0, await _app.WithStoreAsync(db => db.ProcessedEvents.CountAsync()));
    }

    /// Waits until every recorded event has been handled (the job saves after it answers).
    private async Task HandledAsync()
    {
        for (var i = 0; i < 100 && await _app.WithStoreAsync(db => db.ProcessedEvents.AnyAsync(e => e.HandledAt == null)); i++)
            await Task.Delay(100);
    }

    /// Runs the minutely sweep of events accepted but still unhandled.
    private async Task SweepAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SlackEventJob>().HandlePendingAsync(default);
    }

    /// Lets queued work run so that a test asserting "nothing more happened" means it.
    private static Task SettleAsync() => Task.Delay(TimeSpan.FromMilliseconds(700));
}
