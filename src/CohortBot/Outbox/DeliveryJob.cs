using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Outbox;

/// Sends deliveries. Safe to run twice and from several instances at once: a delivery is claimed
/// with a conditional update (its next-attempt time doubles as a lease) before anything is sent,
/// and one that is sent is never sent again.
internal sealed class DeliveryJob(CohortDbContext db, Outbox outbox, IEnumerable<IChannelSender> senders, TimeProvider time, ILogger<DeliveryJob> logger)
{
    public const int MaxAttempts = 8;

    /// How long a claimed delivery stays claimed: longer than any send with its retries takes.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// Sends one delivery now, if it is still due.
    public async Task SendAsync(int deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await db.Deliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.NextAttemptAt, now + Lease)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (claimed == 0)
            return;

        var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, cancellationToken);
        await SendClaimedAsync(delivery, cancellationToken);
    }

    /// Saves the unit of work with <paramref name="added"/> (new deliveries of the outbox) and sends
    /// them at once: they are written already claimed by this process, so sending needs no other
    /// round trip. Should the process stop in between, the lease runs out and the sweep sends them.
    public async Task SaveAndSendAsync(IReadOnlyList<Delivery> added, CancellationToken cancellationToken)
    {
        Claim(added);
        foreach (var delivery in await outbox.SaveAsync(added, cancellationToken))
            await SendClaimedAsync(delivery, cancellationToken);
    }

    private void Claim(IEnumerable<Delivery> unsaved)
    {
        var leaseEnd = time.GetUtcNow() + Lease;
        foreach (var delivery in unsaved)
        {
            delivery.Attempts++;
            delivery.NextAttemptAt = leaseEnd;
        }
    }

    /// Sends a delivery this process holds the claim of, and records the outcome.
    private async Task SendClaimedAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var sender = senders.Single(s => s.Platform == delivery.Platform);
        try
        {
            var messageId = await sender.SendAsync(delivery.Target, Outbox.Message(delivery), cancellationToken);
            await Finish(delivery.Id, DeliveryStatus.Sent, null, null, messageId, cancellationToken);
        }
        catch (DeliveryRefusedException refused)
        {
            Log.DeliveryRefused(logger, delivery.Id, delivery.Platform, refused.Message);
            var status = refused.RecipientUnreachable ? DeliveryStatus.Unreachable : DeliveryStatus.Failed;
            await Finish(delivery.Id, status, null, refused.Message, null, CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = delivery.Attempts >= MaxAttempts;
            Log.DeliveryFailed(logger, delivery.Id, delivery.Platform, delivery.Attempts, final, failure.GetType().Name);
            var retryAt = final ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(delivery.Attempts);
            await Finish(delivery.Id, final ? DeliveryStatus.Failed : DeliveryStatus.Pending, retryAt, failure.Message, null, CancellationToken.None);
        }
    }

    /// Sends every delivery that is due: the safety net behind the immediate sends, run every minute.
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var id in due)
            await SendAsync(id, cancellationToken);
    }

    private Task<int> Finish(int id, DeliveryStatus status, DateTimeOffset? nextAttemptAt, string? error, string? messageId, CancellationToken cancellationToken)
    {
        var sentAt = status == DeliveryStatus.Sent ? time.GetUtcNow() : (DateTimeOffset?)null;
        var lastError = error is { Length: > 2000 } ? error[..2000] : error;
        return db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptAt, nextAttemptAt)
            .SetProperty(d => d.SentAt, sentAt)
            .SetProperty(d => d.PlatformMessageId, messageId)
            .SetProperty(d => d.LastError, lastError), cancellationToken);
    }

    /// 1, 2, 4 … minutes, at most an hour: long enough for a platform outage to pass.
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
}
