using System.Text.Json;
using CohortBot.Channels;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// The coordinators' round commands, where they chat: <c>open COHORT</c> and <c>close COHORT</c>
/// (in a 1:1 chat, or Slack's <c>/cohort</c>), <c>link COHORT</c> (in the channel that gets the
/// cohort's summaries), <c>status</c> (for a teacher: their answers this round; for a coordinator:
/// every cohort's open round), and the summary's <c>More</c> (<c>checkin.summary</c>). Whoever is
/// not a coordinator gets a polite refusal and nothing changes.
internal sealed class RoundCommands(CohortDbContext db, RoundScheduler scheduler, RoundService rounds, TimeProvider time) : ITurnHandler
{
    public const string SummaryPage = "checkin.summary";

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = turn.MemberId is { } id ? await db.Members.SingleAsync(m => m.Id == id, cancellationToken) : null;
        if (turn.Verb == SummaryPage)
            return await SummaryPageAsync(turn, member, cancellationToken);
        if (turn.Command == "status")
            return await StatusAsync(member, cancellationToken);

        if (member?.Role != MemberRole.Coordinator)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Only a coordinator can {turn.Command} a cohort's rounds: nothing changed."));
        var cohorts = await db.Cohorts.Where(c => c.DistrictId == member.DistrictId).ToListAsync(cancellationToken);
        var match = CohortNames.Find(turn.Arguments, cohorts);
        if (match.Cohort is not { } cohort)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice(match.Problem(turn.Arguments)));
        var actor = $"member:{member.Id}";

        switch (turn.Command)
        {
            case "open" when turn.Conversation != ConversationKind.Personal:
            case "close" when turn.Conversation != ConversationKind.Personal:
                return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Write \"{turn.Command} {cohort.Name}\" to me in a 1:1 chat."));
            case "open":
                if (await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Open, cancellationToken) is { } already)
                    return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Check-in {already.Number} of {cohort.Name} is already open, until {CheckInCards.When(already.ClosesAt, member.TimeZone)}."));
                var opened = await scheduler.OpenNowAsync(cohort, actor, cancellationToken);
                return TurnResponse.ReplyPrivately(CheckInCards.Notice(opened is null
                    ? $"{cohort.Name} has no round left on its schedule, so nothing opened."
                    : $"Check-in {opened.Number} of {cohort.Name} is open until {CheckInCards.When(opened.ClosesAt, member.TimeZone)}; {RoundService.Teachers(await rounds.CohortAsync(cohort.Id, cancellationToken)).Count()} teachers are being asked."));
            case "close":
                var closed = await scheduler.CloseNowAsync(cohort, actor, cancellationToken);
                return TurnResponse.ReplyPrivately(CheckInCards.Notice(closed is null
                    ? $"{cohort.Name} has no open round, so nothing changed."
                    : $"Check-in {closed.Number} of {cohort.Name} is closed; the summary is on its way to you, the coaches and the cohort's channels."));
            default: // link
                return await LinkAsync(turn, cohort, actor, cancellationToken);
        }
    }

    private async Task<TurnResponse> LinkAsync(Turn turn, Cohort cohort, string actor, CancellationToken cancellationToken)
    {
        if (turn.Conversation == ConversationKind.Personal || turn.ReplyTo is not { } here || turn.ChannelId is not { } channelId)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Write \"link {cohort.Name}\" in the channel that should get its summaries (mention me there)."));
        if (!await db.CohortChannels.AnyAsync(c => c.CohortId == cohort.Id && c.Platform == here.Platform && c.ExternalId == channelId, cancellationToken))
        {
            db.CohortChannels.Add(new CohortChannel { CohortId = cohort.Id, Platform = here.Platform, Address = here.Address, ExternalId = channelId, LinkedAt = time.GetUtcNow() });
            db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), Actor = actor, Action = "cohort.link", Subject = cohort.Name, DetailsJson = JsonSerializer.Serialize(new { platform = here.Platform.ToString(), channel = channelId }) });
        }
        return TurnResponse.Reply(CheckInCards.Notice($"This channel now gets the summaries of {cohort.Name} (numbers only: no names, no answers in words)."));
    }

    private async Task<TurnResponse> StatusAsync(Member? member, CancellationToken cancellationToken)
    {
        if (member is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster."));
        if (member.Role == MemberRole.Coordinator)
            return TurnResponse.ReplyPrivately(await CoordinatorStatusAsync(member, cancellationToken));

        var open = await db.Rounds.Where(r => r.Status == RoundStatus.Open && r.Cohort!.Members.Any(m => m.Id == member.Id)).OrderBy(r => r.ClosesAt).FirstOrDefaultAsync(cancellationToken);
        if (open is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("No check-in is open right now."));
        var cohort = await rounds.CohortAsync(open.CohortId, cancellationToken);
        if (member.Role == MemberRole.Coach)
        {
            var (invited, answers) = await rounds.AnswersAsync(open, cohort, cancellationToken);
            return TurnResponse.ReplyPrivately(RoundSummary.Card(open, cohort, invited, answers, [.. cohort.QuestionSet!.Questions.OrderBy(q => q.Position)], isPrivate: true));
        }
        var checkIn = await db.CheckIns.AsNoTracking().FirstOrDefaultAsync(c => c.RoundId == open.Id && c.MemberId == member.Id, cancellationToken);
        if (checkIn is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"You have not answered check-in {open.Number} yet: it is open until {CheckInCards.When(open.ClosesAt, member.TimeZone)}. Write \"check in\" to get it again."));
        var form = new CheckInForm(cohort.QuestionSet!.Questions, (await rounds.LastPlansAsync(open, cancellationToken)).GetValueOrDefault(member.Id));
        return TurnResponse.ReplyPrivately(CheckInCards.Done(open, cohort, member, form, checkIn, time.GetUtcNow()));
    }

    /// Each cohort's open round: answered and invited by site, who is pending, who cannot be reached and why.
    private async Task<CardMessage> CoordinatorStatusAsync(Member coordinator, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var cohortId in await db.Cohorts.Where(c => c.DistrictId == coordinator.DistrictId).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(cancellationToken))
        {
            var cohort = await rounds.CohortAsync(cohortId, cancellationToken);
            var open = await db.Rounds.FirstOrDefaultAsync(r => r.CohortId == cohortId && r.Status == RoundStatus.Open, cancellationToken);
            if (open is null)
            {
                var next = await db.Rounds.Where(r => r.CohortId == cohortId && r.Status == RoundStatus.Scheduled).OrderBy(r => r.OpensAt).FirstOrDefaultAsync(cancellationToken);
                lines.Add(next is null ? $"{cohort.Name}: no round open or planned." : $"{cohort.Name}: no round open; check-in {next.Number} opens {CheckInCards.When(next.OpensAt, coordinator.TimeZone)}.");
                continue;
            }
            var (invited, answers) = await rounds.AnswersAsync(open, cohort, cancellationToken);
            var bySite = invited.GroupBy(m => m.Site?.Name ?? "No site").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {answers.Count(a => g.Contains(a.Member))} of {g.Count()}");
            lines.Add($"{cohort.Name}, check-in {open.Number} (closes {CheckInCards.When(open.ClosesAt, coordinator.TimeZone)}): {answers.Count} of {invited.Count} answered ({string.Join("; ", bySite)}).");
            var pending = invited.Where(m => answers.All(a => a.Member.Id != m.Id)).Select(m => m.DisplayName).ToList();
            if (pending.Count > 0)
                lines.Add($"Pending: {string.Join(", ", pending)}.");
            var unreachable = await db.Identities.Where(i => i.UnreachableReason != null && invited.Select(m => m.Id).Contains(i.MemberId))
                .Select(i => new { i.Member!.DisplayName, i.Platform, i.UnreachableReason }).ToListAsync(cancellationToken);
            var failed = await db.Deliveries.Where(d => d.IdempotencyKey.StartsWith($"round:{open.Id}/") && (d.Status == Outbox.DeliveryStatus.Unreachable || d.Status == Outbox.DeliveryStatus.Failed))
                .Select(d => new { d.MemberId, d.LastError }).ToListAsync(cancellationToken);
            foreach (var person in unreachable)
                lines.Add($"Cannot reach {person.DisplayName} on {person.Platform}: {person.UnreachableReason}");
            foreach (var delivery in failed.Where(f => f.MemberId is not null && unreachable.Count == 0))
                lines.Add($"Not delivered to {invited.FirstOrDefault(m => m.Id == delivery.MemberId)?.DisplayName}: {delivery.LastError}");
        }
        // Teachers' questions to a coach still unanswered after two school days (raised again to the coach).
        var waiting = await db.SupportRequests.Where(r => r.Question && r.RepliedAt == null && r.RaisedAgainAt != null && db.Cohorts.Any(c => c.Id == r.CohortId && c.DistrictId == coordinator.DistrictId))
            .Join(db.Members, r => r.MemberId, m => m.Id, (r, m) => new { r.CohortId, m.DisplayName, r.CreatedAt }).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        if (waiting.Count > 0)
            lines.Add($"Questions waiting for a coach for more than {Resources.UnansweredQuestions.SchoolDays} school days: {string.Join(", ", waiting.Select(w => $"{w.DisplayName} (asked {CheckInCards.When(w.CreatedAt, coordinator.TimeZone)})"))}.");
        var text = string.Join("\n\n", lines);
        return CheckInCards.Notice(text.Length == 0 ? "Your district has no cohorts yet." : text);
    }

    private async Task<TurnResponse> SummaryPageAsync(Turn turn, Member? member, CancellationToken cancellationToken)
    {
        if (member is null || !int.TryParse(turn.Data.Value("roundId"), out var roundId) || await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, cancellationToken) is not { } round)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("I can't find that summary any more."));
        var cohort = await rounds.CohortAsync(round.CohortId, cancellationToken);
        if (!(await rounds.SummaryReadersAsync(cohort, cancellationToken)).Any(m => m.Id == member.Id))
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("The answers in words are for the cohort's coaches and coordinators."));
        _ = int.TryParse(turn.Data.Value("page"), out var page);
        var (invited, answers) = await rounds.AnswersAsync(round, cohort, cancellationToken);
        return TurnResponse.Replace(RoundSummary.Card(round, cohort, invited, answers, [.. cohort.QuestionSet!.Questions.OrderBy(q => q.Position)], isPrivate: true, Math.Max(1, page)));
    }
}
