using System.Linq.Expressions;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Infrastructure;

/// The demo district's bot on a SQLite store of its own, with what it talks to served on loopback
/// (the fake Bot Framework identity, the fake Bot Connector, the fake Slack API) and a fake clock
/// that starts on Tuesday 1 December 2026, noon in Chicago: what the flow tests play against. The
/// district's Slack members are linked before a test begins.
public sealed class DemoBot : IAsyncDisposable
{
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";
    public const string SlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    /// How long a test waits for the bot to settle.
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private DemoBot(FakeTimeProvider time, FakeBotFrameworkIdentity identity, FakeBotConnector connector, FakeSlackApi slack, CohortBotApp app)
    {
        Time = time;
        // Slack signs with the time it sends at, and the app checks it against its own (fake) clock.
        Signer = new SlackRequestSigner(SlackSecret, time);
        Identity = identity;
        Connector = connector;
        Slack = slack;
        App = app;
        Client = app.CreateClient();
    }

    public FakeTimeProvider Time { get; }
    public SlackRequestSigner Signer { get; }
    public FakeBotFrameworkIdentity Identity { get; }
    public FakeBotConnector Connector { get; }
    public FakeSlackApi Slack { get; }
    public CohortBotApp App { get; }
    public HttpClient Client { get; }

    public static async Task<DemoBot> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
        var identity = await FakeBotFrameworkIdentity.StartAsync();
        var connector = await FakeBotConnector.StartAsync();
        var slack = await FakeSlackApi.StartAsync();
        var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = "samples/demo-district.yaml",
            ["Teams:OpenIdMetadataUrl"] = identity.MetadataUrl,
            ["Teams:DefaultServiceUrl"] = connector.ServiceUrl,
            ["Slack:SigningSecret"] = SlackSecret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
        }, services: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
        var bot = new DemoBot(time, identity, connector, slack, app);
        await app.SlackMembersLinkedAsync(slack);
        return bot;
    }

    /// Posts an activity to the bot as the Bot Connector does, with a token the fake identity signed.
    public Task<HttpResponseMessage> PostToTeamsAsync(JsonObject activity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Identity.MintToken(CohortBotApp.TestAppId, Connector.ServiceUrl));
        return Client.SendAsync(request);
    }

    /// An activity of the demo's tenant in a personal chat with the bot.
    public JsonObject TeamsActivity(string type, string userId, string aad, string conversation, string? id = null) => new()
    {
        ["type"] = type,
        ["id"] = id ?? $"{type}-{Guid.NewGuid():N}",
        ["serviceUrl"] = Connector.ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = userId, ["aadObjectId"] = aad },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = conversation },
        ["recipient"] = new JsonObject { ["id"] = "28:" + CohortBotApp.TestAppId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    };

    /// A message written to the bot in a personal chat.
    public JsonObject TeamsMessage(string text, string userId, string aad, string conversation)
    {
        var activity = TeamsActivity("message", userId, aad, conversation);
        activity["text"] = text;
        return activity;
    }

    /// A card's button pressed in Teams: an <c>Action.Execute</c> of <paramref name="verb"/> with <paramref name="data"/>.
    public JsonObject TeamsAction(string userId, string aad, string conversation, string verb, JsonObject data)
    {
        var invoke = TeamsActivity("invoke", userId, aad, conversation);
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() }, ["trigger"] = "manual" };
        return invoke;
    }

    /// Runs the outbox's sweep once, as its minutely job does.
    public async Task SendDueAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendDueAsync(default);
    }

    /// Waits until the Slack events taken are handled, what was sent settled, the sweep ran, and what
    /// follows a delivery (a receipt) went too.
    public async Task RestAsync()
    {
        await App.EventsHandledAsync(Wait);
        await App.DeliveriesAtRestAsync(Wait);
        await App.OutboxIdleAsync(Wait);
        await SendDueAsync();
        await App.DeliveriesAtRestAsync(Wait);
        await App.OutboxIdleAsync(Wait);
    }

    internal Task<int> CountAsync(Expression<Func<Delivery, bool>> where) => App.WithStoreAsync(db => db.Deliveries.CountAsync(where));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
        await Connector.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
