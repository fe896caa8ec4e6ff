using System.Net;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;

namespace CohortBot.Slack.Tests;

public sealed class SlackApiClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AssertJsonCall(SlackApiCall call)
    {
        Assert.Equal("Bearer " + SlackApiFixture.Token, call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.NotNull(call.Json);
    }

    private static void AssertFormCall(SlackApiCall call)
    {
        Assert.Equal("Bearer " + SlackApiFixture.Token, call.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType, StringComparison.Ordinal);
        Assert.NotNull(call.Form);
    }

    [Fact]
    public async Task PostMessage_SendsChannelTextBlocksAndThread_ReturnsChannelAndTs()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var posted = await slack.Client.PostMessageAsync("U0002", "Time to check in", [new JsonObject { ["type"] = "divider" }], "1700000000.000001", Ct);

        var call = Assert.Single(slack.Fake.CallsOf("chat.postMessage"));
        AssertJsonCall(call);
        Assert.Equal(("U0002", "Time to check in", "1700000000.000001"), (call.Arg("channel"), call.Arg("text"), call.Arg("thread_ts")));
        Assert.Equal("[{\"type\":\"divider\"}]", call.Json!["blocks"]!.ToJsonString());
        Assert.Equal("D0002", posted.Channel);
        Assert.Matches(@"^\d+\.\d{6}$", posted.Ts);
    }

    [Fact]
    public async Task PostMessage_WithoutBlocksOrThread_LeavesThemOut()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        await slack.Client.PostMessageAsync("C0001", "hi", cancellationToken: Ct);
        var json = Assert.Single(slack.Fake.CallsOf("chat.postMessage")).Json!;
        Assert.False(json.ContainsKey("blocks"));
        Assert.False(json.ContainsKey("thread_ts"));
    }

    [Fact]
    public async Task UpdateMessage_SendsChannelTsTextBlocks()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var updated = await slack.Client.UpdateMessageAsync("D0002", "1700000000.000100", "Done", [new JsonObject { ["type"] = "divider" }], Ct);
        var call = Assert.Single(slack.Fake.CallsOf("chat.update"));
        AssertJsonCall(call);
        Assert.Equal(("D0002", "1700000000.000100", "Done"), (call.Arg("channel"), call.Arg("ts"), call.Arg("text")));
        Assert.NotNull(call.Json!["blocks"]);
        Assert.Equal(new SlackMessageRef("D0002", "1700000000.000100"), updated);
    }

    [Fact]
    public async Task PostEphemeral_SendsChannelUserText()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var ts = await slack.Client.PostEphemeralAsync("C0001", "U0002", "Only you see this", cancellationToken: Ct);
        var call = Assert.Single(slack.Fake.CallsOf("chat.postEphemeral"));
        AssertJsonCall(call);
        Assert.Equal(("C0001", "U0002", "Only you see this"), (call.Arg("channel"), call.Arg("user"), call.Arg("text")));
        Assert.NotNull(ts);
    }

    [Fact]
    public async Task OpenView_SendsTriggerAndView_ReturnsViewId()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var view = new JsonObject { ["type"] = "modal", ["callback_id"] = "checkin", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Check-in" }, ["blocks"] = new JsonArray() };
        var opened = await slack.Client.OpenViewAsync("1111.2222.abc", view, Ct);
        var call = Assert.Single(slack.Fake.CallsOf("views.open"));
        AssertJsonCall(call);
        Assert.Equal("1111.2222.abc", call.Arg("trigger_id"));
        Assert.Equal("checkin", call.Json!["view"]!["callback_id"]!.GetValue<string>());
        Assert.StartsWith("V", opened.Id, StringComparison.Ordinal);
        Assert.Equal("checkin", opened.CallbackId);
    }

    [Fact]
    public async Task PublishView_SendsUserAndHomeView()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var published = await slack.Client.PublishViewAsync("U0002", new JsonObject { ["type"] = "home", ["blocks"] = new JsonArray() }, Ct);
        var call = Assert.Single(slack.Fake.CallsOf("views.publish"));
        AssertJsonCall(call);
        Assert.Equal("U0002", call.Arg("user_id"));
        Assert.Equal("home", call.Json!["view"]!["type"]!.GetValue<string>());
        Assert.Equal("home", published.Type);
    }

    [Fact]
    public async Task GetUserInfo_SendsUser_ReadsProfile()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.AddUser("U0002", "ana@district.example", "Ana Lopez", tz: "America/Denver");
        var user = await slack.Client.GetUserInfoAsync("U0002", Ct);
        var call = Assert.Single(slack.Fake.CallsOf("users.info"));
        AssertFormCall(call);
        Assert.Equal("U0002", call.Arg("user"));
        Assert.Equal(("U0002", "T0001", "Ana Lopez", "America/Denver", false, false), (user.Id, user.TeamId, user.RealName, user.Tz, user.IsBot, user.Deleted));
        Assert.Equal(new SlackUserProfile("ana@district.example", "Ana", "Ana Lopez"), user.Profile);
    }

    [Fact]
    public async Task LookupUserByEmail_KnownAddress_ReturnsUser()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.AddUser("U0003", "ben@district.example");
        var user = await slack.Client.LookupUserByEmailAsync("ben@district.example", Ct);
        AssertFormCall(Assert.Single(slack.Fake.CallsOf("users.lookupByEmail")));
        Assert.Equal("U0003", user?.Id);
    }

    [Fact]
    public async Task LookupUserByEmail_UsersNotFound_ReturnsNull()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        Assert.Null(await slack.Client.LookupUserByEmailAsync("nobody@district.example", Ct));
        Assert.Equal(1, slack.Fake.Count("users.lookupByEmail"));
    }

    [Fact]
    public async Task GetConversationMembers_CollectsEveryPage()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var members = Enumerable.Range(1, 450).Select(i => $"U{i:D5}").ToList();
        slack.Fake.SetMembers("C0001", members);

        Assert.Equal(members, await slack.Client.GetConversationMembersAsync("C0001", Ct));
        var calls = slack.Fake.CallsOf("conversations.members");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => { AssertFormCall(c); Assert.Equal("200", c.Arg("limit")); });
        Assert.Null(calls[0].Arg("cursor"));
        Assert.NotNull(calls[1].Arg("cursor"));
    }

    [Fact]
    public async Task EnumerateConversationMembers_SmallPages_FollowsCursorToTheEnd()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.SetMembers("G0001", ["U1", "U2", "U3", "U4", "U5"]);
        var seen = new List<string>();
        await foreach (var member in slack.Client.EnumerateConversationMembersAsync("G0001", pageSize: 2, Ct))
            seen.Add(member);
        Assert.Equal(["U1", "U2", "U3", "U4", "U5"], seen);
        Assert.Equal(3, slack.Fake.Count("conversations.members"));
    }

    [Fact]
    public async Task EnumerateUsers_SeveralPages_ReturnsEveryUserInOrderWithTheirEmails()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var ids = Enumerable.Range(1, 450).Select(i => $"U{i:D5}").ToList();
        foreach (var id in ids)
            slack.Fake.AddUser(id, $"{id.ToLowerInvariant()}@district.example");

        var users = await Collect(slack.Client.EnumerateUsersAsync(Ct));

        Assert.Equal(ids, users.Select(u => u.Id));
        Assert.Equal("u00450@district.example", users[^1].Profile?.Email);
        var calls = slack.Fake.CallsOf("users.list");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => { AssertFormCall(c); Assert.Equal("200", c.Arg("limit")); });
        Assert.Null(calls[0].Arg("cursor"));
        Assert.NotNull(calls[1].Arg("cursor"));
        Assert.NotEqual(calls[1].Arg("cursor"), calls[2].Arg("cursor"));
    }

    [Fact]
    public async Task EnumerateUsers_SlackAnswersFewerThanAsked_FollowsTheCursorToTheEnd()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.MaxPageSize = 3;
        foreach (var i in Enumerable.Range(1, 7))
            slack.Fake.AddUser($"U{i}", $"user{i}@district.example");

        var users = await Collect(slack.Client.EnumerateUsersAsync(pageSize: 200, Ct));

        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7"], users.Select(u => u.Id));
        Assert.Equal(3, slack.Fake.Count("users.list"));
    }

    [Fact]
    public async Task EnumerateUsers_KeepsDeactivatedAccountsAndBotsFlagged()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.AddUser("U1", "ana@district.example", "Ana Lopez", tz: "America/Denver")
            .AddUser("U2", "gone@district.example", deleted: true)
            .AddUser("B1", "bot@district.example", isBot: true);

        var users = await Collect(slack.Client.EnumerateUsersAsync(pageSize: 2, Ct));

        Assert.Equal(
            [("U1", false, false, "America/Denver"), ("U2", true, false, "America/Chicago"), ("B1", false, true, "America/Chicago")],
            users.Select(u => (u.Id, u.Deleted, u.IsBot, u.Tz)));
        Assert.Equal(new SlackUserProfile("ana@district.example", "Ana", "Ana Lopez"), users[0].Profile);
    }

    [Fact]
    public async Task EnumerateUsers_RateLimitedOnALaterPage_WaitsAndAsksForTheSamePageAgain()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        foreach (var i in Enumerable.Range(1, 4))
            slack.Fake.AddUser($"U{i}", $"user{i}@district.example");

        var seen = new List<string>();
        await foreach (var user in slack.Client.EnumerateUsersAsync(pageSize: 2, Ct))
        {
            seen.Add(user.Id);
            if (seen.Count == 2)
                slack.Fake.FailNext("users.list", SlackFailure.RateLimited(1)); // the second page's first attempt
        }

        Assert.Equal(["U1", "U2", "U3", "U4"], seen);
        var calls = slack.Fake.CallsOf("users.list");
        Assert.Equal(3, calls.Count);
        Assert.NotNull(calls[1].Arg("cursor"));
        Assert.Equal(calls[1].Arg("cursor"), calls[2].Arg("cursor"));
        Assert.True(calls[2].ReceivedAt - calls[1].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"waited {calls[2].ReceivedAt - calls[1].ReceivedAt}");
    }

    [Fact]
    public async Task EnumerateUsers_MissingScope_ThrowsWithSlacksError()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.AddUser("U1", "ana@district.example");
        slack.Fake.FailNext("users.list", SlackFailure.NotOk("missing_scope"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Collect(slack.Client.EnumerateUsersAsync(Ct)));

        Assert.Equal(("users.list", "missing_scope"), (error.Method, error.Error));
        Assert.Equal(1, slack.Fake.Count("users.list"));
    }

    [Fact]
    public async Task EnumerateUsers_EmptyWorkspace_MakesOneCall()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        Assert.Empty(await Collect(slack.Client.EnumerateUsersAsync(Ct)));
        Assert.Equal(1, slack.Fake.Count("users.list"));
    }

    [Fact]
    public async Task GetConversationInfo_SendsChannel_ReadsKind()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var info = await slack.Client.GetConversationInfoAsync("G0042", Ct);
        var call = Assert.Single(slack.Fake.CallsOf("conversations.info"));
        AssertFormCall(call);
        Assert.Equal("G0042", call.Arg("channel"));
        Assert.Equal(("G0042", true, false), (info.Id, info.IsPrivate, info.IsIm));
    }

    [Fact]
    public async Task AddReaction_SendsChannelTimestampName()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        await slack.Client.AddReactionAsync("C0001", "1700000000.000100", ":white_check_mark:", Ct);
        var call = Assert.Single(slack.Fake.CallsOf("reactions.add"));
        AssertJsonCall(call);
        Assert.Equal(("C0001", "1700000000.000100", "white_check_mark"), (call.Arg("channel"), call.Arg("timestamp"), call.Arg("name")));
    }

    [Fact]
    public async Task AddReaction_AlreadyReacted_IsNotAnError()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailNext("reactions.add", SlackFailure.NotOk("already_reacted"));
        await slack.Client.AddReactionAsync("C0001", "1700000000.000100", "eyes", Ct);
        Assert.Equal(1, slack.Fake.Count("reactions.add"));
    }

    [Fact]
    public async Task NotOk_ThrowsSlackApiExceptionWithMethodAndError_WithoutRetrying()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailNext("chat.postMessage", SlackFailure.NotOk("channel_not_found"));
        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Client.PostMessageAsync("C404", "hi", cancellationToken: Ct));
        Assert.Equal(("chat.postMessage", "channel_not_found"), (error.Method, error.Error));
        Assert.DoesNotContain(SlackApiFixture.Token, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, slack.Fake.Count("chat.postMessage"));
    }

    [Fact]
    public async Task UsersInfo_UnknownUser_ThrowsUserNotFound()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Client.GetUserInfoAsync("U404", Ct));
        Assert.Equal("user_not_found", error.Error);
    }

    [Fact]
    public async Task RateLimited_WaitsRetryAfterThenSucceeds()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailNext("chat.postMessage", SlackFailure.RateLimited(1));
        var posted = await slack.Client.PostMessageAsync("C0001", "hi", cancellationToken: Ct);

        var calls = slack.Fake.CallsOf("chat.postMessage");
        Assert.Equal(2, calls.Count);
        // Retry-After: 1 second; the backoff alone would have waited at most 100 ms.
        Assert.True(calls[1].ReceivedAt - calls[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"waited {calls[1].ReceivedAt - calls[0].ReceivedAt}");
        Assert.NotEmpty(posted.Ts);
    }

    [Fact]
    public async Task RetryAfterLongerThanTheCap_WaitsOnlyTheCap()
    {
        await using var slack = await SlackApiFixture.StartAsync(o => o.Retry.MaxRetryAfter = TimeSpan.FromMilliseconds(200));
        slack.Fake.FailNext("users.info", SlackFailure.RateLimited(120));
        slack.Fake.AddUser("U0002", "ana@district.example");
        var started = DateTimeOffset.UtcNow;
        await slack.Client.GetUserInfoAsync("U0002", Ct);
        Assert.Equal(2, slack.Fake.Count("users.info"));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task ServerError_IsRetriedThenSucceeds(int status)
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailNext("views.publish", SlackFailure.ServerError(status), SlackFailure.ServerError(status));
        var view = await slack.Client.PublishViewAsync("U0002", new JsonObject { ["type"] = "home", ["blocks"] = new JsonArray() }, Ct);
        Assert.Equal(3, slack.Fake.Count("views.publish"));
        Assert.Equal("home", view.Type);
    }

    [Fact]
    public async Task ServerErrorEveryTime_GivesUpAfterTheRetries_WithTheStatus()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailNext("chat.update", Enumerable.Repeat(SlackFailure.ServerError(503), 10).ToArray());
        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Client.UpdateMessageAsync("C0001", "1.2", "x", cancellationToken: Ct));
        Assert.Equal(("chat.update", "http_503", HttpStatusCode.ServiceUnavailable), (error.Method, error.Error, error.StatusCode));
        Assert.Equal(4, slack.Fake.Count("chat.update")); // the attempt and 3 retries
    }

    [Fact]
    public async Task SlowAnswer_TimesOutAndIsRetried()
    {
        await using var slack = await SlackApiFixture.StartAsync(o => o.Retry.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        slack.Fake.FailNext("chat.postMessage", SlackFailure.Slow(TimeSpan.FromSeconds(5)));
        var posted = await slack.Client.PostMessageAsync("C0001", "hi", cancellationToken: Ct);
        Assert.Equal(2, slack.Fake.Count("chat.postMessage"));
        Assert.NotEmpty(posted.Ts);
    }

    [Fact]
    public async Task FailedChannel_AnswersItsErrorForThatChannelOnly_UntilCleared()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailChannel("C0404", "channel_not_found");

        var post = await Assert.ThrowsAsync<SlackApiException>(() => slack.Client.PostMessageAsync("C0404", "hi", cancellationToken: Ct));
        var update = await Assert.ThrowsAsync<SlackApiException>(() => slack.Client.UpdateMessageAsync("C0404", "1700000000.000100", "done", cancellationToken: Ct));
        var elsewhere = await slack.Client.PostMessageAsync("C0001", "hi", cancellationToken: Ct);
        slack.Fake.ClearChannelFailure("C0404");
        var again = await slack.Client.UpdateMessageAsync("C0404", "1700000000.000100", "done", cancellationToken: Ct);

        Assert.Equal(("chat.postMessage", "channel_not_found"), (post.Method, post.Error));
        Assert.Equal(("chat.update", "channel_not_found"), (update.Method, update.Error));
        Assert.Equal("C0001", elsewhere.Channel);
        Assert.Equal(new SlackMessageRef("C0404", "1700000000.000100"), again);
        Assert.Equal(2, slack.Fake.Count("chat.update"));
    }

    [Fact]
    public async Task FailedChannel_ByUserId_RefusesTheDmPostedByUserId()
    {
        await using var slack = await SlackApiFixture.StartAsync();
        slack.Fake.FailChannel("U0009", "user_disabled");

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Client.PostMessageAsync("U0009", "Time to check in", cancellationToken: Ct));

        Assert.Equal("user_disabled", error.Error);
        Assert.Equal("D0002", (await slack.Client.PostMessageAsync("U0002", "Time to check in", cancellationToken: Ct)).Channel);
    }

    [Fact]
    public async Task NoBotToken_RefusesToCall()
    {
        await using var slack = await SlackApiFixture.StartAsync(o => o.BotToken = null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => slack.Client.PostMessageAsync("C0001", "hi", cancellationToken: Ct));
        Assert.Empty(slack.Fake.Calls);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
