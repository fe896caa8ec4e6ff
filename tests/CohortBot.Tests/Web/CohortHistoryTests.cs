using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts.Roster;
using CohortBot.Outbox;
using CohortBot.Reports;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Web;

/// What the pages read: a cohort's rounds in numbers, who each round asked (the check-ins sent,
/// looked up by their keys), each teacher's rounds for the cohort page, and the index's recent rounds
/// of many cohorts at once. Alex is in two cohorts: the other cohort's rounds never count in this one.
public sealed class CohortHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 9, 8, 20, 30, 0, TimeSpan.Zero);
    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    private sealed record District(int Blended, int Flex, int Alex, int Isaiah, int Patti, int A, int B, int Open, int FlexRound);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ClosedRounds_KeepTheirFigures_TheOpenRoundIsCounted_AndEachTeacherHasTheirOwnRounds(string provider)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        _ = app.Server;
        var d = await SeedAsync(app);

        await app.WithStoreAsync(async db =>
        {
            var history = new CohortHistory(db);
            var figures = await history.OfAsync(d.Blended, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal([d.A, d.B, d.Open], figures.Rounds.Select(r => r.Round.Id));
            var (a, b, open) = (figures.Rounds[0], figures.Rounds[1], figures.Rounds[2]);
            Assert.Equal((2, 1), (a.InvitedCount, a.AnsweredCount)); // sent to Alex and Isaiah, Alex answered
            Assert.Equal((2, 2), (b.InvitedCount, b.AnsweredCount)); // sent to Alex; Patti answered without one
            Assert.Equal((2, 1), (open.InvitedCount, open.AnsweredCount));
            Assert.Equal(3.0, a.Mean("progress"));

            // Read once, the closed rounds' figures are kept as the round's own; the open round's are not.
            var frozen = await db.Rounds.AsNoTracking().Where(r => r.CohortId == d.Blended).ToDictionaryAsync(r => r.Id, r => r.ClosedTotalsJson);
            Assert.NotNull(frozen[d.A]);
            Assert.NotNull(frozen[d.B]);
            Assert.Null(frozen[d.Open]);

            var people = await history.PeopleAsync(figures, [a], TestContext.Current.CancellationToken);
            Assert.Equal([d.Alex, d.Isaiah], people[d.A].Invited.Select(m => m.Id).Order());
            Assert.Equal([d.Isaiah], people[d.A].Pending.Select(m => m.Id));
            Assert.Equal(DeliveryStatus.Unreachable, people[d.A].Deliveries[d.Isaiah]);

            var rows = (await history.MemberRoundsAsync(figures, "progress", TestContext.Current.CancellationToken)).ToDictionary(r => r.Teacher.Id);
            Assert.Equal((3, 2, "3, 4"), (rows[d.Alex].Invited, rows[d.Alex].Answered, string.Join(", ", rows[d.Alex].Ratings))); // not Flex's round
            Assert.Equal((2, 1, "2"), (rows[d.Isaiah].Invited, rows[d.Isaiah].Answered, string.Join(", ", rows[d.Isaiah].Ratings)));
            Assert.Equal((1, 1, "5"), (rows[d.Patti].Invited, rows[d.Patti].Answered, string.Join(", ", rows[d.Patti].Ratings)));

            // Read once, who the closed rounds asked and what they rated are kept (no free text); the open round's are not.
            var rolls = await db.RoundRolls.AsNoTracking().ToDictionaryAsync(r => r.RoundId);
            Assert.Equal((true, true, false), (rolls.ContainsKey(d.A), rolls.ContainsKey(d.B), rolls.ContainsKey(d.Open)));
            Assert.Equal([d.Alex, d.Isaiah], rolls[d.A].Members().Keys.Order());
            Assert.Null(rolls[d.A].Members()[d.Isaiah]);
            Assert.Equal(3, rolls[d.A].Members()[d.Alex]!["progress"]);
        });

        // An answer that goes later (an erasure) leaves the closed round's figures as they were.
        await app.WithStoreAsync(db => db.CheckIns.Where(c => c.RoundId == d.A && c.MemberId == d.Alex).ExecuteDeleteAsync());
        await app.WithStoreAsync(async db =>
        {
            var history = new CohortHistory(db);
            var figures = await history.OfAsync(d.Blended, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal((2, 1, 3.0), (figures.Rounds[0].InvitedCount, figures.Rounds[0].AnsweredCount, figures.Rounds[0].Mean("progress")));

            // The index: every cohort's last rounds in one read, the same figures as the cohort's own.
            var recent = (await history.RecentAsync([d.Blended, d.Flex], 2, TestContext.Current.CancellationToken)).ToDictionary(c => c.Cohort.Id);
            Assert.Equal([d.B, d.Open], recent[d.Blended].Rounds.Select(r => r.Round.Id));
            Assert.Equal((2, 1), (recent[d.Blended].Rounds[1].InvitedCount, recent[d.Blended].Rounds[1].AnsweredCount));
            Assert.Equal((1, 1), (recent[d.Flex].Rounds.Single().InvitedCount, recent[d.Flex].Rounds.Single().AnsweredCount));
        });
    }

    [Fact]
    public void ARoll_ForgetsAnErasedMember_AndKeepsTheOthers()
    {
        var roll = RoundRoll.Of(7, new() { [12] = new() { ["progress"] = 4 }, [13] = null });

        Assert.True(roll.Forget(12));
        Assert.False(roll.Forget(12));
        Assert.Equal([13], roll.Members().Keys);
        Assert.DoesNotContain("12", roll.MembersJson, StringComparison.Ordinal);
    }

    [Fact]
    public void ARoll_ReadsBack_WhatWasKept()
    {
        var kept = new Dictionary<int, Dictionary<string, int>?> { [12] = new() { ["progress"] = 4, ["confidence"] = 2 }, [13] = null, [140] = [] };

        var read = RoundRoll.Of(7, kept).Members();

        Assert.Equal([12, 13, 140], read.Keys.Order());
        Assert.Equal(new Dictionary<string, int> { ["progress"] = 4, ["confidence"] = 2 }, read[12]);
        Assert.Null(read[13]);
        Assert.Empty(read[140]!);
        Assert.Empty(new RoundRoll { RoundId = 7, MembersJson = "{}" }.Members());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"x\": null}")]
    [InlineData("{\"12\": {\"progress\": \"4\"}}")]
    [InlineData("{\"12\": 4}")]
    [InlineData("{\"12\": {\"progress\": 4}")]
    public void ARoll_ThatIsNotARoll_IsRefused_NotMisread(string json)
    {
        var error = Assert.ThrowsAny<System.Text.Json.JsonException>(() => new RoundRoll { RoundId = 7, MembersJson = json }.Members());
        Assert.Contains("Round 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASparkline_DrawsEachShare_ToATenthOfAPixel()
    {
        var svg = Charts.Sparkline([0, 0.5, 1, 0.333], "Alex's progress ratings: 1, 3, 5, 2");

        Assert.Contains("points=\"2,26 40.7,14 79.3,2 118,18\"", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Alex&#39;s progress ratings: 1, 3, 5, 2\"", svg, StringComparison.Ordinal);
        Assert.Contains("points=\"2,14\"", Charts.Sparkline([0.5], "one"), StringComparison.Ordinal);
        Assert.Equal("", Charts.Sparkline([], "none"));
    }

    [Fact]
    public void AChart_IsDrawnOnce_ForTheSameFigures()
    {
        ChartLine[] Line(double value) => [new ChartLine("All sites", [50, value])];
        var first = Charts.Lines("Participation per check-in", "% of invited", ["1", "2"], Line(75));
        var again = Charts.Lines("Participation per check-in", "% of invited", ["1", "2"], Line(75));
        var other = Charts.Lines("Participation per check-in", "% of invited", ["1", "2"], Line(80));
        Assert.Same(first.Svg, again.Svg);
        Assert.NotEqual(first.Svg, other.Svg);
        Assert.Equal("80", other.Rows[1][1]);
    }

    private async Task<District> SeedAsync(CohortBotApp app)
    {
        var flex = _files.Write("flex.yaml", """
            district: Demo Unified School District
            cohorts:
              - name: Flex Cohort
                schedule: { weekday: Tuesday, localTime: "15:30", anchorDate: 2026-09-01 }
            members:
              - name: Pradeep Gupta
                email: pradeepg@example.com
                role: teacher
                cohorts: [Flex Cohort]
            """);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<RosterImporter>();
            Assert.True((await importer.ImportFileAsync(RosterFiles.Demo, "test", TestContext.Current.CancellationToken)).Succeeded);
            Assert.True((await importer.ImportFileAsync(flex, "test", TestContext.Current.CancellationToken)).Succeeded);
        }
        return await app.WithStoreAsync(async db =>
        {
            var ids = await db.Members.ToDictionaryAsync(m => m.Email, m => m.Id);
            var (alex, isaiah, patti) = (ids["alexw@example.com"], ids["isaiahl@example.com"], ids["pattif@example.com"]);
            var blended = await db.Cohorts.Where(c => c.Name == "Blended Learning Cohort 2026").Select(c => c.Id).SingleAsync();
            var flexCohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Name == "Flex Cohort");
            flexCohort.Members.Add(await db.Members.SingleAsync(m => m.Id == alex));
            await db.Rounds.Where(r => r.Status == RoundStatus.Scheduled).ExecuteDeleteAsync();

            Round Add(int cohortId, int number, RoundStatus status)
            {
                var opens = Start.AddDays(14 * number);
                var round = new Round { CohortId = cohortId, Number = number, Date = DateOnly.FromDateTime(opens.UtcDateTime), OpensAt = opens, ClosesAt = opens.AddDays(5), OpenedAt = opens, Status = status, ClosedAt = status == RoundStatus.Closed ? opens.AddDays(5) : null };
                db.Rounds.Add(round);
                return round;
            }
            var (a, b, open, other) = (Add(blended, 1, RoundStatus.Closed), Add(blended, 2, RoundStatus.Closed), Add(blended, 3, RoundStatus.Open), Add(flexCohort.Id, 1, RoundStatus.Closed));
            await db.SaveChangesAsync();

            void Sent(Round round, int member, DeliveryStatus status = DeliveryStatus.Sent) => db.Deliveries.Add(new Delivery
            {
                IdempotencyKey = $"round:{round.Id}/member:{member}/checkin", MemberId = member, CardName = "checkin", DataJson = "{}", Text = "Check-in", Status = status, CreatedAt = round.OpensAt,
            });
            // A rating is read from the answers' first characters when they reach it, else from the whole (free text before it).
            void Answered(Round round, int member, int progress, string? before = null)
            {
                var answers = before is null ? [] : new JsonObject { ["win"] = before };
                answers["models"] = new JsonArray("Flex");
                answers["progress"] = progress;
                answers["coachSupport"] = "No";
                db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = member, SubmittedAt = round.OpensAt.AddHours(2), AnswersJson = answers.ToJsonString() });
            }
            Sent(a, alex);
            Sent(a, isaiah, DeliveryStatus.Unreachable);
            Answered(a, alex, 3);
            Sent(b, alex);
            Answered(b, alex, 4, before: new string('x', 120)); // the first characters end in the middle of the rating: 4 or 45?
            Answered(b, patti, 5, before: string.Concat(Enumerable.Repeat("The rotation \"progress\": 1 — ", 20)));
            Sent(open, alex);
            Sent(open, isaiah);
            Answered(open, isaiah, 2);
            Sent(other, alex);
            Answered(other, alex, 1);
            // Not a check-in: a reminder of the same round is no invitation.
            db.Deliveries.Add(new Delivery { IdempotencyKey = $"round:{a.Id}/member:{patti}/remind:60m", MemberId = patti, CardName = "checkin", DataJson = "{}", Text = "Reminder", Status = DeliveryStatus.Sent, CreatedAt = a.OpensAt });
            await db.SaveChangesAsync();
            return new District(blended, flexCohort.Id, alex, isaiah, patti, a.Id, b.Id, open.Id, other.Id);
        });
    }
}
