using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Outbox;

/// An instance stopped half way through sending a round, and the next one started on the same
/// database (a deploy, a restart): every teacher gets their check-in once. The fake connector holds
/// calls to stop the first instance while some are under way; the clock is fake.
public sealed class RestartTests : IAsyncLifetime
{
    private const string Tenant = "3c9e4a10-0000-4000-8000-0000000000c1";
    private const int Teachers = 40;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // Tuesday 1 December 2026, noon in Chicago: nobody is in their quiet hours.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
    private readonly RosterFiles _files = new();
    private FakeBotConnector _connector = null!;
    private string _roster = null!;

    public async ValueTask InitializeAsync()
    {
        _connector = await FakeBotConnector.StartAsync();
        _roster = _files.Write("district.yaml", Roster());
    }

    public async ValueTask DisposeAsync()
    {
        await _connector.DisposeAsync();
        _files.Dispose();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stop_HalfWayThroughARound_TheNextInstanceSendsTheRestAndNothingTwice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = Start(database);

        // The round opens for 40 teachers (a chat opened for each, then the card); after about half
        // of them, the connector holds its answers: sends are under way when the instance stops.
        _connector.HoldAfter(Teachers);
        await OpenRoundAsync(first);
        await _connector.WaitForHeldAsync(1, Wait);

        // What the host does first when it stops, done here at the moment chosen: the dispatcher
        // takes nothing more from its queue. Then the connector answers what it held.
        var stopping = first.Services.GetRequiredService<DeliveryDispatcher>().StopAsync(TestContext.Current.CancellationToken);
        _connector.ReleaseHeld();
        await stopping;
        await first.DisposeAsync();

        // A clean stop: what went is recorded as sent, what had not begun is handed back unclaimed,
        // so nothing waits for a lease to run out.
        var checkIns = await CheckInsAsync(database);
        Assert.InRange(checkIns.Count(d => d.Status == DeliveryStatus.Sent), 1, Teachers - 1);
        Assert.All(checkIns.Where(d => d.Status == DeliveryStatus.Pending), d => Assert.Equal((null, 0), (d.LeaseUntil, d.Attempts)));
        Assert.Equal(checkIns.Count(d => d.Status == DeliveryStatus.Sent), CheckInActivities().Count);

        await using (var second = Start(database))
        {
            await SendDueAsync(second);
            Assert.All(await second.WithStoreAsync(db => db.Deliveries.ToListAsync()), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
            // Past every lease the first instance wrote: had it left a claim on a message that went,
            // that message would go again now.
            _time.Advance(DeliveryJob.Lease + TimeSpan.FromSeconds(1));
            await SendDueAsync(second);
        }

        var activities = CheckInActivities();
        Assert.Equal(Teachers, activities.Count);
        Assert.All(activities, a => Assert.Equal(1, a.Value));
        Assert.All(ChatsOpened(), c => Assert.Equal(1, c.Value));
        Assert.All(await CheckInsAsync(database), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Crash_AfterClaimingBeforeSending_TheNextInstanceSendsOnceTheLeaseRunsOut(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // A turn's few messages are claimed as they are saved, to go at once.
        var written = await CrashAfterWritingAsync(database, DeliveryJob.ClaimAtOnce);

        await using var second = Start(database);
        await SendDueAsync(second);
        Assert.Empty(_connector.Calls);

        _time.Advance(DeliveryJob.Lease - TimeSpan.FromSeconds(1));
        await SendDueAsync(second);
        Assert.Empty(_connector.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        await SendDueAsync(second);
        await SendDueAsync(second);
        AssertEachSentOnce(written);
        Assert.Equal(written, await second.WithStoreAsync(db => db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent)));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Crash_AfterSavingALargeBatch_TheNextInstanceSendsItAtOnce(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // A round's thousands are not claimed in advance: a crash strands none of them behind a lease.
        var written = await CrashAfterWritingAsync(database, Teachers);
        Assert.True(written > DeliveryJob.ClaimAtOnce);

        await using var second = Start(database);
        await SendDueAsync(second);
        AssertEachSentOnce(written);
    }

    /// Writes a message to each of the first <paramref name="count"/> teachers, claimed as a commit
    /// claims them, and stops before anything is dispatched: as a process that died between the
    /// commit and the send leaves them.
    private async Task<int> CrashAfterWritingAsync(TestDatabase database, int count)
    {
        await using var first = Start(database);
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CohortBot.Storage.CohortDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
        var teachers = await db.Members.Where(m => m.Role == CohortBot.Cohorts.MemberRole.Teacher).OrderBy(m => m.Id).Take(count).ToListAsync();
        foreach (var member in teachers)
            outbox.ToMember($"crash:member:{member.Id}", member.Id, new CardMessage("notice", new JsonObject { ["text"] = "Hello." }, "Hello."));
        scope.ServiceProvider.GetRequiredService<DeliveryJob>().Claim(outbox.Added);
        await outbox.SaveAsync(TestContext.Current.CancellationToken);
        return teachers.Count;
    }

    private void AssertEachSentOnce(int expected)
    {
        var sent = _connector.Calls.Where(c => c.Path.EndsWith("/activities", StringComparison.Ordinal)).GroupBy(c => c.Path).ToList();
        Assert.Equal(expected, sent.Count);
        Assert.All(sent, chat => Assert.Single(chat));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_OfAClaimWhoseLeaseRanOutAndWasTaken_DoesNotSendAgain(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = Start(database);
        // Claimed for the dispatcher's queue, which (a round of thousands) did not get to it within the lease.
        var (id, lease) = await ClaimOneAsync(app);
        _time.Advance(DeliveryJob.Lease + TimeSpan.FromSeconds(1));

        // A sweep takes it over and is sending it when the dispatcher finally gets to it.
        _connector.HoldAfter(0);
        var sweep = SendDueAsync(app);
        await _connector.WaitForHeldAsync(1, Wait);
        var late = SendLeasedAsync(app, id, lease);
        // It returns at once, or (sending a second time) is held at the connector too.
        await Task.WhenAny(late, _connector.WaitForHeldAsync(2, Wait));
        _connector.ReleaseHeld();
        await Task.WhenAll(sweep, late);

        Assert.Equal(["/v3/conversations", $"/v3/conversations/{Uri.EscapeDataString(_connector.ConversationOf(Aad(0))!)}/activities"], _connector.Calls.Select(c => c.Path));
        Assert.Equal(DeliveryStatus.Sent, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id))).Status);
    }

    private static async Task SendLeasedAsync(CohortBotApp app, int id, DateTimeOffset lease)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendLeasedAsync(id, lease, TestContext.Current.CancellationToken);
    }

    private static async Task<(int Id, DateTimeOffset Lease)> ClaimOneAsync(CohortBotApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CohortBot.Storage.CohortDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
        var teacher = await db.Members.SingleAsync(m => m.Email == "teacher0@restart.example");
        outbox.ToMember("late:teacher0", teacher.Id, new CardMessage("notice", new JsonObject { ["text"] = "Hello." }, "Hello."));
        scope.ServiceProvider.GetRequiredService<DeliveryJob>().Claim(outbox.Added);
        var saved = Assert.Single(await outbox.SaveAsync(TestContext.Current.CancellationToken));
        return (saved.Id, saved.LeaseUntil!.Value);
    }

    private CohortBotApp Start(TestDatabase database)
    {
        var app = new CohortBotApp(database, ownsDatabase: false, settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = _roster,
            ["Teams:DefaultServiceUrl"] = _connector.ServiceUrl,
        }, services: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_time);
        });
        _ = app.Server;
        return app;
    }

    private static Task<List<Delivery>> CheckInsAsync(TestDatabase database) =>
        WithStoreAsync(database, db => db.Deliveries.Where(d => d.IdempotencyKey.EndsWith("/checkin")).ToListAsync());

    /// Reads the database while no instance runs: nothing can change it under the assertions.
    private static async Task<T> WithStoreAsync<T>(TestDatabase database, Func<CohortBot.Storage.CohortDbContext, Task<T>> work)
    {
        await using CohortBot.Storage.CohortDbContext db = database.Provider == "Postgres"
            ? new CohortBot.Storage.PostgresCohortDbContext(new DbContextOptionsBuilder<CohortBot.Storage.PostgresCohortDbContext>().UseNpgsql(database.ConnectionString).Options)
            : new CohortBot.Storage.SqliteCohortDbContext(new DbContextOptionsBuilder<CohortBot.Storage.SqliteCohortDbContext>().UseSqlite(database.ConnectionString).Options);
        return await work(db);
    }

    /// Check-in cards received, per teacher's chat.
    private Dictionary<string, int> CheckInActivities()
    {
        var chats = Enumerable.Range(0, Teachers).Select(i => _connector.ConversationOf(Aad(i))).OfType<string>()
            .Select(c => $"/v3/conversations/{Uri.EscapeDataString(c)}/activities").ToHashSet();
        return _connector.Calls.Where(c => c.Method == "POST" && chats.Contains(c.Path) && c.Status == 200)
            .GroupBy(c => c.Path).ToDictionary(g => g.Key, g => g.Count());
    }

    /// Chats opened, per teacher.
    private Dictionary<string, int> ChatsOpened() =>
        _connector.Calls.Where(c => c.Method == "POST" && c.Path == "/v3/conversations")
            .GroupBy(c => c.Body!["members"]![0]!["id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());

    /// Sends what is due, and waits for the sends another sweep has under way (the dispatcher sweeps
    /// when an instance starts) to be recorded.
    private static Task SendDueAsync(CohortBotApp app) => app.SendDueAsync(Wait);

    /// As a coordinator's "open" does: the round's check-ins are written, claimed and dispatched.
    private static async Task OpenRoundAsync(CohortBotApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var cohort = await scope.ServiceProvider.GetRequiredService<CohortBot.Storage.CohortDbContext>().Cohorts.SingleAsync();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<CohortBot.CheckIns.RoundScheduler>().OpenNowAsync(cohort, "member:coordinator", TestContext.Current.CancellationToken));
    }

    private static string Aad(int teacher) => $"3c9e4a10-0000-4000-8000-{teacher:D12}";

    private static string Roster()
    {
        var yaml = new StringBuilder($"""
            district: Restart District
            timeZone: America/Chicago
            teamsTenantId: {Tenant}
            cohorts:
              - name: Restart Cohort
                schedule:
                  everyWeeks: 2
                  weekday: Tuesday
                  localTime: "15:30"
                  anchorDate: 2026-09-01
                  roundLengthDays: 5
            members:
              - name: Megan Bowen
                email: megan@restart.example
                role: coordinator

            """);
        for (var i = 0; i < Teachers; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                  - name: Teacher {i}
                    email: teacher{i}@restart.example
                    role: teacher
                    cohorts: [Restart Cohort]
                    teams: {"{"} aadObjectId: {Aad(i)} {"}"}

                """);
        }
        return yaml.ToString();
    }
}
