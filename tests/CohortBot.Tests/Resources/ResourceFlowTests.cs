using System.Net;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Resources;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Resources;

/// The resource library of the demo district end to end: Adele (the coach, on Slack) shares links in
/// the cohort's channel, Alex (a teacher, on Teams) asks in his own words and gets them back, asks his
/// coach, and her answer reaches him. Signed Slack events, real Teams tokens, fakes on loopback.
public sealed class ResourceFlowTests : IAsyncLifetime
{
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string Channel = "C0DEMOCOHORT";

    private DemoBot _bot = null!;
    private FakeTimeProvider _time = null!;
    private FakeBotConnector _connector = null!;
    private FakeSlackApi _slack = null!;
    private CohortBotApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _bot = await DemoBot.StartAsync();
        (_time, _connector, _slack, _app) = (_bot.Time, _bot.Connector, _bot.Slack, _bot.App);
    }

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task CoachSharesInChannel_TeacherAsks_FindsIt_AsksTheCoach_AndGetsTheAnswer()
    {
        // Adele posts a link in the cohort's channel: one resource, a check mark on her message.
        await SlackEventAsync(SlackPayloads.Message("U0DEMOADELE",
            "Great walkthrough for running stations when devices are short <https://www.youtube.com/watch?v=stations10&utm_source=slack|Station rotation with only 10 devices> #stationrotation #devices",
            channel: Channel, channelType: "channel", ts: "1764612000.000100"));
        await _bot.RestAsync();
        var resource = Assert.Single(await ResourcesAsync());
        Assert.Equal(("Station rotation with only 10 devices", "https://www.youtube.com/watch?v=stations10", ResourceStatus.Active), (resource.Title, resource.NormalizedUrl, resource.Status));
        Assert.Equal(["stationrotation", "devices", "blended"], resource.Tags);
        var check = Assert.Single(_slack.CallsOf("reactions.add"));
        Assert.Equal((Channel, "1764612000.000100", "white_check_mark"), (check.Arg("channel"), check.Arg("timestamp"), check.Arg("name")));

        // The same link again from her, later: still one resource.
        await SlackEventAsync(SlackPayloads.Message("U0DEMOADELE", "Reposting <https://WWW.YouTube.com:443/watch?v=stations10#t=30>", channel: Channel, channelType: "channel", ts: "1764612100.000100"));
        await _bot.RestAsync();
        Assert.Single(await ResourcesAsync());

        // Alex asks in his own words, in Teams: the coach's link comes first.
        await _bot.PostToTeamsAsync(Message("how can I do rotations with 32 kids and only ten chromebooks?"));
        await _bot.RestAsync();
        var answer = LastCardTo("a:alex");
        Assert.Equal("From your cohort's library", answer["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("[Station rotation with only 10 devices](https://www.youtube.com/watch?v=stations10&utm_source=slack)", Json(answer), StringComparison.Ordinal);

        // Ask my coach: the question reaches Adele on Slack with what the library offered.
        var ask = answer["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Ask my coach")!;
        await InvokeAsync(ask["verb"]!.GetValue<string>(), ask["data"]!.AsObject());
        await _bot.RestAsync();
        var question = await _app.WithStoreAsync(db => db.SupportRequests.SingleAsync(r => r.Question));
        var toAdele = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE");
        Assert.Contains("Alex Wilber has a question", toAdele.RawBody, StringComparison.Ordinal);
        Assert.Contains("Station rotation with only 10 devices", toAdele.RawBody, StringComparison.Ordinal);

        // Adele answers from the card; her answer reaches Alex, and her link joins the library.
        var reply = SlackPayloads.BlockActions("U0DEMOADELE", "support.reply", new JsonObject { ["verb"] = "support.reply", ["data"] = new JsonObject { ["requestId"] = question.Id } }.ToJsonString(),
            SlackPayloads.StateValues("reply-block", "reply", "Try a teacher-led station: https://example.org/teacher-led-station", "unused", "unused", "x"));
        Assert.Equal(HttpStatusCode.OK, (await _bot.Client.SendAsync(_bot.Signer.Interaction("/api/slack/interactions", reply))).StatusCode);
        await _bot.RestAsync();
        Assert.Contains(_connector.Calls, c => c.Method == "POST" && c.Path.Contains("a%3Aalex", StringComparison.Ordinal) && c.Body!.ToJsonString().Contains("Try a teacher-led station", StringComparison.Ordinal));
        Assert.Contains(await ResourcesAsync(), r => r.NormalizedUrl == "https://example.org/teacher-led-station");
        Assert.NotNull((await _app.WithStoreAsync(db => db.SupportRequests.SingleAsync(r => r.Question))).RepliedAt);
    }

    [Fact]
    public async Task SourceMessage_EditedThenDeleted_TheResourceFollows()
    {
        await SlackEventAsync(SlackPayloads.Message("U0DEMOADELE", "Exit tickets that take a minute <https://example.org/exit-tickets|Exit ticket bank>", channel: Channel, channelType: "channel", ts: "1764612000.000200"));
        await _bot.RestAsync();

        var edited = SlackPayloads.Message("U0DEMOADELE", "x", channel: Channel, channelType: "channel", ts: "1764612050.000000");
        edited["subtype"] = "message_changed";
        edited.Remove("user");
        edited["message"] = new JsonObject { ["type"] = "message", ["user"] = "U0DEMOADELE", ["ts"] = "1764612000.000200", ["text"] = "Exit tickets <https://example.org/exit-tickets|Exit ticket bank, grades 3-5> #formative" };
        await SlackEventAsync(edited);
        await _bot.RestAsync();
        var resource = Assert.Single(await ResourcesAsync());
        Assert.Equal(("Exit ticket bank, grades 3-5", ResourceStatus.Active), (resource.Title, resource.Status));
        Assert.Contains("formative", resource.Tags);

        var deleted = SlackPayloads.Message("U0DEMOADELE", "", channel: Channel, channelType: "channel", ts: "1764612060.000000");
        deleted["subtype"] = "message_deleted";
        deleted.Remove("user");
        deleted["deleted_ts"] = "1764612000.000200";
        deleted["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = "U0DEMOADELE", ["ts"] = "1764612000.000200", ["text"] = "Exit tickets" };
        await SlackEventAsync(deleted);
        await _bot.RestAsync();
        Assert.Equal(ResourceStatus.Retired, Assert.Single(await ResourcesAsync()).Status);

        // Retired resources are never offered.
        await _bot.PostToTeamsAsync(Message("exit ticket ideas?"));
        await _bot.RestAsync();
        Assert.DoesNotContain("Exit ticket bank", LastCardTo("a:alex").ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeachersLinkInTheChannel_IsLeftAlone_AndNonsenseOffersTheCoach()
    {
        await SlackEventAsync(SlackPayloads.Message("U0DEMODIEGO", "Look at this <https://example.org/cool-tool|Cool tool>", channel: Channel, channelType: "channel", ts: "1764612000.000300"));
        await _bot.RestAsync();
        Assert.Empty(await ResourcesAsync());
        Assert.Empty(_slack.CallsOf("reactions.add"));

        await _bot.PostToTeamsAsync(Message("what's for lunch on friday"));
        await _bot.RestAsync();
        var answer = LastCardTo("a:alex");
        Assert.Equal("Nothing good in the library yet", answer["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(answer["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Ask my coach");
    }

    [Fact]
    public async Task TeachersShare_GoesToTheCoachForApproval_ThenJoinsTheLibrary()
    {
        await _bot.PostToTeamsAsync(Message("share https://example.org/choice-boards Choice boards for early finishers #choiceboard"));
        await _bot.RestAsync();
        var proposed = Assert.Single(await ResourcesAsync());
        Assert.Equal(("Choice boards for early finishers", ResourceStatus.Proposed), (proposed.Title, proposed.Status));
        var review = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE");
        Assert.Contains("suggests a resource", review.RawBody, StringComparison.Ordinal);

        var approve = SlackPayloads.BlockActions("U0DEMOADELE", "resource.review", new JsonObject { ["verb"] = "resource.review", ["data"] = new JsonObject { ["resourceId"] = proposed.Id, ["decision"] = "approve" } }.ToJsonString());
        await _bot.Client.SendAsync(_bot.Signer.Interaction("/api/slack/interactions", approve));
        await _bot.RestAsync();
        Assert.Equal(ResourceStatus.Active, Assert.Single(await ResourcesAsync()).Status);
        Assert.Contains(_connector.Calls, c => c.Method == "POST" && c.Body!.ToJsonString().Contains("added your link to the library", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CoachSavesATeachersMessage_WithTheShortcut_ItsLinkJoinsTheLibrary()
    {
        var shortcut = SlackPayloads.MessageAction("U0DEMOADELE", "resource.save", Channel);
        shortcut["message"]!["text"] = "Diego's find: <https://example.org/hyperdocs|HyperDocs starter pack>";
        shortcut["message"]!["user"] = "U0DEMODIEGO";
        Assert.Equal(HttpStatusCode.OK, (await _bot.Client.SendAsync(_bot.Signer.Interaction("/api/slack/interactions", shortcut))).StatusCode);
        await _bot.RestAsync();

        var saved = Assert.Single(await ResourcesAsync());
        Assert.Equal(("HyperDocs starter pack", ResourceStatus.Active), (saved.Title, saved.Status));
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE" && c.RawBody.Contains("Saved to the library", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeamsChannel_CoachsLinkIsSavedWithAOneLineReply_EditedAndDeletedItFollows()
    {
        const string teamsChannel = "19:cohort-general@thread.tacv2";
        var link = ChannelMessage("<at>CohortBot</at> link blended", "29:megan", "00000000-0000-0000-0000-0000000000021", teamsChannel, "1764612000001", mention: true);
        await _bot.PostToTeamsAsync(link);
        await _bot.RestAsync();
        Assert.Equal(1, await _app.WithStoreAsync(db => db.CohortChannels.CountAsync(c => c.ExternalId == teamsChannel)));

        // Read without a mention (resource-specific consent): Adele's link is saved and answered in its thread.
        await _bot.PostToTeamsAsync(ChannelMessage("<p>Planner for flipped lessons: <a href=\"https://example.org/flip?utm_campaign=x\">Flipped lesson planner</a> #flipped</p>", "29:adele", "00000000-0000-0000-0000-0000000000022", teamsChannel, "1764612000002"));
        await _bot.RestAsync();
        var saved = Assert.Single(await ResourcesAsync());
        Assert.Equal(("Flipped lesson planner", "https://example.org/flip"), (saved.Title, saved.NormalizedUrl));
        Assert.Contains(_connector.Calls, c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(teamsChannel), StringComparison.Ordinal) && c.Body!.ToJsonString().Contains("Saved to the library: Flipped lesson planner", StringComparison.Ordinal));

        var update = ChannelMessage("<p><a href=\"https://example.org/flip\">Flipped lesson planner (new version)</a></p>", "29:adele", "00000000-0000-0000-0000-0000000000022", teamsChannel, "1764612000002");
        update["type"] = "messageUpdate";
        update["timestamp"] = "2026-12-01T18:05:00Z";
        await _bot.PostToTeamsAsync(update);
        await _bot.RestAsync();
        Assert.Equal("Flipped lesson planner (new version)", Assert.Single(await ResourcesAsync()).Title);

        var delete = ChannelMessage("", "29:adele", "00000000-0000-0000-0000-0000000000022", teamsChannel, "1764612000002");
        delete["type"] = "messageDelete";
        delete["timestamp"] = "2026-12-01T18:06:00Z";
        await _bot.PostToTeamsAsync(delete);
        await _bot.RestAsync();
        Assert.Equal(ResourceStatus.Retired, Assert.Single(await ResourcesAsync()).Status);
    }

    [Fact]
    public async Task UnansweredQuestion_IsRaisedAgainAfterTwoSchoolDays_Once()
    {
        await _bot.PostToTeamsAsync(Message("how do I grade a choice board fairly?"));
        await _bot.RestAsync();
        var ask = LastCardTo("a:alex")["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Ask my coach")!;
        await InvokeAsync("resource.ask", ask["data"]!.AsObject());
        await _bot.RestAsync();
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE");

        // Tuesday noon + 2 school days = Thursday noon: not yet on Thursday morning, then once.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero));
        await RaiseAsync();
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE");
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 18, 30, 0, TimeSpan.Zero));
        await RaiseAsync();
        await RaiseAsync();
        var toAdele = _slack.CallsOf("chat.postMessage").Where(c => c.Arg("channel") == "U0DEMOADELE").ToList();
        Assert.Equal(2, toAdele.Count);
        Assert.Contains("still unanswered", toAdele[1].RawBody, StringComparison.Ordinal);

        // Megan, the coordinator, sees it waiting in her status.
        var megan = Message("status");
        megan["from"] = new JsonObject { ["id"] = "29:megan", ["aadObjectId"] = "00000000-0000-0000-0000-0000000000021" };
        megan["conversation"]!["id"] = "a:megan";
        await _bot.PostToTeamsAsync(megan);
        await _bot.RestAsync();
        Assert.Contains("Questions waiting for a coach for more than 2 school days: Alex Wilber", Json(LastCardTo("a:megan")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_ListsTheNewestOfTheTeachersCohort()
    {
        await SlackEventAsync(SlackPayloads.Message("U0DEMOADELE", "<https://example.org/a|First guide> #models", channel: Channel, channelType: "channel", ts: "1764612000.000400"));
        await _bot.RestAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        await SlackEventAsync(SlackPayloads.Message("U0DEMOADELE", "<https://example.org/b|Second guide>", channel: Channel, channelType: "channel", ts: "1764612300.000400"));
        await _bot.RestAsync();

        await _bot.PostToTeamsAsync(Message("resources"));
        await _bot.RestAsync();
        var all = LastCardTo("a:alex").ToJsonString();
        Assert.True(all.IndexOf("Second guide", StringComparison.Ordinal) < all.IndexOf("First guide", StringComparison.Ordinal), all);

        await _bot.PostToTeamsAsync(Message("resources #models"));
        await _bot.RestAsync();
        var tagged = LastCardTo("a:alex").ToJsonString();
        Assert.Contains("First guide", tagged, StringComparison.Ordinal);
        Assert.DoesNotContain("Second guide", tagged, StringComparison.Ordinal);
    }

    private static string Json(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private Task<List<Resource>> ResourcesAsync() => _app.WithStoreAsync(db => db.Resources.OrderBy(r => r.Id).ToListAsync());

    /// The card of the last message the bot sent to <paramref name="conversation"/>.
    private JsonObject LastCardTo(string conversation)
    {
        var call = _connector.Calls.Last(c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(conversation), StringComparison.Ordinal));
        return call.Body!["attachments"]![0]!["content"]!.AsObject();
    }

    private async Task RaiseAsync()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UnansweredQuestions>().RaiseDueAsync(default);
        await _bot.RestAsync();
    }

    private async Task SlackEventAsync(JsonObject evt)
    {
        var response = await _bot.Client.SendAsync(_bot.Signer.Events("/api/slack/events", SlackPayloads.EventCallback(evt)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task InvokeAsync(string verb, JsonObject data)
    {
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostToTeamsAsync(_bot.TeamsAction("29:alex", AlexAad, "a:alex", verb, data))).StatusCode);
    }

    /// Alex writes to the bot in his 1:1 chat.
    private JsonObject Message(string text) => _bot.TeamsMessage(text, "29:alex", AlexAad, "a:alex");

    private JsonObject ChannelMessage(string text, string userId, string aad, string channel, string id, bool mention = false)
    {
        var activity = _bot.TeamsActivity("message", userId, aad, channel, id);
        activity["text"] = text;
        activity["conversation"] = new JsonObject { ["conversationType"] = "channel", ["tenantId"] = DemoBot.Tenant, ["id"] = channel, ["isGroup"] = true };
        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = DemoBot.Tenant },
            ["teamsChannelId"] = channel,
            ["team"] = new JsonObject { ["id"] = channel },
        };
        if (mention)
            activity["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>CohortBot</at>", ["mentioned"] = new JsonObject { ["id"] = "28:" + CohortBotApp.TestAppId, ["name"] = "CohortBot" } });
        return activity;
    }
}
