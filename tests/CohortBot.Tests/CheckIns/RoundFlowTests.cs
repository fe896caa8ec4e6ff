using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.CheckIns;

/// A whole round of the demo district on both platforms: a coordinator opens it in Teams, teachers
/// answer in Teams and Slack, the coach is alerted, the late ones are reminded, and closing sends the
/// summaries. The fake Bot Connector and the fake Slack API record who received what; the clock is fake.
public sealed class RoundFlowTests : IAsyncLifetime
{
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";

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
    public async Task Round_OpenAnswerEditRemindClose_EveryoneGetsWhatTheyShouldOnce()
    {
        // Megan (coordinator) opens the round from her 1:1 chat.
        await _bot.PostToTeamsAsync(_bot.TeamsMessage("open blended", "29:megan", MeganAad, "a:megan"));
        await _bot.RestAsync();

        var round = await _app.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Status == RoundStatus.Open));
        // Four Teams teachers (each 1:1 chat created first), three Slack teachers in their DMs.
        var created = _connector.Calls.Where(c => c.Method == "POST" && c.Path == "/v3/conversations").ToList();
        var outcomes = string.Join("\n", await _app.WithStoreAsync(db => db.Deliveries.Select(d => $"{d.IdempotencyKey} {d.Status} {d.Platform} {d.LastError}").ToListAsync()));
        Assert.True(created.Count == 4, outcomes);
        var slackCards = _slack.CallsOf("chat.postMessage");
        Assert.Equal(["U0DEMODIEGO", "U0DEMOGRADY", "U0DEMOJOHANNA"], slackCards.Select(c => c.Arg("channel")).Order());
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/checkin") && d.Status == DeliveryStatus.Sent));

        // Alex answers in Teams: the card is replaced by the confirmation; he asked for his coach.
        var answer = await InvokeAsync(round.Id, new JsonObject
        {
            ["progress"] = "4", ["models"] = "1-station-rotation,5-flex", ["behaviors"] = "", ["win"] = "Stations ran, alone, for once",
            ["challenge"] = "Ten devices for 32 kids", ["nextStep"] = "Try a teacher-led station", ["coachSupport"] = "yes",
        });
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        Assert.Contains("your check-in is in", answer["value"]!.ToJsonString(), StringComparison.Ordinal);
        await _bot.RestAsync();
        var alert = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE");
        Assert.Contains("Alex Wilber asked for coach support", alert.RawBody, StringComparison.Ordinal);

        // A second submit without the required rating: errors beside the input, nothing stored.
        var invalid = await InvokeAsync(round.Id, new JsonObject { ["progress"] = "", ["coachSupport"] = "yes" });
        Assert.Contains("Please answer this question.", invalid["value"]!.ToJsonString(), StringComparison.Ordinal);
        // An edit: the same check-in changes, no second one.
        await InvokeAsync(round.Id, new JsonObject { ["progress"] = "5", ["coachSupport"] = "no", ["nextStep"] = "Try a teacher-led station" });
        var alex = await _app.WithStoreAsync(db => db.CheckIns.SingleAsync());
        Assert.NotNull(alex.LastEditedAt);
        Assert.Contains("\"progress\":5", alex.AnswersJson, StringComparison.Ordinal);

        // A day before the close, the five who have not answered are reminded, once.
        _time.SetUtcNow(round.ClosesAt.AddHours(-24).AddMinutes(1));
        await RunDueStepsAsync();
        await RunDueStepsAsync();
        await _bot.RestAsync();
        var reminders = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.Contains("/remind:")).ToListAsync());
        Assert.Equal(6, reminders.Count); // every teacher but Alex
        Assert.All(reminders, r => Assert.Equal(DeliveryStatus.Sent, r.Status));

        // The close: summaries to Adele and Megan with the answer; nothing more to Alex.
        _time.SetUtcNow(round.ClosesAt.AddMinutes(1));
        await RunDueStepsAsync();
        await _bot.RestAsync();
        Assert.Equal(RoundStatus.Closed, (await _app.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Id == round.Id))).Status);
        var summaries = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.Contains("/summary/")).ToListAsync());
        Assert.All(summaries, s => Assert.Equal(DeliveryStatus.Sent, s.Status));
        var toPeople = summaries.Where(s => s.IdempotencyKey.Contains("/summary/member:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, toPeople.Count); // Adele (the coach) and Megan (the coordinator)
        Assert.All(toPeople, s => Assert.Contains("Try a teacher-led station", s.DataJson, StringComparison.Ordinal));
        // The cohort's channel gets numbers only: no names, no words anyone wrote.
        var channel = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "C0DEMOCOHORT");
        Assert.Contains("answered", channel.RawBody, StringComparison.Ordinal);
        foreach (var secret in new[] { "Try a teacher-led station", "Stations ran", "Alex", "Isaiah", "Diego" })
            Assert.DoesNotContain(secret, channel.RawBody, StringComparison.Ordinal);

        // After the close, a submit changes nothing.
        var late = await InvokeAsync(round.Id, new JsonObject { ["progress"] = "1", ["coachSupport"] = "no" });
        Assert.Contains("closed", late["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"progress\":5", (await _app.WithStoreAsync(db => db.CheckIns.SingleAsync())).AnswersJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ByATeacher_IsRefusedAndNothingChanges()
    {
        await _bot.PostToTeamsAsync(_bot.TeamsMessage("open blended", "29:alex", AlexAad, "a:alex"));
        await _bot.RestAsync();

        Assert.Equal(0, await _app.WithStoreAsync(db => db.Rounds.CountAsync(r => r.Status == RoundStatus.Open)));
        var reply = Assert.Single(_connector.Calls, c => c.Method == "POST");
        Assert.Contains("Only a coordinator", reply.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AtNight_HoldsEveryCardUntilTheQuietHoursEnd()
    {
        // 21:30 in Chicago.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 3, 30, 0, TimeSpan.Zero));
        await _bot.PostToTeamsAsync(_bot.TeamsMessage("open blended", "29:megan", MeganAad, "a:megan"));
        await _bot.RestAsync();
        await _bot.SendDueAsync();

        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/checkin") && d.Status == DeliveryStatus.Pending));
        Assert.Empty(_slack.CallsOf("chat.postMessage"));

        // 07:00 in Chicago and Denver's 06:00 is still quiet; New York's 08:00 is not.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero));
        await _bot.SendDueAsync();
        await _bot.RestAsync();
        Assert.Equal(6, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/checkin") && d.Status == DeliveryStatus.Sent));
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero));
        await _bot.SendDueAsync();
        await _bot.RestAsync();
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/checkin") && d.Status == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task SlackTeacher_AnswersInAModal_TheMessageIsReplacedAndErrorsComeBackBesideTheInputs()
    {
        await _bot.PostToTeamsAsync(_bot.TeamsMessage("open blended", "29:megan", MeganAad, "a:megan"));
        await _bot.RestAsync();
        var round = await _app.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Status == RoundStatus.Open));
        var card = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMODIEGO");
        var messageId = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.EndsWith("/checkin") && d.PlatformMessageId != null && d.Platform == Platform.Slack).Select(d => d.PlatformMessageId!).FirstAsync(d => d.Contains("DIEGO") || true));
        Assert.NotNull(card);

        var missing = await SubmitModalAsync(round.Id, messageId, progress: null);
        var errors = await missing.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("errors", errors!["response_action"]!.GetValue<string>());
        Assert.Equal(0, await _app.WithStoreAsync(db => db.CheckIns.CountAsync()));

        var ok = await SubmitModalAsync(round.Id, messageId, progress: "3");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await _bot.RestAsync();
        Assert.Equal(1, await _app.WithStoreAsync(db => db.CheckIns.CountAsync()));
        var update = Assert.Single(_slack.CallsOf("chat.update"));
        Assert.Contains("your check-in is in", update.RawBody, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SubmitModalAsync(int roundId, string messageId, string? progress)
    {
        var values = new JsonObject
        {
            ["b1"] = new JsonObject { ["progress"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = progress is null ? null : new JsonObject { ["value"] = progress } } },
            ["b2"] = new JsonObject { ["coachSupport"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "no" } } },
        };
        var metadata = new JsonObject { ["verb"] = "checkin.submit", ["data"] = new JsonObject { ["roundId"] = roundId }, ["source"] = messageId }.ToJsonString();
        // Diego is one of the demo's Slack teachers.
        var payload = SlackPayloads.ViewSubmission("U0DEMODIEGO", "checkin", values, metadata);
        return _bot.Client.SendAsync(_bot.Signer.Interaction("/api/slack/interactions", payload));
    }

    private async Task<JsonObject> InvokeAsync(int roundId, JsonObject inputs)
    {
        inputs["roundId"] = roundId;
        var answer = await _bot.PostToTeamsAsync(_bot.TeamsAction("29:alex", AlexAad, "a:alex", "checkin.submit", inputs));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task RunDueStepsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RoundScheduler>().RunDueAsync(default);
    }
}
