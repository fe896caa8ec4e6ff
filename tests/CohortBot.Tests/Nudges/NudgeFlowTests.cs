using System.Net;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Nudges;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Nudges;

/// Nudges in the demo district on both platforms, through the app's own endpoints: Megan (the
/// coordinator, on Teams and Slack) previews, sends, cancels and schedules nudges; the teachers get
/// them in Teams (fake Bot Connector) and Slack (fake Slack API); the receipt comes back to her and
/// changes in place. The clock is fake, so quiet hours and the cool-down can be walked through.
public sealed class NudgeFlowTests : IAsyncLifetime
{
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "U0DEMOMEGAN";
    private const string MeganDm = "D0DEMOMEGAN";

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
    public async Task FromSlack_PreviewThenSendTwice_EveryPendingTeacherGetsItOnceAndTheReceiptComesToHerDm()
    {
        await OpenRoundAsync();
        await AnswerAsAlexAsync();

        // The slash command's passing answer points to the DM, where the preview is a message of its own.
        var ack = await SlashAsync("nudge blended");
        Assert.Contains("direct messages", ack, StringComparison.Ordinal);
        var preview = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan);
        Assert.Contains("Nudge preview", preview.RawBody, StringComparison.Ordinal);
        Assert.Contains("6 teachers who have not answered check-in", preview.RawBody, StringComparison.Ordinal);
        Assert.Contains("Lincoln Elementary", preview.RawBody, StringComparison.Ordinal);
        Assert.Contains("In Teams 3, in Slack 3.", preview.RawBody, StringComparison.Ordinal);
        Assert.Contains("Hi Isaiah, check-in", preview.RawBody, StringComparison.Ordinal); // the message as the first teacher reads it
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:") && d.IdempotencyKey.Contains("/member:")));

        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await _bot.RestAsync();
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await _bot.RestAsync();

