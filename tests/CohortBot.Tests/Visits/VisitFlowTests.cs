using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Fakes.Slack;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using CohortBot.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Visits;

/// Classroom visits in the demo district, through the app's own endpoints: Grady Archie (Slack)
/// hosts two slots; Alex, Isaiah and Lynne (Teams) list and book them; seats, cancellations,
/// reminders, reflections and invitations to host are walked through on the fake clock (Tuesday
/// 1 December 2026, noon in Chicago; Grady's Station Rotation is Wednesday 9 December, 9:00).
public sealed class VisitFlowTests : IAsyncLifetime
{
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string IsaiahAad = "00000000-0000-0000-0000-0000000000023";
    private const string LynneAad = "00000000-0000-0000-0000-0000000000025";
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021";
    private const string Grady = "U0DEMOGRADY";
    private const string Adele = "U0DEMOADELE";

    private static readonly DateTimeOffset StationStarts = new(2026, 12, 9, 15, 0, 0, TimeSpan.Zero);

    private DemoBot _bot = null!;

    public async ValueTask InitializeAsync() => _bot = await DemoBot.StartAsync();

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Visits_InTeams_ListsGradysSlots_BookingTellsTheVisitorAndTheHostOnce()
    {
        await TeamsAsync("visits", "29:alex", AlexAad, "a:alex");
        var list = _bot.Connector.Calls.Last(c => c.Body?.ToJsonString(Relaxed).Contains("Classroom visits", StringComparison.Ordinal) == true).Body!.ToJsonString(Relaxed);
        Assert.Contains("Station Rotation, grade 4: Grady Archie", list, StringComparison.Ordinal);
        Assert.Contains("Wednesday, December 9 at 9:00 AM", list, StringComparison.Ordinal);
        Assert.Contains("Lab Rotation", list, StringComparison.Ordinal);

        var slot = await StationSlotAsync();
        var answer = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        Assert.Contains("You're booked", answer, StringComparison.Ordinal);
        Assert.Contains("Cancel my seat", answer, StringComparison.Ordinal);
        await _bot.RestAsync();
        Assert.Single(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains("Alex Wilber booked a seat", StringComparison.Ordinal));

        // A second press changes nothing and tells Grady nothing new.
        Assert.Contains("You have a seat already", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot }), StringComparison.Ordinal);
        await _bot.RestAsync();
        Assert.Equal(1, await SeatsBookedAsync(slot));
        Assert.Single(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains("booked a seat", StringComparison.Ordinal));

        // Grady's own list shows the slot he hosts, not a Book button for it.
        await SlashAsync(Grady, "visits station");
        var his = _bot.Slack.CallsOf("chat.postMessage").Last(c => c.Arg("channel") == Grady).RawBody is var raw ? Plain(raw) : "";
        Assert.Contains("Visits you host", his, StringComparison.Ordinal);
        Assert.Contains("1 of 2 seats booked", his, StringComparison.Ordinal);
        Assert.DoesNotContain("Book a seat", his, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastSeat_TakenByAnother_TheLaterPressIsToldPolitelyAndSeesWhatIsStillOpen()
    {
        var slot = await StationSlotAsync();
        Assert.Contains("You're booked", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot }), StringComparison.Ordinal);
        Assert.Contains("You're booked", await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", VisitHandler.Book, new JsonObject { ["slotId"] = slot }), StringComparison.Ordinal);

        var late = await InvokeAsync("29:lynne", LynneAad, "a:lynne", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        Assert.Contains("was just taken", late, StringComparison.Ordinal);
        Assert.Contains("Lab Rotation", late, StringComparison.Ordinal);
        await _bot.RestAsync();
        Assert.Equal(2, await SeatsBookedAsync(slot));
        Assert.Equal(2, await _bot.App.WithStoreAsync(db => db.VisitBookings.CountAsync(b => b.SlotId == slot && b.CancelledAt == null)));
    }

    [Fact]
    public async Task VisitorCancels_TheSeatIsFreeAndTheHostTold_BookingAgainIsNewsAgain()
    {
        var slot = await StationSlotAsync();
        await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        var booking = await _bot.App.WithStoreAsync(db => db.VisitBookings.Where(b => b.SlotId == slot).Select(b => b.Id).SingleAsync());

        var answer = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.CancelBooking, new JsonObject { ["bookingId"] = booking });
        Assert.Contains("free for someone else", answer, StringComparison.Ordinal);
        await _bot.RestAsync();
        Assert.Equal(0, await SeatsBookedAsync(slot));
        Assert.Single(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains("after all: the seat is free again", StringComparison.Ordinal));
        Assert.Contains("already", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.CancelBooking, new JsonObject { ["bookingId"] = booking }), StringComparison.Ordinal);
        Assert.Equal(0, await SeatsBookedAsync(slot));

        _bot.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains("You're booked", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot }), StringComparison.Ordinal);
        await _bot.RestAsync();
        Assert.Equal(1, await SeatsBookedAsync(slot));
        Assert.Equal(booking, await _bot.App.WithStoreAsync(db => db.VisitBookings.Where(b => b.SlotId == slot).Select(b => b.Id).SingleAsync()));
        Assert.Equal(2, _bot.Slack.CallsOf("chat.postMessage").Count(c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains("Alex Wilber booked a seat", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task HostCancelsTheSlot_EveryVisitorIsTold_NobodyCanBookIt_AndNoReminderFollows()
    {
        var slot = await StationSlotAsync();
        await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        await _bot.RestAsync();

        await PressInSlackAsync(Grady, VisitHandler.CancelSlot, new JsonObject { ["slotId"] = slot });
        await _bot.RestAsync();
        Assert.Contains(_bot.Slack.CallsOf("chat.update"), c => Plain(c.RawBody).Contains("I told the 2 visitors", StringComparison.Ordinal));
        var alex = await MemberIdAsync("Alex Wilber");
        var isaiah = await MemberIdAsync("Isaiah Langer");
        foreach (var visitor in new[] { alex, isaiah })
            Assert.Equal(1, await _bot.CountAsync(d => d.MemberId == visitor && d.Text.Contains("Grady Archie had to cancel") && d.Status == DeliveryStatus.Sent));

        var late = await InvokeAsync("29:lynne", LynneAad, "a:lynne", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        Assert.Contains("no longer open", late, StringComparison.Ordinal);
        _bot.Time.SetUtcNow(StationStarts - TimeSpan.FromHours(23));
        await RunDueAsync();
        await _bot.RestAsync();
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith($"visit:{slot}/remind:")));
    }

    [Fact]
    public async Task Reminders_TheDayBeforeAndAnHourBefore_ToHostAndVisitor_Once()
    {
        var slot = await StationSlotAsync();
        await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        var alex = await MemberIdAsync("Alex Wilber");
        var grady = await MemberIdAsync("Grady Archie");

        // Two days before, nothing is due.
        _bot.Time.SetUtcNow(StationStarts - TimeSpan.FromDays(2));
        await RunDueAsync();
        await _bot.RestAsync();
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith($"visit:{slot}/remind:")));

        _bot.Time.SetUtcNow(StationStarts - TimeSpan.FromHours(24));
        await RunDueAsync();
        await RunDueAsync();
        await _bot.RestAsync();
        Assert.Equal(1, await _bot.CountAsync(d => d.MemberId == alex && d.Text.StartsWith("Your visit is tomorrow") && d.Status == DeliveryStatus.Sent));
        Assert.Single(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains("Your visit is tomorrow", StringComparison.Ordinal) && Plain(c.RawBody).Contains("Visiting: Alex Wilber", StringComparison.Ordinal));

        _bot.Time.SetUtcNow(StationStarts - TimeSpan.FromMinutes(59));
        await RunDueAsync();
        await RunDueAsync();
        await _bot.RestAsync();
        Assert.Equal(1, await _bot.CountAsync(d => d.MemberId == alex && d.Text.StartsWith("Your visit is in an hour") && d.Status == DeliveryStatus.Sent));
        Assert.Equal(1, await _bot.CountAsync(d => d.MemberId == grady && d.Text.StartsWith("Your visit is in an hour") && d.Status == DeliveryStatus.Sent));
        Assert.Equal(4, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith($"visit:{slot}/remind:")));
    }

    [Fact]
    public async Task OfferVisit_InTeams_WrongInputsComeBackBesideThem_ThenTheSlotOpens_AndAnEarlyReminderWaitsForQuietHoursToEnd()
    {
        await TeamsAsync("offer visit", "29:alex", AlexAad, "a:alex");
        Assert.Contains(_bot.Connector.Calls, c => c.Body?.ToJsonString(Relaxed).Contains("Offer a classroom visit", StringComparison.Ordinal) == true);

        var form = new JsonObject { ["model"] = "Flex", ["grade"] = "5", ["date"] = "2026-11-30", ["start"] = "07:30", ["end"] = "07:00", ["room"] = "", ["seats"] = "0" };
        var refused = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Offer, form);
        Assert.Contains("The visit should end after it starts.", refused, StringComparison.Ordinal);
        Assert.Contains("Tell visitors where to find your class.", refused, StringComparison.Ordinal);
        Assert.Contains("Seats are a whole number from 1 to 30.", refused, StringComparison.Ordinal);
        form["end"] = "08:15";
        form["room"] = "Room 3";
        form["seats"] = "3";
        Assert.Contains("That time has passed", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Offer, form), StringComparison.Ordinal);
        Assert.Equal(2, await _bot.App.WithStoreAsync(db => db.VisitSlots.CountAsync()));

        form["date"] = "2026-12-10";
        var opened = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Offer, form);
        Assert.Contains("Your classroom is open for a visit", opened, StringComparison.Ordinal);
        var slot = await _bot.App.WithStoreAsync(db => db.VisitSlots.SingleAsync(s => s.Model == "Flex"));
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 13, 30, 0, TimeSpan.Zero), slot.StartsAt); // 07:30 in Chicago
        Assert.Equal(3, slot.Seats);

        // Grady books it from Slack; the hour-before reminder falls at 06:30, inside the quiet hours (20:00-07:00).
        await PressInSlackAsync(Grady, VisitHandler.Book, new JsonObject { ["slotId"] = slot.Id });
        await _bot.RestAsync();
        Assert.Contains(_bot.Slack.CallsOf("chat.update"), c => Plain(c.RawBody).Contains("You're booked", StringComparison.Ordinal));
        _bot.Time.SetUtcNow(slot.StartsAt - TimeSpan.FromHours(1));
        await RunDueAsync();
        await _bot.RestAsync();
        var held = await _bot.App.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.StartsWith($"visit:{slot.Id}/remind:hour/")).ToListAsync());
        Assert.Equal(2, held.Count);
        Assert.All(held, d => Assert.Equal(new DateTimeOffset(2026, 12, 10, 13, 0, 0, TimeSpan.Zero), d.NotBefore));
        Assert.All(held, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
    }

    [Fact]
    public async Task HourBeforeReminder_ThatQuietHoursWouldHoldUntilTheVisitBegins_IsDropped()
    {
        // Alex opens 07:00 in Chicago; an hour before is 06:00, in the quiet hours until 07:00, when it begins.
        var form = new JsonObject { ["model"] = "Flex", ["date"] = "2026-12-11", ["start"] = "07:00", ["end"] = "07:45", ["room"] = "Room 3", ["seats"] = "2" };
        Assert.Contains("Your classroom is open for a visit", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Offer, form), StringComparison.Ordinal);
        var slot = await _bot.App.WithStoreAsync(db => db.VisitSlots.SingleAsync(s => s.Model == "Flex"));
        await PressInSlackAsync(Grady, VisitHandler.Book, new JsonObject { ["slotId"] = slot.Id });
        await _bot.RestAsync();
        Assert.Equal(1, await SeatsBookedAsync(slot.Id));

        _bot.Time.SetUtcNow(slot.StartsAt - TimeSpan.FromHours(1));
        await RunDueAsync();
        await _bot.RestAsync();
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith($"visit:{slot.Id}/remind:hour/")));
        Assert.NotNull(await _bot.App.WithStoreAsync(db => db.VisitSlots.Where(s => s.Id == slot.Id).Select(s => s.RemindedHourBeforeAt).SingleAsync()));
    }

    [Fact]
    public async Task AfterTheVisit_ReflectionNotShared_ReachesTheCoachButNotTheHost_WhoIsThankedWithoutTheWords()
    {
        var slot = await StationSlotAsync();
        await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        var booking = await FollowUpAsync(slot);

        var empty = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Reflect, new JsonObject { ["bookingId"] = booking, ["reflection"] = " ", ["share"] = "false" });
        Assert.Contains("Tell me one thing you saw that you will try.", empty, StringComparison.Ordinal);
        var words = "A timer on the board so groups rotate without me calling it.";
        var answer = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Reflect, new JsonObject { ["bookingId"] = booking, ["reflection"] = words, ["share"] = "false" });
        Assert.Contains("gets your thanks, not your words", answer, StringComparison.Ordinal);
        await _bot.RestAsync();

        Assert.Contains(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Adele && Plain(c.RawBody).Contains(words, StringComparison.Ordinal));
        Assert.Single(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains("Alex Wilber thanks you", StringComparison.Ordinal));
        Assert.DoesNotContain(_bot.Slack.CallsOf("chat.postMessage").Concat(_bot.Slack.CallsOf("chat.update")), c => c.Arg("channel") != Adele && Plain(c.RawBody).Contains(words, StringComparison.Ordinal));
        var grady = await MemberIdAsync("Grady Archie");
        Assert.Equal(0, await _bot.CountAsync(d => d.MemberId == grady && d.DataJson.Contains("A timer on the board")));
        var stored = await _bot.App.WithStoreAsync(db => db.VisitBookings.SingleAsync(b => b.Id == booking));
        Assert.Equal((words, false), (stored.Reflection, stored.ShareWithHost));
    }

    [Fact]
    public async Task AfterTheVisit_ReflectionShared_ReachesTheHostWithTheWords()
    {
        var slot = await StationSlotAsync();
        await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Book, new JsonObject { ["slotId"] = slot });
        var booking = await FollowUpAsync(slot);

        var words = "Let the students pick their first station.";
        await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Reflect, new JsonObject { ["bookingId"] = booking, ["reflection"] = words, ["share"] = "true" });
        await _bot.RestAsync();
        Assert.Single(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Grady && Plain(c.RawBody).Contains(words, StringComparison.Ordinal) && Plain(c.RawBody).Contains("chose to share this with you", StringComparison.Ordinal));
        Assert.Contains(_bot.Slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == Adele && Plain(c.RawBody).Contains(words, StringComparison.Ordinal));
        Assert.Contains("in already", await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.Reflect, new JsonObject { ["bookingId"] = booking, ["reflection"] = "again", ["share"] = "true" }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_CoachSeesATeacherWhoseCheckInShowsTheModelGoingWell_InvitesOnce_TeachersAreRefused()
    {
        await TeamsAsync("open blended", "29:megan", MeganAad, "a:megan");
        var round = await _bot.App.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Status == RoundStatus.Open));
        await InvokeAsync("29:alex", AlexAad, "a:alex", "checkin.submit", new JsonObject { ["roundId"] = round.Id, ["progress"] = "5", ["models"] = "1-station-rotation,5-flex", ["coachSupport"] = "no" });
        await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", "checkin.submit", new JsonObject { ["roundId"] = round.Id, ["progress"] = "3", ["models"] = "1-station-rotation", ["coachSupport"] = "no" });
        await _bot.RestAsync();

        await TeamsAsync("hosts", "29:alex", AlexAad, "a:alex");
        Assert.Contains(_bot.Connector.Calls, c => c.Body?.ToJsonString(Relaxed).Contains("Only coaches and coordinators can look for visit hosts", StringComparison.Ordinal) == true);

        await SlashAsync(Adele, "hosts station");
        var list = _bot.Slack.CallsOf("chat.postMessage").Last(c => c.Arg("channel") == Adele).RawBody is var raw ? Plain(raw) : "";
        Assert.Contains("Alex Wilber", list, StringComparison.Ordinal);
        Assert.Contains("progress 5 of 5", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Isaiah Langer", list, StringComparison.Ordinal); // progress 3
        Assert.DoesNotContain("Grady Archie", list, StringComparison.Ordinal); // hosts already

        var alex = await MemberIdAsync("Alex Wilber");
        await PressInSlackAsync(Adele, HostsHandler.Invite, new JsonObject { ["memberId"] = alex, ["model"] = "Station Rotation" });
        await _bot.RestAsync();
        await PressInSlackAsync(Adele, HostsHandler.Invite, new JsonObject { ["memberId"] = alex, ["model"] = "Station Rotation" });
        await _bot.RestAsync();
        Assert.Contains(_bot.Slack.CallsOf("chat.update"), c => Plain(c.RawBody).Contains("You invited Alex Wilber to host Station Rotation already", StringComparison.Ordinal));
        Assert.Equal(1, await _bot.CountAsync(d => d.MemberId == alex && d.CardName == "visit-invite" && d.Status == DeliveryStatus.Sent));
        Assert.Single(_bot.Connector.Calls, c => c.Method == "POST" && c.Body?.ToJsonString(Relaxed).Contains("An invitation from Adele Vance", StringComparison.Ordinal) == true);

        // The invitation's button opens the offer form with the model chosen.
        var form = await InvokeAsync("29:alex", AlexAad, "a:alex", VisitHandler.OfferForm, new JsonObject { ["model"] = "Station Rotation" });
        Assert.Contains("Offer a classroom visit", form, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Station Rotation\"", form, StringComparison.Ordinal);
    }

    private async Task<int> FollowUpAsync(int slot)
    {
        var end = await _bot.App.WithStoreAsync(db => db.VisitSlots.Where(s => s.Id == slot).Select(s => s.EndsAt).SingleAsync());
        _bot.Time.SetUtcNow(end + TimeSpan.FromMinutes(1));
        await RunDueAsync();
        await RunDueAsync();
        await _bot.RestAsync();
        var alex = await MemberIdAsync("Alex Wilber");
        Assert.Equal(1, await _bot.CountAsync(d => d.MemberId == alex && d.CardName == "visit-reflect" && d.Status == DeliveryStatus.Sent));
        return await _bot.App.WithStoreAsync(db => db.VisitBookings.Where(b => b.SlotId == slot && b.VisitorId == alex).Select(b => b.Id).SingleAsync());
    }

    private Task<int> StationSlotAsync() => _bot.App.WithStoreAsync(db => db.VisitSlots.Where(s => s.Model == "Station Rotation").Select(s => s.Id).SingleAsync());

    private Task<int> SeatsBookedAsync(int slot) => _bot.App.WithStoreAsync(db => db.VisitSlots.Where(s => s.Id == slot).Select(s => s.BookedSeats).SingleAsync());

    private Task<int> MemberIdAsync(string name) => _bot.App.WithStoreAsync(db => db.Members.Where(m => m.DisplayName == name).Select(m => m.Id).SingleAsync());

    private async Task RunDueAsync()
    {
        await using var scope = _bot.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<VisitReminders>().RunDueAsync(default);
    }

    private async Task TeamsAsync(string text, string userId, string aad, string conversation)
    {
        var response = await _bot.PostToTeamsAsync(_bot.TeamsMessage(text, userId, aad, conversation));
        Assert.True(response.IsSuccessStatusCode, $"The bot answered {(int)response.StatusCode}.");
        await _bot.RestAsync();
    }

    private async Task<string> InvokeAsync(string userId, string aad, string conversation, string verb, JsonObject data)
    {
        var answer = await _bot.PostToTeamsAsync(_bot.TeamsAction(userId, aad, conversation, verb, data));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return Plain(await answer.Content.ReadAsStringAsync());
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// JSON as a person would read its strings: apostrophes and dashes unescaped.
    private static string Plain(string json) => JsonNode.Parse(json)!.ToJsonString(Relaxed);

    private async Task SlashAsync(string user, string text)
    {
        var command = SlackPayloads.SlashCommand(user, text, channel: "D" + user[1..]);
        command["trigger_id"] = $"{Guid.NewGuid():N}";
        var response = await _bot.Client.SendAsync(_bot.Signer.Command("/api/slack/commands", command));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.RestAsync();
    }

    /// A button of a card in the person's DM, pressed in Slack.
    private async Task PressInSlackAsync(string user, string verb, JsonObject data)
    {
        var dm = "D" + user[1..];
        var ts = $"1700000000.{Random.Shared.Next(100000, 999999)}";
        var press = SlackPayloads.BlockActions(user, verb, new JsonObject { ["verb"] = verb, ["data"] = data }.ToJsonString(Relaxed));
        press["container"]!["channel_id"] = dm;
        press["container"]!["message_ts"] = ts;
        press["channel"]!["id"] = dm;
        press["message"]!["ts"] = ts;
        press["trigger_id"] = $"{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await _bot.Client.SendAsync(_bot.Signer.Interaction("/api/slack/interactions", press))).StatusCode);
    }
}
