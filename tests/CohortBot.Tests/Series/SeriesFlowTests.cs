using System.Net;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Series;
using CohortBot.Reports;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Series;

/// The demo district's PD series through the app's endpoints: Megan (coordinator) publishes it, the
/// teachers commit or say which sessions they will miss, reminders come before each session in each
/// teacher's own time, Adele (the facilitator) takes attendance while teachers check in with the
/// code, attendees reflect, and what they will try first comes back at the next check-in. The
/// sessions are Thursdays 16:00-17:30 in Chicago: the first on 10 December 2026 (22:00 UTC).
public sealed class SeriesFlowTests : IAsyncLifetime
{
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string AdeleAad = "00000000-0000-0000-0000-0000000000022";
    private const string IsaiahAad = "00000000-0000-0000-0000-0000000000023";
    private const string LynneAad = "00000000-0000-0000-0000-0000000000025";
    private static readonly DateTimeOffset FirstStart = new(2026, 12, 10, 22, 0, 0, TimeSpan.Zero);

    private DemoBot _bot = null!;
    private FakeTimeProvider _time = null!;
    private FakeBotConnector _connector = null!;
    private FakeSlackApi _slack = null!;
    private CohortBotApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _bot = await DemoBot.StartAsync();
        (_time, _connector, _slack, _app) = (_bot.Time, _bot.Connector, _bot.Slack, _bot.App);
        // The round of 8 December would open by itself once the clock passes it: out of the way.
        await TeamsAsync("skip blended 2026-12-08", "29:megan", MeganAad, "a:megan");
    }

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Publish_EachTeacherIsAskedOnce_OnlyACoordinatorMayPublish()
    {
        var refused = await TeamsAsync("publish series blended", "29:lynne", LynneAad, "a:lynne");
        Assert.Contains("Only a coordinator can publish a PD series.", refused, StringComparison.Ordinal);
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("series:")));

        var published = await TeamsAsync("publish series blended", "29:megan", MeganAad, "a:megan");
        Assert.Contains("Published Blended Learning Foundations: 7 of 7 teachers", published, StringComparison.Ordinal);
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("series:") && d.IdempotencyKey.EndsWith("/commit") && d.Status == DeliveryStatus.Sent));
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMODIEGO" && c.RawBody.Contains("I commit to all sessions", StringComparison.Ordinal));
        Assert.Contains(_connector.Calls, c => c.Body is { } body && Plain(body.ToJsonString()).Contains("I can't make some", StringComparison.Ordinal));

        var again = await TeamsAsync("publish series blended", "29:megan", MeganAad, "a:megan");
        Assert.Contains("every teacher of Blended Learning Cohort 2026 has been asked: nothing more was sent", again, StringComparison.Ordinal);
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("series:")));
        Assert.Equal(2, await _app.WithStoreAsync(db => db.AuditLog.CountAsync(a => a.Action == "series.publish")));
    }

    [Fact]
    public async Task Publish_AtNight_HoldsTheCardsUntilQuietHoursEnd_AndSaysSo()
    {
        // 21:00 in Chicago, 20:00 in Denver, 22:00 in New York: everyone's quiet hours.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        var published = await TeamsAsync("publish series blended", "29:megan", MeganAad, "a:megan");
        Assert.Contains("(7 of them in their quiet hours now: their card goes when those end)", published, StringComparison.Ordinal);
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/commit") && d.Status == DeliveryStatus.Sent));

        // 07:00 in Chicago: those there get it; Denver is still an hour from morning.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero));
        await _bot.SendDueAsync();
        await _bot.RestAsync();
        var patti = await _app.WithStoreAsync(db => db.Members.SingleAsync(m => m.Email == "pattif@example.com"));
        Assert.Equal(6, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/commit") && d.Status == DeliveryStatus.Sent));
        Assert.Equal(DeliveryStatus.Pending, (await _app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.IdempotencyKey.EndsWith("/commit") && d.MemberId == patti.Id))).Status);
    }

    [Fact]
    public async Task Commitment_AllOrSome_TheCoachLearnsWhy_AndAnswersCloseAtTheFirstSession()
    {
        await PublishAsync();
        var (seriesId, second) = await _app.WithStoreAsync(async db => (await db.Series.Select(s => s.Id).SingleAsync(), await db.Sessions.SingleAsync(s => s.Position == 2)));

        var all = await InvokeAsync("29:alex", AlexAad, "a:alex", SeriesHandler.CommitAll, new JsonObject { ["seriesId"] = seriesId });
        Assert.Contains("you're in for all 4 sessions", all, StringComparison.Ordinal);
        Assert.Contains("Change my answer", all, StringComparison.Ordinal);

        var form = await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", SeriesHandler.Decline, new JsonObject { ["seriesId"] = seriesId });
        Assert.Contains("Which sessions can't you make?", form, StringComparison.Ordinal);
        var empty = await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", SeriesHandler.SendMissing, new JsonObject { ["seriesId"] = seriesId, ["missing"] = "" });
        Assert.Contains("Tick the sessions you can't make", empty, StringComparison.Ordinal);
        var some = await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", SeriesHandler.SendMissing,
            new JsonObject { ["seriesId"] = seriesId, ["missing"] = second.Id.ToString(), ["reason"] = "Parent conferences that evening" });
        Assert.Contains("you'll miss 1 of 4 sessions", some, StringComparison.Ordinal);
        await _bot.RestAsync();

        // Adele, the coach, is on Slack: she learns which session and why.
        var told = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE" && Plain(c.RawBody).Contains("Isaiah Langer can't make", StringComparison.Ordinal));
        Assert.Contains("session 2 (Blended models in practice)", told.RawBody, StringComparison.Ordinal);
        Assert.Contains("Parent conferences that evening", told.RawBody, StringComparison.Ordinal);

        var report = await TeamsAsync("series blended", "29:megan", MeganAad, "a:megan");
        Assert.Contains("1 of 7", report, StringComparison.Ordinal);
        Assert.Contains("Isaiah Langer: session 2", report, StringComparison.Ordinal);

        _time.SetUtcNow(FirstStart);
        var late = await InvokeAsync("29:alex", AlexAad, "a:alex", SeriesHandler.SendMissing, new JsonObject { ["seriesId"] = seriesId, ["missing"] = second.Id.ToString() });
        Assert.Contains("has begun, so answers are closed", late, StringComparison.Ordinal);
        Assert.True(await _app.WithStoreAsync(db => db.Commitments.AnyAsync(c => c.Member!.Email == "alexw@example.com" && c.MissingSessionIds.Count == 0)));
    }

    [Fact]
    public async Task Reminders_ComeADayAndAnHourBefore_InEachTeachersOwnTime_NeverForASessionTheyWillMiss()
    {
        await PublishAsync();
        var (seriesId, second) = await _app.WithStoreAsync(async db => (await db.Series.Select(s => s.Id).SingleAsync(), await db.Sessions.SingleAsync(s => s.Position == 2)));
        await InvokeAsync("29:isaiah", IsaiahAad, "a:isaiah", SeriesHandler.SendMissing, new JsonObject { ["seriesId"] = seriesId, ["missing"] = second.Id.ToString() });

        // A minute before the day-before reminder of session 2 nothing is due for it.
        _time.SetUtcNow(second.StartsAt.AddDays(-1).AddMinutes(-1));
        await RunSeriesDueAsync();
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith($"session:{second.Id}/")));

        _time.SetUtcNow(second.StartsAt.AddDays(-1));
        await RunSeriesDueAsync();
        await RunSeriesDueAsync();
        await _bot.RestAsync();
        var dayBefore = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.StartsWith($"session:{second.Id}/") && d.IdempotencyKey.EndsWith("/remind:1440m")).ToListAsync());
        Assert.Equal(6, dayBefore.Count); // seven teachers, less Isaiah
        var isaiah = await _app.WithStoreAsync(db => db.Members.SingleAsync(m => m.Email == "isaiahl@example.com"));
        Assert.DoesNotContain(dayBefore, d => d.MemberId == isaiah.Id);
        Assert.All(dayBefore, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        var johanna = Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOJOHANNA" && c.RawBody.Contains("Tomorrow: Blended models in practice", StringComparison.Ordinal));
        Assert.Contains("5:00 PM–6:30 PM (your time)", Plain(johanna.RawBody), StringComparison.Ordinal); // New York
        Assert.Contains("Join online", johanna.RawBody, StringComparison.Ordinal);
        Assert.Contains(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMODIEGO" && Plain(c.RawBody).Contains("4:00 PM–5:30 PM (your time)", StringComparison.Ordinal));

        _time.SetUtcNow(second.StartsAt.AddHours(-1));
        await RunSeriesDueAsync();
        Assert.Equal(6, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith($"session:{second.Id}/") && d.IdempotencyKey.EndsWith("/remind:60m")));
    }

    [Fact]
    public async Task Attendance_ByCardAndByCode_OnlyDuringTheSession_OneEachTeacher_ThenAttendeesReflect()
    {
        await PublishAsync();
        var first = await _app.WithStoreAsync(db => db.Sessions.SingleAsync(s => s.Position == 1));
        var ids = await _app.WithStoreAsync(db => db.Members.ToDictionaryAsync(m => m.Email, m => m.Id));

        _time.SetUtcNow(FirstStart.AddMinutes(-1));
        Assert.Contains("No PD session of yours is going on right now", await TeamsAsync($"here {first.Code}", "29:alex", AlexAad, "a:alex"), StringComparison.Ordinal);

        // At the start the facilitator gets the card with the code (Adele prefers Slack).
        _time.SetUtcNow(FirstStart);
        await RunSeriesDueAsync();
        await _bot.RestAsync();
        Assert.Single(_slack.CallsOf("chat.postMessage"), c => c.Arg("channel") == "U0DEMOADELE" && c.RawBody.Contains($"here {first.Code}", StringComparison.Ordinal));

        var wrong = first.Code == "1000" ? "1001" : "1000";
        Assert.Contains("That is not the code of Why blended learning", await TeamsAsync($"here {wrong}", "29:alex", AlexAad, "a:alex"), StringComparison.Ordinal);
        Assert.Contains("You're checked in to Why blended learning", await TeamsAsync($"here {first.Code}", "29:alex", AlexAad, "a:alex"), StringComparison.Ordinal);
        Assert.Contains("already checked in", await TeamsAsync($"here {first.Code}", "29:alex", AlexAad, "a:alex"), StringComparison.Ordinal);

        // A teacher may not take attendance; the facilitator ticks Alex (already in), Isaiah and Lynne.
        var data = new JsonObject { ["sessionId"] = first.Id, ["present"] = $"{ids["alexw@example.com"]},{ids["isaiahl@example.com"]},{ids["lynner@example.com"]}", ["shown"] = $"{ids["alexw@example.com"]}" };
        Assert.Contains("Attendance is taken by the session's facilitator", await InvokeAsync("29:lynne", LynneAad, "a:lynne", SeriesHandler.SaveAttendance, data), StringComparison.Ordinal);
        Assert.Contains("3 present", await InvokeAsync("29:adele", AdeleAad, "a:adele", SeriesHandler.SaveAttendance, data), StringComparison.Ordinal);
        // Saved again with Lynne unticked: she was not there after all.
        data["present"] = $"{ids["alexw@example.com"]},{ids["isaiahl@example.com"]}";
        data["shown"] = $"{ids["alexw@example.com"]},{ids["isaiahl@example.com"]},{ids["lynner@example.com"]}";
        Assert.Contains("2 present", await InvokeAsync("29:adele", AdeleAad, "a:adele", SeriesHandler.SaveAttendance, data), StringComparison.Ordinal);
        var attendance = await _app.WithStoreAsync(db => db.Attendance.Where(a => a.SessionId == first.Id).ToListAsync());
        Assert.Equal([ids["alexw@example.com"], ids["isaiahl@example.com"]], attendance.Select(a => a.MemberId).Order());
        Assert.Equal(AttendanceSource.Code, attendance.Single(a => a.MemberId == ids["alexw@example.com"]).Source);

        // After the end the code no longer works, and those who attended are asked to reflect.
        _time.SetUtcNow(FirstStart.AddMinutes(91));
        Assert.Contains("No PD session of yours is going on right now", await TeamsAsync($"here {first.Code}", "29:lynne", LynneAad, "a:lynne"), StringComparison.Ordinal);
        await RunSeriesDueAsync();
        await _bot.RestAsync();
        var asked = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.StartsWith($"session:{first.Id}/") && d.IdempotencyKey.EndsWith("/reflect")).Select(d => d.MemberId).ToListAsync());
        Assert.Equal([ids["alexw@example.com"], ids["isaiahl@example.com"]], asked.Order());

        Assert.Contains("Please choose how useful it was", await InvokeAsync("29:alex", AlexAad, "a:alex", SeriesHandler.Reflect, new JsonObject { ["sessionId"] = first.Id, ["tryFirst"] = "Exit tickets" }), StringComparison.Ordinal);
        Assert.Contains("is for those who attended", await InvokeAsync("29:lynne", LynneAad, "a:lynne", SeriesHandler.Reflect, new JsonObject { ["sessionId"] = first.Id, ["useful"] = "4" }), StringComparison.Ordinal);
        Assert.Contains("Thank you", await InvokeAsync("29:alex", AlexAad, "a:alex", SeriesHandler.Reflect,
            new JsonObject { ["sessionId"] = first.Id, ["useful"] = "5", ["tryFirst"] = "A teacher-led station with exit tickets" }), StringComparison.Ordinal);

        // What Alex will try first is the plan his next check-in asks about.
        await TeamsAsync("open blended", "29:megan", MeganAad, "a:megan");
        var checkIn = await _app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.MemberId == ids["alexw@example.com"] && d.IdempotencyKey.EndsWith("/checkin")));
        Assert.Contains("A teacher-led station with exit tickets", checkIn.DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_AndPdHours_CountEverySessionAttended()
    {
        await PublishAsync();
        var sessions = await _app.WithStoreAsync(db => db.Sessions.OrderBy(s => s.Position).ToListAsync());
        var ids = await _app.WithStoreAsync(db => db.Members.ToDictionaryAsync(m => m.Email, m => m.Id));
        await _app.WithStoreAsync(db =>
        {
            foreach (var session in sessions)
                db.Attendance.Add(new SessionAttendance { SessionId = session.Id, MemberId = ids["alexw@example.com"], RecordedAt = session.StartsAt });
            db.Attendance.Add(new SessionAttendance { SessionId = sessions[0].Id, MemberId = ids["pattif@example.com"], RecordedAt = sessions[0].StartsAt });
            return db.SaveChangesAsync();
        });
        _time.SetUtcNow(sessions[^1].EndsAt.AddDays(1));

        var report = await TeamsAsync("series blended", "29:megan", MeganAad, "a:megan");
        Assert.Contains("Completed the series (every session): 1 of 7.", report, StringComparison.Ordinal);
        Assert.Contains("1 of 7 attended", report, StringComparison.Ordinal); // sessions 2-4: Alex only

        await using var scope = _app.Services.CreateAsyncScope();
        var figures = await scope.ServiceProvider.GetRequiredService<SeriesReport>().FiguresAsync(sessions[0].SeriesId, default);
        var csv = SeriesReport.PdHoursCsv((await scope.ServiceProvider.GetRequiredService<SeriesReport>().FiguresAsync(await _app.WithStoreAsync(db => db.Cohorts.Select(c => c.Id).SingleAsync()), default))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,email,site,series,sessions_attended,sessions_total,minutes,hours,completed", csv[0]);
        Assert.Contains("Alex Wilber,alexw@example.com,Lincoln Elementary,Blended Learning Foundations,4,4,360,6,yes", csv);
        Assert.Contains("Patti Fernandez,pattif@example.com,Roosevelt Middle School,Blended Learning Foundations,1,4,90,1.5,no", csv);
        Assert.Equal(8, csv.Length);
    }

    [Fact]
    public async Task MemberView_ShowsATeachersYear_ToCoachesAndCoordinatorsOnly()
    {
        await PublishAsync();
        var first = await _app.WithStoreAsync(db => db.Sessions.SingleAsync(s => s.Position == 1));
        var seriesId = first.SeriesId;
        await InvokeAsync("29:alex", AlexAad, "a:alex", SeriesHandler.CommitAll, new JsonObject { ["seriesId"] = seriesId });
        _time.SetUtcNow(FirstStart.AddMinutes(5));
        await TeamsAsync($"here {first.Code}", "29:alex", AlexAad, "a:alex");
        _time.SetUtcNow(FirstStart.AddHours(2));

        var view = await TeamsAsync("member alex", "29:megan", MeganAad, "a:megan");
        Assert.Contains("Alex Wilber", view, StringComparison.Ordinal);
        Assert.Contains("1 of 1 sessions held attended (4 in all), 1.5 PD hours; committed to all", view, StringComparison.Ordinal);
        Assert.Contains("Visits hosted", view, StringComparison.Ordinal);

        Assert.Contains("is for their coaches and coordinators", await TeamsAsync("member isaiah", "29:lynne", LynneAad, "a:lynne"), StringComparison.Ordinal);
        Assert.Contains("matches 4 teachers: Diego Siciliani, Isaiah Langer, Johanna Lorenz, Patti Fernandez", await TeamsAsync("member an", "29:adele", AdeleAad, "a:adele"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Room 12, east", "\"Room 12, east\"")]
    [InlineData("Plain", "Plain")]
    public void CsvCell_NeverRunsAsAFormula(string value, string cell) => Assert.Equal(cell, Csv.Cell(value));

    private async Task PublishAsync()
    {
        await TeamsAsync("publish series blended", "29:megan", MeganAad, "a:megan");
        Assert.Equal(7, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/commit") && d.Status == DeliveryStatus.Sent));
    }

    private async Task RunSeriesDueAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SeriesService>().RunDueAsync(default);
    }

    /// Writes to the bot in a Teams 1:1 chat and returns the text of its answer there.
    private async Task<string> TeamsAsync(string text, string userId, string aad, string conversation)
    {
        var before = _connector.Calls.Count;
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostToTeamsAsync(_bot.TeamsMessage(text, userId, aad, conversation))).StatusCode);
        await _bot.RestAsync();
        var reply = _connector.Calls.Skip(before).Last(c => c.Method == "POST" && Uri.UnescapeDataString(c.Path).StartsWith($"/v3/conversations/{conversation}/activities", StringComparison.Ordinal));
        return Plain(reply.Body!.ToJsonString());
    }

    /// JSON as a person reads it: escapes such as \u0027 turned back into their characters.
    private static string Plain(string json) => System.Text.RegularExpressions.Regex.Unescape(json);

    private async Task<string> InvokeAsync(string userId, string aad, string conversation, string verb, JsonObject data)
    {
        var answer = await _bot.PostToTeamsAsync(_bot.TeamsAction(userId, aad, conversation, verb, data));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync();
        await _bot.RestAsync();
        // A refusal goes to the chat rather than in place of the card.
        var reply = _connector.Calls.LastOrDefault(c => c.Method == "POST" && Uri.UnescapeDataString(c.Path).StartsWith($"/v3/conversations/{conversation}/activities", StringComparison.Ordinal));
        return Plain(body + (reply?.Body?.ToJsonString() ?? ""));
    }
}
