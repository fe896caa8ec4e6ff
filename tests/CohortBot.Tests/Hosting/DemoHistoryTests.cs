using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Hosting;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Hosting;

/// The demo district's history (CohortBot:DemoHistory): written once when the demo is seeded, with
/// a term of closed rounds before the live one and a whole previous year; nothing without the setting,
/// nothing for a district that is not the demo. The clock is fake: Tuesday 1 December 2026, noon in
/// Chicago, a week before the next round opens.
public sealed class DemoHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    // 2026-09-01 every two weeks up to the last before now; 2026-11-24 falls in the Thanksgiving break.
    private static readonly DateOnly[] CurrentDates = [new(2026, 9, 1), new(2026, 9, 15), new(2026, 9, 29), new(2026, 10, 13), new(2026, 10, 27), new(2026, 11, 10)];

    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_TwiceOnTheDemo_WritesTheHistoryOnce(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Totals first;
        await using (var app = Start(database))
            first = await app.WithStoreAsync(TotalsAsync);
        Assert.True(first.CheckIns > 100, $"{first.CheckIns} check-ins");

        await using (var again = Start(database))
        {
            var second = await again.WithStoreAsync(TotalsAsync);
            Assert.Equal(first, second);
            Assert.Equal(1, await again.WithStoreAsync(db => db.AuditLog.CountAsync(a => a.Action == DemoHistory.Marker)));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_ClosesEveryRoundSinceTheAnchor_AndLeavesTheNextOneToTheLiveFlow(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = Start(database);
        await app.WithStoreAsync(async db =>
        {
            var cohort = await CohortAsync(db, DemoHistory.CurrentCohort);
            var rounds = await db.Rounds.AsNoTracking().Include(r => r.Steps).Where(r => r.CohortId == cohort.Id).OrderBy(r => r.Date).ToListAsync();
            var closed = rounds.Where(r => r.Status == RoundStatus.Closed).ToList();
            Assert.Equal(CurrentDates, closed.Select(r => r.Date));
            Assert.Equal([1, 2, 3, 4, 5, 6], closed.Select(r => r.Number));
            Assert.All(closed, r =>
            {
                Assert.NotNull(r.OpenedAt);
                Assert.Equal(r.ClosesAt, r.ClosedAt);
                Assert.True(r.ClosesAt < Now);
                Assert.NotEmpty(r.Steps);
                Assert.All(r.Steps, s => Assert.NotNull(s.DoneAt));
            });

            // The round the scheduler plans next: 8 December (number 8, as 24 November was skipped), untouched.
            var next = Assert.Single(rounds, r => r.Status != RoundStatus.Closed);
            Assert.Equal((RoundStatus.Scheduled, new DateOnly(2026, 12, 8), 8), (next.Status, next.Date, next.Number));
            Assert.All(next.Steps, s => Assert.Null(s.DoneAt));
            Assert.False(await db.CheckIns.AnyAsync(c => c.RoundId == next.Id));
            Assert.False(await db.Deliveries.AnyAsync(d => d.IdempotencyKey.StartsWith($"round:{next.Id}/")));

            // Its teachers will be asked whether they tried what they planned at the last round.
            var planned = (await AnswersAsync(db, [closed[^1]])).Count(a => a[CheckInForm.NextStepKey] is not null);
            await using var scope = app.Services.CreateAsyncScope();
            var plans = await scope.ServiceProvider.GetRequiredService<RoundService>().LastPlansAsync(next, TestContext.Current.CancellationToken);
            Assert.Equal(planned, plans.Count);
            Assert.True(planned > 0);

            await AssertParticipationAsync(db, cohort, closed);
            await AssertTrendAsync(db, closed);
            Assert.Contains(await AnswersAsync(db, closed), a => a[CheckInForm.FollowedThroughKey] is not null);
            Assert.InRange(await db.Nudges.CountAsync(n => n.CohortId == cohort.Id && n.Status == CohortBot.Nudges.NudgeStatus.Sent && n.Recipients.Any()), 1, 2);
            Assert.True(await db.VisitSlots.CountAsync(s => s.Host!.Cohorts.Any(c => c.Id == cohort.Id) && s.EndsAt < Now && s.BookedSeats > 0) >= 2);
        });
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PreviousYear_HasItsCoachTeachersRoundsSeriesAndVisits_AndEnded(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = Start(database);
        await app.WithStoreAsync(async db =>
        {
            var cohort = await CohortAsync(db, DemoHistory.PreviousCohort);
            var coach = Assert.Single(cohort.Members, m => m.Role == MemberRole.Coach);
            Assert.Equal((DemoHistory.PreviousCoachEmail, "Nestor Wilke"), (coach.Email, coach.DisplayName));
            Assert.True(await db.Identities.AnyAsync(i => i.MemberId == coach.Id && i.UserId == DemoHistory.PreviousCoachAadId));
            var teachers = cohort.Members.Where(m => m.Role == MemberRole.Teacher).ToList();
            Assert.Equal(10, teachers.Count);
            Assert.All(teachers, t => Assert.EndsWith("@example.com", t.Email, StringComparison.Ordinal));
            Assert.DoesNotContain(teachers, t => t.Cohorts.Count != 1);

            // Every other Tuesday from 2 September 2025 to the end of May, the three breaks skipped; and none since.
            var rounds = await db.Rounds.AsNoTracking().Where(r => r.CohortId == cohort.Id).OrderBy(r => r.Date).ToListAsync();
            Assert.All(rounds, r => Assert.Equal(RoundStatus.Closed, r.Status));
            Assert.Equal(new DateOnly(2025, 9, 2), rounds[0].Date);
            Assert.Equal(new DateOnly(2026, 5, 26), rounds[^1].Date);
            Assert.Equal(17, rounds.Count);
            Assert.DoesNotContain(rounds, r => DemoHistory.PreviousSkipDates.Contains(r.Date));
            await AssertParticipationAsync(db, cohort, rounds);
            await AssertTrendAsync(db, rounds);

            // The support they asked for, answered after a while by their coach.
            var requests = await db.SupportRequests.AsNoTracking().Where(r => r.CohortId == cohort.Id).ToListAsync();
            Assert.Contains(requests, r => r.RepliedByMemberId == coach.Id && r.Reply is not null && r.RepliedAt > r.CreatedAt);

            // The PD series: published, taken to the end, attended unevenly, reflected on.
            var series = await db.Series.AsNoTracking().Include(s => s.Sessions).SingleAsync(s => s.CohortId == cohort.Id);
            Assert.NotNull(series.PublishedAt);
            Assert.Equal(4, series.Sessions.Count);
            Assert.All(series.Sessions, s => Assert.True(s.EndsAt < Now));
            var attendance = await db.Attendance.AsNoTracking().Where(a => a.Session!.SeriesId == series.Id).ToListAsync();
            var perSession = series.Sessions.Select(s => attendance.Count(a => a.SessionId == s.Id)).ToList();
            Assert.All(perSession, n => Assert.InRange(n, 3, 9));
            Assert.True(await db.Commitments.CountAsync(c => c.SeriesId == series.Id) >= 8);
            Assert.True(await db.SessionReflections.CountAsync(r => r.Session!.SeriesId == series.Id) > 5);
            // Nothing of a session over long ago is sent now.
            Assert.Equal(series.Sessions.Count * 4, await db.SessionSteps.CountAsync(s => series.Sessions.Select(x => x.Id).Contains(s.SessionId)));

            // Visits hosted by some of its teachers, with bookings and reflections, some shared with the host.
            var bookings = await db.VisitBookings.AsNoTracking().Include(b => b.Slot).Where(b => teachers.Select(t => t.Id).Contains(b.Slot!.HostId)).ToListAsync();
            Assert.True(bookings.Select(b => b.SlotId).Distinct().Count() >= 4);
            Assert.All(bookings, b => Assert.NotNull(b.Slot!.FollowedUpAt));
            Assert.Contains(bookings, b => b.ShareWithHost && b.Reflection is not null);
            Assert.Contains(bookings, b => !b.ShareWithHost);
        });
    }

    [Fact]
    public async Task History_LaterInTheYear_TakesInTheWinterAndTheSessionsHeldSoFar()
    {
        // Monday 1 February 2027: three of the four sessions of this year's series are over.
        var later = new DateTimeOffset(2027, 2, 1, 18, 0, 0, TimeSpan.Zero);
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await using var app = Start(database, now: later);
        await app.WithStoreAsync(async db =>
        {
            var cohort = await CohortAsync(db, DemoHistory.CurrentCohort);
            var rounds = await db.Rounds.AsNoTracking().Where(r => r.CohortId == cohort.Id).OrderBy(r => r.Date).ToListAsync();
            // 22 December falls in the winter break; 19 January is the day after Martin Luther King Jr. Day.
            DateOnly[] winter = [new(2026, 12, 8), new(2027, 1, 5), new(2027, 1, 19)];
            Assert.Equal([.. CurrentDates, .. winter], rounds.Where(r => r.Status == RoundStatus.Closed).Select(r => r.Date));
            var next = Assert.Single(rounds, r => r.Status != RoundStatus.Closed);
            Assert.Equal((RoundStatus.Scheduled, new DateOnly(2027, 2, 2), 12), (next.Status, next.Date, next.Number));
            await AssertParticipationAsync(db, cohort, [.. rounds.Where(r => r.Status == RoundStatus.Closed)]);

            var series = await db.Series.AsNoTracking().Include(s => s.Sessions).SingleAsync(s => s.CohortId == cohort.Id);
            Assert.NotNull(series.PublishedAt);
            Assert.True(await db.Commitments.CountAsync(c => c.SeriesId == series.Id) >= 6);
            foreach (var session in series.Sessions)
            {
                var attended = await db.Attendance.CountAsync(a => a.SessionId == session.Id);
                var steps = await db.SessionSteps.CountAsync(s => s.SessionId == session.Id);
                if (session.EndsAt <= later)
                    Assert.True(attended > 0 && steps == 4, $"{session.Title}: {attended} attended, {steps} steps");
                else
                    Assert.Equal((0, 0), (attended, steps));
            }
        });
    }

    [Fact]
    public async Task History_IsTheSameOnEveryRun()
    {
        await using var one = await TestDatabase.CreateAsync("Sqlite");
        await using var other = await TestDatabase.CreateAsync("Sqlite");
        List<string> first, second;
        await using (var app = Start(one))
            first = await app.WithStoreAsync(FingerprintAsync);
        await using (var app = Start(other))
            second = await app.WithStoreAsync(FingerprintAsync);
        Assert.True(first.Count > 100);
        Assert.Equal(first, second);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WithoutTheSetting_NothingIsWritten(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = Start(database, demoHistory: false);
        await app.WithStoreAsync(async db =>
        {
            Assert.Equal([DemoHistory.CurrentCohort], await db.Cohorts.Select(c => c.Name).ToListAsync());
            Assert.False(await db.CheckIns.AnyAsync());
            Assert.False(await db.Rounds.AnyAsync(r => r.Status == RoundStatus.Closed));
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == DemoHistory.Marker));
        });
    }

    [Fact]
    public async Task ARealDistrict_GetsNoHistory()
    {
        var demo = await File.ReadAllTextAsync(RosterFiles.Demo, TestContext.Current.CancellationToken);
        var real = _files.Write("district.yaml", demo.Replace("district: Demo Unified School District", "district: Lakeside Unified School District", StringComparison.Ordinal));
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await using var app = Start(database, seed: real);
        await app.WithStoreAsync(async db =>
        {
            Assert.Equal(["Lakeside Unified School District"], await db.Districts.Select(d => d.Name).ToListAsync());
            Assert.Equal(1, await db.Cohorts.CountAsync());
            Assert.False(await db.CheckIns.AnyAsync());
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == DemoHistory.Marker));
            Assert.Equal(RoundStatus.Scheduled, (await db.Rounds.SingleAsync()).Status);
        });
    }

    private static CohortBotApp Start(TestDatabase database, bool demoHistory = true, string seed = "samples/demo-district.yaml", DateTimeOffset? now = null) =>
        new(database, settings: new Dictionary<string, string?>
        {
            ["CohortBot:Seed"] = seed,
            ["CohortBot:DemoHistory"] = demoHistory ? "true" : "false",
        }, services: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(now ?? Now));
        }, ownsDatabase: false);

    private static async Task<Cohort> CohortAsync(CohortDbContext db, string name) =>
        await db.Cohorts.AsNoTrackingWithIdentityResolution().Include(c => c.Members).ThenInclude(m => m.Cohorts).SingleAsync(c => c.Name == name);

    /// Between 60 % and all of the cohort's teachers answered each round, and not always the same share.
    private static async Task AssertParticipationAsync(CohortDbContext db, Cohort cohort, List<Round> rounds)
    {
        var teachers = cohort.Members.Count(m => m.Role == MemberRole.Teacher);
        var ids = rounds.Select(r => r.Id).ToList();
        var answered = await db.CheckIns.Where(c => ids.Contains(c.RoundId)).GroupBy(c => c.RoundId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var shares = rounds.Select(r => (double)answered.GetValueOrDefault(r.Id) / teachers).ToList();
        Assert.All(shares, share => Assert.InRange(share, 0.6, 1.0));
        Assert.True(shares.Distinct().Count() > 1, "participation never varies");
    }

    /// Progress rises over the term: the last round's mean rating is above the first's.
    private static async Task AssertTrendAsync(CohortDbContext db, List<Round> rounds)
    {
        double Mean(List<JsonObject> answers) => answers.Average(a => (int)a["progress"]!);
        var first = Mean(await AnswersAsync(db, [rounds[0]]));
        var last = Mean(await AnswersAsync(db, [rounds[^1]]));
        Assert.True(last > first + 0.5, $"progress went from {first:0.0} to {last:0.0}");
        var all = await AnswersAsync(db, rounds);
        Assert.All(all, a => Assert.InRange((int)a["progress"]!, 1, 5));
        Assert.All(all, a => Assert.Contains(a[CheckInForm.CoachSupportKey]!.ToString(), new[] { "Yes", "No" }));
        Assert.All(all.Where(a => a["models"] is not null), a => Assert.All(a["models"]!.AsArray(), m => Assert.Contains(m!.ToString(), DefaultQuestionSet.BlendedModels)));
        Assert.All(all.Where(a => a["behaviors"] is not null), a => Assert.All(a["behaviors"]!.AsArray(), b => Assert.Contains(b!.ToString(), DefaultQuestionSet.VitalBehaviors)));
        Assert.Contains(all, a => a["models"]?.AsArray().Count > 1);
        Assert.Contains(all, a => a["win"] is not null);
    }

    private static async Task<List<JsonObject>> AnswersAsync(CohortDbContext db, List<Round> rounds)
    {
        var ids = rounds.Select(r => r.Id).ToList();
        return [.. (await db.CheckIns.Where(c => ids.Contains(c.RoundId)).Select(c => c.AnswersJson).ToListAsync()).Select(json => JsonNode.Parse(json)!.AsObject())];
    }

    private sealed record Totals(int Cohorts, int Members, int Rounds, int CheckIns, int Requests, int Nudges, int Slots, int Bookings, int Attendance, int Deliveries);

    private static async Task<Totals> TotalsAsync(CohortDbContext db) => new(
        await db.Cohorts.CountAsync(), await db.Members.CountAsync(), await db.Rounds.CountAsync(), await db.CheckIns.CountAsync(),
        await db.SupportRequests.CountAsync(), await db.Nudges.CountAsync(), await db.VisitSlots.CountAsync(), await db.VisitBookings.CountAsync(),
        await db.Attendance.CountAsync(), await db.Deliveries.CountAsync());

    /// What a person would compare: who the previous year's people are, and every answer, in order.
    private static async Task<List<string>> FingerprintAsync(CohortDbContext db)
    {
        var members = await db.Members.OrderBy(m => m.Email).Select(m => m.DisplayName + " " + m.Email).ToListAsync();
        var checkIns = await db.CheckIns.Select(c => new { c.Round!.Cohort!.Name, c.Round.Number, c.Member!.Email, c.AnswersJson, c.SubmittedAt }).ToListAsync();
        var requests = await db.SupportRequests.Select(r => new { r.CreatedAt, r.Reply, r.RepliedAt }).ToListAsync();
        return
        [
            .. members,
            .. checkIns.OrderBy(c => c.Name).ThenBy(c => c.Number).ThenBy(c => c.Email).Select(c => $"{c.Name} {c.Number} {c.Email} {c.SubmittedAt:O} {c.AnswersJson}"),
            .. requests.OrderBy(r => r.CreatedAt).Select(r => $"{r.CreatedAt:O} {r.RepliedAt:O} {r.Reply}"),
        ];
    }
}
