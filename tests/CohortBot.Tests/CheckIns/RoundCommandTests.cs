using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts.Roster;
using CohortBot.Fakes.Slack;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Resources;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.CheckIns;

/// The coordinators' commands in chat, on the demo district: status, skip and unskip (with the next
/// round planned again), rounds, audit, and help that follows the role, in Teams and in Slack's
/// <c>/cohort</c>. Megan is the coordinator (on Slack too, as U0DEMOMEGAN, for these tests); Alex and
/// Diego are teachers. The demo cohort meets every other Tuesday from 2026-09-01; its school calendar
/// closes for Winter Break from 2026-12-21 to 2027-01-01; 2027-04-27 is a skip date of the roster.
public sealed class RoundCommandTests : IAsyncLifetime
{
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string MeganSlack = "U0DEMOMEGAN";
    private const string Cohort = "Blended Learning Cohort 2026";
    private static readonly DateOnly[] RosterSkipDates = [new(2027, 4, 27)];

    // Tuesday 1 December 2026, noon in Chicago: the next round is check-in 8, on Tuesday 8 December.
    private readonly RosterFiles _files = new();
    private DemoBot _bot = null!;
    private FakeTimeProvider _time = null!;
    private FakeBotConnector _connector = null!;
    private CohortBotApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _bot = await DemoBot.StartAsync();
        (_time, _connector, _app) = (_bot.Time, _bot.Connector, _bot.App);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        _files.Dispose();
    }

    // ---- skip and unskip ----

    [Fact]
    public async Task Skip_TheNextRoundsDate_PlansTheNextOneOnTheScheduleAndTheOldStepsNeverRun()
    {
        var before = await PlannedAsync();
        Assert.Equal((new DateOnly(2026, 12, 8), 8), (before.Date, before.Number));
        var oldOpen = before.Steps.Single(s => s.Kind == RoundStepKind.Open).Id;

        var answer = await TeamsAsync("skip blended 2026-12-08");

        // 2026-12-22 is inside Winter Break, so the next is check-in 10 on 2027-01-05; New York's
        // 15:30 (20:30 UTC) is the earliest of the members' zones, 2:30 PM for Megan in Chicago.
        Assert.Contains($"Check-in 8 of {Cohort} (2026-12-08) is skipped. The next check-in is now 10, opening Tuesday, January 5 at 2:30 PM.", answer.Text, StringComparison.Ordinal);
        var after = await PlannedAsync();
        Assert.Equal((new DateOnly(2027, 1, 5), 10, RoundStatus.Scheduled), (after.Date, after.Number, after.Status));
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 20, 30, 0, TimeSpan.Zero), after.OpensAt);
        Assert.Equal(Steps(open: new(2027, 1, 5, 20, 30, 0, TimeSpan.Zero), remind: new(2027, 1, 9, 21, 30, 0, TimeSpan.Zero), close: new(2027, 1, 10, 21, 30, 0, TimeSpan.Zero)), StepTimes(after));
        Assert.Equal(1, await _app.WithStoreAsync(db => db.Rounds.CountAsync()));
        Assert.Equal(0, await _app.WithStoreAsync(db => db.RoundSteps.CountAsync(s => s.RoundId == before.Id)));
        Assert.Equal([new DateOnly(2026, 12, 8), .. RosterSkipDates], await SkipDatesAsync());

        // On 8 December the removed round's jobs come due: its open step is gone, so nobody is asked.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 8, 21, 0, 0, TimeSpan.Zero));
        await WithSchedulerAsync(s => s.RunStepAsync(oldOpen, default));
        await WithSchedulerAsync(s => s.RunDueAsync(default));
        await _bot.RestAsync();
        Assert.Equal(0, await _app.WithStoreAsync(db => db.Rounds.CountAsync(r => r.Status != RoundStatus.Scheduled)));
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.EndsWith("/checkin")));
    }

    [Fact]
    public async Task Unskip_ADateBeforeTheNextRound_MakesItTheNextRoundAgain()
    {
        await TeamsAsync("skip blended 2026-12-08");
        var skipped = await PlannedAsync();

        var answer = await TeamsAsync("unskip blended 2026-12-08");

        Assert.Contains($"Check-in 8 of {Cohort} (2026-12-08) is back on the schedule. The next check-in is now 8, opening Tuesday, December 8 at 2:30 PM.", answer.Text, StringComparison.Ordinal);
        var planned = await PlannedAsync();
        Assert.Equal((new DateOnly(2026, 12, 8), 8), (planned.Date, planned.Number));
        Assert.Equal(Steps(open: new(2026, 12, 8, 20, 30, 0, TimeSpan.Zero), remind: new(2026, 12, 12, 21, 30, 0, TimeSpan.Zero), close: new(2026, 12, 13, 21, 30, 0, TimeSpan.Zero)), StepTimes(planned));
        Assert.Equal(0, await _app.WithStoreAsync(db => db.Rounds.CountAsync(r => r.Id == skipped.Id)));
        Assert.Equal(RosterSkipDates, await SkipDatesAsync());

        // When its time comes, the round opens from its new steps.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 8, 20, 31, 0, TimeSpan.Zero));
        await WithSchedulerAsync(s => s.RunDueAsync(default));
        Assert.Equal(RoundStatus.Open, (await _app.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Id == planned.Id))).Status);
    }

    [Fact]
    public async Task SkipAndUnskip_OfALaterDate_KeepThePlannedRound_AndAreAudited()
    {
        var planned = await PlannedAsync();
        var megan = await MemberIdAsync("meganb@example.com");

        var skip = await TeamsAsync("skip blended 2027-01-19");
        var unskip = await SlackAsync(MeganSlack, "unskip blended 2027-04-27");

        Assert.Contains("Check-in 11 of Blended Learning Cohort 2026 (2027-01-19) is skipped. The next check-in is 8, opening Tuesday, December 8 at 2:30 PM.", skip.Text, StringComparison.Ordinal);
        Assert.Contains("Check-in 18 of Blended Learning Cohort 2026 (2027-04-27) is back on the schedule. The next check-in is 8,", unskip.Text, StringComparison.Ordinal);
        var still = await PlannedAsync();
        Assert.Equal((planned.Id, planned.OpensAt), (still.Id, still.OpensAt));
        Assert.Equal(StepTimes(planned), StepTimes(still));
        Assert.Equal([new DateOnly(2027, 1, 19)], await SkipDatesAsync());
        var audit = await _app.WithStoreAsync(db => db.AuditLog.Where(a => a.Action.StartsWith("round.")).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(
            [("round.skip", $"member:{megan}", Cohort, """{"date":"2027-01-19"}"""), ("round.unskip", $"member:{megan}", Cohort, """{"date":"2027-04-27"}""")],
            audit.Select(a => (a.Action, a.Actor, a.Subject!, a.DetailsJson!)));
    }

    [Theory]
    [InlineData("skip blended", "Name the date too, for example: skip Blended Learning Cohort 2026 2026-12-08.")]
    [InlineData("skip blended 12/8/2026", "\"12/8/2026\" is not a date in ISO form (year-month-day, like 2026-12-08), so nothing changed.")]
    [InlineData("skip blended 2026-11-24", "2026-11-24 is in the past, so nothing changed.")]
    [InlineData("skip blended 2026-12-09", "2026-12-09 is not a round date of Blended Learning Cohort 2026 (every 2 weeks on Tuesday): the nearest are 2026-12-08 and 2026-12-22. Nothing changed.")]
    [InlineData("skip blended 2027-04-27", "2027-04-27 is already skipped for Blended Learning Cohort 2026, so nothing changed.")]
    [InlineData("unskip blended 2027-01-05", "2027-01-05 is not skipped for Blended Learning Cohort 2026, so nothing changed.")]
    [InlineData("skip blended 2026-12-22", "2026-12-22 is already inside Winter Break (closure from the school calendar): no round opens then, so nothing changed.")]
    [InlineData("skip nonesuch 2026-12-08", "No cohort is called \"nonesuch 2026-12-08\".")]
    public async Task Skip_Refused_SaysWhyAndChangesNothing(string command, string reason)
    {
        var planned = await PlannedAsync();

        var answer = await TeamsAsync(command);

        Assert.Contains(reason, answer.Text, StringComparison.Ordinal);
        Assert.Equal(RosterSkipDates, await SkipDatesAsync());
        Assert.Equal(planned.Id, (await PlannedAsync()).Id);
        Assert.Equal(0, await _app.WithStoreAsync(db => db.AuditLog.CountAsync(a => a.Action == "round.skip" || a.Action == "round.unskip")));
    }

    [Fact]
    public async Task Skip_TheOpenRoundsDate_IsRefused()
    {
        await TeamsAsync("open blended"); // check-in 8 (of 8 December) opens now

        var answer = await TeamsAsync("skip blended 2026-12-08");

        Assert.Contains("2026-12-08 is the date of check-in 8, which is open now: write \"close Blended Learning Cohort 2026\" to end it. Nothing changed.", answer.Text, StringComparison.Ordinal);
        Assert.Equal(RosterSkipDates, await SkipDatesAsync());
        Assert.Equal(RoundStatus.Open, (await _app.WithStoreAsync(db => db.Rounds.SingleAsync())).Status);
    }

    [Fact]
    public async Task Skip_ByATeacher_InTeamsAndSlack_IsRefusedAndNothingChanges()
    {
        var teams = await TeamsAsync("skip blended 2026-12-08", "29:alex", AlexAad, "a:alex");
        var slack = await SlackAsync("U0DEMODIEGO", "unskip blended 2027-04-27");

        Assert.Contains("Only a coordinator can skip a cohort's rounds: nothing changed.", teams.Text, StringComparison.Ordinal);
        Assert.Contains("Only a coordinator can unskip a cohort's rounds: nothing changed.", slack.Text, StringComparison.Ordinal);
        Assert.Equal(RosterSkipDates, await SkipDatesAsync());
        Assert.Equal(new DateOnly(2026, 12, 8), (await PlannedAsync()).Date);
    }

    [Fact]
    public async Task Skip_InAChannel_AsksForTheOneToOneChat()
    {
        var answer = await SlackAsync(MeganSlack, "skip blended 2026-12-08", channel: "C0DEMOCOHORT");

        Assert.Contains("Write \"skip Blended Learning Cohort 2026 2026-12-08\" to me in a 1:1 chat.", answer.Text, StringComparison.Ordinal);
        Assert.Equal(RosterSkipDates, await SkipDatesAsync());
    }

    // ---- status ----

    [Fact]
    public async Task StatusCohort_ListsAnsweredBySitePendingUnreachableAndNotDelivered_EachPersonOnce()
    {
        // Diego's DM is gone for good (unreachable); Grady's card is refused (failed, Grady still reachable).
        _bot.Slack.FailChannel("U0DEMODIEGO", "cannot_dm_bot").FailChannel("U0DEMOGRADY", "msg_too_long");
        await TeamsAsync("open blended");
        await _bot.RestAsync();

        var status = await TeamsAsync("status blended");
        var everything = await TeamsAsync("status");

        Assert.Contains("Blended Learning Cohort 2026, check-in 8 (closes Sunday, December 6 at 3:30 PM): 0 of 7 answered (Lincoln Elementary 0 of 3; Roosevelt Middle School 0 of 4).", status.Text, StringComparison.Ordinal);
        Assert.Contains("Pending: Alex Wilber, Isaiah Langer, Patti Fernandez, Lynne Robbins, Diego Siciliani, Grady Archie, Johanna Lorenz.", status.Text, StringComparison.Ordinal);
        Assert.Contains("Cannot reach Diego Siciliani on Slack: Slack answered cannot_dm_bot", status.Text, StringComparison.Ordinal);
        Assert.Contains("Not delivered to Grady Archie: Slack answered msg_too_long", status.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Not delivered to Diego", status.Text, StringComparison.Ordinal);
        // Bare status renders each cohort the same way.
        Assert.Contains("Not delivered to Grady Archie: Slack answered msg_too_long", everything.Text, StringComparison.Ordinal);
        Assert.Contains("Cannot reach Diego Siciliani on Slack", everything.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCohort_OnSlack_WithNoRoundOpen_SaysWhenTheNextOpens()
    {
        var answer = await SlackAsync(MeganSlack, "status blended");

        Assert.Contains("Blended Learning Cohort 2026: no round open; check-in 8 opens Tuesday, December 8 at 2:30 PM.", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCohort_ByATeacher_IsRefused_AndBareStatusStillAnswersThem()
    {
        var named = await TeamsAsync("status blended", "29:alex", AlexAad, "a:alex");
        var own = await TeamsAsync("status", "29:alex", AlexAad, "a:alex");

        Assert.Contains("Only a coordinator can ask for a cohort's status by name (\"status\" alone shows yours).", named.Text, StringComparison.Ordinal);
        Assert.Contains("No check-in is open right now.", own.Text, StringComparison.Ordinal);
    }

    // ---- rounds ----

    [Fact]
    public async Task Rounds_OnSlack_ListsTheLastRoundsAndTheNextWithWhatIsSkippedAndWhy()
    {
        await TeamsAsync("open blended");
        await _bot.RestAsync();
        var round = await _app.WithStoreAsync(db => db.Rounds.SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsAlexAsync(round.Id)).StatusCode);
        _time.Advance(TimeSpan.FromHours(2));
        await TeamsAsync("close blended");
        await _bot.RestAsync();
        await TeamsAsync("skip blended 2027-01-19");

        var answer = await SlackAsync(MeganSlack, "rounds blended");

        Assert.Contains("Blended Learning Cohort 2026: every 2 weeks on Tuesday at 15:30 in each member's own time zone. Times below are yours (America/Chicago).", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Check-in 8, Tuesday, December 1 at 12:00 PM to Tuesday, December 1 at 2:00 PM: 1 of 7 answered.", answer.Text, StringComparison.Ordinal);
        var next = answer.Lines.SkipWhile(l => !l.StartsWith("Skipped", StringComparison.Ordinal) && !l.StartsWith("Next", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "Skipped: check-in 9 (2026-12-22), inside Winter Break (closure from the school calendar).",
            "Next: check-in 10 (2027-01-05), opens Tuesday, January 5 at 2:30 PM (planned).",
            "Skipped: check-in 11 (2027-01-19), a skip date.",
            "Next: check-in 12 (2027-02-02), opens Tuesday, February 2 at 2:30 PM.",
            "Next: check-in 13 (2027-02-16), opens Tuesday, February 16 at 2:30 PM.",
        ], next);
    }

    [Fact]
    public async Task Rounds_InTeams_BeforeAnyRoundClosed_SaysSo()
    {
        var answer = await TeamsAsync("rounds blended");

        Assert.Contains("No round has closed yet.", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Next: check-in 8 (2026-12-08), opens Tuesday, December 8 at 2:30 PM (planned).", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rounds_ByATeacher_IsRefused() =>
        Assert.Contains("Only a coordinator can list a cohort's rounds.", (await SlackAsync("U0DEMODIEGO", "rounds blended")).Text, StringComparison.Ordinal);

    // ---- audit ----

    [Fact]
    public async Task Audit_ShowsTheDistrictsLastEntriesNewestFirst_WithNamesAndAudiences()
    {
        var megan = await MemberIdAsync("meganb@example.com");
        await TeamsAsync("open blended");
        await _bot.RestAsync();
        var round = await _app.WithStoreAsync(db => db.Rounds.SingleAsync());
        await AnswerAsAlexAsync(round.Id);
        await Later(() => TeamsAsync("close blended"));
        await Later(() => TeamsAsync("skip blended 2027-01-19"));
        await Later(() => TeamsAsync("unskip blended 2027-01-19"));
        await Later(async () =>
        {
            await _bot.Client.SendAsync(_bot.Signer.Events("/api/slack/events", SlackPayloads.EventCallback(SlackPayloads.AppMention(MeganSlack, "link blended", channel: "C0NEWCHANNEL"))));
            await _bot.RestAsync();
        });
        // Nudges (their own feature) note how many they reached.
        await Later(() => _app.WithStoreAsync(db =>
        {
            db.AuditLog.Add(new AuditEntry { At = _time.GetUtcNow(), Actor = $"member:{megan}", Action = "nudge.send", Subject = Cohort, DistrictId = db.Districts.Single(d => d.Name != "Other Unified").Id, DetailsJson = """{"audience":6}""" });
            return db.SaveChangesAsync();
        }));
        _time.Advance(TimeSpan.FromMinutes(1));
        await ImportResourcesAsync();
        // Another district with a cohort of the same name: its entries are its own.
        await _app.WithStoreAsync(db =>
        {
            var other = db.Districts.Add(new CohortBot.Cohorts.District { Name = "Other Unified", TimeZone = "America/Chicago" }).Entity;
            db.AuditLog.Add(new AuditEntry { At = _time.GetUtcNow(), Actor = "seed", Action = "round.open", Subject = Cohort, District = other });
            return db.SaveChangesAsync();
        });

        var district = (await TeamsAsync("audit")).Lines;
        var cohort = (await SlackAsync(MeganSlack, "audit blended")).Lines;

        Assert.Equal("The audit log of Demo Unified School District, newest first (times are yours, America/Chicago):", district[0]);
        Assert.Equal(
        [
            "Tuesday, December 1 at 12:06 PM · import:resources.csv · resources.import · Blended Learning Cohort 2026",
            "Tuesday, December 1 at 12:05 PM · Megan Bowen · nudge.send · Blended Learning Cohort 2026 · audience 6",
            "Tuesday, December 1 at 12:04 PM · Megan Bowen · cohort.link · Blended Learning Cohort 2026",
            "Tuesday, December 1 at 12:03 PM · Megan Bowen · round.unskip · Blended Learning Cohort 2026 · 2027-01-19",
            "Tuesday, December 1 at 12:02 PM · Megan Bowen · round.skip · Blended Learning Cohort 2026 · 2027-01-19",
            "Tuesday, December 1 at 12:01 PM · Megan Bowen · round.close · Blended Learning Cohort 2026",
            "Tuesday, December 1 at 12:00 PM · Megan Bowen · round.open · Blended Learning Cohort 2026",
            // The roster import of the demo district, at start-up, and the platform accounts it linked.
            "Tuesday, December 1 at 12:00 PM · seed · roster.import · Demo Unified School District",
        ], district.Skip(1).Take(8));
        Assert.All(district.Skip(9), l => Assert.Contains("· seed · identity.link ·", l, StringComparison.Ordinal));
        Assert.DoesNotContain(district, l => l.Contains("· seed · round.open", StringComparison.Ordinal)); // the other district's

        // Of the cohort: what was about it, nothing about the district or its people.
        Assert.Equal("The audit log of Blended Learning Cohort 2026, newest first (times are yours, America/Chicago):", cohort[0]);
        Assert.Equal(7, cohort.Count - 1);
        Assert.All(cohort.Skip(1), l => Assert.Contains("· Blended Learning Cohort 2026", l, StringComparison.Ordinal));

        // Twenty at most.
        await _app.WithStoreAsync(db =>
        {
            for (var i = 0; i < AuditCommands.Shown + 5; i++)
                db.AuditLog.Add(new AuditEntry { At = _time.GetUtcNow(), Actor = "schedule", Action = "nudge.send", Subject = Cohort, DistrictId = db.Districts.Single(d => d.Name != "Other Unified").Id, DetailsJson = """{"audience":1}""" });
            return db.SaveChangesAsync();
        });
        Assert.Equal(AuditCommands.Shown, (await TeamsAsync("audit")).Lines.Count - 1);

        // Never a teacher's words.
        var details = await _app.WithStoreAsync(db => db.AuditLog.Select(a => a.DetailsJson ?? "").ToListAsync());
        Assert.DoesNotContain(details, d => d.Contains("Stations ran", StringComparison.Ordinal) || d.Contains("teacher-led", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_ByATeacher_IsRefused()
    {
        Assert.Contains("Only a coordinator can read the audit log.", (await TeamsAsync("audit", "29:alex", AlexAad, "a:alex")).Text, StringComparison.Ordinal);
        Assert.Contains("Only a coordinator can read the audit log.", (await SlackAsync("U0DEMODIEGO", "audit blended")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_OfAnUnknownCohort_SaysSo() =>
        Assert.Contains("No cohort is called \"nonesuch\".", (await SlackAsync(MeganSlack, "audit nonesuch")).Text, StringComparison.Ordinal);

    // ---- help and did you mean ----

    [Fact]
    public async Task Help_FollowsTheRole()
    {
        var coordinator = await TeamsAsync("help");
        var teacher = await TeamsAsync("help", "29:alex", AlexAad, "a:alex");
        var stranger = await SlackAsync("U0STRANGER", "help");

        foreach (var usage in new[] { "open COHORT", "close COHORT", "status COHORT", "skip COHORT DATE", "unskip COHORT DATE", "rounds COHORT", "link COHORT", "audit [COHORT]", "check in" })
            Assert.Contains(usage, coordinator.All, StringComparison.Ordinal);
        Assert.Contains("See every cohort's open round", coordinator.All, StringComparison.Ordinal);
        foreach (var answer in new[] { teacher, stranger })
        {
            foreach (var usage in new[] { "check in", "status", "coach", "resources TOPIC", "share LINK" })
                Assert.Contains(usage, answer.All, StringComparison.Ordinal);
            Assert.Contains("See your answers this round.", answer.All, StringComparison.Ordinal);
            foreach (var usage in new[] { "open COHORT", "skip COHORT", "rounds COHORT", "audit", "COHORT" })
                Assert.DoesNotContain(usage, answer.All, StringComparison.Ordinal);
        }
        // Nudges are offered to coordinators once their feature registers them, never to teachers.
        var nudges = _app.Services.GetRequiredService<CohortBot.Turns.RouteTable>().All.Any(r => r.Command == "nudge");
        Assert.Equal(nudges, coordinator.All.Contains("nudge COHORT [pending|all|site:NAME] [message]", StringComparison.Ordinal));
        Assert.DoesNotContain("nudge", teacher.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DidYouMean_AMistypedCommand_InTeamsAndSlack_AndAQuestionStillGoesToTheLibrary()
    {
        var teams = await TeamsAsync("stauts blended");
        var slack = await SlackAsync("U0DEMODIEGO", "chek in");
        var question = await SlackAsync("U0DEMODIEGO", "how do I run stations");

        Assert.Contains("Did you mean `status blended`?", teams.Text, StringComparison.Ordinal);
        Assert.Contains("Did you mean `check in`?", slack.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", question.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing good in the library yet", question.All, StringComparison.Ordinal);
    }

    // ---- helpers ----

    /// What the bot answered: the notice's text (its lines are split by blank lines), and every
    /// string of the card, for cards that are more than a notice (help).
    private sealed record Answer(string Text, string All)
    {
        public List<string> Lines => [.. Text.Split("\n\n")];

        public static Answer Of(JsonNode card, string text) =>
            new(text, string.Join("\n", Strings(card)));

        private static IEnumerable<string> Strings(JsonNode? node) => node switch
        {
            JsonObject o => o.SelectMany(p => Strings(p.Value)),
            JsonArray a => a.SelectMany(Strings),
            JsonValue v when v.TryGetValue<string>(out var text) => [text],
            _ => [],
        };
    }

    /// Says <paramref name="text"/> to the bot in a Teams 1:1 chat (Megan's unless told) and returns its answer.
    private async Task<Answer> TeamsAsync(string text, string userId = "29:megan", string aad = MeganAad, string conversation = "a:megan")
    {
        var before = _connector.Calls.Count;
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostToTeamsAsync(_bot.TeamsMessage(text, userId, aad, conversation))).StatusCode);
        await _bot.RestAsync();
        var reply = _connector.Calls.Skip(before).Last(c => c.Method == "POST" && Uri.UnescapeDataString(c.Path).StartsWith($"/v3/conversations/{conversation}/activities", StringComparison.Ordinal));
        var card = reply.Body!["attachments"]![0]!["content"]!;
        return Answer.Of(card, card["body"]![0]!["text"]!.GetValue<string>());
    }

    /// Runs <c>/cohort TEXT</c> for a Slack user (in their DM unless told) and returns the ephemeral answer.
    private async Task<Answer> SlackAsync(string user, string text, string channel = "D0001")
    {
        var response = await _bot.Client.SendAsync(_bot.Signer.Command("/api/slack/commands", SlackPayloads.SlashCommand(user, text, channel: channel)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        await _bot.RestAsync();
        return Answer.Of(body, body["text"]!.GetValue<string>());
    }

    /// One minute on, then <paramref name="step"/>: entries of the audit log keep their order.
    private async Task Later(Func<Task> step)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        await step();
    }

    private Task<HttpResponseMessage> AnswerAsAlexAsync(int roundId)
    {
        var inputs = new JsonObject
        {
            ["roundId"] = roundId, ["progress"] = "4", ["models"] = "1-station-rotation", ["behaviors"] = "", ["win"] = "Stations ran, alone, for once",
            ["challenge"] = "", ["nextStep"] = "Try a teacher-led station", ["coachSupport"] = "no",
        };
        return _bot.PostToTeamsAsync(_bot.TeamsAction("29:alex", AlexAad, "a:alex", "checkin.submit", inputs));
    }

    private async Task ImportResourcesAsync()
    {
        var path = _files.Write("resources.csv", $"url,title,description,tags,cohort\nhttps://example.org/stations,Station rotation guide,,,{Cohort}\n");
        await using var scope = _app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ResourceImporter>().ImportFileAsync(path, "import:resources.csv", default);
        Assert.True(report.Succeeded, report.ToString());
    }

    private Task<Round> PlannedAsync() =>
        _app.WithStoreAsync(db => db.Rounds.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.Status == RoundStatus.Scheduled));

    private Task<List<DateOnly>> SkipDatesAsync() =>
        _app.WithStoreAsync(async db => (await db.Cohorts.SingleAsync()).Schedule.SkipDates);

    private Task<int> MemberIdAsync(string email) => _app.WithStoreAsync(db => db.Members.Where(m => m.Email == email).Select(m => m.Id).SingleAsync());

    private static List<(RoundStepKind, DateTimeOffset, DateTimeOffset?)> StepTimes(Round round) =>
        [.. round.Steps.OrderBy(s => s.Kind).Select(s => (s.Kind, s.DueAt, s.DoneAt))];

    private static List<(RoundStepKind, DateTimeOffset, DateTimeOffset?)> Steps(DateTimeOffset open, DateTimeOffset remind, DateTimeOffset close) =>
        [(RoundStepKind.Open, open, null), (RoundStepKind.Remind, remind, null), (RoundStepKind.Close, close, null)];

    private async Task WithSchedulerAsync(Func<RoundScheduler, Task> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<RoundScheduler>());
    }
}
