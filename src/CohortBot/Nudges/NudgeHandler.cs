using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Nudges;

/// <c>nudge COHORT [at DATE TIME] [pending|all|site:NAME] [--force] [message]</c> answers with a
/// preview in the sender's 1:1 chat or DM; <c>nudge.send</c> sends it once (or schedules it), after
/// refreshing a preview that is stale or whose audience changed; <c>nudge.cancel</c> cancels a preview
/// or a scheduled nudge; <c>nudges</c> lists the scheduled ones. Only those who may nudge the cohort
/// (<see cref="NudgeService.MayNudge"/>) get further than a polite refusal, and nothing is sent then.
internal sealed class NudgeHandler(CohortDbContext db, NudgeService nudges, TimeProvider time) : ITurnHandler
{
    public const string Send = "nudge.send";
    public const string Cancel = "nudge.cancel";

    private const string Refusal = "Only a coordinator, or a coach where the cohort allows it, can nudge teachers: nothing was sent.";

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = turn.MemberId is { } id ? await db.Members.SingleAsync(m => m.Id == id, cancellationToken) : null;
        if (member is null || member.Role == MemberRole.Teacher)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice(Refusal));
        return turn.Verb switch
        {
            Send => await SendAsync(turn, member, cancellationToken),
            Cancel => await CancelAsync(turn, member, cancellationToken),
            _ when turn.Command == "nudges" => Direct(turn, await ListAsync(member, note: null, cancellationToken)),
            _ => await PreviewAsync(turn, member, cancellationToken),
        };
    }

    private async Task<TurnResponse> PreviewAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        var cohorts = await db.Cohorts.Include(c => c.Members).Where(c => c.DistrictId == member.DistrictId).ToListAsync(cancellationToken);
        var match = CohortNames.Find(turn.Arguments, cohorts);
        if (match.Cohort is not { } cohort)
            return Notice(match.Problem(turn.Arguments, "nudge"));
        if (!NudgeService.MayNudge(member, cohort))
            return Notice(member.Role == MemberRole.Coach
                ? $"Coaches can nudge {cohort.Name}'s teachers only when the cohort allows it (ask a coordinator): nothing was sent."
                : Refusal);
        if (turn.Platform == Platform.Teams && turn.Conversation != ConversationKind.Personal)
            return Notice($"Write \"nudge {cohort.Name} …\" to me in a 1:1 chat: the preview and the receipt are for you alone.");

        var sites = await db.Sites.Where(s => s.DistrictId == member.DistrictId).Select(s => s.Name).ToListAsync(cancellationToken);
        if (!NudgeRequest.TryParse(match.Options, sites, member.TimeZone, time.GetUtcNow(), out var request, out var problem))
            return Notice(problem!);
        if (!request.Force && await nudges.CoolingDownAsync(cohort, member.TimeZone, cancellationToken) is { } resting)
            return Notice(resting);
        var (plan, refused) = await nudges.PlanAsync(cohort.Id, request.Audience, request.Site, request.SendAt, cancellationToken);
        if (plan is null)
            return Notice(refused!);
        if (plan.Targets.Count == 0)
            return Notice(plan.LeftOut.Count > 0
                ? $"Nobody to nudge in {cohort.Name}: everyone it is for was nudged {NudgeService.MostPerRound} times this round already."
                : request.Audience == NudgeAudience.Pending
                    ? $"Nobody to nudge: every teacher of {cohort.Name} has answered check-in {plan.Round!.Number}."
                    : $"Nobody to nudge: {cohort.Name} has no teachers{(request.Site is null ? "" : $" at {request.Site}")}.");

        var nudge = await nudges.PreviewAsync(member, turn.Platform, plan, request, cancellationToken);
        return Direct(turn, NudgeCards.Preview(nudge, plan, member.DisplayName, member.TimeZone));
    }

    private async Task<TurnResponse> SendAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (await FindAsync(turn, member, cancellationToken) is not { } nudge)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that nudge any more."));
        if (nudge.Status != NudgeStatus.Preview)
            return TurnResponse.Replace(CheckInCards.Notice(await StateAsync(nudge, member, cancellationToken)));

        var (plan, problem) = await nudges.PlanAsync(nudge.CohortId, nudge.Audience, nudge.SiteName, nudge.SendAt, cancellationToken);
        if (plan is null)
            return TurnResponse.Replace(CheckInCards.Notice($"{problem} The nudge was not sent."));
        var now = time.GetUtcNow();
        if (now - nudge.PreviewedAt > NudgeService.PreviewLifetime || plan.AudienceKey != nudge.PreviewedAudience)
        {
            var why = plan.AudienceKey != nudge.PreviewedAudience ? "The audience changed since the preview" : $"The preview was older than {NudgeService.PreviewLifetime.TotalMinutes:0} minutes";
            nudge.PreviewedAt = now;
            nudge.PreviewedAudience = plan.AudienceKey;
            return TurnResponse.Replace(NudgeCards.Preview(nudge, plan, member.DisplayName, member.TimeZone, $"{why}, so nothing was sent: here it is as it stands now. Press Send when it looks right."));
        }
        if (!nudge.Force && await nudges.CoolingDownAsync(plan.Cohort, member.TimeZone, cancellationToken) is { } resting)
            return TurnResponse.Replace(NudgeCards.Preview(nudge, plan, member.DisplayName, member.TimeZone, resting));
        if (plan.Targets.Count == 0)
            return TurnResponse.Replace(CheckInCards.Notice($"Nobody is left to nudge in {plan.Cohort.Name}: nothing was sent."));

        // Pressed twice: the second press finds it claimed, and says what became of it.
        if (!await nudges.ClaimAsync(nudge, cancellationToken))
            return TurnResponse.Replace(CheckInCards.Notice(await StateAsync(nudge, member, cancellationToken)));
        if (nudge.Status == NudgeStatus.Sending)
        {
            await nudges.SendAsync(nudge.Id, plan, cancellationToken);
            await db.Entry(nudge).ReloadAsync(cancellationToken);
        }
        return TurnResponse.Replace(NudgeCards.Preview(nudge, plan, member.DisplayName, member.TimeZone));
    }

    private async Task<TurnResponse> CancelAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (await FindAsync(turn, member, cancellationToken) is not { } nudge)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that nudge any more."));
        var cancelled = await nudges.CancelAsync(nudge, cancellationToken);
        if (turn.Data.Value("from") == "list")
            return TurnResponse.Replace(await ListAsync(member, cancelled ? $"Cancelled the nudge to {nudge.Cohort!.Name}" : $"The nudge to {nudge.Cohort!.Name} was {Describe(nudge.Status)} already", cancellationToken));
        if (!cancelled)
            return TurnResponse.Replace(CheckInCards.Notice(await StateAsync(nudge, member, cancellationToken)));
        var (plan, _) = await nudges.PlanAsync(nudge.CohortId, nudge.Audience, nudge.SiteName, nudge.SendAt, cancellationToken);
        return TurnResponse.Replace(plan is null ? CheckInCards.Notice("Cancelled: nothing was sent.") : NudgeCards.Preview(nudge, plan, member.DisplayName, member.TimeZone));
    }

    /// What became of a nudge that is no longer a preview, in words.
    private async Task<string> StateAsync(Nudge nudge, Member member, CancellationToken cancellationToken)
    {
        switch (nudge.Status)
        {
            case NudgeStatus.Sent or NudgeStatus.Sending:
                var recipients = await db.NudgeRecipients.CountAsync(r => r.NudgeId == nudge.Id, cancellationToken);
                return $"This nudge to {nudge.Cohort!.Name} was sent{(nudge.SentAt is { } sent ? " " + CheckInCards.When(sent, member.TimeZone) : "")} to {recipients} teacher(s), once. The receipt is in this chat.";
            case NudgeStatus.Scheduled:
                return $"This nudge to {nudge.Cohort!.Name} is scheduled for {CheckInCards.When(nudge.SendAt!.Value, member.TimeZone)}. Write \"nudges\" to see it or cancel it.";
            default:
                return $"This nudge to {nudge.Cohort!.Name} was cancelled: nothing was sent.";
        }
    }

    /// The nudge a card names, when it is the presser's own (a coordinator may act on any of the district's).
    private async Task<Nudge?> FindAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("nudgeId"), out var nudgeId))
            return null;
        var nudge = await db.Nudges.Include(n => n.Cohort).FirstOrDefaultAsync(n => n.Id == nudgeId, cancellationToken);
        return nudge is not null && (nudge.ByMemberId == member.Id || member.Role == MemberRole.Coordinator && nudge.Cohort!.DistrictId == member.DistrictId) ? nudge : null;
    }

    private async Task<CardMessage> ListAsync(Member member, string? note, CancellationToken cancellationToken)
    {
        var mine = member.Role == MemberRole.Coordinator
            ? db.Nudges.Where(n => n.Cohort!.DistrictId == member.DistrictId)
            : db.Nudges.Where(n => n.ByMemberId == member.Id);
        var scheduled = await mine.Where(n => n.Status == NudgeStatus.Scheduled).OrderBy(n => n.SendAt)
            .Select(n => new { Nudge = n, Cohort = n.Cohort!.Name, By = db.Members.Where(m => m.Id == n.ByMemberId).Select(m => m.DisplayName).First() })
            .ToListAsync(cancellationToken);
        var since = time.GetUtcNow() - TimeSpan.FromDays(14);
        var recent = await mine.Where(n => n.Status == NudgeStatus.Sent && n.SentAt > since).OrderByDescending(n => n.SentAt).Take(5)
            .Select(n => new
            {
                Nudge = n,
                Cohort = n.Cohort!.Name,
                Recipients = n.Recipients.Count,
                Delivered = n.Recipients.Count(r => db.Deliveries.Any(d => d.IdempotencyKey == r.DeliveryKey && d.Status == DeliveryStatus.Sent)),
            }).ToListAsync(cancellationToken);
        return NudgeCards.List([.. scheduled.Select(s => (s.Nudge, s.Cohort, s.By))], [.. recent.Select(r => (r.Nudge, r.Cohort, r.Recipients, r.Delivered))], member.TimeZone, note);
    }

    /// A card the sender will come back to: a message of its own in their 1:1 chat or DM. A slash
    /// command's passing answer says where it went.
    private static TurnResponse Direct(Turn turn, CardMessage card) => turn.Kind == TurnKind.Command
        ? new TurnResponse { Direct = [card], PrivateReplies = [CheckInCards.Notice("It is in our direct messages: have a look there.")] }
        : new TurnResponse { Direct = [card] };

    private static TurnResponse Notice(string text) => TurnResponse.ReplyPrivately(CheckInCards.Notice(text));

    private static string Describe(NudgeStatus status) => status switch
    {
        NudgeStatus.Cancelled => "cancelled",
        NudgeStatus.Scheduled => "scheduled",
        NudgeStatus.Preview => "not sent",
        _ => "sent",
    };
}
