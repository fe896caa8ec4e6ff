using System.Text.Json.Nodes;
using CohortBot.Channels.Identities;
using CohortBot.Channels.Teams;
using CohortBot.Cohorts;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Channels;

/// Reaching members the app is not installed for: with <c>Teams:InstallForMembers</c> the sender
/// installs it through Microsoft Graph (a fake on loopback, which lets the fake connector open the
/// member's chat once it has installed the app) and sends; a member who blocked the bot is marked
/// unreachable and never asked again.
public sealed class TeamsInstallTests : IAsyncLifetime
{
    private const string Tenant = "6f1d2c1e-0000-4000-8000-00000000aa01";
    private const string AlexAad = "6f1d2c1e-0000-4000-8000-0000000000a1";
    private const string CatalogAppId = "b7c0ffee-0000-4000-8000-00000000c0de";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
    private FakeBotConnector _connector = null!;
    private FakeGraph _graph = null!;

    public async ValueTask InitializeAsync()
    {
        _connector = await FakeBotConnector.StartAsync();
        _graph = await FakeGraph.StartAsync();
        _graph.Installed = _connector.Install;
    }

    public async ValueTask DisposeAsync()
    {
        await _graph.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Member_WithoutTheApp_IsInstalledThroughGraphAndGetsTheCard()
    {
        await using var app = await StartAsync(installForMembers: true);
        var member = await AddMemberAsync(app);
        _connector.RequireInstall(AlexAad);
        var id = await AddDeliveryAsync(app, member, "install:1");

        await SendDueAsync(app);

        var install = Assert.Single(_graph.Installs);
        Assert.Equal((AlexAad, $"{_graph.GraphBaseUrl}appCatalogs/teamsApps/{CatalogAppId}", 201), (install.UserId, install.TeamsAppBind, install.Status));
        Assert.Equal("Bearer fake-graph-token-1", install.Authorization);
        var token = Assert.Single(_graph.TokenRequests);
        Assert.Equal((Tenant, "client_credentials", CohortBotApp.TestAppId, "https://graph.microsoft.com/.default", true), (token.Tenant, token.GrantType, token.ClientId, token.Scope, token.HasClientSecret));

        var conversation = _connector.ConversationOf(AlexAad);
        Assert.NotNull(conversation);
        Assert.Equal(
            [("POST", "/v3/conversations", 403), ("POST", "/v3/conversations", 200), ("POST", $"/v3/conversations/{Uri.EscapeDataString(conversation)}/activities", 200)],
            _connector.Calls.Select(c => (c.Method, c.Path, c.Status)));
        Assert.Contains("Your check-in card is here", _connector.Calls[^1].Body!["attachments"]![0]!["content"]!.ToJsonString(), StringComparison.Ordinal);
        var delivery = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Sent, 1), (delivery.Status, delivery.Attempts));
        var identity = await IdentityAsync(app);
        Assert.Equal((conversation, (string?)null), (identity.ConversationId, identity.UnreachableReason));
    }

    [Fact]
    public async Task Member_WithTheAppAlreadyInstalled_Graph409_OpensTheChatAgainAndSends()
    {
        await using var app = await StartAsync(installForMembers: true);
        var member = await AddMemberAsync(app);
        // Teams refused the chat once (the install had not reached it yet); Graph says it is installed.
        _connector.FailUser(AlexAad, ScriptedFailure.NotInstalled, times: 1);
        _graph.FailNext(409, "Conflict");
        var id = await AddDeliveryAsync(app, member, "install:409");

        await SendDueAsync(app);

        Assert.Equal(409, Assert.Single(_graph.Installs).Status);
        Assert.Equal([403, 200, 200], _connector.Calls.Select(c => c.Status));
        Assert.Equal(DeliveryStatus.Sent, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id))).Status);
    }

    [Fact]
    public async Task Member_WithoutTheApp_InstallForMembersOff_IsUnreachableAndNothingIsInstalled()
    {
        await using var app = await StartAsync(installForMembers: false);
        var member = await AddMemberAsync(app);
        _connector.RequireInstall(AlexAad);
        var id = await AddDeliveryAsync(app, member, "install:off");

        await SendDueAsync(app);

        Assert.Empty(_graph.Installs);
        Assert.Equal([403], _connector.Calls.Select(c => c.Status));
        Assert.Equal(DeliveryStatus.Unreachable, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id))).Status);
        Assert.Contains("BotNotInConversationRoster", (await IdentityAsync(app)).UnreachableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_RefusedByGraph_FailsTheDeliveryButLeavesTheMemberReachable()
    {
        await using var app = await StartAsync(installForMembers: true);
        var member = await AddMemberAsync(app);
        _connector.RequireInstall(AlexAad);
        _graph.FailNext(403, "Forbidden");
        var id = await AddDeliveryAsync(app, member, "install:forbidden");

        await SendDueAsync(app);

        var delivery = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Contains("Microsoft Graph answered 403 Forbidden", delivery.LastError, StringComparison.Ordinal);
        // The setup is wrong, not the member: once it is put right, the next message installs the app.
        Assert.Null((await IdentityAsync(app)).UnreachableReason);
        await AddDeliveryAsync(app, member, "install:after-fix");
        await SendDueAsync(app);
        Assert.Equal(201, _graph.Installs[^1].Status);
        Assert.Equal(200, _connector.Calls[^1].Status);
    }

    [Fact]
    public async Task Send_BlockedByUser_IsUnreachableWithTheReasonAndNeverRetried()
    {
        await using var app = await StartAsync(installForMembers: true);
        var member = await AddMemberAsync(app, conversationId: "a:alex-blocked");
        _connector.FailConversation("a:alex-blocked", ScriptedFailure.BlockedByUser);
        var id = await AddDeliveryAsync(app, member, "blocked:1");

        // The days go by once the first send has settled (a lease that a whole day outran would let
        // a second sweep try it, as it should).
        await SendDueAsync(app);
        for (var day = 0; day < 3; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await SendDueAsync(app);
        }
        // A later message to them is not even tried.
        var later = await AddDeliveryAsync(app, member, "blocked:2");
        await SendDueAsync(app);

        var blocked = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Unreachable, 1), (blocked.Status, blocked.Attempts));
        Assert.Contains("ConversationBlockedByUser", blocked.LastError, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Unreachable, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == later))).Status);
        Assert.Contains("ConversationBlockedByUser", (await IdentityAsync(app)).UnreachableReason, StringComparison.Ordinal);
        var call = Assert.Single(_connector.Calls);
        Assert.Equal(("/v3/conversations/a%3Aalex-blocked/activities", 403), (call.Path, call.Status));
        Assert.Empty(_graph.Installs);
    }

    [Theory]
    [InlineData(null, null, "Teams:InstallForMembers is true but Teams:CatalogAppId is empty")]
    [InlineData(CatalogAppId, "http://graph.example.test/v1.0/", "Teams:GraphBaseUrl must be an https URL")]
    [InlineData(CatalogAppId, "not a url", "Teams:GraphBaseUrl")]
    public async Task Start_InstallForMembersMisconfigured_StopsTheAppNamingTheKey(string? catalogAppId, string? graphBaseUrl, string named)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["Teams:InstallForMembers"] = "true",
            ["Teams:CatalogAppId"] = catalogAppId,
            ["Teams:GraphBaseUrl"] = graphBaseUrl ?? TeamsChannelOptions.PublicCloudGraphBaseUrl,
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private async Task<CohortBotApp> StartAsync(bool installForMembers)
    {
        var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["Teams:DefaultServiceUrl"] = _connector.ServiceUrl,
            ["Teams:AppPassword"] = "s3cret",
            ["Teams:TenantId"] = Tenant,
            ["Teams:InstallForMembers"] = installForMembers ? "true" : "false",
            ["Teams:CatalogAppId"] = CatalogAppId,
            ["Teams:GraphBaseUrl"] = _graph.GraphBaseUrl,
        }, services: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_time);
            // MSAL asks login.microsoftonline.com; the fakes play it on loopback: the connector for
            // the Bot Connector's tokens, the fake Graph for Graph's.
            services.AddHttpClient("CohortBot.Teams.Msal").AddHttpMessageHandler(() => new RedirectToLoopback(new Uri(_connector.ServiceUrl)));
            services.AddHttpClient(GraphTokenProvider.HttpClientName).AddHttpMessageHandler(() => new RedirectToLoopback(_graph.BaseAddress));
        });
        _ = app.Server;
        // The sweep every start makes, done before the test writes what it sends.
        await app.OutboxIdleAsync();
        return app;
    }

    private Task<int> AddMemberAsync(CohortBotApp app, string? conversationId = null) =>
        app.WithStoreAsync(async db =>
        {
            var district = db.Districts.Add(new District { Name = "Install District", TimeZone = "America/Chicago", TeamsTenantId = Tenant }).Entity;
            await db.SaveChangesAsync();
            var member = db.Members.Add(new Member { DistrictId = district.Id, DisplayName = "Alex Wilber", Email = "alexw@install.example", TimeZone = "America/Chicago" }).Entity;
            await db.SaveChangesAsync();
            db.Identities.Add(new PlatformIdentity
            {
                MemberId = member.Id, Platform = Platform.Teams, TenantId = Tenant, UserId = AlexAad, LinkedBy = "roster", LinkedAt = DateTimeOffset.UnixEpoch,
                ConversationId = conversationId, ServiceUrl = conversationId is null ? null : _connector.ServiceUrl,
            });
            await db.SaveChangesAsync();
            return member.Id;
        });

    private Task<int> AddDeliveryAsync(CohortBotApp app, int memberId, string key) =>
        app.WithStoreAsync(async db =>
        {
            var delivery = new OutboxWriter(db, _time).ToMember(key, memberId, new CardMessage("notice", new JsonObject { ["text"] = "Your check-in card is here." }, "Your check-in card is here."))!;
            await db.SaveChangesAsync();
            return delivery.Id;
        });

    private static Task<PlatformIdentity> IdentityAsync(CohortBotApp app) =>
        app.WithStoreAsync(db => db.Identities.SingleAsync(i => i.UserId == AlexAad));

    private static Task SendDueAsync(CohortBotApp app) => app.SendDueAsync(TimeSpan.FromSeconds(30));

    private sealed class RedirectToLoopback(Uri target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
