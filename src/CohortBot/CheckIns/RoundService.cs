using System.Text.Json;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// What a round does when it opens, reminds and closes: the deliveries each step writes (into the
/// caller's unit of work, so a step and its messages are saved together), and the audit entries.
/// Nobody is asked twice (the keys <c>round:{id}/member:{id}/…</c>), nor inside their quiet hours.
internal sealed class RoundService(CohortDbContext db, OutboxWriter outbox, TimeProvider time)
{
    /// Opens the round: one check-in card per teacher of the cohort, outside their quiet hours and,
    /// when the schedule opens it (<paramref name="atLocalTime"/>), at the round's local time in their
    /// own time zone; a coordinator's <c>open</c> asks at once.
    public async Task OpenAsync(Round round, string actor, bool atLocalTime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cohort = await CohortAsync(round.CohortId, cancellationToken);
        round.Status = RoundStatus.Open;
        round.OpenedAt = now;
        RoundQuestions.Snapshot(round, cohort.QuestionSet!.Questions);
        var questions = RoundQuestions.Of(round, cohort);
        var coach = await CoachNameAsync(cohort.Id, cancellationToken);
        var quiet = Quiet(cohort);
        var plans = await LastPlansAsync(round, cancellationToken);
        foreach (var teacher in Teachers(cohort))
        {
            var form = new CheckInForm(questions, plans.GetValueOrDefault(teacher.Id));
            var localOpening = atLocalTime ? LocalOpening(round, cohort.Schedule, teacher.TimeZone) : now;
            var notBefore = quiet.NextAllowed(localOpening > now ? localOpening : now, teacher.TimeZone);
            outbox.ToMember(Key(round, teacher, "checkin"), teacher.Id, CheckInCards.CheckIn(round, cohort, teacher, coach, form), notBefore > now ? notBefore : null);
        }
        Audit(actor, "round.open", cohort, round);
    }

    /// Reminds the teachers who have not answered, once per offset, never in their quiet hours nor on
    /// a day the school is closed; the card comes back so answering is one tap.
    public async Task RemindAsync(Round round, int offsetMinutes, CancellationToken cancellationToken)
    {
        if (round.Status != RoundStatus.Open)
            return;
        var now = time.GetUtcNow();
        var cohort = await CohortAsync(round.CohortId, cancellationToken);
        var answered = await db.CheckIns.Where(c => c.RoundId == round.Id).Select(c => c.MemberId).ToListAsync(cancellationToken);
        var closures = await ClosuresAsync(cohort.DistrictId, cancellationToken);
        var coach = await CoachNameAsync(cohort.Id, cancellationToken);
        var quiet = Quiet(cohort);
        var plans = await LastPlansAsync(round, cancellationToken);
        var questions = RoundQuestions.Of(round, cohort);
        foreach (var teacher in Teachers(cohort).Where(t => !answered.Contains(t.Id)))
        {
            var at = quiet.NextAllowed(now, teacher.TimeZone);
            if (at >= round.ClosesAt || closures.Any(c => c.Contains(LocalTimes.DateIn(at, LocalTimes.Zone(teacher.TimeZone)))))
                continue;
            var form = new CheckInForm(questions, plans.GetValueOrDefault(teacher.Id));
            outbox.ToMember(Key(round, teacher, $"remind:{offsetMinutes}m"), teacher.Id, CheckInCards.CheckIn(round, cohort, teacher, coach, form, reminder: true), at > now ? at : null);
        }
    }

