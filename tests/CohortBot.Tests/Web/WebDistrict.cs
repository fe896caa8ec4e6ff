using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts.Roster;
using CohortBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Web;

/// The demo district in Development (the roster picker signs in) with a second cohort, Flex Cohort,
/// and its own coach (Nestor Wilke), and a closed round of Blended Learning Cohort 2026 with two
/// answers (Alex's "win" is a spreadsheet formula). On the in-memory test server, or on a real
/// Kestrel port for a browser (<see cref="BaseAddress"/>).
internal sealed class WebDistrict : IAsyncDisposable
{
    public const string Formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    private readonly RosterFiles _files = new();

    private WebDistrict(CohortBotApp app) => App = app;

    public CohortBotApp App { get; }
    public int Blended { get; private set; }
    public int Flex { get; private set; }
    public int Round { get; private set; }
    public int Alex { get; private set; }
    public int Isaiah { get; private set; }
    public int Nestor { get; private set; }
    public int Megan { get; private set; }

    /// Where the app listens when started on Kestrel, for example http://127.0.0.1:41234.
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    public static async Task<WebDistrict> CreateAsync(bool kestrel = false)
    {
        var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), environment: "Development", settings: new Dictionary<string, string?> { ["CohortBot:Seed"] = "samples/demo-district.yaml", ["CohortBot:DemoHistory"] = "false" });
        var district = new WebDistrict(app);
        if (kestrel)
        {
            app.UseKestrel(0);
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            district.BaseAddress = address is null ? app.ClientOptions.BaseAddress : new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            _ = app.Server;
        }
        await district.FillAsync();
        return district;
    }

    private async Task FillAsync()
    {
        var flex = _files.Write("flex.yaml", """
            district: Demo Unified School District
            cohorts:
              - name: Flex Cohort
                schedule: { weekday: Tuesday, localTime: "15:30", anchorDate: 2026-09-01 }
            members:
              - name: Nestor Wilke
                email: nestorw@example.com
                role: coach
                cohorts: [Flex Cohort]
              - name: Pradeep Gupta
                email: pradeepg@example.com
                role: teacher
                cohorts: [Flex Cohort]
            """);
        await using (var scope = App.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(flex, "test", default)).Succeeded);

        var ids = await App.WithStoreAsync(db => db.Members.ToDictionaryAsync(m => m.Email, m => m.Id));
        (Alex, Isaiah, Nestor, Megan) = (ids["alexw@example.com"], ids["isaiahl@example.com"], ids["nestorw@example.com"], ids["meganb@example.com"]);
        (Blended, Flex) = await App.WithStoreAsync(async db => (
            await db.Cohorts.Where(c => c.Name == "Blended Learning Cohort 2026").Select(c => c.Id).SingleAsync(),
            await db.Cohorts.Where(c => c.Name == "Flex Cohort").Select(c => c.Id).SingleAsync()));
        var blended = Blended;
        Round = await App.WithStoreAsync(async db =>
        {
            var round = new Round { CohortId = blended, Number = 6, Date = new DateOnly(2026, 11, 10), OpensAt = new DateTimeOffset(2026, 11, 10, 20, 30, 0, TimeSpan.Zero), ClosesAt = new DateTimeOffset(2026, 11, 15, 21, 30, 0, TimeSpan.Zero), Status = RoundStatus.Closed, OpenedAt = new DateTimeOffset(2026, 11, 10, 20, 30, 0, TimeSpan.Zero), ClosedAt = new DateTimeOffset(2026, 11, 15, 21, 30, 0, TimeSpan.Zero) };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = Alex, SubmittedAt = round.OpensAt.AddHours(2), AnswersJson = new JsonObject { ["progress"] = 4, ["models"] = new JsonArray("Station Rotation"), ["win"] = Formula, ["coachSupport"] = "No" }.ToJsonString() });
            db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = Isaiah, SubmittedAt = round.OpensAt.AddHours(3), AnswersJson = new JsonObject { ["progress"] = 2, ["models"] = new JsonArray("Flex", "Station Rotation"), ["win"] = "Groups of four worked well", ["coachSupport"] = "Yes" }.ToJsonString() });
            await db.SaveChangesAsync();
            return round.Id;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _files.Dispose();
    }
}
