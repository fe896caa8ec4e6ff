using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CohortBot.CheckIns;
using CohortBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Web;

/// The settings pages over HTTP on the demo district: a cohort's schedule (previewed, refused,
/// saved), channels and people, the district's roster and calendar uploads, and who may change what.
public sealed class SettingsPagesTests : IAsyncLifetime
{
    private WebDistrict _district = null!;
    private CohortBotApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _district = await WebDistrict.CreateAsync();
        _app = _district.App;
    }

    public ValueTask DisposeAsync() => _district.DisposeAsync();

    private string Settings => $"/cohorts/{_district.Blended}/settings";

    private static Dictionary<string, string> Schedule(string weekday, string anchor, string localTime = "16:00", string skipDates = "", string quiet = "20:00-07:00") => new()
    {
        ["Schedule.EveryWeeks"] = "1",
        ["Schedule.Weekday"] = weekday,
        ["Schedule.LocalTime"] = localTime,
        ["Schedule.TimeZone"] = "America/Chicago",
        ["Schedule.AnchorDate"] = anchor,
        ["Schedule.EndDate"] = "",
        ["Schedule.RoundLengthDays"] = "3",
        ["Schedule.Reminders"] = "1d, 2h",
        ["Schedule.QuietHours"] = quiet,
        ["Schedule.SkipDates"] = skipDates,
    };

    [Fact]
    public async Task Coordinator_PreviewsASchedule_WithoutSavingIt_ThenSavesIt_AndTheNextRoundMoves()
    {
        using var client = await SignedInAsync(_district.Megan);
        var before = await _app.WithStoreAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == _district.Blended));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).DateTime);
        var wednesdays = Enumerable.Range(1, 21).Select(today.AddDays).Where(d => d.DayOfWeek == DayOfWeek.Wednesday).ToList();
        var skipped = wednesdays[1].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var preview = await PostAsync(client, Settings, "preview", Schedule("Wednesday", "2026-09-02", skipDates: skipped));

        var rows = UpcomingRows(preview);
        Assert.Contains("as edited (not saved yet)", preview, StringComparison.Ordinal);
        Assert.Equal(6, rows.Count(r => !r.Contains("Skipped", StringComparison.Ordinal)));
        Assert.All(rows, r => Assert.Contains("Wednesday", r, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Skipped: a skip date", StringComparison.Ordinal));
        Assert.Equal(before.Schedule.Weekday, (await _app.WithStoreAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == _district.Blended))).Schedule.Weekday);

        var saved = await PostRawAsync(client, Settings, "schedule", Schedule("Wednesday", "2026-09-02", skipDates: skipped));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await _app.WithStoreAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == _district.Blended));
        Assert.Equal((DayOfWeek.Wednesday, 1, 3, new TimeOnly(16, 0)), (after.Schedule.Weekday, after.Schedule.IntervalWeeks, after.Schedule.RoundLengthDays, after.Schedule.LocalTime));
        Assert.Equal([120, 1440], after.Schedule.ReminderMinutes);
        var planned = await _app.WithStoreAsync(db => db.Rounds.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.CohortId == _district.Blended && r.Status == RoundStatus.Scheduled));
        Assert.Equal(DayOfWeek.Wednesday, planned.Date.DayOfWeek);
        Assert.Equal([120, 1440], planned.Steps.Where(s => s.Kind == RoundStepKind.Remind).Select(s => s.OffsetMinutes).Order());
        var audit = await _app.WithStoreAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "cohort.schedule"));
        Assert.Equal($"member:{_district.Megan}", audit.Actor);
        Assert.Contains("every week on Wednesday", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScheduleOpeningInQuietHours_IsRefused_WithWhatWasTypedKept()
    {
        using var client = await SignedInAsync(_district.Megan);

        var refused = await PostAsync(client, Settings, "schedule", Schedule("Friday", "2026-09-04", localTime: "21:30"));

        Assert.Contains("localTime 21:30 is inside the quiet hours 20:00-07:00", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-09-04\"", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"21:30\"", refused, StringComparison.Ordinal);
        Assert.Equal(DayOfWeek.Tuesday, (await _app.WithStoreAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == _district.Blended))).Schedule.Weekday);
        Assert.False(await _app.WithStoreAsync(db => db.AuditLog.AnyAsync(a => a.Action == "cohort.schedule")));
    }

    [Fact]
    public async Task Channels_AreLinkedAndUnlinked_AndABadIdIsExplained()
    {
        using var client = await SignedInAsync(_district.Megan);

        var bad = await PostAsync(client, Settings, "linkslack", new() { ["channelId"] = "#general" });
        var linked = await PostRawAsync(client, Settings, "linkslack", new() { ["channelId"] = "C0NEWCHAN1" });

        Assert.Contains("'#general' is not a Slack channel id", bad, StringComparison.Ordinal);
        Assert.Contains("value=\"#general\"", bad, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        var link = await _app.WithStoreAsync(db => db.CohortChannels.AsNoTracking().SingleAsync(c => c.ExternalId == "C0NEWCHAN1"));
        Assert.Equal(_district.Blended, link.CohortId);

        Assert.Equal(HttpStatusCode.Redirect, (await PostRawAsync(client, Settings, "unlink", new() { ["link"] = link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).StatusCode);
        Assert.False(await _app.WithStoreAsync(db => db.CohortChannels.AnyAsync(c => c.ExternalId == "C0NEWCHAN1")));
        Assert.Equal(["cohort.link", "cohort.unlink"], await _app.WithStoreAsync(db => db.AuditLog.Where(a => a.Action.StartsWith("cohort.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task ACohortFollowsATeamFromItsPage_AndABadIdIsExplained()
    {
        using var client = await SignedInAsync(_district.Megan);

        var bad = await PostAsync(client, Settings, "follow", new() { ["platform"] = "Slack", ["groupId"] = "general" });
        var followed = await PostRawAsync(client, Settings, "follow", new() { ["platform"] = "Teams", ["groupId"] = "19:demo-team@thread.tacv2" });

        Assert.Contains("'general' is not a Slack channel id", bad, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        var follow = await _app.WithStoreAsync(db => db.Follows.AsNoTracking().SingleAsync(f => f.CohortId == _district.Blended));
        Assert.Equal((CohortBot.Outbox.Platform.Teams, "19:demo-team@thread.tacv2"), (follow.Platform, follow.GroupId));
        Assert.Equal($"member:{_district.Megan}", await _app.WithStoreAsync(db => db.AuditLog.Where(a => a.Action == "cohort.follow").Select(a => a.Actor).SingleAsync()));
        Assert.Contains("19:demo-team@thread.tacv2", await GetAsync(client, Settings), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostRawAsync(client, Settings, "unfollow", [])).StatusCode);
        Assert.False(await _app.WithStoreAsync(db => db.Follows.AnyAsync()));
    }

    [Fact]
    public async Task TheTeamsTheAppIsIn_AreOfferedToFollow_OnlyInTheDistrictsTenant()
    {
        var tenant = await _app.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == _district.Blended).Select(c => db.Districts.Single(d => d.Id == c.DistrictId).TeamsTenantId).SingleAsync());
        await _app.WithStoreAsync(async db =>
        {
            db.Conversations.Add(new CohortBot.Channels.Conversation { Platform = CohortBot.Outbox.Platform.Teams, ExternalId = "19:general@thread.tacv2", TeamId = "19:general@thread.tacv2", Kind = CohortBot.Turns.ConversationKind.Channel, TenantId = tenant!.ToLowerInvariant(), Name = "Blended Teachers", ServiceUrl = "https://smba.trafficmanager.net/amer/" });
            db.Conversations.Add(new CohortBot.Channels.Conversation { Platform = CohortBot.Outbox.Platform.Teams, ExternalId = "19:other@thread.tacv2", TeamId = "19:other@thread.tacv2", Kind = CohortBot.Turns.ConversationKind.Channel, TenantId = "99999999-0000-0000-0000-000000000000", Name = "Another District's Team" });
            db.Conversations.Add(new CohortBot.Channels.Conversation { Platform = CohortBot.Outbox.Platform.Teams, ExternalId = "19:gone@thread.tacv2", TeamId = "19:gone@thread.tacv2", Kind = CohortBot.Turns.ConversationKind.Channel, TenantId = tenant.ToLowerInvariant(), Name = "Removed Team", RemovedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });
        using var client = await SignedInAsync(_district.Megan);

        var page = await GetAsync(client, Settings);

        Assert.Contains("Blended Teachers", page, StringComparison.Ordinal);
        Assert.Contains("value=\"19:general@thread.tacv2\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Another District", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Removed Team", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostRawAsync(client, Settings, "follow", new() { ["platform"] = "Teams", ["groupId"] = "19:general@thread.tacv2" })).StatusCode);
        var followed = await GetAsync(client, Settings);
        Assert.Contains("Follows the Teams team Blended Teachers", followed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_GetTheirPlatformAndZone_AndABadZoneKeepsEveryRowAsTyped()
    {
        using var client = await SignedInAsync(_district.Megan);
        var flex = await GetAsync(client, $"/cohorts/{_district.Flex}/settings");
        Assert.Matches("Pradeep Gupta</th><td>not linked to Teams or Slack yet</td><td>ask them to open the bot", flex);

        var refused = await PostAsync(client, Settings, "people", new()
        {
            ["people[0].MemberId"] = $"{_district.Alex}", ["people[0].Role"] = "Teacher", ["people[0].PreferredPlatform"] = "Slack", ["people[0].TimeZone"] = "America/Denver",
            ["people[1].MemberId"] = $"{_district.Isaiah}", ["people[1].Role"] = "Teacher", ["people[1].PreferredPlatform"] = "Teams", ["people[1].TimeZone"] = "Mars/Olympus",
        });
        Assert.Contains("unknown time zone 'Mars/Olympus'", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"America/Denver\"", refused, StringComparison.Ordinal);
        Assert.NotEqual("America/Denver", await _app.WithStoreAsync(db => db.Members.Where(m => m.Id == _district.Alex).Select(m => m.TimeZone).SingleAsync()));

        var saved = await PostRawAsync(client, Settings, "people", new()
        {
            ["people[0].MemberId"] = $"{_district.Alex}", ["people[0].Role"] = "Teacher", ["people[0].PreferredPlatform"] = "Slack", ["people[0].TimeZone"] = "America/Denver",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var alex = await _app.WithStoreAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == _district.Alex));
        Assert.Equal(("America/Denver", CohortBot.Outbox.Platform.Slack), (alex.TimeZone, alex.PreferredPlatform));
        Assert.Equal(1, await _app.WithStoreAsync(db => db.AuditLog.CountAsync(a => a.Action == "member.settings")));
    }

    [Fact]
    public async Task ACoachOfAnotherCohort_AndATeacher_AreRefused_AndACoachMayEditOnlyWhereTheCohortAllows()
    {
        using (var teacher = await SignedInAsync(_district.Alex))
        {
            foreach (var url in new[] { Settings, "/district" })
                Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        }
        using var coach = await SignedInAsync(_district.Nestor);
        var flex = $"/cohorts/{_district.Flex}/settings";
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync(new Uri(Settings, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync(new Uri("/district", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync(new Uri(flex, UriKind.Relative))).StatusCode);
        var token = await TokenAsync(coach, "/");
        var post = await coach.PostAsync(new Uri($"{Settings}?handler=schedule", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>(Schedule("Friday", "2026-09-04")) { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        await _app.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == _district.Flex).ExecuteUpdateAsync(set => set.SetProperty(c => c.CoachesMayEdit, true)));
        var page = await GetAsync(coach, flex);
        Assert.Contains("Save the schedule", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Role of ", page, StringComparison.Ordinal); // roles are the coordinators' to give
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync(new Uri(Settings, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AnUploadedRoster_WithBadLines_IsRefusedWhole_WithEachProblemBesideItsLine()
    {
        using var client = await SignedInAsync(_district.Megan);
        var csv = "name,email,role,cohort\nNew Teacher,new.teacher@example.com,teacher,Blended Learning Cohort 2026\nBad Mail,not-an-address,teacher,Blended Learning Cohort 2026\nLost,lost@example.com,teacher,Cohort Z\n";

        var page = await UploadAsync(client, "roster", "new.csv", csv);

        Assert.Contains("new.csv was not imported: 2 problems", page, StringComparison.Ordinal);
        var rows = Regex.Matches(page, "<tr class=\"bad\">\\s*<th scope=\"row\">(\\d+)</th>").Select(m => m.Groups[1].Value);
        Assert.Equal(["3", "4"], rows);
        Assert.Contains("bad e-mail 'not-an-address'", page, StringComparison.Ordinal);
        Assert.Contains("unknown cohort 'Cohort Z'", page, StringComparison.Ordinal);
        Assert.False(await _app.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "new.teacher@example.com")));
    }

    [Theory]
    [InlineData("calendar.yaml", "district: Demo Unified School District\ncalendar: /etc/passwd\n", "calendar: names a file on the server")]
    [InlineData("other.yaml", "district: Another District\ntimeZone: America/Chicago\n", "this file is for the district 'Another District'")]
    [InlineData("aliases.yaml", "district: Demo Unified School District\nsites:\n  - &s { name: North }\n  - *s\n", "aliases are not allowed")]
    [InlineData("notes.txt", "hello", "is neither a district file")]
    public async Task AHostileOrForeignUpload_IsRefused_AndChangesNothing(string name, string text, string problem)
    {
        using var client = await SignedInAsync(_district.Megan);
        var districts = await _app.WithStoreAsync(db => db.Districts.CountAsync());

        var page = await UploadAsync(client, "roster", name, text);

        Assert.Contains(problem, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Import</button>", page, StringComparison.Ordinal);
        Assert.Equal(districts, await _app.WithStoreAsync(db => db.Districts.CountAsync()));
    }

    [Fact]
    public async Task AnOversizedUpload_IsRefused()
    {
        using var client = await SignedInAsync(_district.Megan);
        var huge = "name,email,role,cohort\n" + string.Concat(Enumerable.Repeat("Someone,someone@example.com,teacher,Blended Learning Cohort 2026\n", 20_000));

        var page = await UploadAsync(client, "roster", "huge.csv", huge);

        Assert.Contains("larger than", page, StringComparison.OrdinalIgnoreCase);
        Assert.False(await _app.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "someone@example.com")));
    }

    [Fact]
    public async Task AGoodUpload_IsPreviewed_ThenImported_ByTheCoordinator()
    {
        using var client = await SignedInAsync(_district.Megan);
        var csv = "name,email,role,cohort,site\nNew Teacher,new.teacher@example.com,teacher,Blended Learning Cohort 2026,\nAlex Wilber,alexw@example.com,teacher,Blended Learning Cohort 2026,Lincoln Elementary\n";

        var preview = await UploadAsync(client, "roster", "new.csv", csv);

        Assert.Contains("What importing new.csv would change", preview, StringComparison.Ordinal);
        Assert.Matches("Members created</dt><dd>New Teacher</dd>", preview);
        Assert.Matches("Members updated</dt><dd>none</dd>", preview);
        Assert.Matches("Members unchanged</dt><dd>1</dd>", preview);
        Assert.False(await _app.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "new.teacher@example.com")));

        var text = Regex.Match(preview, "name=\"fileText\" value=\"([^\"]*)\"", RegexOptions.Singleline).Groups[1].Value;
        var imported = await PostAsync(client, "/district", "import", new() { ["fileName"] = "new.csv", ["fileText"] = text }, tokenFrom: preview);

        Assert.Contains("Imported new.csv: created 1 cohort membership, 1 member", imported, StringComparison.Ordinal);
        Assert.True(await _app.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "new.teacher@example.com")));
        Assert.Equal($"member:{_district.Megan}", await _app.WithStoreAsync(db => db.AuditLog.Where(a => a.Action == "roster.import").OrderBy(a => a.Id).Select(a => a.Actor).LastAsync()));
    }

    [Fact]
    public async Task ASchoolCalendarUpload_ReplacesTheClosures_AndTheScheduleShowsThem()
    {
        using var client = await SignedInAsync(_district.Megan);
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:spring@test\r\nDTSTAMP:20260801T000000Z\r\nDTSTART;VALUE=DATE:20270315\r\nDTEND;VALUE=DATE:20270320\r\nSUMMARY:Spring Break\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        var page = await UploadAsync(client, "calendar", "school.ics", ics);

        Assert.Contains("The school calendar is imported", page, StringComparison.Ordinal);
        Assert.Equal(["Spring Break"], await _app.WithStoreAsync(db => db.SchoolClosures.Select(c => c.Name).ToListAsync()));
        var bad = await UploadAsync(client, "calendar", "school.ics", "not a calendar");
        Assert.Contains("school.ics:", bad, StringComparison.Ordinal);
        Assert.Equal(["Spring Break"], await _app.WithStoreAsync(db => db.SchoolClosures.Select(c => c.Name).ToListAsync()));
    }

    [Fact]
    public async Task ACoordinator_AddsAndMovesAQuestion_AndTheNextRoundAsksIt()
    {
        using var client = await SignedInAsync(_district.Megan);
        var setId = await _app.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == _district.Blended).Select(c => c.QuestionSetId).SingleAsync());
        var url = $"/question-sets/{setId}";
        var page = await GetAsync(client, url);
        var fields = Fields(page);
        var count = fields.Keys.Count(k => k.EndsWith(".Prompt", StringComparison.Ordinal));

        var added = await PostAsync(client, url, "", new Dictionary<string, string>(fields) { ["op"] = "add" }, tokenFrom: page);
        var withNew = Fields(added);
        Assert.Equal(count + 1, withNew.Keys.Count(k => k.EndsWith(".Prompt", StringComparison.Ordinal)));
        withNew[$"Questions[{count}].Prompt"] = "How many devices did you have?";
        withNew[$"Questions[{count}].Kind"] = "single choice";
        withNew[$"Questions[{count}].Choices"] = "";
        var refused = await PostAsync(client, url, "", new Dictionary<string, string>(withNew) { ["op"] = "save" }, tokenFrom: added);
        Assert.Contains("is a choice and needs at least two choices", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"How many devices did you have?\"", refused, StringComparison.Ordinal);

        withNew[$"Questions[{count}].Choices"] = "None\nOne for each group\nOne each";
        var moved = await PostAsync(client, url, "", new Dictionary<string, string>(withNew) { ["op"] = $"up:{count}" }, tokenFrom: refused);
        var final = Fields(moved);
        Assert.Equal("How many devices did you have?", final[$"Questions[{count - 1}].Prompt"]);
        var saved = await PostRawAsync(client, url, "", new Dictionary<string, string>(final) { ["op"] = "save" }, tokenFrom: moved);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var questions = await _app.WithStoreAsync(db => db.QuestionSets.AsNoTracking().Where(s => s.Id == setId).SelectMany(s => s.Questions).OrderBy(q => q.Position).ToListAsync());
        var added2 = questions[count - 1];
        Assert.Equal(("how-many-devices-did", CohortBot.Cohorts.QuestionKind.SingleChoice), (added2.Key, added2.Kind));
        Assert.Equal(["None", "One for each group", "One each"], added2.Choices);
        Assert.Equal("progress", questions[0].Key); // the others keep their keys, and so their answers' meaning
        Assert.Equal(1, await _app.WithStoreAsync(db => db.AuditLog.CountAsync(a => a.Action == "questions.edit")));

        await using var scope = _app.Services.CreateAsyncScope();
        var cohort = await scope.ServiceProvider.GetRequiredService<CohortBot.Storage.CohortDbContext>().Cohorts.SingleAsync(c => c.Id == _district.Blended);
        var round = await scope.ServiceProvider.GetRequiredService<RoundScheduler>().OpenNowAsync(cohort, "test", default);
        Assert.NotNull(round);
        var card = await _app.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey == $"round:{round.Id}/member:{_district.Alex}/checkin").Select(d => d.DataJson).SingleAsync());
        Assert.Contains("How many devices did you have?", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoCoordinatorsEditTheQuestions_TheLaterSaveIsRefused_WithItsTypingKept()
    {
        using var first = await SignedInAsync(_district.Megan);
        using var second = await SignedInAsync(_district.Megan);
        var setId = await _app.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == _district.Blended).Select(c => c.QuestionSetId).SingleAsync());
        var url = $"/question-sets/{setId}";
        var firstPage = await GetAsync(first, url);
        var secondPage = await GetAsync(second, url);

        var theirs = Fields(secondPage);
        theirs["Questions[0].Prompt"] = "How far along is your blended model?";
        Assert.Equal(HttpStatusCode.Redirect, (await PostRawAsync(second, url, "", new Dictionary<string, string>(theirs) { ["op"] = "save" }, tokenFrom: secondPage)).StatusCode);
        var mine = Fields(firstPage);
        mine["Questions[0].Prompt"] = "Where are you with station rotation?";
        var refused = await PostAsync(first, url, "", new Dictionary<string, string>(mine) { ["op"] = "save" }, tokenFrom: firstPage);

        Assert.Contains("Someone saved these questions since you opened the page", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"Where are you with station rotation?\"", refused, StringComparison.Ordinal);
        var saved = await _app.WithStoreAsync(db => db.QuestionSets.AsNoTracking().Where(s => s.Id == setId).SelectMany(s => s.Questions).OrderBy(q => q.Position).Select(q => q.Prompt).FirstAsync());
        Assert.Equal("How far along is your blended model?", saved);

        // Saved again from the page that was refused, it replaces the other (the page now carries the new version).
        Assert.Equal(HttpStatusCode.Redirect, (await PostRawAsync(first, url, "", new Dictionary<string, string>(Fields(refused)) { ["op"] = "save" }, tokenFrom: refused)).StatusCode);
        Assert.Equal(2, await _app.WithStoreAsync(db => db.AuditLog.CountAsync(a => a.Action == "questions.edit")));
    }

    [Fact]
    public async Task TheQuestionsPreview_IsTheCardForTeams_AndItsBlockKitForSlack_AsTyped()
    {
        using var client = await SignedInAsync(_district.Megan);
        var setId = await _app.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == _district.Blended).Select(c => c.QuestionSetId).SingleAsync());
        var page = await GetAsync(client, $"/question-sets/{setId}");
        var fields = Fields(page);
        fields["Questions[0].Prompt"] = "Rate the week, please";

        var response = await PostRawAsync(client, $"/question-sets/{setId}", "preview", fields, tokenFrom: page);

        var preview = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("AdaptiveCard", (string?)preview["teams"]!["type"]);
        Assert.Contains("Rate the week, please", preview["teams"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Rate the week, please", preview["slack"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotEqual("Rate the week, please", await _app.WithStoreAsync(db => db.QuestionSets.Where(s => s.Id == setId).SelectMany(s => s.Questions).Where(q => q.Key == "progress").Select(q => q.Prompt).SingleAsync()));

        using var coach = await SignedInAsync(_district.Nestor);
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync(new Uri($"/question-sets/{setId}", UriKind.Relative))).StatusCode);
    }

    /// The named fields of a page's question form, as a browser would send them (checkboxes only when checked).
    private static Dictionary<string, string> Fields(string page)
    {
        var form = Regex.Match(page, "<form method=\"post\" id=\"questions-form\".*?</form>", RegexOptions.Singleline).Value;
        var fields = new Dictionary<string, string>();
        foreach (Match input in Regex.Matches(form, "<input([^>]*)>"))
        {
            var attributes = input.Groups[1].Value;
            var name = Regex.Match(attributes, "name=\"([^\"]+)\"").Groups[1].Value;
            if (name.Length == 0 || name == "__RequestVerificationToken" || attributes.Contains("type=\"checkbox\"", StringComparison.Ordinal) && !attributes.Contains("checked", StringComparison.Ordinal))
                continue;
            fields[name] = Regex.Match(attributes, "value=\"([^\"]*)\"").Groups[1].Value;
        }
        foreach (Match select in Regex.Matches(form, "<select name=\"([^\"]+)\">(.*?)</select>", RegexOptions.Singleline))
            fields[select.Groups[1].Value] = Regex.Match(select.Groups[2].Value, "<option value=\"([^\"]*)\" selected").Groups[1].Value;
        foreach (Match area in Regex.Matches(form, "<textarea name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline))
            fields[area.Groups[1].Value] = area.Groups[2].Value.TrimStart('\n');
        return fields;
    }

    private static List<string> UpcomingRows(string page)
    {
        var table = Regex.Match(page, "<div id=\"upcoming\".*?</table>", RegexOptions.Singleline).Value;
        return [.. Regex.Matches(table, "<tr class=\"[^\"]*\">(.*?)</tr>", RegexOptions.Singleline).Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>|\\s+", " "))];
    }

    private static async Task<string> UploadAsync(HttpClient client, string field, string fileName, string text)
    {
        var token = await TokenAsync(client, "/district");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        var response = await client.PostAsync(new Uri($"/district?handler={(field == "roster" ? "preview" : "calendar")}", UriKind.Relative), form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> PostAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var response = await PostRawAsync(client, url, handler, fields, tokenFrom);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}?handler={handler} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var token = tokenFrom is null ? await TokenAsync(client, url) : Token(tokenFrom);
        return await client.PostAsync(new Uri(handler.Length == 0 ? url : $"{url}?handler={handler}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
    }

    private static async Task<string> TokenAsync(HttpClient client, string url) => Token(await client.GetStringAsync(new Uri(url, UriKind.Relative)));

    private static string Token(string page) => Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    private async Task<HttpClient> SignedInAsync(int memberId)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await TokenAsync(client, "/signin");
        var signedIn = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["memberId"] = memberId.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
