using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Cohorts.Following;
using CohortBot.Cohorts.Roster;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Cohorts;

/// Cohorts that follow a Teams team or a Slack channel, synced against the fake Bot Connector's paged
/// members and the fake Slack API: joins, leaves, people who cannot be matched, a member in two
/// cohorts, a sync broken off half way and run again.
public sealed class FollowSyncTests : IAsyncLifetime
{
    private const string Team = "19:blended@thread.tacv2";
    private const string Cohort = "Blended Learning Cohort 2026";
    private static readonly string[] SlackOnly = ["Diego Siciliani", "Grady Archie", "Johanna Lorenz"];

    private DemoBot _bot = null!;
    private readonly RosterFiles _files = new();

    public async ValueTask InitializeAsync() => _bot = await DemoBot.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        _files.Dispose();
    }

    private static JsonObject Teams(string name, string aadLast, string? email, string? tenant = DemoBot.Tenant, string role = "user") =>
        FakeBotConnector.Member("29:" + name.Split(' ')[0].ToLowerInvariant(), name, "00000000-0000-0000-0000-00000000000" + aadLast, email, email, tenant, role);

    private static readonly JsonObject Alex = Teams("Alex Wilber", "20", "alexw@example.com");
    private static readonly JsonObject Megan = Teams("Megan Bowen", "21", "meganb@example.com");
    private static readonly JsonObject Isaiah = Teams("Isaiah Langer", "23", "isaiahl@example.com");
    private static readonly JsonObject Patti = Teams("Patti Fernandez", "24", "pattif@example.com");
    private static readonly JsonObject Lynne = Teams("Lynne Robbins", "25", "lynner@example.com");
    private static readonly JsonObject Nestor = Teams("Nestor Wilke", "30", "nestorw@example.com");

    [Fact]
    public async Task TeamsSync_AddsJoinersTakesOutLeaversAndListsThemToTheCoordinator()
    {
        var guest = Teams("Gail Guest", "40", "gail@elsewhere.example", tenant: "00000000-0000-0000-0000-0000000000999", role: "guest");
        var noMail = FakeBotConnector.Member("29:nomail", "Nomail Person", "00000000-0000-0000-0000-0000000000041");
        _bot.Connector.SetTeamMembers(Team, [Alex, Megan, Isaiah, Nestor, guest, noMail]);
        var cohortId = await FollowDirectlyAsync(Follow.TeamsTeam(Team));

        var report = await SyncAsync(cohortId);

        Assert.Null(report.Error);
        // Megan is the district's coordinator: in the team, but not one of the cohort's members.
        Assert.Equal(["Nestor Wilke"], report.Joined);
        Assert.Equal(["Adele Vance", "Lynne Robbins", "Patti Fernandez"], report.Left);
        Assert.Equal([new Unmatched("Gail Guest", "a guest from another organisation"), new Unmatched("Nomail Person", "no e-mail")], report.Unmatched);

        // Slack-only teachers are not in the team's roster, and stay.
        var members = await MemberNamesAsync(cohortId);
        Assert.Equal(["Alex Wilber", "Diego Siciliani", "Grady Archie", "Isaiah Langer", "Johanna Lorenz", "Nestor Wilke"], members);
        var nestor = await _bot.App.WithStoreAsync(db => db.Members.SingleAsync(m => m.Email == "nestorw@example.com"));
        Assert.Equal((MemberRole.Teacher, "America/Chicago", Platform.Teams), (nestor.Role, nestor.TimeZone, nestor.PreferredPlatform));
        var link = await _bot.App.WithStoreAsync(db => db.Identities.SingleAsync(i => i.MemberId == nestor.Id));
        Assert.Equal(("00000000-0000-0000-0000-0000000000030", "follow"), (link.UserId, link.LinkedBy));
        Assert.False(await _bot.App.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "gail@elsewhere.example")));

        // Every round from now asks the team's teachers, not those who left.
        var teachers = await _bot.App.WithStoreAsync(async db =>
        {
            await using var scope = _bot.App.Services.CreateAsyncScope();
            var rounds = scope.ServiceProvider.GetRequiredService<RoundService>();
            return RoundService.Teachers(await rounds.CohortAsync(cohortId, default)).Select(t => t.DisplayName).ToList();
        });
        Assert.Contains("Nestor Wilke", teachers);
        Assert.DoesNotContain("Patti Fernandez", teachers);
        Assert.Equal(3, await _bot.App.WithStoreAsync(db => db.Departures.CountAsync(d => d.CohortId == cohortId && d.ReturnedAt == null)));

        var told = await _bot.App.WithStoreAsync(db => db.Deliveries.Where(d => d.IdempotencyKey.StartsWith("follow:")).ToListAsync());
        var toMegan = Assert.Single(told);
        Assert.Equal(await MemberIdAsync("meganb@example.com"), toMegan.MemberId);
        Assert.Contains("Joined (1): Nestor Wilke.", toMegan.Text, StringComparison.Ordinal);
        Assert.Contains("Left (3, no longer asked; their check-ins are kept): Adele Vance, Lynne Robbins, Patti Fernandez.", toMegan.Text, StringComparison.Ordinal);
        Assert.Contains("Gail Guest (a guest from another organisation); Nomail Person (no e-mail)", toMegan.Text, StringComparison.Ordinal);
        var audit = await _bot.App.WithStoreAsync(db => db.AuditLog.Where(a => a.Action == "cohort.sync").ToListAsync());
        Assert.Contains("nestorw@example.com", Assert.Single(audit).DetailsJson, StringComparison.Ordinal);

        // Nothing changed since: no second list.
        var again = await SyncAsync(cohortId);
        Assert.False(again.Changed);
        Assert.Equal(1, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("follow:")));
    }

    [Fact]
    public async Task Sync_MemberWhoLeftAndCameBack_IsAMemberAgain_AndARosterImportDoesNotBringBackSomeoneWhoLeft()
    {
        _bot.Connector.SetTeamMembers(Team, [Alex, Isaiah, Patti, Lynne]);
        var cohortId = await FollowDirectlyAsync(Follow.TeamsTeam(Team));
        Assert.Equal(["Adele Vance"], (await SyncAsync(cohortId)).Left);

        _bot.Connector.SetTeamMembers(Team, [Isaiah, Patti, Lynne]);
        Assert.Equal(["Alex Wilber"], (await SyncAsync(cohortId)).Left);
        Assert.DoesNotContain("Alex Wilber", await MemberNamesAsync(cohortId));

        // The demo's file still lists Alex in the cohort (the seed imports it at every start).
        await using (var scope = _bot.App.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(RosterFiles.Demo, "test", default)).Succeeded);
        Assert.DoesNotContain("Alex Wilber", await MemberNamesAsync(cohortId));

        _bot.Connector.SetTeamMembers(Team, [Alex, Isaiah, Patti, Lynne]);
        Assert.Equal(["Alex Wilber"], (await SyncAsync(cohortId)).Joined);
        Assert.Contains("Alex Wilber", await MemberNamesAsync(cohortId));
        var alexId = await MemberIdAsync("alexw@example.com");
        var departure = await _bot.App.WithStoreAsync(db => db.Departures.SingleAsync(d => d.MemberId == alexId));
        Assert.NotNull(departure.ReturnedAt);
    }

    [Fact]
    public async Task Sync_BrokenOffHalfWay_ChangesNothing_AndTheNextRunDoesItAll()
    {
        _bot.Connector.DefaultPageSize = 2;
        _bot.Connector.SetTeamMembers(Team, [Alex, Isaiah, Nestor, Patti, Lynne]);
        _bot.Connector.FailLaterMemberPages(Team, ScriptedFailure.NotInstalled);
        var cohortId = await FollowDirectlyAsync(Follow.TeamsTeam(Team));
        var before = await MemberNamesAsync(cohortId);

        var broken = await SyncAsync(cohortId);

        Assert.NotNull(broken.Error);
        Assert.Equal(before, await MemberNamesAsync(cohortId));
        Assert.False(await _bot.App.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "nestorw@example.com")));
        Assert.Equal(0, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("follow:")));
        var follow = await _bot.App.WithStoreAsync(db => db.Follows.SingleAsync());
        Assert.Null(follow.LastSyncedAt);
        Assert.NotNull(follow.LastError);
        Assert.Contains(_bot.Connector.Calls, c => c.Path.EndsWith("/pagedmembers", StringComparison.Ordinal) && c.Query.Contains("continuationToken", StringComparison.Ordinal) && c.Status == 403);

        // "status COHORT" tells the coordinator the sync could not read the team, and that it will try again.
        var status = await StatusAsync(cohortId);
        Assert.Contains("Members follow its Teams team: not synced yet; the sync of ", status, StringComparison.Ordinal);
        Assert.Contains(follow.LastError, status, StringComparison.Ordinal);

        _bot.Connector.ClearFailures();
        var whole = await SyncAsync(cohortId);

        Assert.Equal(["Nestor Wilke"], whole.Joined);
        Assert.Equal(["Adele Vance"], whole.Left);
        Assert.Equal(1, await _bot.CountAsync(d => d.IdempotencyKey.StartsWith("follow:")));
        var synced = await _bot.App.WithStoreAsync(db => db.Follows.SingleAsync());
        Assert.Contains($"Members follow its Teams team: last synced {CheckInCards.When(synced.LastSyncedAt!.Value, "America/Chicago")}.", await StatusAsync(cohortId), StringComparison.Ordinal);
    }

    /// What <c>status COHORT</c> answers the district's coordinator (Megan, in America/Chicago).
    private async Task<string> StatusAsync(int cohortId)
    {
        await using var scope = _bot.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CohortDbContext>();
        var cohort = await db.Cohorts.SingleAsync(c => c.Id == cohortId);
        var megan = await db.Members.SingleAsync(m => m.Email == "meganb@example.com");
        Assert.Equal("America/Chicago", megan.TimeZone);
        return (await scope.ServiceProvider.GetRequiredService<RoundReports>().StatusAsync(cohort, megan, default)).Text;
    }

    [Fact]
    public async Task Sync_MemberOfTwoFollowedCohorts_LeavesOnlyTheOneWhoseTeamTheyLeft()
    {
        const string station = "19:station@thread.tacv2";
        _bot.Connector.SetTeamMembers(Team, [Alex, Isaiah, Patti, Lynne]);
        _bot.Connector.SetTeamMembers(station, [Isaiah, Nestor]);
        var blended = await FollowDirectlyAsync(Follow.TeamsTeam(Team));
        var file = _files.Write("station.yaml", $$"""
            district: Demo Unified School District
            cohorts:
              - name: Station Rotation Circle
                schedule: { everyWeeks: 2, weekday: Thursday, localTime: "15:30", anchorDate: 2026-09-03 }
                follows: { teamsTeam: "{{station}}" }
            """);
        await using (var scope = _bot.App.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(file, "test", default)).Succeeded);
        var stationId = await _bot.App.WithStoreAsync(db => db.Cohorts.Where(c => c.Name == "Station Rotation Circle").Select(c => c.Id).SingleAsync());
        await FirstSyncAsync(stationId);
        await SyncAsync(blended);

        Assert.Equal(["Isaiah Langer", "Nestor Wilke"], await MemberNamesAsync(stationId));
        Assert.Contains("Isaiah Langer", await MemberNamesAsync(blended));

        _bot.Connector.SetTeamMembers(station, [Nestor]);
        Assert.Equal(["Isaiah Langer"], (await SyncAsync(stationId)).Left);
        Assert.Empty((await SyncAsync(blended)).Left);
        Assert.Equal(["Nestor Wilke"], await MemberNamesAsync(stationId));
        Assert.Contains("Isaiah Langer", await MemberNamesAsync(blended));
    }

    [Fact]
    public async Task SlackSync_LooksUpOnlyThoseNotLinked_AndLeavesTeamsOnlyMembersAlone()
    {
        const string channel = "C0FOLLOWED";
        _bot.Slack.AddUser("U0NEWTEACHER", "nora@example.com", "Nora New", teamId: "T0DEMO0001", tz: "America/New_York")
            .AddUser("U0OUTSIDER", "olaf@other.example", "Olaf Outsider", teamId: "T0OTHER001")
            .AddUser("U0HELPERBOT", "bot@example.com", "Helper Bot", teamId: "T0DEMO0001", isBot: true)
            .SetMembers(channel, ["U0DEMODIEGO", "U0NEWTEACHER", "U0OUTSIDER", "U0HELPERBOT"]);
        var cohortId = await FollowDirectlyAsync(Follow.SlackChannel(channel));
        var lookupsBefore = _bot.Slack.Count("users.info");

        var report = await SyncAsync(cohortId);

        Assert.Equal(["Nora New"], report.Joined);
        Assert.Equal(["Adele Vance", "Grady Archie", "Johanna Lorenz"], report.Left);
        Assert.Equal([new Unmatched("Olaf Outsider", "a guest from another organisation")], report.Unmatched);
        Assert.Equal(3, _bot.Slack.Count("users.info") - lookupsBefore);
        var names = await MemberNamesAsync(cohortId);
        Assert.Contains("Alex Wilber", names);
        Assert.Contains("Diego Siciliani", names);
        Assert.DoesNotContain("Helper Bot", names);
        Assert.Equal("America/New_York", await _bot.App.WithStoreAsync(db => db.Members.Where(m => m.Email == "nora@example.com").Select(m => m.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task Sync_NeverBringsBackAnErasedMember()
    {
        var megan = await MemberIdAsync("meganb@example.com");
        var lynne = await MemberIdAsync("lynner@example.com");
        await using (var scope = _bot.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CohortBot.Cohorts.Privacy.MemberPrivacy>().EraseAsync(lynne, megan, default);
        _bot.Connector.SetTeamMembers(Team, [Alex, Isaiah, Lynne]);
        var cohortId = await FollowDirectlyAsync(Follow.TeamsTeam(Team));

        var report = await SyncAsync(cohortId);

        Assert.DoesNotContain("Lynne Robbins", report.Joined);
        Assert.Empty(report.Unmatched);
        Assert.False(await _bot.App.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "lynner@example.com")));
    }

    [Fact]
    public async Task FollowWrittenInATeamsChannel_ByTheCoordinator_SyncsAndTellsHer_AndATeacherIsRefused()
    {
        const string general = "19:general@thread.tacv2";
        _bot.Connector.SetTeamMembers(general, [Alex, Megan, Isaiah, Patti, Lynne, Nestor]);

        await _bot.PostToTeamsAsync(ChannelMessage("<at>CohortBot</at> follow blended", "29:alex", "00000000-0000-0000-0000-0000000000020", general + ";messageid=1"));
        await _bot.RestAsync();
        Assert.False(await _bot.App.WithStoreAsync(db => db.Follows.AnyAsync()));
        Assert.True(await _bot.App.WithStoreAsync(db => db.Deliveries.AnyAsync(d => d.Text != null && d.Text.Contains("Only a coordinator can make a cohort follow"))));

        await _bot.PostToTeamsAsync(ChannelMessage("<at>CohortBot</at> follow blended", "29:megan", "00000000-0000-0000-0000-0000000000021", general + ";messageid=2"));
        var follow = await _bot.App.WithStoreAsync(db => db.Follows.SingleAsync());
        Assert.Equal((Platform.Teams, general), (follow.Platform, follow.GroupId));
        // The app's install in that team was never seen: the channel it was mentioned in is remembered
        // (with the service URL the members are read at, and offered on the cohort's settings page).
        var channel = await _bot.App.WithStoreAsync(db => db.Conversations.SingleAsync(c => c.ExternalId == general));
        Assert.Equal((general, CohortBot.Turns.ConversationKind.Channel), (channel.TeamId, channel.Kind));
        Assert.NotNull(channel.ServiceUrl);
        await FirstSyncAsync(follow.CohortId);
        await _bot.RestAsync();

        Assert.Contains("Nestor Wilke", await MemberNamesAsync(follow.CohortId));
        var told = await _bot.App.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.IdempotencyKey.StartsWith("follow:")));
        Assert.Contains("Nestor Wilke", told.Text, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Sent, told.Status);
        var meganActor = "member:" + await MemberIdAsync("meganb@example.com");
        Assert.Equal(meganActor, follow.FollowedBy);
        Assert.True(await _bot.App.WithStoreAsync(db => db.AuditLog.AnyAsync(a => a.Action == "cohort.follow" && a.Actor == meganActor)));
    }

    [Theory]
    [InlineData("follows: { teamsTeam: \"19:a@thread.tacv2\", slackChannel: C0ABC }", "follows: name one of teamsTeam")]
    [InlineData("follows: { slackChannel: not-a-channel }", "is not a Slack channel id")]
    public async Task Roster_WithABadFollows_IsRefusedAtItsLine(string follows, string problem)
    {
        var file = _files.Write("bad.yaml", $$"""
            district: Demo Unified School District
            cohorts:
              - name: Station Rotation Circle
                schedule: { everyWeeks: 2, weekday: Thursday, localTime: "15:30", anchorDate: 2026-09-03 }
                {{follows}}
            """);
        await using var scope = _bot.App.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(file, "test", default);

        Assert.False(report.Succeeded);
        Assert.Contains(report.Problems, p => p.Line == 3 && p.Message.Contains(problem, StringComparison.Ordinal));
        Assert.False(await _bot.App.WithStoreAsync(db => db.Follows.AnyAsync()));
    }

    [Fact]
    public void LastNightly_IsTwoInTheMorningInTheDistrictsZone()
    {
        // 07:30 UTC on 2 December is 01:30 in Chicago: the last nightly sync was the night before.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), CohortFollowing.LastNightly(new DateTimeOffset(2026, 12, 2, 7, 30, 0, TimeSpan.Zero), "America/Chicago"));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), CohortFollowing.LastNightly(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), "America/Chicago"));
    }

    [Fact]
    public async Task NightlySweep_SyncsAFollowedCohortOncePerNight()
    {
        _bot.Connector.SetTeamMembers(Team, [Alex, Isaiah, Patti, Lynne, Nestor]);
        var cohortId = await FollowDirectlyAsync(Follow.TeamsTeam(Team));
        // 1 December, 12:00 in Chicago: never synced, so due (the night of 1 December has passed).
        await RunDueAsync();
        Assert.Contains("Nestor Wilke", await MemberNamesAsync(cohortId));
        var first = await _bot.App.WithStoreAsync(db => db.Follows.Select(f => f.LastSyncedAt).SingleAsync());

        _bot.Time.Advance(TimeSpan.FromHours(3));
        await RunDueAsync();
        Assert.Equal(first, await _bot.App.WithStoreAsync(db => db.Follows.Select(f => f.LastSyncedAt).SingleAsync()));

        _bot.Time.Advance(TimeSpan.FromHours(12)); // past 02:00 on 2 December in Chicago
        await RunDueAsync();
        Assert.NotEqual(first, await _bot.App.WithStoreAsync(db => db.Follows.Select(f => f.LastSyncedAt).SingleAsync()));
    }

    private async Task RunDueAsync()
    {
        await using var scope = _bot.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CohortFollowing>().RunDueAsync(default);
    }

    /// The demo cohort follows <paramref name="follow"/>, set in the store as the web page or the roster
    /// would, without the job a follow starts (the test runs each sync itself).
    private async Task<int> FollowDirectlyAsync(Follow follow)
    {
        await using var scope = _bot.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CohortDbContext>();
        var cohort = await db.Cohorts.SingleAsync(c => c.Name == Cohort);
        await scope.ServiceProvider.GetRequiredService<CohortFollowing>().SetAsync(cohort, follow, "test", default);
        await db.SaveChangesAsync();
        return cohort.Id;
    }

    private async Task<SyncReport> SyncAsync(int cohortId)
    {
        await using var scope = _bot.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CohortFollowing>().SyncAsync(cohortId, "test", default);
    }

    /// Waits for the first sync that a follow or an import started as a job; on a loaded machine
    /// Hangfire may not have run it yet after a while, and then it is run here, as the job would.
    private async Task FirstSyncAsync(int cohortId)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (await _bot.App.WithStoreAsync(db => db.Follows.AnyAsync(f => f.CohortId == cohortId && f.LastSyncedAt != null)))
                return;
            await Task.Delay(50);
        }
        await SyncAsync(cohortId);
    }

    private Task<List<string>> MemberNamesAsync(int cohortId) =>
        _bot.App.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == cohortId).SelectMany(c => c.Members).Select(m => m.DisplayName).OrderBy(n => n).ToListAsync());

    private Task<int> MemberIdAsync(string email) => _bot.App.WithStoreAsync(db => db.Members.Where(m => m.Email == email).Select(m => m.Id).SingleAsync());

    private JsonObject ChannelMessage(string text, string userId, string aad, string channel)
    {
        var activity = _bot.TeamsActivity("message", userId, aad, channel);
        activity["text"] = text;
        activity["conversation"] = new JsonObject { ["conversationType"] = "channel", ["tenantId"] = DemoBot.Tenant, ["id"] = channel, ["isGroup"] = true };
        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = DemoBot.Tenant },
            ["teamsChannelId"] = channel.Split(';')[0],
            ["team"] = new JsonObject { ["id"] = channel.Split(';')[0] },
        };
        activity["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>CohortBot</at>", ["mentioned"] = new JsonObject { ["id"] = "28:" + CohortBotApp.TestAppId, ["name"] = "CohortBot" } });
        return activity;
    }
}
