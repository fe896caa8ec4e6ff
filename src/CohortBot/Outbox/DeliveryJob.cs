using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Outbox;

/// Sends deliveries. Safe to run twice and from several instances at once: a delivery is claimed
/// with a conditional update (a lease of its own, apart from the backoff) before anything is sent,
/// and one that is sent is never sent again. Outcomes are recorded whatever happens to the caller:
/// a cancelled request never leaves a sent message looking unsent.
internal sealed class DeliveryJob(CohortDbContext db, IEnumerable<IChannelSender> senders, TimeProvider time, ILogger<DeliveryJob> logger)
{
    public const int MaxAttempts = 8;

    /// How long a claimed delivery stays claimed: longer than any send with its retries takes.
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// Sends one delivery now, if it is due and nobody holds it.
    public async Task SendAsync(int deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await Due(now).Where(d => d.Id == deliveryId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.LeaseUntil, now + Lease)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (claimed == 0)
            return;

        var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, CancellationToken.None);
        await SendClaimedAsync(delivery, cancellationToken);
    }

    /// Sends a delivery this process wrote already claimed (<see cref="Claim"/>), if it still holds it.
    public async Task SendLeasedAsync(int deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delivery = await db.Deliveries.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && d.LeaseUntil > now, cancellationToken);
        if (delivery is not null)
            await SendClaimedAsync(delivery, cancellationToken);
    }

    /// Marks unsaved deliveries as claimed by this process, so that they can be sent the moment they
    /// are saved without a round trip to claim them. Should the process stop in between, the lease
    /// runs out and the sweep sends them. Deliveries that must wait are left to the sweep.
    public void Claim(IEnumerable<Delivery> unsaved)
    {
        var now = time.GetUtcNow();
        foreach (var delivery in unsaved.Where(d => d.NotBefore is null || d.NotBefore <= now))
        {
            delivery.Attempts++;
            delivery.LeaseUntil = now + Lease;
        }
    }

    /// Sends every delivery that is due: the safety net behind the immediate sends, run every minute.
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await Due(time.GetUtcNow()).AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var id in due)
            await SendAsync(id, cancellationToken);
    }

    private IQueryable<Delivery> Due(DateTimeOffset now) => db.Deliveries.Where(d =>
        d.Status == DeliveryStatus.Pending
        && (d.NotBefore == null || d.NotBefore <= now)
        && (d.RetryAt == null || d.RetryAt <= now)
        && (d.LeaseUntil == null || d.LeaseUntil <= now));

    /// Sends a delivery this process holds the claim of, and records the outcome.
    private async Task SendClaimedAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        IChannelSender? sender = null;
        try
        {
            var (platform, address, replaces) = await ResolveAsync(delivery, cancellationToken);
            sender = platform is { } p ? senders.Single(s => s.Platform == p) : null;
            if (sender is null)
            {
                await FinishAsync(delivery.Id, DeliveryStatus.Unreachable, null, "The member has no reachable identity on any platform.", null, null);
                return;
            }

            var outgoing = new OutgoingMessage(delivery.Id, delivery.MemberId, address, replaces, delivery.PartsSent, OutboxWriter.Message(delivery));
            var sent = await sender.SendAsync(outgoing, (parts, first) => RecordPartAsync(delivery.Id, sender.Platform, parts, first), cancellationToken);
            await FinishAsync(delivery.Id, DeliveryStatus.Sent, null, null, sender.Platform, sent);
        }
        catch (DeliveryRefusedException refused)
        {
            Log.DeliveryRefused(logger, delivery.Id, sender?.Platform, refused.Message);
            if (refused.RecipientUnreachable && delivery.MemberId is { } memberId && sender is not null)
                await sender.MarkUnreachableAsync(memberId, refused.Message, CancellationToken.None);
            await FinishAsync(delivery.Id, refused.RecipientUnreachable ? DeliveryStatus.Unreachable : DeliveryStatus.Failed, null, refused.Message, null, null);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = delivery.Attempts >= MaxAttempts;
            Log.DeliveryFailed(logger, delivery.Id, sender?.Platform, delivery.Attempts, final, failure.GetType().Name);
            var retryAt = final ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(delivery.Attempts);
            await FinishAsync(delivery.Id, final ? DeliveryStatus.Failed : DeliveryStatus.Pending, retryAt, failure.Message, null, null);
        }
    }

    /// The platform, address and message to replace: as written, or for an update the place of the
    /// message it updates, or for a member the platform they prefer among those they can be reached on.
    private async Task<(Platform? Platform, string? Address, string? Replaces)> ResolveAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.UpdatesKey is { } key)
        {
            var earlier = await db.Deliveries.AsNoTracking().Where(d => d.IdempotencyKey == key)
                .Select(d => new { d.Status, d.Platform, d.Address, d.PlatformMessageId }).SingleOrDefaultAsync(cancellationToken);
            if (earlier is null || earlier.Status is DeliveryStatus.Failed or DeliveryStatus.Unreachable)
                throw new DeliveryRefusedException($"The message to update ({key}) was never sent.", recipientUnreachable: false);
            if (earlier.Status != DeliveryStatus.Sent || earlier.PlatformMessageId is null)
                throw new InvalidOperationException($"The message to update ({key}) is not sent yet.");
            return (earlier.Platform, earlier.Address, earlier.PlatformMessageId);
        }
        if (delivery.Platform is not null || delivery.MemberId is not { } memberId)
            return (delivery.Platform, delivery.Address, delivery.ReplacesMessageId);

        var preferred = await db.Members.Where(m => m.Id == memberId).Select(m => (Platform?)m.PreferredPlatform).SingleOrDefaultAsync(cancellationToken);
        foreach (var sender in senders.OrderBy(s => s.Platform == preferred ? 0 : 1))
        {
            if (await sender.CanReachAsync(memberId, cancellationToken))
                return (sender.Platform, null, null);
        }
        return (null, null, null);
    }

    private Task<int> RecordPartAsync(int id, Platform platform, int partsSent, SentMessage first) =>
        db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.PartsSent, partsSent)
            .SetProperty(d => d.Platform, platform)
            .SetProperty(d => d.Address, first.Address)
            .SetProperty(d => d.PlatformMessageId, d => first.MessageId ?? d.PlatformMessageId), CancellationToken.None);

    /// Records an outcome. Never with the caller's token: once a message went, "sent" must be written.
    private Task<int> FinishAsync(int id, DeliveryStatus status, DateTimeOffset? retryAt, string? error, Platform? platform, SentMessage? sent)
    {
        var sentAt = status == DeliveryStatus.Sent ? time.GetUtcNow() : (DateTimeOffset?)null;
        var lastError = error is { Length: > 2000 } ? error[..2000] : error;
        var query = db.Deliveries.Where(d => d.Id == id);
        return sent is null
            ? query.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.RetryAt, retryAt)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastError, lastError), CancellationToken.None)
            : query.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.RetryAt, (DateTimeOffset?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.SentAt, sentAt)
                .SetProperty(d => d.Platform, platform)
                .SetProperty(d => d.Address, sent.Address)
                .SetProperty(d => d.PlatformMessageId, d => sent.MessageId ?? d.PlatformMessageId)
                .SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
    }

    /// 1, 2, 4 … minutes, at most an hour: long enough for a platform outage to pass.
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
}
