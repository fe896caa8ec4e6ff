using System.Net;
using CohortBot.Fakes.Teams;

namespace CohortBot.Teams.Tests;

/// What the fake Bot Connector promises the app's tests: one conversation per user, and failures aimed at one user or
/// conversation. Driven through the real ConnectorClient (with its retries), as the app drives it.
public sealed class FakeConnectorTests
{
    private const string Bot = "28:bot-app-id";
    private const string Tenant = "tenant-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Activity Message(string text = "Time to check in") => new() { Type = ActivityTypes.Message, Text = text };

    [Fact]
    public async Task CreateConversation_SameUserAgain_ReturnsTheSameConversation()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var first = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct);
        var again = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct);
        var other = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1grace", Tenant), Ct);

        Assert.NotNull(first.Id);
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(first.Id, harness.Fake.ConversationOf("29:1ada"));
        Assert.Equal(other.Id, harness.Fake.ConversationOf("29:1grace"));
        Assert.Null(harness.Fake.ConversationOf("29:1nobody"));
        Assert.Equal(3, harness.Fake.Calls.Count);
    }

    [Fact]
    public async Task CreateConversation_SameUserIdInAnotherTenant_IsAnotherConversation()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var here = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct);
        var there = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", "tenant-2"), Ct);

        Assert.NotEqual(here.Id, there.Id);
    }

    [Fact]
    public async Task CreateConversation_Group_IsNewEachTime()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var group = new ConversationParameters
        {
            Bot = new ChannelAccount { Id = Bot },
            Members = [new ChannelAccount { Id = "29:1ada" }, new ChannelAccount { Id = "29:1grace" }],
            IsGroup = true,
            TenantId = Tenant,
        };

        var first = await harness.Client.CreateConversationAsync(harness.ServiceUrl, group, Ct);
        var second = await harness.Client.CreateConversationAsync(harness.ServiceUrl, group, Ct);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task FailUser_Blocked_RefusesTheirChatOnlyAndIsNotRetried()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailUser("29:1ADA", ScriptedFailure.BlockedByUser); // matched ignoring case

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct));
        var other = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1grace", Tenant), Ct);

        Assert.Equal((HttpStatusCode.Forbidden, "ConversationBlockedByUser", true), (error.StatusCode, error.ErrorCode, error.IsRecipientUnreachable));
        Assert.Equal([403, 200], harness.Fake.Calls.Select(c => c.Status));
        Assert.Null(harness.Fake.ConversationOf("29:1ada"));
        Assert.NotNull(other.Id);
    }

    [Fact]
    public async Task FailUser_AfterTheirChatExists_RefusesSendsAndUpdatesThere_UntilCleared()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var chat = (await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct)).Id!;
        var sent = await harness.Client.SendToConversationAsync(harness.ServiceUrl, chat, Message(), Ct);
        harness.Fake.FailUser("29:1ada", ScriptedFailure.BlockedByUser);

        var send = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(harness.ServiceUrl, chat, Message(), Ct));
        var update = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.UpdateActivityAsync(harness.ServiceUrl, chat, sent.Id!, Message("Done"), Ct));
        harness.Fake.ClearFailures();
        var updated = await harness.Client.UpdateActivityAsync(harness.ServiceUrl, chat, sent.Id!, Message("Done"), Ct);

        Assert.True(send.IsRecipientUnreachable);
        Assert.Equal(("PUT", 403), (harness.Fake.Calls[3].Method, harness.Fake.Calls[3].Status));
        Assert.True(update.IsRecipientUnreachable);
        Assert.Equal(sent.Id, updated.Id);
        Assert.Equal(("PUT", 200, "Done"), (harness.Fake.Calls[^1].Method, harness.Fake.Calls[^1].Status, (string?)harness.Fake.Calls[^1].Body!["text"]));
    }

    [Fact]
    public async Task FailConversation_ThrottledOnce_WaitsRetryAfterThenDelivers_OtherConversationsUntouched()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailConversation("a:busy", ScriptedFailure.Throttled(TimeSpan.FromSeconds(1)), times: 1);

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:quiet", Message(), Ct);
        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:busy", Message(), Ct);

        var calls = harness.Fake.Calls;
        Assert.Equal([("/v3/conversations/a%3Aquiet/activities", 200), ("/v3/conversations/a%3Abusy/activities", 429), ("/v3/conversations/a%3Abusy/activities", 200)],
            calls.Select(c => (c.Path, c.Status)));
        Assert.True(calls[2].ReceivedAt - calls[1].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"retried after {calls[2].ReceivedAt - calls[1].ReceivedAt}");
        Assert.NotNull(response.Id);
    }

    [Fact]
    public async Task FailConversation_WithoutCount_AnswersEveryCallThere()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailConversation("a:gone", ScriptedFailure.ConversationNotFound);

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.ReplyToActivityAsync(harness.ServiceUrl, "a:gone", "1732356930123", Message(), Ct));
            Assert.Equal((HttpStatusCode.NotFound, "ConversationNotFound"), (error.StatusCode, error.ErrorCode));
        }

        Assert.Equal([404, 404, 404], harness.Fake.Calls.Select(c => c.Status));
    }

    [Fact]
    public async Task FailConversation_Throttled_SendsRetryAfterHeaderAndThrottledCode()
    {
        // Every attempt throttled: the client gives up after its retries and reports what the connector said.
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.FailConversation("a:busy", ScriptedFailure.Throttled(TimeSpan.FromMilliseconds(10)));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:busy", Message(), Ct));

        Assert.Equal((HttpStatusCode.TooManyRequests, "Throttled"), (error.StatusCode, error.ErrorCode));
        Assert.Equal(4, harness.Fake.Calls.Count);
    }

    [Fact]
    public async Task RecordBodiesOff_StillGivesTheSameConversationToTheSameUser()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Fake.RecordBodies = false;

        var first = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct);
        var again = await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal(Bot, "29:1ada", Tenant), Ct);

        Assert.Equal(first.Id, again.Id);
        Assert.All(harness.Fake.Calls, c => Assert.Null(c.Body));
    }
}
