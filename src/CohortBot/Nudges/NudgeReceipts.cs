using System.Text.RegularExpressions;
using CohortBot.CheckIns;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Outcome = CohortBot.Nudges.NudgeCards.Outcome;

namespace CohortBot.Nudges;

/// The receipt of a sent nudge: a message of its own in the sender's 1:1 chat or DM, sent once the
/// nudges due now have gone (delivered, unreachable or failed), then updated in place whenever what
/// it shows changes: held nudges going out after quiet hours, teachers answering. It stops following
/// when nothing is pending and the round closed, or after <see cref="FollowFor"/>.
internal sealed class NudgeReceipts(CohortDbContext db, OutboxWriter outbox, TurnPipeline pipeline, TimeProvider time)
{
    public static readonly TimeSpan FollowFor = TimeSpan.FromDays(7);

    /// A recipient's delivery was tried: when none of the nudge's deliveries is still on its way (not
    /// tried yet, or being sent; those held for quiet hours or waiting to be tried again may remain),
    /// the receipt is brought up to date.
    public async Task RecipientTriedAsync(int nudgeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var onItsWay = await db.NudgeRecipients.Where(r => r.NudgeId == nudgeId)
            .Join(db.Deliveries, r => r.DeliveryKey, d => d.IdempotencyKey, (r, d) => d)
            .AnyAsync(d => d.Status == DeliveryStatus.Pending && (d.NotBefore == null || d.NotBefore <= now) && (d.Attempts == 0 || d.LeaseUntil > now), cancellationToken);
        if (!onItsWay)
            await RefreshAsync(nudgeId, cancellationToken);
    }

    /// Sends the receipt (once the first wave settled) or updates it, when what it shows changed.
    public async Task RefreshAsync(int nudgeId, CancellationToken cancellationToken)
    {
        var nudge = await db.Nudges.Include(n => n.Cohort).Include(n => n.Recipients).ThenInclude(r => r.Member)
            .AsSplitQuery().SingleOrDefaultAsync(n => n.Id == nudgeId, cancellationToken);
        if (nudge is not { Status: NudgeStatus.Sent, ReceiptSettledAt: null, SentAt: { } sentAt })
            return;

        var now = time.GetUtcNow();
        var deliveries = new Dictionary<string, Delivery>(StringComparer.Ordinal);
        foreach (var keys in nudge.Recipients.Select(r => r.DeliveryKey).Chunk(500))
        {
            foreach (var d in await db.Deliveries.AsNoTracking().Where(d => keys.Contains(d.IdempotencyKey)).ToListAsync(cancellationToken))
                deliveries[d.IdempotencyKey] = d;
        }
        var outcomes = nudge.Recipients.Select(r => OutcomeOf(r, deliveries.GetValueOrDefault(r.DeliveryKey), now)).ToList();
        if (nudge.ReceiptShown is null && outcomes.Any(o => o.Outcome == Outcome.OnItsWay))
            return; // the first wave is still going out

        var round = nudge.RoundId is { } roundId ? await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, cancellationToken) : null;
        int? answeredSince = null;
        if (round is not null)
        {
            var recipients = nudge.Recipients.Select(r => r.MemberId).ToList();
            answeredSince = await db.CheckIns.CountAsync(c => c.RoundId == round.Id && recipients.Contains(c.MemberId) && c.SubmittedAt >= sentAt, cancellationToken);
        }
        var by = await db.Members.AsNoTracking().SingleAsync(m => m.Id == nudge.ByMemberId, cancellationToken);
        var receipt = NudgeCards.Receipt(nudge, nudge.Cohort!.Name, outcomes, answeredSince, by.TimeZone);
        var shown = receipt.Data.ToJsonString();

        if (shown != nudge.ReceiptShown)
        {
            if (nudge.ReceiptShown is null)
            {
                outbox.ToMember(nudge.ReceiptKey, by.Id, receipt, platform: nudge.ByPlatform);
            }
            else
            {
                // An update not gone yet shows less than this one: this one replaces it.
                var updates = $"{nudge.ReceiptKey}/update:";
                await db.Deliveries.KeyedUnder(updates).Where(d => d.Status == DeliveryStatus.Pending && d.LeaseUntil == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled), cancellationToken);
                nudge.ReceiptUpdates++;
                outbox.Update($"{updates}{nudge.ReceiptUpdates}", nudge.ReceiptKey, receipt);
            }
            nudge.ReceiptShown = shown;
        }

        var waiting = outcomes.Any(o => o.Outcome is Outcome.Held or Outcome.OnItsWay or Outcome.Retrying);
        if (!waiting && (round is null || round.Status == RoundStatus.Closed) || now - sentAt > FollowFor)
            nudge.ReceiptSettledAt = now;
        await pipeline.CommitAsync(cancellationToken);
    }

    private static NudgeCards.RecipientOutcome OutcomeOf(NudgeRecipient recipient, Delivery? delivery, DateTimeOffset now) => delivery switch
    {
        null => new(recipient.Member!, Outcome.OnItsWay, null, null),
        { Status: DeliveryStatus.Sent } => new(recipient.Member!, Outcome.Delivered, null, null),
        { Status: DeliveryStatus.Unreachable } => new(recipient.Member!, Outcome.Unreachable, null, delivery.LastError),
        { Status: DeliveryStatus.Failed } => new(recipient.Member!, Outcome.Failed, null, delivery.LastError),
        { Status: DeliveryStatus.Cancelled } => new(recipient.Member!, Outcome.Withdrawn, null, null),
        _ when delivery.NotBefore > now => new(recipient.Member!, Outcome.Held, delivery.NotBefore, null),
        _ when delivery.Attempts > 0 && !(delivery.LeaseUntil > now) => new(recipient.Member!, Outcome.Retrying, null, delivery.LastError),
        _ => new(recipient.Member!, Outcome.OnItsWay, null, null),
    };
}

/// Follows the outbox for the deliveries of nudges: each one tried may complete a wave, and then
/// the receipt is brought up to date. Other deliveries cost one look at their key.
internal sealed partial class NudgeDeliveryObserver(IServiceScopeFactory scopes) : IDeliveryObserver
{
    [GeneratedRegex(@"(?:^|/)nudge:(\d+)/member:\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex RecipientKey();

    public async Task TriedAsync(string idempotencyKey, DeliveryStatus status, CancellationToken cancellationToken)
    {
        if (RecipientKey().Match(idempotencyKey) is not { Success: true } match)
            return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NudgeReceipts>().RecipientTriedAsync(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }
}
