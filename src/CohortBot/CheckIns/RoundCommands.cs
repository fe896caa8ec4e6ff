using System.Text.Json;
using CohortBot.Channels;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// The coordinators' round commands, where they chat (a 1:1 chat, Slack's <c>/cohort</c>, a channel
/// for <c>link</c>): <c>open COHORT</c> and <c>close COHORT</c>, <c>skip COHORT DATE</c> and
/// <c>unskip COHORT DATE</c> (in a 1:1 chat), <c>link COHORT</c> (in the channel that gets the
/// cohort's summaries), <c>status COHORT</c> and <c>rounds COHORT</c>; and <c>status</c> for
/// everyone (a teacher: their answers this round; a coach: the round so far; a coordinator: every
/// cohort's open round), and the summary's <c>More</c> (<c>checkin.summary</c>). Whoever is not a
/// coordinator gets a polite refusal and nothing changes.
internal sealed class RoundCommands(CohortDbContext db, RoundScheduler scheduler, RoundService rounds, RoundReports reports, RoundSkips skips, TimeProvider time) : ITurnHandler
{
    public const string SummaryPage = "checkin.summary";

    /// The commands this handler answers.
    public static readonly string[] Commands = ["open", "close", "link", "status", "skip", "unskip", "rounds"];

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (turn.Verb == SummaryPage)
            return await SummaryPageAsync(turn, member, cancellationToken);
        if (turn.Command == "status" && turn.Arguments.Length == 0)
            return await StatusAsync(member, cancellationToken);

        if (!member.IsCoordinator())
            return Coordinators.Refusal(turn.Command switch
            {
                "status" => "ask for a cohort's status by name (\"status\" alone shows yours)",
                "rounds" => "list a cohort's rounds",
                "link" => "link a channel to a cohort: nothing changed",
                var command => $"{command} a cohort's rounds: nothing changed",
            });
        var match = await Coordinators.FindCohortAsync(db, member, turn.Arguments, cancellationToken);
        if (match.Cohort is not { } cohort)
            return Coordinators.NoCohort(match, turn.Arguments);
        var actor = $"member:{member.Id}";

        switch (turn.Command)
        {
            case "open" or "close" or "skip" or "unskip" when turn.Conversation != ConversationKind.Personal:
                var example = turn.Command is "skip" or "unskip" ? $"{turn.Command} {cohort.Name} {match.Options}".TrimEnd() : $"{turn.Command} {cohort.Name}";
                return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Write \"{example}\" to me in a 1:1 chat."));
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
            case "skip" or "unskip":
                return TurnResponse.ReplyPrivately(await skips.ChangeAsync(cohort, match.Options, member, skip: turn.Command == "skip", cancellationToken));
            case "status":
                return TurnResponse.ReplyPrivately(await reports.StatusAsync(cohort, member, cancellationToken));
            case "rounds":
                return TurnResponse.ReplyPrivately(await reports.RoundsAsync(cohort, member, cancellationToken));
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
            db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), Actor = actor, Action = "cohort.link", Subject = cohort.Name, DistrictId = cohort.DistrictId, DetailsJson = JsonSerializer.Serialize(new { platform = here.Platform.ToString(), channel = channelId }) });
        }
        return TurnResponse.Reply(CheckInCards.Notice($"This channel now gets the summaries of {cohort.Name} (numbers only: no names, no answers in words)."));
    }

    private async Task<TurnResponse> StatusAsync(Member? member, CancellationToken cancellationToken)
    {
        if (member is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster."));
        if (member.Role == MemberRole.Coordinator)
            return TurnResponse.ReplyPrivately(await reports.DistrictStatusAsync(member, cancellationToken));

        var open = await db.Rounds.Where(r => r.Status == RoundStatus.Open && r.Cohort!.Members.Any(m => m.Id == member.Id)).OrderBy(r => r.ClosesAt).FirstOrDefaultAsync(cancellationToken);
        if (open is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("No check-in is open right now."));
        var cohort = await rounds.CohortAsync(open.CohortId, cancellationToken);
        if (member.Role == MemberRole.Coach)
        {
            var (invited, answers) = await rounds.AnswersAsync(open, cohort, cancellationToken);
            return TurnResponse.ReplyPrivately(RoundSummary.Card(open, cohort, invited, answers, RoundQuestions.Of(open, cohort), isPrivate: true));
        }
        var checkIn = await db.CheckIns.AsNoTracking().FirstOrDefaultAsync(c => c.RoundId == open.Id && c.MemberId == member.Id, cancellationToken);
        if (checkIn is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"You have not answered check-in {open.Number} yet: it is open until {CheckInCards.When(open.ClosesAt, member.TimeZone)}. Write \"check in\" to get it again."));
        var form = new CheckInForm(RoundQuestions.Of(open, cohort), (await rounds.LastPlansAsync(open, cancellationToken)).GetValueOrDefault(member.Id));
        return TurnResponse.ReplyPrivately(CheckInCards.Done(open, cohort, member, form, checkIn, time.GetUtcNow()));
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
        return TurnResponse.Replace(RoundSummary.Card(round, cohort, invited, answers, RoundQuestions.Of(round, cohort), isPrivate: true, Math.Max(1, page)));
    }
}