        // Six pending teachers (Alex answered), one delivery each, whatever the presses.
        var sent = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.Contains("/nudge:")).ToListAsync());
        Assert.Equal(6, sent.Count);
        Assert.All(sent, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(["U0DEMODIEGO", "U0DEMOGRADY", "U0DEMOJOHANNA"], _slack.CallsOf("chat.postMessage").Where(c => c.Arg("channel") != Megan && c.RawBody.Contains("A nudge from Megan Bowen", StringComparison.Ordinal)).Select(c => c.Arg("channel")).Order());
        Assert.Equal(3, _connector.Calls.Count(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal) && c.Body!.ToJsonString().Contains("A nudge from Megan Bowen", StringComparison.Ordinal)));
        Assert.DoesNotContain(_connector.Calls, c => c.Path.Contains("a%3Aalex", StringComparison.Ordinal) && c.Body!.ToJsonString().Contains("A nudge from", StringComparison.Ordinal));

        // The receipt: a message of its own in her DM, not in Teams where she usually is.
        var receipt = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Contains("Delivered", receipt.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(_connector.Calls, c => c.Body?.ToJsonString().Contains("Nudge receipt", StringComparison.Ordinal) == true);
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("The receipt follows in this chat", StringComparison.Ordinal));

        // The audit log has it, with the audience size.
        var audit = await _app.WithStoreAsync(db => db.AuditLog.SingleAsync(a => a.Action == "nudge.send"));
        Assert.Contains("\"audience\":6", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuietHours_HoldPartOfTheAudience_TheReceiptShowsThemHeldAndUpdatesInPlaceWhenTheyGo()
    {
        await OpenRoundAsync();
        // 19:30 in Chicago, 20:30 in New York: Johanna's quiet hours have begun.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 1, 30, 0, TimeSpan.Zero));
        await SlashAsync("nudge blended");
        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        Assert.Contains("Johanna Lorenz", Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan).RawBody, StringComparison.Ordinal);
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await _bot.RestAsync();

        var receipt = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Contains("Held for quiet hours", receipt.RawBody, StringComparison.Ordinal);
        Assert.Contains("Johanna Lorenz", receipt.RawBody, StringComparison.Ordinal);
        Assert.Equal(6, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:") && d.Status == DeliveryStatus.Sent));
        Assert.DoesNotContain(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOJOHANNA" && c.RawBody.Contains("A nudge from", StringComparison.Ordinal));
        var receiptTs = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey == $"nudge:{nudge.Id}/receipt").Select(d => d.PlatformMessageId).SingleAsync());

        // 07:00 in New York: her nudge goes, and the receipt is updated in place (chat.update of that message).
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        await _bot.SendDueAsync();
        await _bot.RestAsync();
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOJOHANNA" && c.RawBody.Contains("A nudge from", StringComparison.Ordinal));
        var update = _slack.CallsOf("chat.update").Last(c => c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Equal(receiptTs, SlackMessageId(update));
        Assert.DoesNotContain("Held for quiet hours\",\"value\":\"1", update.RawBody, StringComparison.Ordinal);
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeacherWhoAnswersAfterANudge_IsCountedInTheReceipt_AndHeldNudgesToThemAreWithdrawn()
    {
        await OpenRoundAsync();
        await TeamsAsync("nudge blended Please take a minute for the check-in today!", "29:megan", MeganAad, "a:megan");
        await _bot.RestAsync();
        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        var answer = await InvokeAsync("29:megan", MeganAad, "a:megan", NudgeHandler.Send, new JsonObject { ["nudgeId"] = nudge.Id });
        Assert.Contains("The receipt follows in this chat", answer, StringComparison.Ordinal);
        await _bot.RestAsync();
        // Her own words reach the teachers as she wrote them.
        Assert.Equal(4, _connector.Calls.Count(c => c.Method == "POST" && !c.Path.Contains("a%3Amegan", StringComparison.Ordinal) && c.Body?.ToJsonString().Contains("Please take a minute for the check-in today!", StringComparison.Ordinal) == true));
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMODIEGO" && c.RawBody.Contains("Please take a minute for the check-in today!", StringComparison.Ordinal));
        var receipt = _connector.Calls.Single(c => c.Method == "POST" && c.Body?.ToJsonString().Contains("Nudge receipt", StringComparison.Ordinal) == true);
        Assert.Contains("0 of 7", receipt.Body!.ToJsonString(), StringComparison.Ordinal);

        await AnswerAsAlexAsync();
        await RunNudgesDueAsync();
        await _bot.RestAsync();
        var update = _connector.Calls.Last(c => c.Method == "PUT" && c.Body?.ToJsonString().Contains("Nudge receipt", StringComparison.Ordinal) == true);
        Assert.Contains("1 of 7", update.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_SendsNothing_AndAStalePreviewIsRefreshedInsteadOfSent()
    {
        await OpenRoundAsync();
        await SlashAsync("nudge blended");
        var first = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        await PressInSlackAsync(NudgeHandler.Cancel, first.Id);
        await _bot.RestAsync();
        Assert.Equal(NudgeStatus.Cancelled, (await _app.WithStoreAsync(db => db.Nudges.SingleAsync())).Status);
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("Cancelled: nothing was sent.", StringComparison.Ordinal));

        // A preview left for 31 minutes is shown again, not sent; the next press sends it.
        await SlashAsync("nudge blended");
        var second = await _app.WithStoreAsync(db => db.Nudges.SingleAsync(n => n.Status == NudgeStatus.Preview));
        _time.Advance(TimeSpan.FromMinutes(31));
        await PressInSlackAsync(NudgeHandler.Send, second.Id);
        await _bot.RestAsync();
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("older than 30 minutes", StringComparison.Ordinal));
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        await PressInSlackAsync(NudgeHandler.Send, second.Id);
        await _bot.RestAsync();
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
    }

    [Fact]
    public async Task AudienceChangedSincePreview_IsRefreshedWithTheReason_NotSent()
    {
        await OpenRoundAsync();
        await SlashAsync("nudge blended");
        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        await AnswerAsAlexAsync();

        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await _bot.RestAsync();
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("The audience changed since the preview", StringComparison.Ordinal) && c.RawBody.Contains("Send to 6", StringComparison.Ordinal));
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await _bot.RestAsync();
        Assert.Equal(6, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
    }

    [Fact]
    public async Task CoolDown_RefusesASecondNudge_ForceOverridesIt_AndNobodyIsNudgedMoreThanTwiceARound()
    {
        await OpenRoundAsync();
        await SendNudgeAsync("nudge blended");
        Assert.Contains("Add --force", await SlashAsync("nudge blended"), StringComparison.Ordinal);
        Assert.Equal(1, await _app.WithStoreAsync(db => db.Nudges.CountAsync()));

        await SendNudgeAsync("nudge blended --force");
        Assert.Equal(14, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        // A third, forced or not: everyone pending was nudged twice this round.
        Assert.Contains("nudged 2 times this round already", await SlashAsync("nudge blended --force"), StringComparison.Ordinal);

        // After the cool-down, a nudge to everyone still leaves out those nudged twice.
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Contains("nudged 2 times this round already", await SlashAsync("nudge blended all"), StringComparison.Ordinal);
        Assert.Equal(14, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
    }

    [Fact]
    public async Task TeacherAndCoach_WithoutPermission_AreRefusedPolitely_ACoachMayWhenTheCohortAllows()
    {
        await OpenRoundAsync();
        await TeamsAsync("nudge blended", "29:alex", AlexAad, "a:alex");
        await _bot.RestAsync();
        Assert.Contains(_connector.Calls, c => c.Body?.ToJsonString().Contains("Only a coordinator, or a coach where the cohort allows it", StringComparison.Ordinal) == true);

        Assert.Contains("only when the cohort allows it", await SlashAsync("nudge blended", user: "U0DEMOADELE"), StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithStoreAsync(db => db.Nudges.CountAsync()));
        Assert.DoesNotContain("nudge COHORT", await SlashAsync("help", user: "U0DEMOADELE"), StringComparison.Ordinal);

        await _app.WithStoreAsync(db => db.Cohorts.ExecuteUpdateAsync(set => set.SetProperty(c => c.CoachesMayNudge, true)));
        Assert.Contains("nudge COHORT", await SlashAsync("help", user: "U0DEMOADELE"), StringComparison.Ordinal);
        await SlashAsync("nudge blended", user: "U0DEMOADELE");
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE" && c.RawBody.Contains("Nudge preview", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduledNudge_ShowsInThePreviewAndTheList_CancelledOneNeverGoes_TheOtherGoesOnTime()
    {
        await OpenRoundAsync();
        await SlashAsync("nudge blended at 2026-12-03 09:00 Last call for check-in!");
        var first = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        Assert.Contains("Thursday, December 3 at 9:00 AM", Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan).RawBody, StringComparison.Ordinal);
        await PressInSlackAsync(NudgeHandler.Send, first.Id);
        await _bot.RestAsync();
        Assert.Equal(NudgeStatus.Scheduled, (await _app.WithStoreAsync(db => db.Nudges.SingleAsync())).Status);
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));

        await SlashAsync("nudge blended at 2026-12-04 09:00 --force");
        var second = await _app.WithStoreAsync(db => db.Nudges.SingleAsync(n => n.Id != first.Id));
        await PressInSlackAsync(NudgeHandler.Send, second.Id);
        await _bot.RestAsync();

        await SlashAsync("nudges");
        var list = _slack.CallsOf("chat.postMessage").Last(c => c.Arg("channel") == Megan);
        Assert.Contains("Thursday, December 3 at 9:00 AM", list.RawBody, StringComparison.Ordinal);
        Assert.Contains("Friday, December 4 at 9:00 AM", list.RawBody, StringComparison.Ordinal);
        await PressInSlackAsync(NudgeHandler.Cancel, first.Id, new JsonObject { ["from"] = "list" });
        await _bot.RestAsync();
        Assert.Equal(NudgeStatus.Cancelled, (await _app.WithStoreAsync(db => db.Nudges.SingleAsync(n => n.Id == first.Id))).Status);

        // Thursday 09:00 in Chicago passes: nothing goes. Friday's goes at its time.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 15, 1, 0, TimeSpan.Zero));
        await RunNudgesDueAsync();
        await _bot.RestAsync();
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 15, 1, 0, TimeSpan.Zero));
        await RunNudgesDueAsync();
        await _bot.RestAsync();
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.Contains($"/nudge:{second.Id}/") && d.Status == DeliveryStatus.Sent));
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Contains(await _app.WithStoreAsync(db => db.AuditLog.Select(a => a.Action).ToListAsync()), a => a == "nudge.cancel");
    }

    [Fact]
    public async Task WithoutAnOpenRound_PendingIsRefusedWithTheReason_AllStillWorks()
    {
        Assert.Contains("No check-in of Blended Learning Cohort 2026 is open", await SlashAsync("nudge blended"), StringComparison.Ordinal);
        await SendNudgeAsync("nudge blended site:Roosevelt See you Thursday!");
        // Roosevelt Middle School's teachers: Isaiah, Patti, Diego and Johanna.
        Assert.Equal(4, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("nudge:") && d.IdempotencyKey.Contains("/member:")));
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMODIEGO" && c.RawBody.Contains("See you Thursday!", StringComparison.Ordinal));
        Assert.DoesNotContain(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOGRADY" && c.RawBody.Contains("See you Thursday!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_TeachersAreNamedWithTheReasonInPreviewAndReceipt()
    {
        await OpenRoundAsync();
        await _app.WithStoreAsync(db => db.Identities.Where(i => i.Member!.DisplayName == "Isaiah Langer")
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UnreachableReason, "the bot was blocked")));
        await SendNudgeAsync("nudge blended");
        var preview = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge preview", StringComparison.Ordinal));
        Assert.Contains("Cannot be reached", preview.RawBody, StringComparison.Ordinal);
        Assert.Contains("Teams: the bot was blocked", preview.RawBody, StringComparison.Ordinal);
        var receipt = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Contains("Isaiah Langer", receipt.RawBody, StringComparison.Ordinal);
        var isaiah = await _app.WithStoreAsync(db => db.Members.Where(m => m.DisplayName == "Isaiah Langer").Select(m => m.Id).SingleAsync());
        Assert.Equal(DeliveryStatus.Unreachable, await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.Contains("/nudge:") && d.MemberId == isaiah).Select(d => d.Status).SingleAsync()));
    }

    private static string SlackMessageId(SlackApiCall update) => $"{update.Arg("channel")}/{update.Arg("ts")}";

    private async Task SendNudgeAsync(string command)
    {
        await SlashAsync(command);
        var nudge = await _app.WithStoreAsync(db => db.Nudges.OrderByDescending(n => n.Id).FirstAsync());
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await _bot.RestAsync();
    }

    private async Task OpenRoundAsync()
    {
        await TeamsAsync("open blended", "29:megan", MeganAad, "a:megan");
        await _bot.RestAsync();
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/checkin") && d.Status == DeliveryStatus.Sent));
    }

    private async Task AnswerAsAlexAsync()
    {
        var round = await _app.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Status == RoundStatus.Open));
        await InvokeAsync("29:alex", AlexAad, "a:alex", "checkin.submit", new JsonObject { ["roundId"] = round.Id, ["progress"] = "4", ["coachSupport"] = "no" });
        await _bot.RestAsync();
        Assert.Equal(1, await _app.WithStoreAsync(db => db.CheckIns.CountAsync()));
    }

    /// Runs <c>/cohort TEXT</c> as Megan (or <paramref name="user"/>) in her DM and returns the ephemeral answer's text.
    private async Task<string> SlashAsync(string text, string user = Megan)
    {
        var command = SlackPayloads.SlashCommand(user, text, channel: "D" + user[1..]);
        command["trigger_id"] = $"{Guid.NewGuid():N}"; // Slack's trigger ids are unique: the bot answers each command once
        var response = await _bot.Client.SendAsync(_bot.Signer.Command("/api/slack/commands", command));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        await _bot.RestAsync();
        return body;
    }

    /// Megan presses a button of the last card the bot sent her in Slack.
    private async Task PressInSlackAsync(string verb, int nudgeId, JsonObject? extra = null)
    {
        var data = new JsonObject { ["nudgeId"] = nudgeId };
        foreach (var (name, value) in extra ?? [])
            data[name] = value?.DeepClone();
        var messageId = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.Platform == Platform.Slack && d.Address != null && d.PlatformMessageId != null && d.MemberId != null && d.PlatformMessageId.StartsWith(MeganDm))
            .OrderByDescending(d => d.Id).Select(d => d.PlatformMessageId!).FirstAsync());
        var ts = messageId[(messageId.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var press = SlackPayloads.BlockActions(Megan, verb, new JsonObject { ["verb"] = verb, ["data"] = data }.ToJsonString());
        press["container"]!["channel_id"] = MeganDm;
        press["container"]!["message_ts"] = ts;
        press["channel"]!["id"] = MeganDm;
        press["message"]!["ts"] = ts;
        press["trigger_id"] = $"{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await _bot.Client.SendAsync(_bot.Signer.Interaction("/api/slack/interactions", press))).StatusCode);
    }

    private async Task<string> InvokeAsync(string userId, string aad, string conversation, string verb, JsonObject data)
    {
        var answer = await _bot.PostToTeamsAsync(_bot.TeamsAction(userId, aad, conversation, verb, data));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }

    private async Task RunNudgesDueAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NudgeService>().RunDueAsync(default);
    }

    private async Task TeamsAsync(string text, string userId, string aad, string conversation)
    {
        var response = await _bot.PostToTeamsAsync(_bot.TeamsMessage(text, userId, aad, conversation));
        Assert.True(response.IsSuccessStatusCode, $"The bot answered {(int)response.StatusCode}.");
    }
}
