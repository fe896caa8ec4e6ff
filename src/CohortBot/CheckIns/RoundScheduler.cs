using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// Turns schedules into rounds and runs their steps. The tables are the truth: each cohort has its
/// next round planned with its steps (open, each reminder, close), each step is a Hangfire job named
/// after its round, and at start-up every pending step is registered again; one that came due while
/// the app was down runs once when it is back. A step and the messages it writes are saved together,
/// and running a step twice writes nothing twice (its deliveries' keys), so a lost or doubled job is harmless.
internal sealed class RoundScheduler(CohortDbContext db, RoundService rounds, TurnPipeline pipeline, IBackgroundJobClient jobs, TimeProvider time, ILogger<RoundScheduler> logger)
{
    /// Plans the next round of every cohort that has none ahead, and registers every pending step.
    public async Task PlanAllAsync(CancellationToken cancellationToken)
    {
        foreach (var cohortId in await db.Cohorts.Select(c => c.Id).ToListAsync(cancellationToken))
            await PlanAsync(cohortId, cancellationToken);
        await pipeline.CommitAsync(cancellationToken);
        foreach (var step in await db.RoundSteps.AsNoTracking().Where(s => s.DoneAt == null).ToListAsync(cancellationToken))
            Register(step);
    }

    /// Plans the cohort's next round when none is scheduled or open, unless its schedule has ended.
    public async Task<Round?> PlanAsync(int cohortId, CancellationToken cancellationToken)
    {
        if (await db.Rounds.AnyAsync(r => r.CohortId == cohortId && r.Status != RoundStatus.Closed, cancellationToken))
            return null;
        var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Id == cohortId, cancellationToken);
        return await NextAsync(cohort, cancellationToken) is { } next ? Add(cohort, next.Date, next.OpensAt) : null;
    }

    /// Plans the cohort's next round again after its schedule changed (<c>skip</c>, <c>unskip</c>, the
    /// settings page; the change is saved here): when the round planned is no longer the schedule's
    /// next (its date skipped, an earlier one brought back, its times or reminders changed), it is
    /// deleted with its steps, whose jobs then find no row and do nothing, and the next one is
    /// planned and its steps registered. Returns the round planned, or null when one is open (the
    /// next is planned when it closes) or none is left.
    public async Task<Round?> ReplanAsync(int cohortId, CancellationToken cancellationToken)
    {
        var planned = await db.Rounds.Include(r => r.Steps).FirstOrDefaultAsync(r => r.CohortId == cohortId && r.Status == RoundStatus.Scheduled, cancellationToken);
        if (planned is not null)
        {
            var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Id == cohortId, cancellationToken);
            var schedule = cohort.Schedule;
            if (await NextAsync(cohort, cancellationToken) is { } next && next.Date == planned.Date && next.OpensAt == planned.OpensAt
                && RoundCalendar.ClosesAt(next.Date, schedule.RoundLengthDays, schedule.LocalTime, schedule.TimeZone) == planned.ClosesAt
                && planned.Steps.Where(s => s.Kind == RoundStepKind.Remind).Select(s => s.OffsetMinutes).Order().SequenceEqual(schedule.ReminderMinutes.Distinct().Order()))
            {
                return planned;
            }
            db.Rounds.Remove(planned);
        }
        await pipeline.CommitAsync(cancellationToken);
        return await PlanNextAsync(cohortId, cancellationToken);
    }

    /// The first round of the schedule after the last one that closed: its date, and when it opens
    /// (for the earliest of its members' zones). A date whose opening has passed gives way to the next.
    private async Task<(DateOnly Date, DateTimeOffset OpensAt)?> NextAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var closed = await ClosedDatesAsync(cohort.DistrictId, cancellationToken);
        var last = await db.Rounds.Where(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Closed).OrderByDescending(r => r.Date).Select(r => (DateOnly?)r.Date).FirstOrDefaultAsync(cancellationToken);
        var today = Today(cohort.Schedule.TimeZone);
        var from = last is { } previous && previous >= today ? previous.AddDays(1) : today;
        foreach (var date in RoundCalendar.RoundDates(cohort.Schedule, closed, from).Take(2))
        {
            var opensAt = OpensAt(cohort, date);
            if (opensAt > time.GetUtcNow())
                return (date, opensAt);
        }
        return null;
    }

    /// When the cohort's round on <paramref name="date"/> opens: each member is asked at the
    /// schedule's local time in their own zone, so the round opens with the earliest of them.
    /// The cohort's members must be loaded.
    public static DateTimeOffset OpensAt(Cohort cohort, DateOnly date) =>
        cohort.Members.Select(m => m.TimeZone).Append(cohort.Schedule.TimeZone).Distinct()
            .Min(zone => RoundCalendar.OpensAt(date, cohort.Schedule.LocalTime, zone));

    private Round Add(Cohort cohort, DateOnly date, DateTimeOffset opensAt)
    {
        var schedule = cohort.Schedule;
        var round = db.Rounds.Add(new Round
        {
            CohortId = cohort.Id,
            Number = RoundCalendar.RoundNumber(schedule, date),
            Date = date,
            OpensAt = opensAt,
            ClosesAt = RoundCalendar.ClosesAt(date, schedule.RoundLengthDays, schedule.LocalTime, schedule.TimeZone),
            Status = RoundStatus.Scheduled,
        }).Entity;
        round.Steps.Add(new RoundStep { Kind = RoundStepKind.Open, DueAt = round.OpensAt });
        PlanCloseAndReminders(round, schedule);
        return round;
    }

    /// (Re)plans a round's reminders and close from its closing time.
    private static void PlanCloseAndReminders(Round round, CohortSchedule schedule)
    {
        foreach (var step in round.Steps.Where(s => s.Kind != RoundStepKind.Open && s.DoneAt is null))
            step.DueAt = step.Kind == RoundStepKind.Close ? round.ClosesAt : round.ClosesAt.AddMinutes(-step.OffsetMinutes);
        if (!round.Steps.Any(s => s.Kind == RoundStepKind.Close))
            round.Steps.Add(new RoundStep { Kind = RoundStepKind.Close, DueAt = round.ClosesAt });
        foreach (var minutes in schedule.ReminderMinutes.Distinct())
        {
            if (!round.Steps.Any(s => s.Kind == RoundStepKind.Remind && s.OffsetMinutes == minutes))
                round.Steps.Add(new RoundStep { Kind = RoundStepKind.Remind, OffsetMinutes = minutes, DueAt = round.ClosesAt.AddMinutes(-minutes) });
        }
    }

    /// Runs one step, if it is still to do. The Hangfire job of every step.
    [AutomaticRetry(Attempts = 3)]
    public async Task RunStepAsync(int stepId, CancellationToken cancellationToken)
    {
        var step = await db.RoundSteps.FirstOrDefaultAsync(s => s.Id == stepId, cancellationToken);
        if (step is null || step.DoneAt is not null)
            return;
        var now = time.GetUtcNow();
        if (step.DueAt > now)
        {
            // Moved later (a round opened early) or registered early: the job for its new time runs it.
            return;
        }
        var round = await db.Rounds.Include(r => r.Steps).SingleAsync(r => r.Id == step.RoundId, cancellationToken);
        switch (step.Kind)
        {
            case RoundStepKind.Open when round.Status == RoundStatus.Scheduled:
                await rounds.OpenAsync(round, "schedule", atLocalTime: true, cancellationToken);
                break;
            case RoundStepKind.Remind:
                await rounds.RemindAsync(round, step.OffsetMinutes, cancellationToken);
                break;
            case RoundStepKind.Close when round.Status == RoundStatus.Open:
                await rounds.CloseAsync(round, "schedule", cancellationToken);
                break;
        }
        step.DoneAt = now;
        Log.RoundStepRan(logger, step.JobName);
        await pipeline.CommitAsync(cancellationToken);
        if (step.Kind == RoundStepKind.Close)
            await PlanNextAsync(round.CohortId, cancellationToken);
    }

    /// Runs every step that is due: the safety net behind the jobs, every minute.
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var id in await db.RoundSteps.Where(s => s.DoneAt == null && s.DueAt <= now).OrderBy(s => s.DueAt).Select(s => s.Id).ToListAsync(cancellationToken))
            await RunStepAsync(id, cancellationToken);
    }

    /// Opens the cohort's next round now, by hand (<c>open COHORT</c>): it closes after the
    /// schedule's round length, at the schedule's local time. It keeps its place (and number) in the
    /// rhythm, so the round after it is the next one on the schedule.
    public async Task<Round?> OpenNowAsync(Cohort cohort, string actor, CancellationToken cancellationToken)
    {
        var round = await db.Rounds.Include(r => r.Steps).Where(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Scheduled).OrderBy(r => r.Date).FirstOrDefaultAsync(cancellationToken)
            ?? await PlanAsync(cohort.Id, cancellationToken);
        if (round is null)
            return null;
        var now = time.GetUtcNow();
        var today = Today(cohort.Schedule.TimeZone);
        round.OpensAt = now;
        round.ClosesAt = RoundCalendar.ClosesAt(today, cohort.Schedule.RoundLengthDays, cohort.Schedule.LocalTime, cohort.Schedule.TimeZone);
        PlanCloseAndReminders(round, cohort.Schedule);
        foreach (var open in round.Steps.Where(s => s.Kind == RoundStepKind.Open))
            open.DoneAt = now;
        await rounds.OpenAsync(round, actor, atLocalTime: false, cancellationToken);
        await pipeline.CommitAsync(cancellationToken);
        foreach (var step in round.Steps.Where(s => s.DoneAt is null))
            Register(step);
        return round;
    }

    /// Closes the cohort's open round now, by hand (<c>close COHORT</c>).
    public async Task<Round?> CloseNowAsync(Cohort cohort, string actor, CancellationToken cancellationToken)
    {
        var round = await db.Rounds.Include(r => r.Steps).FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Open, cancellationToken);
        if (round is null)
            return null;
        var now = time.GetUtcNow();
        await rounds.CloseAsync(round, actor, cancellationToken);
        foreach (var step in round.Steps.Where(s => s.DoneAt is null))
            step.DoneAt = now;
        await pipeline.CommitAsync(cancellationToken);
        await PlanNextAsync(cohort.Id, cancellationToken);
        return round;
    }

    private async Task<Round?> PlanNextAsync(int cohortId, CancellationToken cancellationToken)
    {
        if (await PlanAsync(cohortId, cancellationToken) is not { } next)
            return null;
        await pipeline.CommitAsync(cancellationToken);
        foreach (var step in next.Steps)
            Register(step);
        return next;
    }

    private void Register(RoundStep step)
    {
        var now = time.GetUtcNow();
        var id = step.Id;
        if (step.DueAt <= now)
            jobs.Enqueue<RoundScheduler>(scheduler => scheduler.RunStepAsync(id, CancellationToken.None));
        else
            jobs.Schedule<RoundScheduler>(scheduler => scheduler.RunStepAsync(id, CancellationToken.None), step.DueAt - now);
    }

    private async Task<HashSet<DateOnly>> ClosedDatesAsync(int districtId, CancellationToken cancellationToken)
    {
        var closures = await rounds.ClosuresAsync(districtId, cancellationToken);
        var dates = new HashSet<DateOnly>();
        foreach (var closure in closures)
        {
            for (var date = closure.FirstDate; date <= closure.LastDate; date = date.AddDays(1))
                dates.Add(date);
        }
        return dates;
    }

    private DateOnly Today(string timeZone) => LocalTimes.DateIn(time.GetUtcNow(), LocalTimes.Zone(timeZone));
}
