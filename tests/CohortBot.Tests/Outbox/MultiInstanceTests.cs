using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Channels.Identities;
using CohortBot.Cohorts;
using CohortBot.Fakes.Teams;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CohortBot.Tests.Outbox;

/// The fake connector times calls to the second: tests that measure with it run alone, not beside
/// tests that would hold up its handlers (on a small machine, by hundreds of milliseconds).
[CollectionDefinition(nameof(Timed), DisableParallelization = true)]
public sealed class Timed;

/// Two instances of the app on one PostgreSQL database, as a deployment scaled out runs: each
/// delivery goes once, and one tenant's messages keep Teams' one limit together, not one each.
/// The fake connector throttles like Teams (429 past 50 calls of a tenant in any second) and
/// records when each call came.
[Collection(nameof(Timed))]
public sealed class MultiInstanceTests : IAsyncLifetime
{
    private const string Tenant = "9a7b3c00-0000-4000-8000-0000000000b1";
    private const int Teachers = 500;
    private const int WarmUp = 40;
    private const int TeamsLimit = 50;

    /// Each instance's limiter, well under Teams' 50: the connector's one-second windows see the
    /// calls a little later and less evenly than they leave, the more so on a busy machine. One
    /// limiter keeps under 50 with room to spare; two, one per instance, would take 60.
    private const int PerInstanceLimit = 30;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private FakeBotConnector _connector = null!;
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _connector = await FakeBotConnector.StartAsync();
        _connector.TenantRateLimit = TeamsLimit;
        _connector.RecordBodies = false;
        _database = await TestDatabase.CreateAsync("Postgres");
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task TwoInstances_DrainingOneTenant_SendEachOnceAndKeepTheTenantsRateTogether()
    {
        await using var first = Start();
        await using var second = Start();
        var ct = TestContext.Current.CancellationToken;
        // A first few messages, not counted, so that the second by second count is not of code
        // run for the first time and connections opened (which held up the fake's first answers).
        _connector.TenantRateLimit = null;
        await SeedAsync(first, WarmUp, from: Teachers);
        await Task.WhenAll(DrainAsync(first, ct), DrainAsync(second, ct));
        _connector.TenantRateLimit = TeamsLimit;
        var warm = _connector.Calls.Count;
        await SeedAsync(first, Teachers);

        var started = DateTime.UtcNow;
        await Task.WhenAll(DrainAsync(first, ct), DrainAsync(second, ct));
        var took = DateTime.UtcNow - started;

        var calls = _connector.Calls.Skip(warm).ToList();
        Assert.DoesNotContain(calls, c => c.Status == 429);
        Assert.True(MostInOneSecond(calls) <= TeamsLimit, $"{MostInOneSecond(calls)} calls in one second; Teams allows {TeamsLimit} per tenant.");
        AssertEachTeacherGotOneMessage(calls, Teachers);
        Assert.Equal([(DeliveryStatus.Sent, 1, WarmUp + Teachers)], await OutcomesAsync(first));
        // One session held the tenant's lock: one instance sent for it, at its one pace (the
        // first second's calls go at once), while the other left its share to it.
        Assert.Equal(1, await AdvisoryLocksAsync());
        Assert.True(took >= TimeSpan.FromSeconds((Teachers - PerInstanceLimit) / PerInstanceLimit * 0.9), $"{Teachers} calls in {took}.");
    }

    [Fact]
    public async Task Holder_StopsMidDrain_TheOtherTakesTheTenantOverAndSendsTheRestOnce()
    {
        // More than the first could send in the moment its stop takes: the second must take over.
        const int teachers = 200;
        await using var first = Start();
        await using var second = Start();
        await SeedAsync(first, teachers);
        var ct = TestContext.Current.CancellationToken;

        // The first instance takes the tenant; its sends after the 20th are held at the connector.
        _connector.HoldAfter(20);
        using var stop = new CancellationTokenSource();
        var firstSweep = SendDueAsync(first, stop.Token);
        await _connector.WaitForHeldAsync(1);
        // The second sweeps too, and leaves what it claims to the first.
        var secondDrain = DrainAsync(second, ct);
        await UntilAsync(first, db => db.Deliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending && d.RetryAt != null, ct));

