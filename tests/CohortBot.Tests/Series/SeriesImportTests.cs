using CohortBot.Cohorts.Roster;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Series;

/// A cohort's series: in the district file, all or nothing and idempotent like the rest, on both providers.
public sealed class SeriesImportTests : IDisposable
{
    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Demo_HasFourSessionsInTheCohortsZone_AndTwoVisitSlots_AndImportingAgainChangesNothing(string provider)
    {
        await using var app = await StartAsync(provider);
        var again = await ImportAsync(app, RosterFiles.Demo);

        Assert.Equal("nothing changed", again.ToString());
        var sessions = await app.WithStoreAsync(db => db.Sessions.Include(s => s.Facilitator).OrderBy(s => s.Position).ToListAsync());
        Assert.Equal(["Why blended learning", "Blended models in practice", "Using data to form groups", "Setting up a blended classroom"], sessions.Select(s => s.Title));
        // 16:00 in Chicago on 10 December is 22:00 UTC; ninety minutes each.
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 22, 0, 0, TimeSpan.Zero), sessions[0].StartsAt);
        Assert.All(sessions, s => Assert.Equal(90, s.Minutes));
        Assert.Equal("adelev@example.com", sessions[0].Facilitator!.Email);
        Assert.Null(sessions[2].FacilitatorId);
        Assert.All(sessions, s => Assert.Matches("^[0-9]{4}$", s.Code));
        Assert.Equal(4, sessions.Select(s => s.Code).Distinct().Count());
        Assert.Equal(2, await app.WithStoreAsync(db => db.VisitSlots.CountAsync(v => v.Host!.Email == "gradya@example.com")));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Series_WithBadDatesAndAnUnknownFacilitator_IsRefusedWhole(string provider)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        _ = app.Server;
        var path = _files.Write("district.yaml", """
            district: Series District
            timeZone: America/Chicago
            cohorts:
              - name: Flex Cohort
                schedule: { weekday: Tuesday, localTime: "15:30", anchorDate: 2026-09-01 }
                series:
                  title: Flex Foundations
                  sessions:
                    - title: One
                      date: 2027-02-30
                      start: "16:00"
                      end: "17:00"
                      where: Library
                    - title: Two
                      date: 2027-03-02
                      start: "17:00"
                      end: "16:00"
                      where: Library
                      facilitator: nobody@example.com
                    - title: Three
                      date: 2027-03-09
                      start: "16:00"
                      end: "17:00"
            members:
              - name: Ana Teacher
                email: ana@example.com
                role: teacher
                cohorts: [Flex Cohort]
            """);

        var report = await ImportAsync(app, path);

        Assert.Equal(
            [
                "line 9: session 'One': date '2027-02-30' is not a date like 2027-01-12",
                "line 14: session 'Two' ends (16:00) before it starts (17:00)",
                "line 14: session 'Two': facilitator 'nobody@example.com' is not a member of the district (list them under members)",
                "line 20: session 'Three' needs 'where': a room, or the online meeting's link",
            ],
            report.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Districts.CountAsync()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Series.CountAsync()));
    }

    [Fact]
    public async Task SessionLeftOutOfTheFile_IsRemoved_UnlessSomeoneAttendedIt()
    {
        await using var app = await StartAsync("Sqlite");
        var demo = await File.ReadAllTextAsync(RosterFiles.Demo);
        var withoutThird = demo.Replace("""
                    - title: Using data to form groups
                      date: 2027-01-28
                      start: "16:00"
                      end: "17:30"
                      where: Roosevelt Middle School, Room 204

            """, "", StringComparison.Ordinal);
        Assert.NotEqual(demo, withoutThird);
        var third = await app.WithStoreAsync(db => db.Sessions.SingleAsync(s => s.Title == "Using data to form groups"));
        var alex = await app.WithStoreAsync(db => db.Members.SingleAsync(m => m.Email == "alexw@example.com"));
        await app.WithStoreAsync(db =>
        {
            db.Attendance.Add(new CohortBot.Series.SessionAttendance { SessionId = third.Id, MemberId = alex.Id, RecordedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });

        var refused = await ImportAsync(app, _files.Write("district.yaml", withoutThird));
        Assert.Equal(["line 33: session 'Using data to form groups' of 'Blended Learning Cohort 2026' has attendance recorded: keep it in the file (history is never removed)"], refused.Problems.Select(p => p.ToString()));

        await app.WithStoreAsync(db => db.Attendance.ExecuteDeleteAsync());
        var removed = await ImportAsync(app, _files.Write("district.yaml", withoutThird));
        Assert.True(removed.Succeeded);
        Assert.Equal(3, await app.WithStoreAsync(db => db.Sessions.CountAsync()));
    }

    private static async Task<CohortBotApp> StartAsync(string provider)
    {
        var app = new CohortBotApp(await TestDatabase.CreateAsync(provider), settings: new Dictionary<string, string?> { ["CohortBot:Seed"] = "samples/demo-district.yaml" });
        _ = app.Server;
        return app;
    }

    private static async Task<ImportReport> ImportAsync(CohortBotApp app, string path)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(path, "test", TestContext.Current.CancellationToken);
    }
}
