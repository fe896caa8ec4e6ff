using System.Text.Json.Nodes;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// A teacher's check-in: <c>checkin.submit</c> stores it once (a second submit edits it), shows the
/// confirmation in place of the card and, when they asked for a coach, alerts the coach;
/// <c>checkin.edit</c> brings the card back with their answers; <c>check in</c> sends their open
/// check-in again. A round that closed changes nothing, and a card answered with errors comes back
/// with them beside the inputs, nothing stored.
internal sealed class CheckInHandler(CohortDbContext db, RoundService rounds, SupportAlerts support, TimeProvider time) : ITurnHandler
{
    public const string Submit = "checkin.submit";
    public const string Edit = "checkin.edit";

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.MemberId is not { } memberId)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster."));

        if (turn.Kind != TurnKind.Action)
            return await SendAgainAsync(memberId, cancellationToken);

        if (!int.TryParse(turn.Data.Value("roundId"), out var roundId)
            || await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, cancellationToken) is not { } round)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that check-in any more."));

        var cohort = await rounds.CohortAsync(round.CohortId, cancellationToken);
        var member = cohort.Members.FirstOrDefault(m => m.Id == memberId && m.Role == MemberRole.Teacher);
        if (member is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("This check-in is for the cohort's teachers."));
        var form = new CheckInForm(RoundQuestions.Of(round, cohort), (await rounds.LastPlansAsync(round, cancellationToken)).GetValueOrDefault(memberId));
        var existing = await db.CheckIns.FirstOrDefaultAsync(c => c.RoundId == round.Id && c.MemberId == memberId, cancellationToken);
        var now = time.GetUtcNow();

        if (round.Status != RoundStatus.Open || now >= round.ClosesAt)
            return TurnResponse.Replace(CheckInCards.Notice($"Check-in {round.Number} is closed, so nothing changed. The next one will come to you here."));

        var coach = await rounds.CoachNameAsync(cohort.Id, cancellationToken);
        if (turn.Verb == Edit)
        {
            var answers = existing is null ? null : JsonNode.Parse(existing.AnswersJson)!.AsObject();
            return TurnResponse.Replace(CheckInCards.CheckIn(round, cohort, member, coach, form, answers));
        }

        var (submitted, errors) = form.Read(turn.Data);
        if (errors.Count > 0)
            return TurnResponse.Invalid(CheckInCards.CheckIn(round, cohort, member, coach, form, submitted, errors), errors);

        var askedForCoach = Asked(submitted) && (existing is null || !Asked(JsonNode.Parse(existing.AnswersJson)!.AsObject()));
        if (existing is null)
        {
            existing = db.CheckIns.Add(new CheckIn { RoundId = round.Id, MemberId = memberId, AnswersJson = submitted.ToJsonString(), SubmittedAt = now }).Entity;
        }
        else
        {
            existing.AnswersJson = submitted.ToJsonString();
            existing.LastEditedAt = now;
        }

        // Reminders and nudges to answer still held back (quiet hours) would now be wrong: they are no longer sent.
        var reminders = $"round:{round.Id}/member:{memberId}/remind:";
        var nudges = $"round:{round.Id}/nudge:";
        await CancelHeldAsync(db.Deliveries.KeyedUnder(reminders));
        await CancelHeldAsync(db.Deliveries.KeyedUnder(nudges).Where(d => d.MemberId == memberId));
        Task<int> CancelHeldAsync(IQueryable<Delivery> held) => held.Where(d => d.Status == DeliveryStatus.Pending && d.LeaseUntil == null)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled), cancellationToken);

        if (askedForCoach)
            await support.RequestAsync(cohort, member, round, submitted["challenge"]?.ToString(), cancellationToken);
        return TurnResponse.Replace(CheckInCards.Done(round, cohort, member, form, existing, now));
    }

    private static bool Asked(JsonObject answers) => answers[CheckInForm.CoachSupportKey]?.ToString() == "Yes";

    /// <c>check in</c>: the open check-in of the teacher's cohort again, with what they answered so far.
    private async Task<TurnResponse> SendAgainAsync(int memberId, CancellationToken cancellationToken)
    {
        var open = await db.Rounds.Include(r => r.Cohort)
            .Where(r => r.Status == RoundStatus.Open && r.Cohort!.Members.Any(m => m.Id == memberId && m.Role == MemberRole.Teacher))
            .OrderBy(r => r.ClosesAt).FirstOrDefaultAsync(cancellationToken);
        if (open is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("No check-in is open for you right now. I'll bring you the next one when it opens."));

        var cohort = await rounds.CohortAsync(open.CohortId, cancellationToken);
        var member = cohort.Members.Single(m => m.Id == memberId);
        var existing = await db.CheckIns.AsNoTracking().FirstOrDefaultAsync(c => c.RoundId == open.Id && c.MemberId == memberId, cancellationToken);
        var form = new CheckInForm(RoundQuestions.Of(open, cohort), (await rounds.LastPlansAsync(open, cancellationToken)).GetValueOrDefault(memberId));
        var answers = existing is null ? null : JsonNode.Parse(existing.AnswersJson)!.AsObject();
        return TurnResponse.ReplyPrivately(CheckInCards.CheckIn(open, cohort, member, await rounds.CoachNameAsync(cohort.Id, cancellationToken), form, answers));
    }
}