        // The first stops: its sweep starts nothing more, and what it had under way finishes and is recorded.
        await stop.CancelAsync();
        _connector.ReleaseHeld();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstSweep);
        await first.DisposeAsync();
        await secondDrain;

        var calls = _connector.Calls;
        Assert.DoesNotContain(calls, c => c.Status == 429);
        AssertEachTeacherGotOneMessage(calls, teachers);
        Assert.Equal([(DeliveryStatus.Sent, 1, teachers)], await OutcomesAsync(second));
        Assert.Equal(1, await AdvisoryLocksAsync());
    }

    [Fact]
    public async Task LockConnection_Lost_TheInstanceTakesTheTenantBackAndSendsOn()
    {
        await using var app = Start();
        await SeedAsync(app, 1);
        var ct = TestContext.Current.CancellationToken;
        await DrainAsync(app, ct);
        var holder = Assert.Single(await LockHoldersAsync());

        // The database ends the session (a failover, an administrator): the lock goes with it.
        await using (var admin = new NpgsqlConnection(_database.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", holder);
            await kill.ExecuteScalarAsync(ct);
        }

        var until = DateTime.UtcNow + Deadline;
        while (await LockHoldersAsync() is not [var again] || again == holder)
        {
            Assert.True(DateTime.UtcNow < until, "The tenant's lock was not taken back.");
            await Task.Delay(50, ct);
        }
        await SeedAsync(app, 1, from: 1);
        await DrainAsync(app, ct);
        AssertEachTeacherGotOneMessage(_connector.Calls, 2);
    }

    private CohortBotApp Start()
    {
        var app = new CohortBotApp(_database, ownsDatabase: false, settings: new Dictionary<string, string?>
        {
            // Pooled, as a deployment's are: opening a connection for every statement, an instance
            // sends a dozen messages a second, far below the limit this test is about.
            ["ConnectionStrings:CohortBot"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = true }.ConnectionString,
            ["Teams:Pacing:Tenant:0:PermitLimit"] = PerInstanceLimit.ToString(CultureInfo.InvariantCulture),
            ["Teams:Pacing:Tenant:0:Window"] = "00:00:01",
        });
        _ = app.Server;
        return app;
    }

    /// Teachers 0 to <paramref name="teachers"/> - 1 got a message each, once, and nobody else got any.
    private static void AssertEachTeacherGotOneMessage(IReadOnlyList<ConnectorCall> calls, int teachers)
    {
        var perChat = calls.GroupBy(c => c.Path).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(teachers, perChat.Count);
        Assert.All(Enumerable.Range(0, teachers), i => Assert.Equal(1, perChat.GetValueOrDefault($"/v3/conversations/a%3Achat-{i}/activities")));
    }

    /// The most calls the connector received within any one second.
    private static int MostInOneSecond(IReadOnlyList<ConnectorCall> calls)
    {
        var times = calls.Select(c => c.ReceivedAt).Order().ToList();
        var most = 0;
        for (int from = 0, to = 0; to < times.Count; to++)
        {
            while (times[to] - times[from] >= TimeSpan.FromSeconds(1))
                from++;
            most = Math.Max(most, to - from + 1);
        }
        return most;
    }

    /// Sweeps until nothing is pending, as an instance's sweeps would, back to back.
    private static async Task DrainAsync(CohortBotApp app, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + Deadline;
        while (await app.WithStoreAsync(db => db.Deliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending, cancellationToken)))
        {
            Assert.True(DateTime.UtcNow < until, "Deliveries are still pending.");
            await SendDueAsync(app, cancellationToken);
            await Task.Delay(25, cancellationToken);
        }
    }

    private static async Task UntilAsync(CohortBotApp app, Func<CohortBot.Storage.CohortDbContext, Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await app.WithStoreAsync(condition))
        {
            Assert.True(DateTime.UtcNow < until, "The store never got there.");
            await Task.Delay(25);
        }
    }

    private static async Task SendDueAsync(CohortBotApp app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendDueAsync(cancellationToken);
    }

    private static Task<List<(DeliveryStatus, int, int)>> OutcomesAsync(CohortBotApp app) =>
        app.WithStoreAsync(async db => (await db.Deliveries.GroupBy(d => new { d.Status, d.Attempts }).Select(g => new { g.Key.Status, g.Key.Attempts, Count = g.Count() }).ToListAsync())
            .Select(o => (o.Status, o.Attempts, o.Count)).ToList());

    /// Teachers of one tenant (numbered from <paramref name="from"/>), each with their 1:1 chat
    /// known (<c>a:chat-{number}</c>), and a message for each.
    private Task SeedAsync(CohortBotApp app, int teachers, int from = 0) =>
        app.WithStoreAsync(async db =>
        {
            var district = await db.Districts.FirstOrDefaultAsync() ?? db.Districts.Add(new District { Name = "Scaled District", TimeZone = "America/Chicago", TeamsTenantId = Tenant }).Entity;
            await db.SaveChangesAsync();
            var members = Enumerable.Range(from, teachers)
                .Select(i => new Member { DistrictId = district.Id, DisplayName = $"Teacher {i}", Email = $"teacher{i}@scaled.example", TimeZone = "America/Chicago" })
                .ToList();
            db.Members.AddRange(members);
            await db.SaveChangesAsync();
            var outbox = new OutboxWriter(db, TimeProvider.System);
            foreach (var (member, i) in members.Select((m, i) => (m, from + i)))
            {
                db.Identities.Add(new PlatformIdentity
                {
                    MemberId = member.Id, Platform = Platform.Teams, TenantId = Tenant, UserId = $"9a7b3c00-0000-4000-8000-{i:D12}",
                    LinkedBy = "roster", LinkedAt = DateTimeOffset.UnixEpoch, ConversationId = $"a:chat-{i}", ServiceUrl = _connector.ServiceUrl,
                });
                outbox.ToMember($"scaled:{i}", member.Id, new CardMessage("notice", new JsonObject { ["text"] = $"Hello, teacher {i}." }, $"Hello, teacher {i}."));
            }
            await db.SaveChangesAsync();
        });

    /// The sessions holding advisory locks in the test's database (those of the Teams tenants).
    private async Task<List<int>> LockHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var holders = new NpgsqlCommand("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        var pids = new List<int>();
        await using var reader = await holders.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            pids.Add(reader.GetInt32(0));
        return pids;
    }

    /// Advisory locks granted in the test's database: those of the Teams tenants.
    private async Task<long> AdvisoryLocksAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
