using System.Globalization;
using System.Text.Json;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// <c>skip COHORT DATE</c> and <c>unskip COHORT DATE</c>: a round date of the cohort's rhythm left out
/// of its schedule's skip dates, or brought back. Refused with the reason, and nothing changed, for a
/// date not in ISO form, in the past, not of the rhythm (the round dates near it are named), skipped
/// already (or, to unskip, not skipped), of the round open now or of one that already ran, or, to
/// skip, inside a school closure (no round opens then anyway). When the change moves the cohort's next
/// round, it is planned again with its steps. Every change is in the audit log (<c>round.skip</c>,
/// <c>round.unskip</c>, with the date).
internal sealed class RoundSkips(CohortDbContext db, RoundScheduler scheduler, RoundService rounds, TimeProvider time)
{
    public async Task<CardMessage> ChangeAsync(Cohort cohort, string options, Member coordinator, bool skip, CancellationToken cancellationToken)
    {
        var command = skip ? "skip" : "unskip";
        var schedule = cohort.Schedule;
        var today = LocalTimes.DateIn(time.GetUtcNow(), LocalTimes.Zone(schedule.TimeZone));
        if (!DateOnly.TryParseExact(options, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var example = CheckInCards.Iso(RoundCalendar.Slots(schedule, today).First());
            return CheckInCards.Notice(options.Length == 0
                ? $"Name the date too, for example: {command} {cohort.Name} {example}."
                : $"\"{options}\" is not a date in ISO form (year-month-day, like {example}), so nothing changed.");
        }
        if (date < today)
            return CheckInCards.Notice($"{CheckInCards.Iso(date)} is in the past, so nothing changed.");

        if (!RoundCalendar.IsSlot(schedule, date))
        {
            var (before, after) = RoundCalendar.SlotsAround(schedule, date);
            var near = before is { } earlier ? $"the nearest are {CheckInCards.Iso(earlier)} and {CheckInCards.Iso(after)}" : $"the first is {CheckInCards.Iso(after)}";
            return CheckInCards.Notice($"{CheckInCards.Iso(date)} is not a round date of {cohort.Name} ({CheckInCards.Rhythm(schedule)}): {near}. Nothing changed.");
        }
        var skipped = schedule.SkipDates.Contains(date);
        if (skip && skipped)
            return CheckInCards.Notice($"{CheckInCards.Iso(date)} is already skipped for {cohort.Name}, so nothing changed.");
        if (!skip && !skipped)
            return CheckInCards.Notice($"{CheckInCards.Iso(date)} is not skipped for {cohort.Name}, so nothing changed.");

        var round = await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.Date == date && r.Status != RoundStatus.Scheduled, cancellationToken);
        if (round?.Status == RoundStatus.Open)
            return CheckInCards.Notice($"{CheckInCards.Iso(date)} is the date of check-in {round.Number}, which is open now: write \"close {cohort.Name}\" to end it. Nothing changed.");
        if (round is not null)
            return CheckInCards.Notice($"Check-in {round.Number} ({CheckInCards.Iso(date)}) already ran, so nothing changed.");
        var closure = (await rounds.ClosuresAsync(cohort.DistrictId, cancellationToken)).FirstOrDefault(c => c.Contains(date));
        if (skip && closure is not null)
            return CheckInCards.Notice($"{CheckInCards.Iso(date)} is already inside {closure.Name} (closure from the school calendar): no round opens then, so nothing changed.");

        schedule.SkipDates = skip ? [.. schedule.SkipDates.Append(date).Order()] : [.. schedule.SkipDates.Where(d => d != date)];
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = $"member:{coordinator.Id}",
            Action = $"round.{command}",
            Subject = cohort.Name,
            DistrictId = cohort.DistrictId,
            DetailsJson = JsonSerializer.Serialize(new { date = CheckInCards.Iso(date) }),
        });
        var planned = await db.Rounds.Where(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Scheduled).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var next = await scheduler.ReplanAsync(cohort.Id, cancellationToken);

        var number = RoundCalendar.RoundNumber(schedule, date);
        var done = skip
            ? $"Check-in {number} of {cohort.Name} ({CheckInCards.Iso(date)}) is skipped."
            : $"Check-in {number} of {cohort.Name} ({CheckInCards.Iso(date)}) is back on the schedule."
                + (closure is null ? "" : $" It is inside {closure.Name} (closure from the school calendar), so no round opens then while the calendar says so.");
        return CheckInCards.Notice($"{done} {await NextAsync(cohort, next, moved: next?.Id != planned, coordinator, cancellationToken)}");
    }

    /// The cohort's next round after the change, in the coordinator's own time.
    private async Task<string> NextAsync(Cohort cohort, Round? next, bool moved, Member coordinator, CancellationToken cancellationToken)
    {
        if (next is not null)
            return $"The next check-in is {(moved ? "now " : "")}{next.Number}, opening {CheckInCards.When(next.OpensAt, coordinator.TimeZone)}.";
        return await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Open, cancellationToken) is { } open
            ? $"Check-in {open.Number} is open now; the next one is planned when it closes."
            : $"{cohort.Name} has no round left on its schedule.";
    }
}
