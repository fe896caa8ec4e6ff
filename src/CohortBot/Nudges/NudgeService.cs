using System.Text.Json;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CohortBot.Nudges;

/// One teacher a nudge is for: the platform it reaches them on (null: it cannot, and why), until
/// when their quiet hours hold it, and whether they answered the open round.
internal sealed record NudgeTarget(Member Member, Platform? Platform, string? Unreachable, DateTimeOffset? HeldUntil, bool HasAnswered);

/// Who a nudge goes to, as of now: the targets, and those left out because they were nudged twice this round.
internal sealed record NudgePlan(Cohort Cohort, Round? Round, IReadOnlyList<NudgeTarget> Targets, IReadOnlyList<Member> LeftOut)
{
    /// The targets' member ids, sorted: a preview whose audience changed is shown again before it is sent.
    public string AudienceKey => string.Join(',', Targets.Select(t => t.Member.Id).Order());
}

/// What nudging means: who may, who is in the audience, the cool-down, and the sending itself (one
/// delivery per teacher through the outbox, keyed by nudge and member, held through quiet hours).
internal sealed class NudgeService(
    CohortDbContext db,
    RoundService rounds,
    OutboxWriter outbox,
    TurnPipeline pipeline,
    NudgeReceipts receipts,
    IEnumerable<IChannelSender> senders,
    IOptions<NudgeOptions> options,
    TimeProvider time)
{
    /// A preview older than this is shown again instead of sent.
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromMinutes(30);

    /// No teacher gets more nudges than this in one round.
    public const int MostPerRound = 2;

    /// How long a nudge may stay <see cref="NudgeStatus.Sending"/> before it is taken as left by a crash.
    private static readonly TimeSpan SendingAtMost = TimeSpan.FromMinutes(2);

    /// Coordinators may nudge their district's cohorts; coaches their own cohorts, when the cohort allows it.
    public static bool MayNudge(Member actor, Cohort cohort) =>
        actor.DistrictId == cohort.DistrictId
        && (actor.Role == MemberRole.Coordinator || actor.Role == MemberRole.Coach && cohort.CoachesMayNudge && cohort.Members.Any(m => m.Id == actor.Id));

    /// Why the cohort may not be nudged again yet (the last nudge is within the cool-down), or null.
    public async Task<string?> CoolingDownAsync(Cohort cohort, string timeZone, CancellationToken cancellationToken)
    {
        var coolDown = options.Value.CoolDown;
        var since = time.GetUtcNow() - coolDown;
        var last = await db.Nudges.AsNoTracking().Where(n => n.CohortId == cohort.Id && n.Status == NudgeStatus.Sent && n.SentAt > since)
            .OrderByDescending(n => n.SentAt).Select(n => new { n.SentAt, n.ByMemberId }).FirstOrDefaultAsync(cancellationToken);
        if (last?.SentAt is not { } sentAt)
            return null;
        var by = await db.Members.Where(m => m.Id == last.ByMemberId).Select(m => m.DisplayName).SingleAsync(cancellationToken);
        return $"{cohort.Name} was nudged {CheckInCards.When(sentAt, timeZone)} by {by}, so it rests until {CheckInCards.When(sentAt + coolDown, timeZone)}: nothing was sent. Add --force to send anyway.";
    }

    /// The audience of a nudge now, or why there is none.
    public async Task<(NudgePlan? Plan, string? Problem)> PlanAsync(int cohortId, NudgeAudience audience, string? site, DateTimeOffset? sendAt, CancellationToken cancellationToken)
    {
        var cohort = await rounds.CohortAsync(cohortId, cancellationToken);
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.CohortId == cohortId && r.Status == RoundStatus.Open, cancellationToken);
        if (audience == NudgeAudience.Pending && round is null)
            return (null, $"No check-in of {cohort.Name} is open, so nobody is pending. To write to every teacher, add all: nudge {cohort.Name} all MESSAGE.");

        var teachers = RoundService.Teachers(cohort).ToList();
        if (audience == NudgeAudience.Site)
            teachers = [.. teachers.Where(t => string.Equals(t.Site?.Name, site, StringComparison.OrdinalIgnoreCase))];
        var answered = round is null ? [] : (await db.CheckIns.Where(c => c.RoundId == round.Id).Select(c => c.MemberId).ToListAsync(cancellationToken)).ToHashSet();
        if (audience == NudgeAudience.Pending)
            teachers = [.. teachers.Where(t => !answered.Contains(t.Id))];

        var leftOut = new List<Member>();
        if (round is not null)
        {
            var roundId = round.Id;
            var twice = await db.NudgeRecipients.Where(r => db.Nudges.Any(n => n.Id == r.NudgeId && n.RoundId == roundId && n.Status == NudgeStatus.Sent))
                .GroupBy(r => r.MemberId).Where(g => g.Count() >= MostPerRound).Select(g => g.Key).ToListAsync(cancellationToken);
            leftOut = [.. teachers.Where(t => twice.Contains(t.Id))];
            teachers = [.. teachers.Where(t => !twice.Contains(t.Id))];
        }

        var quiet = RoundService.Quiet(cohort);
        var at = sendAt ?? time.GetUtcNow();
        var targets = new List<NudgeTarget>();
        foreach (var teacher in teachers)
        {
            var (platform, why) = await ReachAsync(teacher, cancellationToken);
            var allowed = quiet.NextAllowed(at, teacher.TimeZone);
            targets.Add(new NudgeTarget(teacher, platform, why, platform is not null && allowed > at ? allowed : null, answered.Contains(teacher.Id)));
        }
        return (new NudgePlan(cohort, round, targets, leftOut), null);
    }

    /// A preview of a nudge (nothing sent), saved so that its Send button can name it.
    public async Task<Nudge> PreviewAsync(Member by, Platform platform, NudgePlan plan, NudgeRequest request, CancellationToken cancellationToken)
    {
        var nudge = db.Nudges.Add(new Nudge
        {
            CohortId = plan.Cohort.Id,
            RoundId = plan.Round?.Id,
            ByMemberId = by.Id,
            ByPlatform = platform,
            Audience = request.Audience,
            SiteName = request.Site,
            Message = request.Message ?? "",
            Force = request.Force,
            SendAt = request.SendAt,
            Status = NudgeStatus.Preview,
            PreviewedAt = time.GetUtcNow(),
            PreviewedAudience = plan.AudienceKey,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        return nudge;
    }

    /// Claims a previewed nudge (its cohort loaded) for sending, or scheduling, once: a second press of Send finds it claimed.
    public async Task<bool> ClaimAsync(Nudge nudge, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = nudge.SendAt is null ? NudgeStatus.Sending : NudgeStatus.Scheduled;
        var previewedAt = nudge.PreviewedAt;
        var claimed = await db.Nudges.Where(n => n.Id == nudge.Id && n.Status == NudgeStatus.Preview && n.PreviewedAt == previewedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.Status, next).SetProperty(n => n.SentAt, next == NudgeStatus.Sending ? now : null), cancellationToken);
        await db.Entry(nudge).ReloadAsync(cancellationToken);
        if (claimed == 1 && next == NudgeStatus.Scheduled)
        {
            Audit(nudge, nudge.Cohort!, "nudge.schedule", audience: null);
            await db.SaveChangesAsync(cancellationToken);
        }
        return claimed == 1;
    }

    /// Sends a claimed nudge: one delivery per teacher, held through their quiet hours; then the
    /// receipt, as soon as nothing is on its way any more. <paramref name="confirmed"/> is the audience
    /// its sender just saw and sent (its cool-down looked at); without it (a scheduled nudge whose time
    /// came) the audience and the cool-down are those of this moment.
    public async Task<int> SendAsync(int nudgeId, NudgePlan? confirmed, CancellationToken cancellationToken)
    {
        var nudge = await db.Nudges.SingleAsync(n => n.Id == nudgeId && n.Status == NudgeStatus.Sending, cancellationToken);
        var by = await db.Members.SingleAsync(m => m.Id == nudge.ByMemberId, cancellationToken);
        var (plan, problem) = confirmed is null ? await PlanAsync(nudge.CohortId, nudge.Audience, nudge.SiteName, sendAt: null, cancellationToken) : (confirmed, null);
        if (confirmed is null && plan is not null && !nudge.Force && await CoolingDownAsync(plan.Cohort, by.TimeZone, cancellationToken) is { } resting)
            problem = resting;
        if (plan is null || problem is not null || plan.Targets.Count == 0)
        {
            // A scheduled nudge whose moment came to nothing (the round closed meanwhile, everyone answered): its sender hears why.
            nudge.Status = NudgeStatus.Cancelled;
            nudge.CancelledAt = time.GetUtcNow();
            var cohortName = plan?.Cohort.Name ?? await db.Cohorts.Where(c => c.Id == nudge.CohortId).Select(c => c.Name).SingleAsync(cancellationToken);
            outbox.ToMember($"nudge:{nudge.Id}/not-sent", by.Id, CheckInCards.Notice($"Your nudge to {cohortName} was not sent: {problem ?? "every teacher it was for has answered."}"), platform: nudge.ByPlatform);
            await pipeline.CommitAsync(cancellationToken);
            return 0;
        }

        nudge.RoundId = plan.Round?.Id;
        foreach (var target in plan.Targets)
        {
            var key = nudge.Audience == NudgeAudience.Pending && plan.Round is { } round
                ? $"round:{round.Id}/nudge:{nudge.Id}/member:{target.Member.Id}"
                : $"nudge:{nudge.Id}/member:{target.Member.Id}";
            outbox.ToMember(key, target.Member.Id, NudgeCards.ForTeacher(nudge, plan, target, by.DisplayName), target.HeldUntil);
            nudge.Recipients.Add(new NudgeRecipient { MemberId = target.Member.Id, DeliveryKey = key });
        }
        nudge.Status = NudgeStatus.Sent;
        nudge.SentAt = time.GetUtcNow();
        Audit(nudge, plan.Cohort, "nudge.send", plan.Targets.Count);
        await pipeline.CommitAsync(cancellationToken);
        // Everyone held, or nobody reachable: nothing will settle soon, so the receipt goes now.
        await receipts.RecipientTriedAsync(nudge.Id, cancellationToken);
        return plan.Targets.Count;
    }

    /// Cancels a preview or a scheduled nudge; false when it was sent (or cancelled) already.
    public async Task<bool> CancelAsync(Nudge nudge, CancellationToken cancellationToken)
    {
        var was = nudge.Status;
        var cancelled = await db.Nudges.Where(n => n.Id == nudge.Id && (n.Status == NudgeStatus.Preview || n.Status == NudgeStatus.Scheduled))
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.Status, NudgeStatus.Cancelled).SetProperty(n => n.CancelledAt, time.GetUtcNow()), cancellationToken);
        await db.Entry(nudge).ReloadAsync(cancellationToken);
        if (cancelled == 1 && was == NudgeStatus.Scheduled)
        {
            Audit(nudge, nudge.Cohort!, "nudge.cancel", audience: null);
            await db.SaveChangesAsync(cancellationToken);
        }
        return cancelled == 1;
    }

    /// The minutely job: scheduled nudges whose time came are sent; a nudge a crash left half-claimed
    /// goes back to what it was; receipts still following their deliveries are brought up to date.
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var id in await db.Nudges.Where(n => n.Status == NudgeStatus.Scheduled && n.SendAt <= now).OrderBy(n => n.SendAt).Select(n => n.Id).ToListAsync(cancellationToken))
        {
            var claimed = await db.Nudges.Where(n => n.Id == id && n.Status == NudgeStatus.Scheduled)
                .ExecuteUpdateAsync(set => set.SetProperty(n => n.Status, NudgeStatus.Sending).SetProperty(n => n.SentAt, now), cancellationToken);
            if (claimed == 1)
                await SendAsync(id, confirmed: null, cancellationToken);
        }

        var stuckSince = now - SendingAtMost;
        await db.Nudges.Where(n => n.Status == NudgeStatus.Sending && n.SentAt < stuckSince && !n.Recipients.Any())
            .ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Status, n => n.SendAt == null ? NudgeStatus.Preview : NudgeStatus.Scheduled)
                .SetProperty(n => n.SentAt, (DateTimeOffset?)null), cancellationToken);

        foreach (var id in await db.Nudges.Where(n => n.Status == NudgeStatus.Sent && n.ReceiptSettledAt == null).Select(n => n.Id).ToListAsync(cancellationToken))
            await receipts.RefreshAsync(id, cancellationToken);
    }

    /// The platform the outbox will reach the teacher on (the one they prefer among those they can be
    /// reached on, as the outbox picks it), or why none.
    private async Task<(Platform? Platform, string? Why)> ReachAsync(Member teacher, CancellationToken cancellationToken)
    {
        foreach (var sender in senders.OrderBy(s => s.Platform == teacher.PreferredPlatform ? 0 : 1))
        {
            if (await sender.CanReachAsync(teacher.Id, cancellationToken))
                return (sender.Platform, null);
        }
        var identities = await db.Identities.AsNoTracking().Where(i => i.MemberId == teacher.Id).Select(i => new { i.Platform, i.UnreachableReason }).ToListAsync(cancellationToken);
        return identities.Count == 0
            ? (null, "not on Teams or Slack yet: the roster names no account, and none matched their e-mail")
            : (null, string.Join("; ", identities.Select(i => $"{i.Platform}: {i.UnreachableReason ?? "not connected here"}")));
    }

    private void Audit(Nudge nudge, Cohort cohort, string action, int? audience) => db.AuditLog.Add(new AuditEntry
    {
        At = time.GetUtcNow(),
        Actor = $"member:{nudge.ByMemberId}",
        Action = action,
        Subject = cohort.Name,
        DistrictId = cohort.DistrictId,
        DetailsJson = JsonSerializer.Serialize(new
        {
            nudge = nudge.Id,
            audience,
            kind = nudge.Audience.ToString().ToLowerInvariant(),
            site = nudge.SiteName,
            sendAt = nudge.SendAt,
            force = nudge.Force,
        }),
    });
}
