using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Cohorts.Privacy;
using CohortBot.Cohorts.Roster;
using CohortBot.Fakes.Slack;
using CohortBot.Nudges;
using CohortBot.Outbox;
using CohortBot.Resources;
using CohortBot.Series;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using CohortBot.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Privacy;

/// Export and erasure of one member of the demo district, Diego Siciliani (a teacher on Slack), on
/// both stores. Diego is given something of every kind CohortBot keeps, each carrying a phrase of
/// his own, so that after the erasure the whole database can be searched for him.
public sealed class MemberPrivacyTests
{
    private const string DiegoEmail = "diegos@example.com";
    private const string DiegoName = "Diego Siciliani";
    private const string DiegoSlack = "U0DEMODIEGO";
    private const string Answer = "my zebra-striped station rotation playlist";
    private const string Challenge = "the aquamarine headphones keep breaking";
    private const string VoteQuestion = "how do I run tangerine small groups";
    private const string TryFirst = "a marigold exit ticket";
    private const string VisitReflection = "the periwinkle timer on the board";
    private const string DmChannel = "D0DIEGODM1";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_ContainsTheMembersAnswersAndIdentities(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync();

        var export = await demo.PrivacyAsync(p => p.ExportAsync(seeded.Diego, seeded.Megan, Cancel));

        Assert.True(export.Succeeded, export.Refusal);
        var data = export.Data!;
        Assert.Equal((DiegoName, DiegoEmail), (data["profile"]!["name"]!.ToString(), data["profile"]!["email"]!.ToString()));
        Assert.Contains(data["platformIdentities"]!.AsArray(), i => i!["userId"]!.ToString() == DiegoSlack && i["platform"]!.ToString() == "Slack");
        var answers = data["checkIns"]!.AsArray().Single()!["answers"]!.AsArray();
        Assert.Contains(answers, a => a!["answer"]!.ToString() == Answer && a["question"]!.ToString() != "win");
        var text = data.ToJsonString();
        foreach (var phrase in new[] { Challenge, VoteQuestion, TryFirst, VisitReflection, "Slow down: answer", "Blended Learning Cohort 2026" })
            Assert.Contains(phrase, text, StringComparison.Ordinal);
        Assert.Contains(data["deliveries"]!.AsArray(), d => d!["key"]!.ToString() == seeded.DeliveryKey && d["card"]!.ToString() == "checkin");
        Assert.Contains(data["auditEntries"]!.AsArray(), a => a!["action"]!.ToString() == "identity.link");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_RemovesEveryKindOfData_AndTheDatabaseNoLongerNamesThem(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync();
        var before = await demo.App.WithStoreAsync(db => db.Cohorts.Select(c => c.LibraryVersion).SingleAsync());

        var report = await demo.PrivacyAsync(p => p.EraseAsync(seeded.Diego, seeded.Megan, Cancel));

        Assert.True(report.Erased, report.Refusal);
        var id = seeded.Diego;
        await demo.App.WithStoreAsync(async db =>
        {
            Assert.False(await db.CheckIns.AnyAsync(c => c.MemberId == id));
            Assert.False(await db.SupportRequests.AnyAsync(r => r.MemberId == id));
            Assert.False(await db.SessionReflections.AnyAsync(r => r.MemberId == id));
            Assert.False(await db.Commitments.AnyAsync(c => c.MemberId == id));
            Assert.False(await db.Attendance.AnyAsync(a => a.MemberId == id));
            Assert.False(await db.VisitBookings.AnyAsync(b => b.VisitorId == id));
            Assert.Equal(0, await db.VisitSlots.Where(s => s.Id == seeded.SlotId).Select(s => s.BookedSeats).SingleAsync());
            Assert.False(await db.ResourceVotes.AnyAsync(v => v.MemberId == id));
            Assert.False(await db.NudgeRecipients.AnyAsync(r => r.MemberId == id));
            Assert.False(await db.Identities.AnyAsync(i => i.MemberId == id));
            Assert.False(await db.Conversations.AnyAsync(c => c.ExternalId == DmChannel));

            var resource = await db.Resources.SingleAsync(r => r.Id == seeded.ResourceId);
            Assert.Equal((null, ResourceStatus.Active), (resource.SharedByMemberId, resource.Status));
            Assert.DoesNotContain(id, resource.CreditedMemberIds);
            Assert.True(await db.Cohorts.Select(c => c.LibraryVersion).SingleAsync() > before);

            // The delivery keeps its key, so the card is never written (nor sent) again; not what it said.
            var delivery = await db.Deliveries.SingleAsync(d => d.IdempotencyKey == seeded.DeliveryKey);
            Assert.Equal(("{}", "", null, DeliveryStatus.Cancelled), (delivery.DataJson, delivery.Text, delivery.Address, delivery.Status));
            var payload = await db.ProcessedEvents.SingleAsync(e => e.EventId == "Ev0DIEGO1");
            Assert.Null(payload.Payload);
            Assert.NotNull(payload.HandledAt);

            var member = await db.Members.Include(m => m.Cohorts).SingleAsync(m => m.Id == id);
            Assert.Equal((MemberEraser.FormerName, MemberRole.Teacher, 0), (member.DisplayName, member.Role, member.Cohorts.Count));
            var tombstone = await db.ErasedMembers.SingleAsync();
            Assert.Equal(ErasedMember.HashEmail(DiegoEmail), tombstone.EmailHash);
            Assert.NotNull(tombstone.SlackUserHash);
        });

        var dump = await DumpAsync(demo.App);
        Assert.Contains("Alex Wilber", dump, StringComparison.Ordinal); // the dump does hold the others
        foreach (var trace in new[] { DiegoEmail, DiegoName, DiegoSlack, DmChannel, Answer, Challenge, VoteQuestion, TryFirst, VisitReflection, "a lavender conflict" })
            Assert.DoesNotContain(trace, dump, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_KeepsAClosedRoundsTotalsAsTheyWere(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync();
        var totalsBefore = await demo.ScopeAsync(async services =>
        {
            var rounds = services.GetRequiredService<RoundService>();
            var db = services.GetRequiredService<CohortDbContext>();
            var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == seeded.RoundId);
            var cohort = await rounds.CohortAsync(round.CohortId, Cancel);
            var (invited, answers) = await rounds.AnswersAsync(round, cohort, Cancel);
            Assert.Equal(3, answers.Count);
            return Json(RoundTotals.Compute(invited, answers, [.. cohort.QuestionSet!.Questions.OrderBy(q => q.Position)]));
        });

        Assert.True((await demo.PrivacyAsync(p => p.EraseAsync(seeded.Diego, seeded.Megan, Cancel))).Erased);

        await demo.App.WithStoreAsync(async db =>
        {
            var round = await db.Rounds.SingleAsync(r => r.Id == seeded.RoundId);
            var frozen = RoundTotals.Frozen(round);
            Assert.NotNull(frozen);
            Assert.Equal(totalsBefore, Json(frozen));
            Assert.Equal((7, 3), (frozen.Invited, frozen.Answered));
            Assert.Equal(2, await db.CheckIns.CountAsync(c => c.RoundId == round.Id));
        });
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_FreezesTheRoundsTotals(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync(closed: false);

        await demo.ScopeAsync(async services =>
        {
            var db = services.GetRequiredService<CohortDbContext>();
            await services.GetRequiredService<RoundService>().CloseAsync(await db.Rounds.SingleAsync(r => r.Id == seeded.RoundId, Cancel), "test", Cancel);
            return await services.GetRequiredService<OutboxWriter>().SaveAsync(Cancel);
        });

        var round = await demo.App.WithStoreAsync(db => db.Rounds.SingleAsync(r => r.Id == seeded.RoundId));
        Assert.Equal((7, 3), (RoundTotals.Frozen(round)!.Invited, RoundTotals.Frozen(round)!.Answered));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_WritesAnAuditEntryWithCountsOnly(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync();

        await demo.PrivacyAsync(p => p.EraseAsync(seeded.Diego, seeded.Megan, Cancel));

        var entry = await demo.App.WithStoreAsync(db => db.AuditLog.SingleAsync(a => a.Action == "member.erase"));
        Assert.Equal(($"member:{seeded.Megan}", $"member:{seeded.Diego}", seeded.District), (entry.Actor, entry.Subject, entry.DistrictId));
        var counts = JsonSerializer.Deserialize<Dictionary<string, int>>(entry.DetailsJson!)!;
        Assert.Equal(1, counts["check-ins"]);
        Assert.Equal(1, counts["platform identities"]);
        foreach (var content in new[] { DiegoEmail, DiegoName, DiegoSlack, Answer, Challenge })
            Assert.DoesNotContain(content, entry.DetailsJson!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_ThenReimportAndSlackLinkJob_NeverBringTheMemberBack(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync();
        await demo.PrivacyAsync(p => p.EraseAsync(seeded.Diego, seeded.Megan, Cancel));

        var report = await demo.WithServiceAsync<RosterImporter, ImportReport>(importer => importer.ImportFileAsync(RosterFiles.Demo, "test", Cancel));
        Assert.True(report.Succeeded, report.ToString());
        Assert.Contains("skipped 1 erased member", report.Changes);

        // Slack still lists him, with his e-mail, in the district's workspace.
        demo.Slack.AddUser(DiegoSlack, DiegoEmail, DiegoName, teamId: "T0DEMO0001");
        await demo.WithServiceAsync<CohortBot.Channels.Slack.SlackIdentities, bool>(async slack => { await slack.LinkDistrictAsync(seeded.District, Cancel); return true; });

        await demo.App.WithStoreAsync(async db =>
        {
            Assert.False(await db.Members.AnyAsync(m => m.Email == DiegoEmail));
            Assert.False(await db.Identities.AnyAsync(i => i.UserId == DiegoSlack));
            Assert.Equal(9, await db.Members.CountAsync()); // the nine of the demo, Diego as a former member
            Assert.Equal(7, await db.Cohorts.SelectMany(c => c.Members).CountAsync(m => m.Role == MemberRole.Teacher) + 1);
        });
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_ByATeacherOrACoach_IsRefusedAndChangesNothing(string provider)
    {
        await using var demo = await Demo.StartAsync(provider);
        var seeded = await demo.SeedDiegoAsync();

        foreach (var email in new[] { "alexw@example.com", "adelev@example.com" })
        {
            var actor = await demo.App.WithStoreAsync(db => db.Members.Where(m => m.Email == email).Select(m => m.Id).SingleAsync());
            var report = await demo.PrivacyAsync(p => p.EraseAsync(seeded.Diego, actor, Cancel));
            var export = await demo.PrivacyAsync(p => p.ExportAsync(seeded.Diego, actor, Cancel));
            Assert.False(report.Erased);
            Assert.False(export.Succeeded);
        }
        Assert.False((await demo.PrivacyAsync(p => p.EraseAsync(seeded.Megan, seeded.Megan, Cancel))).Erased);

        await demo.App.WithStoreAsync(async db =>
        {
            Assert.True(await db.CheckIns.AnyAsync(c => c.MemberId == seeded.Diego));
            Assert.True(await db.Members.AnyAsync(m => m.Email == DiegoEmail));
            Assert.False(await db.ErasedMembers.AnyAsync());
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "member.erase"));
        });
    }

    private static string Json(RoundTotals totals) => JsonSerializer.Serialize(totals);

    /// Every row of every table of the app's schema, as text.
    private static Task<string> DumpAsync(CohortBotApp app) => app.WithStoreAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Cancel);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = db.Database.IsNpgsql()
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
                tables.Add(reader.GetString(0));
        }
        Assert.Contains("CheckIns", tables);
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(Field(reader, i)).Append('|');
                text.AppendLine();
            }
        }
        return text.ToString();
    });

    private static string Field(DbDataReader reader, int i) => reader.IsDBNull(i) ? "" : reader.GetValue(i) switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        System.Collections.IEnumerable items and not string => string.Join(",", items.Cast<object>()),
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// What <see cref="Demo.SeedDiegoAsync"/> made.
    private sealed record Seeded(int District, int Diego, int Megan, int RoundId, int ResourceId, int SlotId, string DeliveryKey);

    /// The demo district on a store of the given provider, its Slack served by a fake, on a fake clock
    /// (Tuesday 1 December 2026, noon in Chicago).
    private sealed class Demo(CohortBotApp app, FakeSlackApi slack) : IAsyncDisposable
    {
        public CohortBotApp App => app;
        public FakeSlackApi Slack => slack;

        public static async Task<Demo> StartAsync(string provider)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
            var slack = await FakeSlackApi.StartAsync();
            var app = new CohortBotApp(await TestDatabase.CreateAsync(provider), settings: new Dictionary<string, string?>
            {
                ["CohortBot:Seed"] = "samples/demo-district.yaml",
                ["Slack:SigningSecret"] = DemoBot.SlackSecret,
                ["Slack:BotToken"] = "xoxb-test-token",
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            }, services: services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            });
            _ = app.Server; // starts the host: migrations and the seed run
            return new Demo(app, slack);
        }

        public Task<T> PrivacyAsync<T>(Func<MemberPrivacy, Task<T>> work) => WithServiceAsync(work);

        public Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> work)
            where TService : notnull => ScopeAsync(services => work(services.GetRequiredService<TService>()));

        /// Runs <paramref name="work"/> with the services of one scope, as one request would.
        public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider);
        }

        /// Gives Diego one of everything, with a phrase of his own in each kind of free text, and a
        /// closed round answered by him and two others.
        public Task<Seeded> SeedDiegoAsync(bool closed = true) => app.WithStoreAsync(async db =>
        {
            var now = new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
            var members = await db.Members.ToDictionaryAsync(m => m.Email, Cancel);
            var diego = members[DiegoEmail];
            var cohort = await db.Cohorts.SingleAsync(Cancel);
            var district = cohort.DistrictId;

            var round = db.Rounds.Add(new Round
            {
                CohortId = cohort.Id, Number = 900, Date = new DateOnly(2026, 11, 17), OpensAt = now.AddDays(-14), ClosesAt = now.AddDays(-9),
                Status = closed ? RoundStatus.Closed : RoundStatus.Open, OpenedAt = now.AddDays(-14), ClosedAt = closed ? now.AddDays(-9) : null,
            }).Entity;
            await db.SaveChangesAsync(Cancel);
            foreach (var (email, progress, win) in new[] { (DiegoEmail, 5, Answer), ("alexw@example.com", 3, "stations"), ("lynner@example.com", 4, "playlists") })
            {
                var answers = new JsonObject { ["progress"] = progress, ["models"] = new JsonArray("Station Rotation"), ["win"] = win, ["coachSupport"] = email == DiegoEmail ? "Yes" : "No" };
                db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = members[email].Id, AnswersJson = answers.ToJsonString(), SubmittedAt = now.AddDays(-12) });
            }
            db.SupportRequests.Add(new SupportRequest { CohortId = cohort.Id, MemberId = diego.Id, RoundId = round.Id, Challenge = Challenge, CreatedAt = now.AddDays(-12) });

            var resource = db.Resources.Add(new Resource
            {
                CohortId = cohort.Id, Title = "Station rotation starter kit", Url = "https://example.org/kit", NormalizedUrl = "https://example.org/kit",
                SharedByMemberId = diego.Id, CreditedMemberIds = [diego.Id], SharedAt = now, UpdatedAt = now, Status = ResourceStatus.Active,
                SourceKey = "slack:C0DEMOCOHORT:1700000000.000100", SourceLink = "https://demo.slack.com/archives/C0DEMOCOHORT/p1700000000000100?user=" + DiegoSlack,
            }).Entity;
            await db.SaveChangesAsync(Cancel);
            db.ResourceVotes.Add(new ResourceVote { ResourceId = resource.Id, MemberId = diego.Id, Question = VoteQuestion, Helpful = true, At = now });

            var nudge = db.Nudges.Add(new Nudge
            {
                CohortId = cohort.Id, ByMemberId = members["meganb@example.com"].Id, Message = "Slow down: answer when you can", PreviewedAudience = $"{diego.Id}",
                Status = NudgeStatus.Sent, PreviewedAt = now, SentAt = now,
            }).Entity;
            await db.SaveChangesAsync(Cancel);
            db.NudgeRecipients.Add(new NudgeRecipient { NudgeId = nudge.Id, MemberId = diego.Id, DeliveryKey = $"nudge:{nudge.Id}/member:{diego.Id}" });
            var key = $"round:{round.Id}/member:{diego.Id}/checkin";
            db.Deliveries.Add(new Delivery
            {
                IdempotencyKey = key, MemberId = diego.Id, Platform = Platform.Slack, Address = DmChannel, CardName = "checkin",
                DataJson = new JsonObject { ["firstName"] = "Diego", ["name"] = DiegoName }.ToJsonString(), Text = $"{DiegoName}, how is it going?", Status = DeliveryStatus.Pending, CreatedAt = now,
            });
            db.Deliveries.Add(new Delivery
            {
                IdempotencyKey = $"nudge:{nudge.Id}/member:{diego.Id}", MemberId = diego.Id, Platform = Platform.Slack, Address = DmChannel, CardName = "nudge",
                DataJson = new JsonObject { ["message"] = nudge.Message }.ToJsonString(), Text = nudge.Message, Status = DeliveryStatus.Sent, CreatedAt = now, SentAt = now,
            });
            // The private summary to his coach names him with his answer.
            db.Deliveries.Add(new Delivery
            {
                IdempotencyKey = $"round:{round.Id}/summary/member:{members["adelev@example.com"].Id}", MemberId = members["adelev@example.com"].Id, CardName = "round-summary",
                DataJson = new JsonObject { ["texts"] = new JsonArray(new JsonObject { ["name"] = DiegoName, ["answers"] = new JsonArray(new JsonObject { ["text"] = Answer }) }) }.ToJsonString(),
                Text = "Check-in 900: 3 of 7 answered.", Status = DeliveryStatus.Sent, CreatedAt = now, SentAt = now,
            });
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev0DIEGO1", ReceivedAt = now, Workspace = "T0DEMO0001", Payload = $$$"""{"event":{"user":"{{{DiegoSlack}}}","text":"{{{Challenge}}}"}}""" });
            db.ProcessedEvents.Add(new ProcessedEvent { Platform = Platform.Slack, EventId = "Ev0DIEGO2", ReceivedAt = now, HandledAt = now, Workspace = "T0DEMO0001", Payload = $$$"""{"event":{"user":"{{{DiegoSlack}}}","channel":"{{{DmChannel}}}"}}""" });

            var identity = await db.Identities.SingleAsync(i => i.MemberId == diego.Id, Cancel);
            identity.ConversationId = DmChannel;
            db.Conversations.Add(new CohortBot.Channels.Conversation { Platform = Platform.Slack, ExternalId = DmChannel, Kind = CohortBot.Turns.ConversationKind.Personal, AddedAt = now });

            var series = await db.Series.Include(s => s.Sessions).SingleAsync(Cancel);
            var session = series.Sessions.OrderBy(s => s.Position).First();
            db.Commitments.Add(new SeriesCommitment { SeriesId = series.Id, MemberId = diego.Id, MissingSessionIds = [session.Id], Reason = "a lavender conflict", AnsweredAt = now });
            db.Attendance.Add(new SessionAttendance { SessionId = session.Id, MemberId = diego.Id, Source = AttendanceSource.Code, RecordedAt = now });
            db.SessionReflections.Add(new SessionReflection { SessionId = session.Id, MemberId = diego.Id, Usefulness = 4, TryFirst = TryFirst, SubmittedAt = now });

            var slot = await db.VisitSlots.OrderBy(s => s.StartsAt).FirstAsync(Cancel);
            slot.BookedSeats = 1;
            db.VisitBookings.Add(new VisitBooking { SlotId = slot.Id, VisitorId = diego.Id, BookedAt = now, Reflection = VisitReflection, ShareWithHost = true, ReflectedAt = now });
            await db.SaveChangesAsync(Cancel);
            return new Seeded(district, diego.Id, members["meganb@example.com"].Id, round.Id, resource.Id, slot.Id, key);
        });

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await slack.DisposeAsync();
        }
    }
}
