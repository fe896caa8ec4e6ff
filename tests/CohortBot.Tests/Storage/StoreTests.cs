using System.Diagnostics;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Tests.Storage;

public sealed class StoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_EmptyDatabase_AppliesEveryMigration(string provider)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        _ = app.Server;

        await app.WithStoreAsync(async db =>
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(provider == "Postgres" ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
        });
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CheckIn_SecondRowForSameMemberAndRound_IsRejected(string provider)
    {
        await using var app = await StartWithRoundAsync(provider);

        await app.WithStoreAsync(async db =>
        {
            var (round, member) = (await db.Rounds.SingleAsync(), await db.Members.FirstAsync());
            db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = member.Id, AnswersJson = """{"progress":4}""", SubmittedAt = Noon });
            await db.SaveChangesAsync();
            db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = member.Id, AnswersJson = """{"progress":5}""", SubmittedAt = Noon });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });

        var stored = await app.WithStoreAsync(db => db.CheckIns.AsNoTracking().SingleAsync());
        Assert.Equal(("""{"progress":4}""", Noon), (stored.AnswersJson, stored.SubmittedAt));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Delivery_SameIdempotencyKeyTwice_IsRejected(string provider)
    {
        await using var app = await StartWithRoundAsync(provider);

        await app.WithStoreAsync(async db =>
        {
            db.Deliveries.Add(NewDelivery("round:1/member:1/checkin", Noon));
            await db.SaveChangesAsync();
            db.Deliveries.Add(NewDelivery("round:1/member:1/checkin", Noon));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });

        Assert.Equal(1, await app.WithStoreAsync(db => db.Deliveries.CountAsync()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deliveries_DueQuery_ComparesAndOrdersInstantsInTheDatabase(string provider)
    {
        await using var app = await StartWithRoundAsync(provider);
        await app.WithStoreAsync(async db =>
        {
            db.Deliveries.AddRange(
                NewDelivery("late", Noon.AddMinutes(5)),
                NewDelivery("due-second", Noon.AddMinutes(-1)),
                NewDelivery("due-first", Noon.AddHours(-3)));
            await db.SaveChangesAsync();
        });

        var due = await app.WithStoreAsync(db => db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.RetryAt <= Noon)
            .OrderBy(d => d.RetryAt)
            .Select(d => d.IdempotencyKey)
            .ToListAsync());

        Assert.Equal(["due-first", "due-second"], due);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ProcessedEvent_SameEventTwice_IsRejected(string provider)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        _ = app.Server;

        await app.WithStoreAsync(async db =>
        {
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev0123", ReceivedAt = Noon });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev0123", ReceivedAt = Noon });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Teams, EventId = "Ev0123", ReceivedAt = Noon });
            await db.SaveChangesAsync();
        });

        Assert.Equal(2, await app.WithStoreAsync(db => db.ProcessedEvents.CountAsync()));
    }

    [Fact]
    public async Task Commands_AreTracedWithoutParameterValues()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"));
        _ = app.Server;
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CommandActivityInterceptor.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // Other tests' apps run meanwhile in this process: only this test's trace counts.
        using var root = new Activity("test").Start();
        await app.WithStoreAsync(async db =>
        {
            db.Districts.Add(new District { Name = "Secret Valley", TimeZone = "America/Chicago" });
            await db.SaveChangesAsync();
        });
        root.Stop();
        var spans = stopped.Where(s => s.TraceId == root.TraceId).ToList();

        var insert = Assert.Single(spans, s => (s.GetTagItem("db.query.text") as string)?.Contains("INSERT INTO \"Districts\"", StringComparison.Ordinal) == true);
        Assert.Equal("sqlite", insert.GetTagItem("db.system.name"));
        Assert.DoesNotContain(spans, s => s.Tags.Any(t => t.Value?.Contains("Secret Valley", StringComparison.Ordinal) == true));
    }

    private static Delivery NewDelivery(string key, DateTimeOffset nextAttempt) => new()
    {
        IdempotencyKey = key,
        Platform = Platform.Teams,
        Address = "a:1",
        Text = "Check-in",
        CardName = "checkin",
        DataJson = "{}",
        CreatedAt = Noon,
        RetryAt = nextAttempt,
    };

    private static async Task<CohortBotApp> StartWithRoundAsync(string provider)
    {
        var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        await app.WithStoreAsync(async db =>
        {
            var district = new District { Name = "Riverside", TimeZone = "America/Chicago" };
            var set = new QuestionSet { Name = "default" };
            set.Questions.AddRange(DefaultQuestionSet.Questions());
            district.QuestionSets.Add(set);
            var cohort = new Cohort { Name = "A", QuestionSet = set, Schedule = new CohortSchedule { TimeZone = "America/Chicago", SkipDates = [new DateOnly(2026, 12, 22)] } };
            district.Cohorts.Add(cohort);
            var member = new Member { DisplayName = "T", Email = "t@example.com", TimeZone = "America/Chicago" };
            member.Cohorts.Add(cohort);
            district.Members.Add(member);
            db.Districts.Add(district);
            db.Rounds.Add(new Round { Cohort = cohort, Number = 1, OpensAt = Noon, ClosesAt = Noon.AddDays(5), Status = RoundStatus.Open });
            await db.SaveChangesAsync();
        });
        return app;
    }
}
