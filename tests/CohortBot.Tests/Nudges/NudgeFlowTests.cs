using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Nudges;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Nudges;

/// Nudges in the demo district on both platforms, through the app's own endpoints: Megan (the
/// coordinator, on Teams and Slack) previews, sends, cancels and schedules nudges; the teachers get
/// them in Teams (fake Bot Connector) and Slack (fake Slack API); the receipt comes back to her and
/// changes in place. The clock is fake, so quiet hours and the cool-down can be walked through.
public sealed class NudgeFlowTests : IAsyncLifetime
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "U0DEMOMEGAN";
    private const string MeganDm = "D0DEMOMEGAN";
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // Tuesday 1 December 2026, noon in Chicago.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
    private readonly SlackRequestSigner _signer;
    private FakeBotFrameworkIdentity _identity = null!;
    private FakeBotConnector _connector = null!;
    private FakeSlackApi _slack = null!;
    private CohortBotApp _app = null!;
    private HttpClient _client = null!;

    public NudgeFlowTests() => _signer = new SlackRequestSigner(Secret, _time);

    public async ValueTask InitializeAsync()
    {
        _identity = await FakeBotFrameworkIdentity.StartAsync();
        _connector = await FakeBotConnector.StartAsync();
        _slack = await FakeSlackApi.StartAsync();
        _app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = "samples/demo-district.yaml",
            ["Teams:OpenIdMetadataUrl"] = _identity.MetadataUrl,
            ["Teams:DefaultServiceUrl"] = _connector.ServiceUrl,
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
        }, services: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_time);
        });
        _client = _app.CreateClient();
        await _app.SlackMembersLinkedAsync(_slack);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _slack.DisposeAsync();
        await _connector.DisposeAsync();
        await _identity.DisposeAsync();
    }

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
        Assert.Equal(0, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:") && d.IdempotencyKey.Contains("/member:")));

        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await RestAsync();
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await RestAsync();

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
        await RestAsync();

        var receipt = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Contains("Held for quiet hours", receipt.RawBody, StringComparison.Ordinal);
        Assert.Contains("Johanna Lorenz", receipt.RawBody, StringComparison.Ordinal);
        Assert.Equal(6, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:") && d.Status == DeliveryStatus.Sent));
        Assert.DoesNotContain(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOJOHANNA" && c.RawBody.Contains("A nudge from", StringComparison.Ordinal));
        var receiptTs = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey == $"nudge:{nudge.Id}/receipt").Select(d => d.PlatformMessageId).SingleAsync());

        // 07:00 in New York: her nudge goes, and the receipt is updated in place (chat.update of that message).
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        await SendDueAsync();
        await RestAsync();
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
        await RestAsync();
        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        var answer = await InvokeAsync("29:megan", MeganAad, "a:megan", NudgeHandler.Send, new JsonObject { ["nudgeId"] = nudge.Id });
        Assert.Contains("The receipt follows in this chat", answer, StringComparison.Ordinal);
        await RestAsync();
        // Her own words reach the teachers as she wrote them.
        Assert.Equal(4, _connector.Calls.Count(c => c.Method == "POST" && !c.Path.Contains("a%3Amegan", StringComparison.Ordinal) && c.Body?.ToJsonString().Contains("Please take a minute for the check-in today!", StringComparison.Ordinal) == true));
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMODIEGO" && c.RawBody.Contains("Please take a minute for the check-in today!", StringComparison.Ordinal));
        var receipt = _connector.Calls.Single(c => c.Method == "POST" && c.Body?.ToJsonString().Contains("Nudge receipt", StringComparison.Ordinal) == true);
        Assert.Contains("0 of 7", receipt.Body!.ToJsonString(), StringComparison.Ordinal);

        await AnswerAsAlexAsync();
        await RunNudgesDueAsync();
        await RestAsync();
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
        await RestAsync();
        Assert.Equal(NudgeStatus.Cancelled, (await _app.WithStoreAsync(db => db.Nudges.SingleAsync())).Status);
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("Cancelled: nothing was sent.", StringComparison.Ordinal));

        // A preview left for 31 minutes is shown again, not sent; the next press sends it.
        await SlashAsync("nudge blended");
        var second = await _app.WithStoreAsync(db => db.Nudges.SingleAsync(n => n.Status == NudgeStatus.Preview));
        _time.Advance(TimeSpan.FromMinutes(31));
        await PressInSlackAsync(NudgeHandler.Send, second.Id);
        await RestAsync();
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("older than 30 minutes", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        await PressInSlackAsync(NudgeHandler.Send, second.Id);
        await RestAsync();
        Assert.Equal(7, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
    }

    [Fact]
    public async Task AudienceChangedSincePreview_IsRefreshedWithTheReason_NotSent()
    {
        await OpenRoundAsync();
        await SlashAsync("nudge blended");
        var nudge = await _app.WithStoreAsync(db => db.Nudges.SingleAsync());
        await AnswerAsAlexAsync();

        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await RestAsync();
        Assert.Contains(_slack.CallsOf("chat.update"), c => c.RawBody.Contains("The audience changed since the preview", StringComparison.Ordinal) && c.RawBody.Contains("Send to 6", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        await PressInSlackAsync(NudgeHandler.Send, nudge.Id);
        await RestAsync();
        Assert.Equal(6, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
    }

    [Fact]
    public async Task CoolDown_RefusesASecondNudge_ForceOverridesIt_AndNobodyIsNudgedMoreThanTwiceARound()
    {
        await OpenRoundAsync();
        await SendNudgeAsync("nudge blended");
        Assert.Contains("Add --force", await SlashAsync("nudge blended"), StringComparison.Ordinal);
        Assert.Equal(1, await _app.WithStoreAsync(db => db.Nudges.CountAsync()));

        await SendNudgeAsync("nudge blended --force");
        Assert.Equal(14, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        // A third, forced or not: everyone pending was nudged twice this round.
        Assert.Contains("nudged 2 times this round already", await SlashAsync("nudge blended --force"), StringComparison.Ordinal);

        // After the cool-down, a nudge to everyone still leaves out those nudged twice.
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Contains("nudged 2 times this round already", await SlashAsync("nudge blended all"), StringComparison.Ordinal);
        Assert.Equal(14, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
    }

    [Fact]
    public async Task TeacherAndCoach_WithoutPermission_AreRefusedPolitely_ACoachMayWhenTheCohortAllows()
    {
        await OpenRoundAsync();
        await TeamsAsync("nudge blended", "29:alex", AlexAad, "a:alex");
        await RestAsync();
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
        await RestAsync();
        Assert.Equal(NudgeStatus.Scheduled, (await _app.WithStoreAsync(db => db.Nudges.SingleAsync())).Status);
        Assert.Equal(0, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));

        await SlashAsync("nudge blended at 2026-12-04 09:00 --force");
        var second = await _app.WithStoreAsync(db => db.Nudges.SingleAsync(n => n.Id != first.Id));
        await PressInSlackAsync(NudgeHandler.Send, second.Id);
        await RestAsync();

        await SlashAsync("nudges");
        var list = _slack.CallsOf("chat.postMessage").Last(c => c.Arg("channel") == Megan);
        Assert.Contains("Thursday, December 3 at 9:00 AM", list.RawBody, StringComparison.Ordinal);
        Assert.Contains("Friday, December 4 at 9:00 AM", list.RawBody, StringComparison.Ordinal);
        await PressInSlackAsync(NudgeHandler.Cancel, first.Id, new JsonObject { ["from"] = "list" });
        await RestAsync();
        Assert.Equal(NudgeStatus.Cancelled, (await _app.WithStoreAsync(db => db.Nudges.SingleAsync(n => n.Id == first.Id))).Status);

        // Thursday 09:00 in Chicago passes: nothing goes. Friday's goes at its time.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 15, 1, 0, TimeSpan.Zero));
        await RunNudgesDueAsync();
        await RestAsync();
        Assert.Equal(0, await CountAsync(d => d.IdempotencyKey.Contains("/nudge:")));
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 15, 1, 0, TimeSpan.Zero));
        await RunNudgesDueAsync();
        await RestAsync();
        Assert.Equal(7, await CountAsync(d => d.IdempotencyKey.Contains($"/nudge:{second.Id}/") && d.Status == DeliveryStatus.Sent));
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Megan && c.RawBody.Contains("Nudge receipt", StringComparison.Ordinal));
        Assert.Contains(await _app.WithStoreAsync(db => db.AuditLog.Select(a => a.Action).ToListAsync()), a => a == "nudge.cancel");
    }

    [Fact]
    public async Task WithoutAnOpenRound_PendingIsRefusedWithTheReason_AllStillWorks()
    {
        Assert.Contains("No check-in of Blended Learning Cohort 2026 is open", await SlashAsync("nudge blended"), StringComparison.Ordinal);
        await SendNudgeAsync("nudge blended site:Roosevelt See you Thursday!");
        // Roosevelt Middle School's teachers: Isaiah, Patti, Diego and Johanna.
        Assert.Equal(4, await CountAsync(d => d.IdempotencyKey.StartsWith("nudge:") && d.IdempotencyKey.Contains("/member:")));
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
        await RestAsync();
    }

    private async Task OpenRoundAsync()
    {
        await TeamsAsync("open blended", "29:megan", MeganAad, "a:megan");
        await RestAsync();
        Assert.Equal(7, await CountAsync(d => d.IdempotencyKey.EndsWith("/checkin") && d.Status == DeliveryStatus.Sent));
    }

    private async Task AnswerAsAlexAsync()
    {
        var round = await _app.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Status == RoundStatus.Open));
        await InvokeAsync("29:alex", AlexAad, "a:alex", "checkin.submit", new JsonObject { ["roundId"] = round.Id, ["progress"] = "4", ["coachSupport"] = "no" });
        await RestAsync();
        Assert.Equal(1, await _app.WithStoreAsync(db => db.CheckIns.CountAsync()));
    }

    /// Runs <c>/cohort TEXT</c> as Megan (or <paramref name="user"/>) in her DM and returns the ephemeral answer's text.
    private async Task<string> SlashAsync(string text, string user = Megan)
    {
        var command = SlackPayloads.SlashCommand(user, text, channel: "D" + user[1..]);
        command["trigger_id"] = $"{Guid.NewGuid():N}"; // Slack's trigger ids are unique: the bot answers each command once
        var response = await _client.SendAsync(_signer.Command("/api/slack/commands", command));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        await RestAsync();
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
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(_signer.Interaction("/api/slack/interactions", press))).StatusCode);
    }

    private async Task<string> InvokeAsync(string userId, string aad, string conversation, string verb, JsonObject data)
    {
        var invoke = Activity("invoke", userId, aad, conversation, $"invoke-{Guid.NewGuid():N}");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" };
        var answer = await PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Delivery, bool>> where) => _app.WithStoreAsync(db => db.Deliveries.CountAsync(where));

    private async Task SendDueAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendDueAsync(default);
    }

    private async Task RunNudgesDueAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NudgeService>().RunDueAsync(default);
    }

    /// Waits until what was sent settled and what follows it (a receipt) went too.
    private async Task RestAsync()
    {
        await _app.DeliveriesAtRestAsync(Wait);
        await _app.OutboxIdleAsync(Wait);
        await SendDueAsync();
        await _app.DeliveriesAtRestAsync(Wait);
        await _app.OutboxIdleAsync(Wait);
    }

    private async Task TeamsAsync(string text, string userId, string aad, string conversation)
    {
        var activity = Activity("message", userId, aad, conversation, $"msg-{Guid.NewGuid():N}");
        activity["text"] = text;
        var response = await PostAsync(activity);
        Assert.True(response.IsSuccessStatusCode, $"The bot answered {(int)response.StatusCode}.");
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _identity.MintToken(CohortBotApp.TestAppId, _connector.ServiceUrl));
        return _client.SendAsync(request);
    }

    private JsonObject Activity(string type, string userId, string aad, string conversation, string id) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["serviceUrl"] = _connector.ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = userId, ["aadObjectId"] = aad },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = conversation },
        ["recipient"] = new JsonObject { ["id"] = "28:" + CohortBotApp.TestAppId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    };
}
