using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CohortBot.Teams.Tests;

public sealed class ConnectorClientTests
{
    private const string Tenant = "tenant-1";
    private const string ChannelConversation = "19:abc@thread.tacv2;messageid=1732356930999";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendToConversation_PostsTheActivityToTheEscapedConversationPath()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var activity = new Activity { Type = ActivityTypes.Message, Text = "Hello Ada", Conversation = new ConversationAccount { Id = "a:1xyz", TenantId = Tenant } };

        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", activity, Ct);

        var call = Assert.Single(harness.Fake.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v3/conversations/a%3A1xyz/activities", call.Path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"message","conversation":{"id":"a:1xyz","tenantId":"tenant-1"},"text":"Hello Ada"}"""), call.Body));
        Assert.Equal("activity:1", response.Id);
    }

    [Fact]
    public async Task SendToConversation_ServiceUrlWithoutTrailingSlash_CallsTheSamePath()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        await harness.Client.SendToConversationAsync(harness.ServiceUrl.TrimEnd('/'), "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        Assert.Equal("/v3/conversations/a%3A1xyz/activities", Assert.Single(harness.Fake.Calls).Path);
    }

    [Fact]
    public async Task ReplyToActivity_PostsUnderTheActivityOfAChannelThread()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var response = await harness.Client.ReplyToActivityAsync(harness.ServiceUrl, ChannelConversation, "1732356930999", new Activity { Type = ActivityTypes.Message, Text = "Noted" }, Ct);

        var call = Assert.Single(harness.Fake.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1732356930999/activities/1732356930999", call.Path);
        Assert.Equal("Noted", (string?)call.Body!["text"]);
        Assert.Equal("activity:1", response.Id);
    }

    [Fact]
    public async Task UpdateActivity_PutsTheNewCard()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" };

        var response = await harness.Client.UpdateActivityAsync(harness.ServiceUrl, "a:1xyz", "1732356930123", new Activity { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(card)] }, Ct);

        var call = Assert.Single(harness.Fake.Calls);
        Assert.Equal("PUT", call.Method);
        Assert.Equal("/v3/conversations/a%3A1xyz/activities/1732356930123", call.Path);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.5"}}]"""),
            call.Body!["attachments"]));
        Assert.Equal("1732356930123", response.Id);
    }

    [Fact]
    public async Task CreateConversation_PostsThePersonalChatShapeAndReturnsTheId()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var response = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal("28:bot-app-id", "29:1ada", Tenant), Ct);

        var call = Assert.Single(harness.Fake.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v3/conversations", call.Path);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"bot":{"id":"28:bot-app-id"},"members":[{"id":"29:1ada"}],"isGroup":false,"tenantId":"tenant-1","channelData":{"tenant":{"id":"tenant-1"}}}"""),
            call.Body));
        Assert.Equal("a:conversation:1", response.Id);
    }

    [Fact]
    public async Task GetPagedMembers_SendsPageSizeAndContinuationToken()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        AddMembers(harness, 3);

        var first = await harness.Client.GetPagedMembersAsync(harness.ServiceUrl, "19:team@thread.tacv2", pageSize: 2, tenantId: Tenant, cancellationToken: Ct);
        var second = await harness.Client.GetPagedMembersAsync(harness.ServiceUrl, "19:team@thread.tacv2", pageSize: 2, continuationToken: first.ContinuationToken, tenantId: Tenant, cancellationToken: Ct);

        var calls = harness.Fake.Calls;
        Assert.Equal("GET", calls[0].Method);
        Assert.Equal("/v3/conversations/19%3Ateam%40thread.tacv2/pagedmembers", calls[0].Path);
        Assert.Equal("?pageSize=2", calls[0].Query);
        Assert.Equal("?pageSize=2&continuationToken=page-2", calls[1].Query);
        Assert.Equal(["29:1", "29:2"], first.Members.Select(m => m.Id));
        Assert.Equal("29:3", Assert.Single(second.Members).Id);
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task GetAllMembers_FollowsContinuationTokensToTheLastPage()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        AddMembers(harness, 5);

        var members = new List<TeamsChannelAccount>();
        await foreach (var member in harness.Client.GetAllMembersAsync(harness.ServiceUrl, "19:team@thread.tacv2", pageSize: 2, tenantId: Tenant, cancellationToken: Ct))
            members.Add(member);

        Assert.Equal(["29:1", "29:2", "29:3", "29:4", "29:5"], members.Select(m => m.Id));
        Assert.Equal("aad-5", members[4].AadObjectId);
        Assert.Equal("user5@school.example", members[4].Email);
        Assert.Equal(3, harness.Fake.Calls.Count);
    }

    [Fact]
    public async Task Send_WithAppPassword_AttachesAnMsalTokenFromTheTenantAuthorityAndCachesIt()
    {
        await using var harness = await ConnectorHarness.StartAsync(o =>
        {
            o.AppPassword = "s3cret";
            o.TenantId = Tenant;
        });

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        Assert.All(harness.Fake.Calls, call => Assert.Equal("Bearer fake-access-token-1", call.Authorization));
        var request = Assert.Single(harness.Fake.TokenRequests);
        Assert.Equal(Tenant, request.Tenant);
        Assert.Equal("client_credentials", request.GrantType);
        Assert.Equal(ConnectorHarness.AppId, request.ClientId);
        Assert.Equal("https://api.botframework.com/.default", request.Scope);
        Assert.True(request.HasClientSecret);
    }

    [Fact]
    public async Task Send_TokenAboutToExpire_IsNotReusedForTheNextSend()
    {
        await using var harness = await ConnectorHarness.StartAsync(o => o.AppPassword = "s3cret");
        // Inside the 5 minutes before expiry in which neither MSAL nor the provider keeps a token.
        harness.Fake.TokenLifetime = TimeSpan.FromMinutes(2);

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        Assert.Equal(2, harness.Fake.TokenRequests.Count);
        Assert.Equal(["Bearer fake-access-token-1", "Bearer fake-access-token-2"], harness.Fake.Calls.Select(call => call.Authorization));
    }

    [Fact]
    public async Task Send_MultiTenantRegistration_AsksTheBotFrameworkAuthority()
    {
        await using var harness = await ConnectorHarness.StartAsync(o => o.AppPassword = "s3cret");

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        Assert.Equal("botframework.com", Assert.Single(harness.Fake.TokenRequests).Tenant);
    }

    [Fact]
    public async Task Send_WithoutAppPassword_SendsNoAuthorizationHeader()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        Assert.Null(Assert.Single(harness.Fake.Calls).Authorization);
        Assert.Empty(harness.Fake.TokenRequests);
    }

    [Fact]
    public async Task Send_UntrustedServiceUrl_IsRefusedBeforeAnyCallOrToken()
    {
        await using var harness = await ConnectorHarness.StartAsync(o => o.AppPassword = "s3cret", trustFake: false);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal("28:bot", "29:1ada", Tenant), Ct));

        Assert.Empty(harness.Fake.Calls);
        Assert.Empty(harness.Fake.TokenRequests);
    }

    [Fact]
    public async Task Send_ThrottledWithRetryAfter_WaitsThatLongAndRetries()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(429, retryAfter: TimeSpan.FromSeconds(1), errorCode: "Throttled");

        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        var calls = harness.Fake.Calls;
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        // A lower bound only: the backoff is 1 ms here, so only the Retry-After can explain the wait.
        Assert.True(calls[1].ReceivedAt - calls[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"retried after {calls[1].ReceivedAt - calls[0].ReceivedAt}");
        Assert.NotNull(response.Id);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(412)]
    [InlineData(429)]
    public async Task Send_TransientFailure_IsRetried(int status)
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(status);

        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct);

        Assert.Equal([status, 200], harness.Fake.Calls.Select(c => c.Status));
        Assert.NotNull(response.Id);
    }

    [Fact]
    public async Task Send_TransientFailureThatPersists_StopsAfterFourAttempts()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(503, errorCode: "ServiceUnavailable", times: 10);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, harness.Fake.Calls.Count);
    }

    [Fact]
    public async Task Send_MessageTooBig_IsNotRetried()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(413, errorCode: "MessageSizeTooBig", times: 2);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
        Assert.Equal("MessageSizeTooBig", error.ErrorCode);
        Assert.False(error.IsRecipientUnreachable);
        Assert.Single(harness.Fake.Calls);
    }

    [Theory]
    [InlineData("ConversationBlockedByUser")]
    [InlineData("MessageWritesBlocked")]
    [InlineData("BotNotInConversationRoster")]
    public async Task CreateConversation_UserBlockedTheBot_IsUnreachableAndNotRetried(string code)
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(403, errorCode: code, times: 2);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal("28:bot", "29:1ada", Tenant), Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.True(error.IsRecipientUnreachable);
        Assert.Single(harness.Fake.Calls);
    }

    [Fact]
    public async Task Send_ForbiddenForAnotherReason_IsNotUnreachable()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(403, errorCode: "Forbidden");

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct));

        Assert.False(error.IsRecipientUnreachable);
        Assert.Single(harness.Fake.Calls);
    }

    [Fact]
    public async Task Send_ConversationNotFound_SurfacesCodeAndCorrelationIdAsUnreachable()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(404, errorCode: "ConversationNotFound", correlationId: "corr-42");

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:gone", new Activity { Type = ActivityTypes.Message }, Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("ConversationNotFound", error.ErrorCode);
        Assert.Equal("corr-42", error.CorrelationId);
        Assert.True(error.IsRecipientUnreachable);
        Assert.Contains("corr-42", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Fake.Calls);
    }

    [Fact]
    public async Task Send_ErrorWithoutBody_KeepsTheStatus()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailNext(400);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1xyz", new Activity { Type = ActivityTypes.Message }, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Null(error.ErrorCode);
        Assert.Single(harness.Fake.Calls);
    }

    private static void AddMembers(ConnectorHarness harness, int count)
    {
        for (var i = 1; i <= count; i++)
            harness.Fake.AddMember($"29:{i}", $"User {i}", $"aad-{i}", email: $"user{i}@school.example", userPrincipalName: $"user{i}@school.example", tenantId: Tenant);
    }
}
