using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// What a coordinator reads about rounds in chat, times in their own zone: each cohort's open round
/// (<c>status</c>, <c>status COHORT</c>: one rendering for both) and a cohort's last and next rounds
/// (<c>rounds COHORT</c>). Names, counts and delivery errors only: never a teacher's answers.
internal sealed class RoundReports(CohortDbContext db, RoundService rounds, TimeProvider time)
{
    /// How many closed rounds and upcoming ones <c>rounds</c> shows.
    public const int Shown = 3;

    /// The slots looked at for the next rounds, skipped ones included: a year of a weekly rhythm.
    private const int MaxSlots = 52;

    /// Every cohort of the coordinator's district (bare <c>status</c>), and the teachers' questions
    /// still waiting for a coach.
    public async Task<CardMessage> DistrictStatusAsync(Member coordinator, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var cohortId in await db.Cohorts.Where(c => c.DistrictId == coordinator.DistrictId).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(cancellationToken))
            lines.AddRange(await CohortStatusAsync(cohortId, coordinator, cancellationToken));
        lines.AddRange(await WaitingQuestionsAsync(coordinator, cohortId: null, cancellationToken));
        return CheckInCards.Notice(lines.Count == 0 ? "Your district has no cohorts yet." : string.Join("\n\n", lines));
    }

    /// One cohort (<c>status COHORT</c>), and its teachers' questions still waiting for a coach.
    public async Task<CardMessage> StatusAsync(Cohort cohort, Member coordinator, CancellationToken cancellationToken)
    {
        var lines = await CohortStatusAsync(cohort.Id, coordinator, cancellationToken);
        if (await FollowStatusAsync(cohort.Id, coordinator, cancellationToken) is { } follow)
            lines.Add(follow);
        lines.AddRange(await WaitingQuestionsAsync(coordinator, cohort.Id, cancellationToken));
        return CheckInCards.Notice(string.Join("\n\n", lines));
    }

    /// When the cohort's members follow a Teams team or a Slack channel: its last sync, and why the
    /// last one tried could not read the roster, or how many there could not be matched.
    private async Task<string?> FollowStatusAsync(int cohortId, Member reader, CancellationToken cancellationToken)
    {
        if (await db.Follows.AsNoTracking().FirstOrDefaultAsync(f => f.CohortId == cohortId, cancellationToken) is not { } follow)
            return null;
        var from = follow.Platform == Platform.Slack ? "its Slack channel" : "its Teams team";
        var synced = follow.LastSyncedAt is { } at ? $"last synced {CheckInCards.When(at, reader.TimeZone)}" : "not synced yet";
        if (follow.LastError is { } error && follow.LastAttemptAt is { } tried)
            return $"Members follow {from}: {synced}; the sync of {CheckInCards.When(tried, reader.TimeZone)} could not read it ({error}), and is tried again.";
        var unmatched = JsonNode.Parse(follow.UnmatchedJson ?? "[]") is JsonArray people ? people.Count : 0;
        return $"Members follow {from}: {synced}{(unmatched > 0 ? $"; {unmatched} there could not be matched to the roster (the coordinators were sent their names)" : "")}.";
    }

    /// The cohort's open round: answered and invited by site, who is pending, who cannot be reached
    /// and why, and what was not delivered to whom (each person named once); or when the next opens.
    private async Task<List<string>> CohortStatusAsync(int cohortId, Member reader, CancellationToken cancellationToken)
    {
        var cohort = await rounds.CohortAsync(cohortId, cancellationToken);
        var open = await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohortId && r.Status == RoundStatus.Open, cancellationToken);
        if (open is null)
        {
            var next = await db.Rounds.Where(r => r.CohortId == cohortId && r.Status == RoundStatus.Scheduled).OrderBy(r => r.OpensAt).FirstOrDefaultAsync(cancellationToken);
            return [next is null ? $"{cohort.Name}: no round open or planned." : $"{cohort.Name}: no round open; check-in {next.Number} opens {CheckInCards.When(next.OpensAt, reader.TimeZone)}."];
        }

        var (invited, answers) = await rounds.AnswersAsync(open, cohort, cancellationToken);
        var bySite = invited.GroupBy(m => m.Site?.Name ?? "No site").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {answers.Count(a => g.Contains(a.Member))} of {g.Count()}");
        var lines = new List<string> { $"{cohort.Name}, check-in {open.Number} (closes {CheckInCards.When(open.ClosesAt, reader.TimeZone)}): {answers.Count} of {invited.Count} answered ({string.Join("; ", bySite)})." };
        var pending = invited.Where(m => answers.All(a => a.Member.Id != m.Id)).Select(m => m.DisplayName).ToList();
        if (pending.Count > 0)
            lines.Add($"Pending: {string.Join(", ", pending)}.");

        var ids = invited.Select(m => m.Id).ToList();
        var unreachable = await db.Identities.Where(i => i.UnreachableReason != null && ids.Contains(i.MemberId))
            .OrderBy(i => i.MemberId).Select(i => new { i.MemberId, i.Member!.DisplayName, i.Platform, i.UnreachableReason }).ToListAsync(cancellationToken);
        foreach (var person in unreachable)
            lines.Add($"Cannot reach {person.DisplayName} on {person.Platform}: {person.UnreachableReason}");
        var failed = await db.Deliveries.KeyedUnder($"round:{open.Id}/").Where(d => d.Status == DeliveryStatus.Unreachable || d.Status == DeliveryStatus.Failed)
            .OrderBy(d => d.Id).Select(d => new { d.MemberId, d.LastError }).ToListAsync(cancellationToken);
        // Whoever is named as unreachable already has their reason; anyone else once, with the first error.
        foreach (var delivery in failed.Where(f => unreachable.All(u => u.MemberId != f.MemberId)).DistinctBy(f => f.MemberId))
        {
            if (invited.FirstOrDefault(m => m.Id == delivery.MemberId) is { } teacher)
                lines.Add($"Not delivered to {teacher.DisplayName}: {delivery.LastError}");
        }
        return lines;
    }

    /// Teachers' questions to a coach still unanswered after two school days (raised again to the coach).
    private async Task<List<string>> WaitingQuestionsAsync(Member coordinator, int? cohortId, CancellationToken cancellationToken)
    {
        var waiting = await db.SupportRequests
            .Where(r => r.Question && r.RepliedAt == null && r.RaisedAgainAt != null && (cohortId == null || r.CohortId == cohortId)
                && db.Cohorts.Any(c => c.Id == r.CohortId && c.DistrictId == coordinator.DistrictId))
            .Join(db.Members, r => r.MemberId, m => m.Id, (r, m) => new { m.DisplayName, r.CreatedAt }).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        return waiting.Count == 0
            ? []
            : [$"Questions waiting for a coach for more than {Resources.UnansweredQuestions.SchoolDays} school days: {string.Join(", ", waiting.Select(w => $"{w.DisplayName} (asked {CheckInCards.When(w.CreatedAt, coordinator.TimeZone)})"))}."];
    }

    /// The cohort's last closed rounds (answered of invited), the open one, and the next rounds of
    /// its schedule, with each skip date and school closure on the way and why it has no round (a
    /// free date before the planned round is one whose opening has passed).
    public async Task<CardMessage> RoundsAsync(Cohort cohort, Member reader, CancellationToken cancellationToken)
    {
        cohort = await rounds.CohortAsync(cohort.Id, cancellationToken);
        var schedule = cohort.Schedule;
        var zone = reader.TimeZone;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{cohort.Name}: {CheckInCards.Rhythm(schedule)} at {schedule.LocalTime:HH:mm} in each member's own time zone. Times below are yours ({zone})."),
        };

        var last = await db.Rounds.Where(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Closed).OrderByDescending(r => r.Date).Take(Shown).ToListAsync(cancellationToken);
        if (last.Count == 0)
            lines.Add("No round has closed yet.");
        foreach (var round in last.OrderBy(r => r.Date))
        {
            var (answered, invited) = await CountsAsync(round, cancellationToken);
            lines.Add($"Check-in {round.Number}, {CheckInCards.When(round.OpenedAt ?? round.OpensAt, zone)} to {CheckInCards.When(round.ClosedAt ?? round.ClosesAt, zone)}: {answered} of {invited} answered.");
        }

        var open = await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Open, cancellationToken);
        if (open is not null)
        {
            var (answered, invited) = await CountsAsync(open, cancellationToken);
            lines.Add($"Open now: check-in {open.Number}, until {CheckInCards.When(open.ClosesAt, zone)}: {answered} of {invited} answered so far.");
        }

        var planned = await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Scheduled, cancellationToken);
        var closures = await rounds.ClosuresAsync(cohort.DistrictId, cancellationToken);
        var latest = await db.Rounds.Where(r => r.CohortId == cohort.Id && r.Status != RoundStatus.Scheduled).OrderByDescending(r => r.Date).Select(r => (DateOnly?)r.Date).FirstOrDefaultAsync(cancellationToken);
        var today = LocalTimes.DateIn(time.GetUtcNow(), LocalTimes.Zone(schedule.TimeZone));
        var from = latest is { } ran && ran >= today ? ran.AddDays(1) : today;
        var coming = 0;
        foreach (var date in RoundCalendar.Slots(schedule, from).Take(MaxSlots))
        {
            var number = RoundCalendar.RoundNumber(schedule, date);
            var iso = CheckInCards.Iso(date);
            if (schedule.SkipDates.Contains(date))
            {
                lines.Add($"Skipped: check-in {number} ({iso}), a skip date.");
            }
            else if (closures.FirstOrDefault(c => c.Contains(date)) is { } closure)
            {
                lines.Add($"Skipped: check-in {number} ({iso}), inside {closure.Name} (closure from the school calendar).");
            }
            else if (planned is null || date >= planned.Date)
            {
                var opensAt = planned?.Date == date ? planned.OpensAt : RoundScheduler.OpensAt(cohort, date);
                lines.Add($"Next: check-in {number} ({iso}), opens {CheckInCards.When(opensAt, zone)}{(planned?.Date == date ? " (planned)" : "")}.");
                if (++coming == Shown)
                    break;
            }
        }
        if (coming == 0)
            lines.Add("No round is left on the schedule.");
        return CheckInCards.Notice(string.Join("\n\n", lines));
    }

    /// Answered, and invited: the teachers the round's check-in was written for (not those whose
    /// card was still held back when it closed).
    private async Task<(int Answered, int Invited)> CountsAsync(Round round, CancellationToken cancellationToken)
    {
        var invited = await db.Deliveries.CheckInsOf(round.Id).CountAsync(d => d.Status != DeliveryStatus.Cancelled, cancellationToken);
        var answered = await db.CheckIns.CountAsync(c => c.RoundId == round.Id, cancellationToken);
        return (answered, invited);
    }
}