    /// Closes the round: what was still held back is no longer sent, and the summary goes to the
    /// cohort's channels (aggregates only) and to its coaches and the district's coordinators (with
    /// the answers and names).
    public async Task CloseAsync(Round round, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cohort = await CohortAsync(round.CohortId, cancellationToken);
        round.Status = RoundStatus.Closed;
        round.ClosedAt = now;
        var prefix = $"round:{round.Id}/";
        await db.Deliveries.KeyedUnder(prefix).Where(d => d.Status == DeliveryStatus.Pending && d.SentAt == null && d.LeaseUntil == null)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled), cancellationToken);

        var (invited, answers) = await AnswersAsync(round, cohort, cancellationToken);
        var questions = RoundQuestions.Of(round, cohort);
        RoundTotals.Compute(invited, answers, questions).FreezeInto(round);
        foreach (var channel in await db.CohortChannels.Where(c => c.CohortId == cohort.Id).ToListAsync(cancellationToken))
            outbox.To($"{prefix}summary/channel:{channel.Id}", new Turns.ConversationRef(channel.Platform, channel.Address), RoundSummary.Card(round, cohort, invited, answers, questions, isPrivate: false));
        foreach (var reader in await SummaryReadersAsync(cohort, cancellationToken))
            outbox.ToMember($"{prefix}summary/member:{reader.Id}", reader.Id, RoundSummary.Card(round, cohort, invited, answers, questions, isPrivate: true));
        Audit(actor, "round.close", cohort, round);
    }

    /// The figures of a closed round as they were at its close (frozen then, or, for a round closed
    /// before figures were kept, frozen now from the answers there are).
    public async Task<RoundTotals> FreezeTotalsAsync(Round round, CancellationToken cancellationToken)
    {
        if (RoundTotals.Frozen(round) is { } frozen)
            return frozen;
        var cohort = await CohortAsync(round.CohortId, cancellationToken);
        var (invited, answers) = await AnswersAsync(round, cohort, cancellationToken);
        var totals = RoundTotals.Compute(invited, answers, RoundQuestions.Of(round, cohort));
        totals.FreezeInto(round);
        return totals;
    }

    /// The invited teachers and their answers, for summaries and status.
    public async Task<(List<Member> Invited, List<RoundSummary.Answer> Answers)> AnswersAsync(Round round, Cohort cohort, CancellationToken cancellationToken)
    {
        var invited = Teachers(cohort).ToList();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.RoundId == round.Id).ToListAsync(cancellationToken);
        var answers = checkIns.Join(invited, c => c.MemberId, m => m.Id, (c, m) => new RoundSummary.Answer(m, JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(c.AnswersJson)!)).ToList();
        return (invited, answers);
    }

    /// The cohort's coaches and the district's coordinators: who read the private summary.
    public async Task<List<Member>> SummaryReadersAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var coaches = cohort.Members.Where(m => m.Role == MemberRole.Coach);
        var coordinators = await db.Members.Where(m => m.DistrictId == cohort.DistrictId && m.Role == MemberRole.Coordinator).ToListAsync(cancellationToken);
        return [.. coaches.Concat(coordinators).DistinctBy(m => m.Id)];
    }

    public Task<Cohort> CohortAsync(int cohortId, CancellationToken cancellationToken) =>
        db.Cohorts.Include(c => c.QuestionSet).Include(c => c.Members).ThenInclude(m => m.Site).AsSplitQuery().SingleAsync(c => c.Id == cohortId, cancellationToken);

    public Task<string?> CoachNameAsync(int cohortId, CancellationToken cancellationToken) =>
        db.Members.Where(m => m.Role == MemberRole.Coach && m.Cohorts.Any(c => c.Id == cohortId)).OrderBy(m => m.Id).Select(m => m.DisplayName).FirstOrDefaultAsync(cancellationToken);

    /// What each teacher planned last before this round, for the follow-through question: at their
    /// check-in of the round before, or, when it is more recent, what they said they would try first
    /// after a session of the cohort's PD series (so the series and the rhythm feed each other).
    public async Task<Dictionary<int, string>> LastPlansAsync(Round round, CancellationToken cancellationToken)
    {
        var previous = await db.Rounds.Where(r => r.CohortId == round.CohortId && r.Number < round.Number && r.Status == RoundStatus.Closed)
            .OrderByDescending(r => r.Number).Select(r => new { r.Id, r.ClosedAt, r.ClosesAt }).FirstOrDefaultAsync(cancellationToken);
        var plans = new Dictionary<int, string>();
        if (previous is not null)
        {
            var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.RoundId == previous.Id).Select(c => new { c.MemberId, c.AnswersJson }).ToListAsync(cancellationToken);
            foreach (var c in checkIns)
            {
                if (JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(c.AnswersJson)?[CheckInForm.NextStepKey]?.ToString() is { } plan && !string.IsNullOrWhiteSpace(plan))
                    plans[c.MemberId] = plan;
            }
        }

        // A session's reflection given after the previous round closed, and before this one opened, is the newer plan.
        var since = previous?.ClosedAt ?? previous?.ClosesAt ?? DateTimeOffset.MinValue;
        var until = round.OpenedAt ?? time.GetUtcNow();
        var tried = await db.SessionReflections.AsNoTracking()
            .Where(r => r.TryFirst != null && r.Session!.Series!.CohortId == round.CohortId)
            .Select(r => new { r.MemberId, r.TryFirst, r.SubmittedAt })
            .ToListAsync(cancellationToken);
        foreach (var reflection in tried.Where(r => r.SubmittedAt > since && r.SubmittedAt <= until).OrderBy(r => r.SubmittedAt))
            plans[reflection.MemberId] = reflection.TryFirst!;
        return plans;
    }

    public async Task<List<SchoolClosure>> ClosuresAsync(int districtId, CancellationToken cancellationToken) =>
        await db.SchoolClosures.AsNoTracking().Where(c => c.DistrictId == districtId).ToListAsync(cancellationToken);

    public static IEnumerable<Member> Teachers(Cohort cohort) => cohort.Members.Where(m => m.Role == MemberRole.Teacher).OrderBy(m => m.Id);

    public static string Key(Round round, Member member, string what) => $"round:{round.Id}/member:{member.Id}/{what}";

    public static QuietHours Quiet(Cohort cohort) =>
        QuietHours.TryParse(cohort.Schedule.QuietHours, out var hours, out _) ? hours : QuietHours.None;

    /// The round's local time on its date in <paramref name="timeZone"/>.
    public static DateTimeOffset LocalOpening(Round round, CohortSchedule schedule, string timeZone) =>
        RoundCalendar.OpensAt(round.Date, schedule.LocalTime, timeZone);

    private void Audit(string actor, string action, Cohort cohort, Round round) => db.AuditLog.Add(new AuditEntry
    {
        At = time.GetUtcNow(),
        Actor = actor,
        Action = action,
        Subject = cohort.Name,
        DistrictId = cohort.DistrictId,
        DetailsJson = JsonSerializer.Serialize(new { round = round.Id, number = round.Number }),
    });
}

internal static class SchoolClosureExtensions
{
    public static bool Contains(this SchoolClosure closure, DateOnly date) => closure.FirstDate <= date && date <= closure.LastDate;
}
