using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Cohorts.Roster;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Cohorts;

public sealed class RosterImportTests : IDisposable
{
    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_DemoDistrict_CreatesSitesCohortAndEveryMember(string provider)
    {
        await using var app = await StartAsync(provider);

        var report = await ImportAsync(app, RosterFiles.Demo);

        Assert.True(report.Succeeded, report.ToString());
        await app.WithStoreAsync(async db =>
        {
            var district = await db.Districts.Include(d => d.Sites).SingleAsync();
            Assert.Equal("Demo Unified School District", district.Name);
            Assert.Equal(["Lincoln Elementary", "Roosevelt Middle School"], district.Sites.Select(s => s.Name).Order());

            var members = await db.Members.Include(m => m.Cohorts).OrderBy(m => m.Email).ToListAsync();
            Assert.Equal(9, members.Count);
            var teams = await db.Identities.Where(i => i.Platform == Platform.Teams).ToListAsync();
            Assert.Equal(6, teams.Count);
            Assert.All(teams, i => Assert.Equal(("00000000-0000-0000-0000-0000000000001", "roster"), (i.TenantId, i.LinkedBy)));

            var alex = members.Single(m => m.Email == "alexw@example.com");
            Assert.Equal(("Alex Wilber", MemberRole.Teacher, "America/Chicago", "00000000-0000-0000-0000-0000000000020"), (alex.DisplayName, alex.Role, alex.TimeZone, teams.Single(i => i.MemberId == alex.Id).UserId));
            Assert.Equal(Platform.Teams, alex.PreferredPlatform);
            Assert.Equal("America/Denver", members.Single(m => m.Email == "pattif@example.com").TimeZone);
            Assert.Equal(MemberRole.Coordinator, members.Single(m => m.Email == "meganb@example.com").Role);
            Assert.Empty(members.Single(m => m.Email == "meganb@example.com").Cohorts);
            var slackOnly = members.Where(m => !teams.Any(i => i.MemberId == m.Id)).ToList();
            Assert.Equal(3, slackOnly.Count);
            var slack = await db.Identities.Where(i => i.Platform == Platform.Slack).ToListAsync();
            Assert.All(slackOnly, m => Assert.Equal(("T0DEMO0001", MemberRole.Teacher), (slack.Single(i => i.MemberId == m.Id).TenantId, m.Role)));
            Assert.Equal("T0DEMO0001", district.SlackTeamId);

            var cohort = await db.Cohorts.Include(c => c.QuestionSet).Include(c => c.Members).SingleAsync();
            Assert.Equal(8, cohort.Members.Count); // seven teachers and their coach
            Assert.Equal((2, DayOfWeek.Tuesday, new TimeOnly(15, 30), new DateOnly(2026, 9, 1), 5), (cohort.Schedule.IntervalWeeks, cohort.Schedule.Weekday, cohort.Schedule.LocalTime, cohort.Schedule.AnchorDate, cohort.Schedule.RoundLengthDays));
            Assert.Equal([new DateOnly(2027, 4, 27)], cohort.Schedule.SkipDates);
            Assert.Equal([1440], cohort.Schedule.ReminderMinutes);
            Assert.Equal("20:00-07:00", cohort.Schedule.QuietHours);
            var closures = await db.SchoolClosures.OrderBy(c => c.FirstDate).ToListAsync();
            Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 27)), (closures[0].FirstDate, closures[0].LastDate));
            Assert.Contains(closures, c => c.FirstDate == new DateOnly(2026, 12, 21) && c.LastDate == new DateOnly(2027, 1, 1));
            Assert.Equal("C0DEMOCOHORT", (await db.CohortChannels.SingleAsync()).ExternalId);
            Assert.Equal(["progress", "models", "behaviors", "win", "challenge", "nextStep", "coachSupport"], cohort.QuestionSet!.Questions.OrderBy(q => q.Position).Select(q => q.Key));
            var models = cohort.QuestionSet.Questions.Single(q => q.Key == "models");
            Assert.Equal((QuestionKind.MultipleChoice, 7), (models.Kind, models.Choices.Count));
        });
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_SameFileTwice_ChangesNothingTheSecondTime(string provider)
    {
        await using var app = await StartAsync(provider);
        Assert.NotEmpty((await ImportAsync(app, RosterFiles.Demo)).Changes);
        var before = await DumpAsync(app);

        var second = await ImportAsync(app, RosterFiles.Demo);

        Assert.True(second.Succeeded, second.ToString());
        Assert.Empty(second.Changes);
        Assert.Equal("nothing changed", second.ToString());
        Assert.Equal(before, await DumpAsync(app));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_ChangedMember_UpdatesOnlyThatMember(string provider)
    {
        await using var app = await StartAsync(provider);
        await ImportAsync(app, RosterFiles.Demo);
        var changed = File.ReadAllText(RosterFiles.Demo).Replace("timeZone: America/Denver", "timeZone: America/Phoenix", StringComparison.Ordinal);

        var report = await ImportAsync(app, _files.Write("district.yaml", changed));

        Assert.Equal(["updated 1 member"], report.Changes);
        var patti = await app.WithStoreAsync(db => db.Members.SingleAsync(m => m.Email == "pattif@example.com"));
        Assert.Equal("America/Phoenix", patti.TimeZone);
    }

    [Fact]
    public async Task Import_DistrictWithBadMembers_IsRefusedWholeWithEveryBadLine()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("district.yaml", """
            district: Riverside
            timeZone: America/Chicago
            sites:
              - name: North
            cohorts:
              - name: Cohort A
                schedule: { everyWeeks: 2, weekday: Monday, localTime: "15:30", anchorDate: 2026-09-07 }
            members:
              - name: Good Teacher
                email: good@example.com
                role: teacher
                cohorts: [Cohort A]
              - name: Bad Mail
                email: not-an-address
                role: teacher
                cohorts: [Cohort A]
              - name: Bad Zone
                email: zone@example.com
                role: teacher
                timeZone: America/Chicgo
                cohorts: [Cohort A]
              - name: Lost
                email: lost@example.com
                role: teacher
                cohorts: [Cohort Z]
              - name: Good Teacher Again
                email: GOOD@example.com
                role: coach
                site: South
            """);

        var report = await ImportAsync(app, path);

        Assert.False(report.Succeeded);
        Assert.Equal(
            [
                "line 13: bad e-mail 'not-an-address'",
                "line 17: unknown time zone 'America/Chicgo' (use an IANA name such as America/Chicago)",
                "line 22: unknown cohort 'Cohort Z'",
                "line 26: unknown site 'South'",
                "line 26: duplicate e-mail 'good@example.com' (first on line 9)",
            ],
            report.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Districts.CountAsync()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Members.CountAsync()));
    }

    [Fact]
    public async Task Import_EndDate_EndsTheSchedule_AndOneBeforeTheAnchorIsRefused()
    {
        await using var app = await StartAsync("Sqlite");
        string District(string endDate) => $$"""
            district: Riverside
            timeZone: America/Chicago
            cohorts:
              - name: Cohort A
                coachesMayEdit: true
                schedule: { everyWeeks: 2, weekday: Monday, localTime: "15:30", anchorDate: 2026-09-07, endDate: {{endDate}} }
            """;

        var refused = await ImportAsync(app, _files.Write("early.yaml", District("2026-09-01")));
        var imported = await ImportAsync(app, _files.Write("district.yaml", District("2027-06-14")));

        Assert.Equal(["line 6: endDate 2026-09-01 is before anchorDate 2026-09-07"], refused.Problems.Select(p => p.ToString()));
        Assert.True(imported.Succeeded);
        var cohort = await app.WithStoreAsync(db => db.Cohorts.SingleAsync());
        Assert.Equal(new DateOnly(2027, 6, 14), cohort.Schedule.EndDate);
        Assert.True(cohort.CoachesMayEdit);
    }

    [Fact]
    public async Task Import_ScheduleOpeningInsideQuietHours_IsRefused()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("district.yaml", """
            district: Riverside
            timeZone: America/Chicago
            cohorts:
              - name: Cohort A
                schedule: { everyWeeks: 2, weekday: Monday, localTime: "21:00", anchorDate: 2026-09-07, quietHours: "20:00-07:00" }
            """);

        var report = await ImportAsync(app, path);

        Assert.Equal(["line 5: localTime 21:00 is inside the quiet hours 20:00-07:00: nobody would be asked before they end: choose a time outside them"], report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Import_CsvWithBadRows_IsRefusedWholeWithEveryBadLine()
    {
        await using var app = await StartAsync("Sqlite");
        await ImportAsync(app, RosterFiles.Demo);
        var path = _files.Write("members.csv", """
            Name,Email,Role,Cohort,Site,Time Zone,Teams AAD Object Id,Slack User Id
            Nora New,nora@example.com,teacher,Blended Learning Cohort 2026,Lincoln Elementary,America/Chicago,,U0NORA
            Bad Mail,nora-at-example.com,teacher,Blended Learning Cohort 2026,,,,
            Bad Zone,zed@example.com,teacher,Blended Learning Cohort 2026,,Mars/Olympus,,
            Lost,lost@example.com,teacher,Cohort Nowhere,,,,
            Nora Twice,NORA@example.com,teacher,Blended Learning Cohort 2026,,,,
            """);

        var report = await ImportAsync(app, path);

        Assert.Equal(
            [
                "line 3: bad e-mail 'nora-at-example.com'",
                "line 4: unknown time zone 'Mars/Olympus' (use an IANA name such as America/Chicago)",
                "line 5: unknown cohort 'Cohort Nowhere'",
                "line 6: duplicate e-mail 'nora@example.com' (first on line 2)",
            ],
            report.Problems.Select(p => p.ToString()));
        Assert.False(await app.WithStoreAsync(db => db.Members.AnyAsync(m => m.Email == "nora@example.com")));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_GoodCsvTwice_AddsMembersOnceIntoTheirCohort(string provider)
    {
        await using var app = await StartAsync(provider);
        await ImportAsync(app, RosterFiles.Demo);
        var path = _files.Write("members.csv", """
            name,email,role,cohort,site,time zone,teams aad object id,slack user id
            Nora New,Nora@Example.com,teacher,Blended Learning Cohort 2026,Lincoln Elementary,,,U0NORA
            Omar Old,alexw@example.com,teacher,Blended Learning Cohort 2026,Roosevelt Middle School,America/Chicago,00000000-0000-0000-0000-0000000000020,
            """);

        var first = await ImportAsync(app, path);
        var second = await ImportAsync(app, path);

        Assert.Equal(["created 1 cohort membership, 1 member, 1 platform link", "updated 1 member"], first.Changes);
        Assert.Empty(second.Changes);
        var nora = await app.WithStoreAsync(db => db.Members.Include(m => m.Cohorts).SingleAsync(m => m.Email == "nora@example.com"));
        var noraSlack = await app.WithStoreAsync(db => db.Identities.SingleAsync(i => i.MemberId == nora.Id && i.Platform == Platform.Slack));
        Assert.Equal(("Nora New", "America/Chicago", "U0NORA", "Blended Learning Cohort 2026"), (nora.DisplayName, nora.TimeZone, noraSlack.UserId, nora.Cohorts.Single().Name));
        Assert.Equal("Omar Old", (await app.WithStoreAsync(db => db.Members.SingleAsync(m => m.Email == "alexw@example.com"))).DisplayName);
    }

    [Fact]
    public async Task Import_CsvBeforeAnyDistrict_IsRefused()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("members.csv", "name,email,role,cohort\nNora,nora@example.com,teacher,A\n");

        var report = await ImportAsync(app, path);

        Assert.Equal(["there is no district yet: import the district file (YAML) before a member list"], report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Import_YamlWithMisspelledKey_ReportsItsLine()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("district.yaml", "district: Riverside\ntimeZone: America/Chicago\nmembers:\n  - name: A\n    emial: a@example.com\n");

        var report = await ImportAsync(app, path);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(5, problem.Line);
        Assert.Contains("emial", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SlackIdOfAnotherMember_IsRefused()
    {
        await using var app = await StartAsync("Sqlite");
        await ImportAsync(app, RosterFiles.Demo);
        var path = _files.Write("members.csv", "name,email,role,cohort,slack user id\nNora,nora@example.com,teacher,Blended Learning Cohort 2026,U0DEMOGRADY\n");

        var report = await ImportAsync(app, path);

        Assert.Equal(["line 2: Slack user id U0DEMOGRADY already belongs to gradya@example.com"], report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Import_ScheduleWithWrongWeekdayAndBadTime_ReportsBoth()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("district.yaml", """
            district: Riverside
            timeZone: America/Chicago
            cohorts:
              - name: Cohort A
                schedule:
                  weekday: Monday
                  localTime: "25:00"
                  anchorDate: 2026-09-01
            """);

        var report = await ImportAsync(app, path);

        Assert.Equal(
            ["line 6: localTime '25:00' is not a time of day like 15:30", "line 6: anchorDate 2026-09-01 is a Tuesday, not a Monday"],
            report.Problems.Select(p => p.ToString()));
    }

    private static async Task<CohortBotApp> StartAsync(string provider)
    {
        var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        _ = app.Server; // starts the host: migrations run
        return app;
    }

    private static async Task<ImportReport> ImportAsync(CohortBotApp app, string path)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(path, "test", TestContext.Current.CancellationToken);
    }

    /// Every row a roster import can touch, as text, to compare before and after.
    private static Task<string> DumpAsync(CohortBotApp app) => app.WithStoreAsync(async db =>
    {
        var members = await db.Members.Include(m => m.Cohorts).OrderBy(m => m.Id)
            .Select(m => $"{m.Id}|{m.Email}|{m.DisplayName}|{m.Role}|{m.TimeZone}|{m.SiteId}|{m.PreferredPlatform}|{string.Join(",", m.Cohorts.Select(c => c.Id))}")
            .ToListAsync();
        members.AddRange(await db.Identities.OrderBy(i => i.Id).Select(i => $"{i.Id}|{i.MemberId}|{i.Platform}|{i.TenantId}|{i.UserId}|{i.ConversationId}").ToListAsync());
        var cohorts = (await db.Cohorts.OrderBy(c => c.Id).ToListAsync())
            .Select(c => $"{c.Id}|{c.Name}|{c.QuestionSetId}|{c.Schedule.TimeZone}|{c.Schedule.LocalTime}|{string.Join(",", c.Schedule.SkipDates)}");
        var questions = await db.QuestionSets.SelectMany(s => s.Questions).OrderBy(q => q.Id).Select(q => $"{q.Id}|{q.Key}|{q.Prompt}|{q.Position}").ToListAsync();
        var sites = await db.Sites.OrderBy(s => s.Id).Select(s => $"{s.Id}|{s.Name}").ToListAsync();
        var audit = await db.AuditLog.CountAsync();
        return string.Join("\n", [.. members, .. cohorts, .. questions, .. sites, $"audit:{audit}"]);
    });
}
