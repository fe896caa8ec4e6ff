using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Outbox;

/// Sends deliveries. Safe to run twice and from several instances at once: a delivery is claimed
/// with a conditional update (a lease of its own, apart from the backoff) before anything is sent,
/// and one that is sent is never sent again. Outcomes are recorded whatever happens to the caller:
/// a cancelled request never leaves a sent message looking unsent.
internal sealed class DeliveryJob(CohortDbContext db, IEnumerable<IChannelSender> senders, IEnumerable<IDeliveryObserver> observers, DeferredDeliveries deferrals, IServiceScopeFactory scopes, TimeProvider time, ILogger<DeliveryJob> logger)
{
    public const int MaxAttempts = 8;

    /// How long a claimed delivery stays claimed: longer than any send with its retries takes.
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// Sends under way at once in a sweep. They wait on the platforms' pacing, not on the processor:
    /// enough of them keep Teams' 50 requests a second per tenant busy.
    private const int SweepSenders = 16;

    /// Deliveries a sweep reads at a time.
    private const int SweepBatch = 200;

    /// How long sends already under way may still take after a sweep is cancelled (the host stopping).
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(10);

    private enum Outcome
    {
        /// Someone else holds it, or it is no longer due.
        NotClaimed,

        /// Claimed and put back for another instance: nothing was tried.
        Deferred,

        /// Claimed and tried: sent, refused, or put back for a retry.
        Attempted,
    }

    /// Sends one delivery now, if it is due and nobody holds it.
    public async Task SendAsync(int deliveryId, CancellationToken cancellationToken) =>
        await TrySendAsync(deliveryId, cancellationToken);

    /// Sends a delivery this process wrote already claimed (<see cref="Claim"/>) with
    /// <paramref name="lease"/>, if the claim is still the one it wrote. A lease that ran out may have
    /// been taken by another sender, whose lease then stands in the row: only the exact lease written
    /// says the claim is still ours. It is renewed for the send.
    public async Task SendLeasedAsync(int deliveryId, DateTimeOffset lease, CancellationToken cancellationToken)
    {
        var renewed = await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && d.LeaseUntil == lease)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.LeaseUntil, LeaseFrom(time.GetUtcNow())), cancellationToken);
        if (renewed == 0)
            return;
        var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, CancellationToken.None);
        await SendClaimedAsync(delivery, cancellationToken);
    }

    /// At most this many deliveries of one unit of work are claimed to be sent the moment they are
    /// saved (a turn's replies); a larger batch (a round opened for thousands) is left to a sweep
    /// that claims each as it sends it, so that a crash strands only the sends under way, not the
    /// whole batch until its leases run out.
    public const int ClaimAtOnce = 32;

    /// Marks unsaved deliveries as claimed by this process, so that they can be sent the moment they
    /// are saved without a round trip to claim them. Should the process stop in between, the lease
    /// runs out and the sweep sends them. Deliveries that must wait, and batches larger than
    /// <see cref="ClaimAtOnce"/>, are left to the sweep.
    public void Claim(IEnumerable<Delivery> unsaved)
    {
        var now = time.GetUtcNow();
        var due = unsaved.Where(d => d.NotBefore is null || d.NotBefore <= now).ToList();
        if (due.Count > ClaimAtOnce)
            return;
        foreach (var delivery in due)
        {
            delivery.Attempts++;
            delivery.LeaseUntil = LeaseFrom(now);
        }
    }

    /// Hands back deliveries this process claimed (<see cref="Claim"/>) but never began to send, as
    /// a stopping instance does with what it had queued: the next sweep, here or in another
    /// instance, sends them at once instead of after the lease. Those whose claim changed meanwhile
    /// are left alone.
    public async Task ReleaseAsync(IReadOnlyCollection<(int Id, DateTimeOffset Lease)> unstarted, CancellationToken cancellationToken)
    {
        foreach (var claim in unstarted.GroupBy(d => d.Lease))
        {
            foreach (var ids in claim.Select(d => d.Id).Chunk(500))
            {
                await db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.LeaseUntil == claim.Key)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                        .SetProperty(d => d.Attempts, d => d.Attempts - 1), cancellationToken);
            }
        }
    }

    /// Sends every delivery that is due, until none is left: the safety net behind the immediate
    /// sends, run every minute, and how a backlog drains (a round opened for thousands, deliveries
    /// another instance left to this one). Several at a time, so that the platforms' pacing, not
    /// the round trips of one send after another, sets the speed. Each pass walks the due deliveries
    /// once in id order, passing over those left to another instance; another pass follows as long
    /// as the last one tried something (a retry may have come due behind it).
    /// A cancelled sweep starts nothing more, and lets the sends under way finish and be recorded.
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        using var inFlight = new CancellationTokenSource();
        await using var stopping = cancellationToken.Register(() => inFlight.CancelAfter(InFlightGrace));
        bool attempted;
        do
        {
            attempted = false;
            var after = 0;
            while (true)
            {
                var now = time.GetUtcNow();
                var due = await Due(now).AsNoTracking().Where(d => d.Id > after).OrderBy(d => d.Id).Select(d => d.Id).Take(SweepBatch).ToListAsync(cancellationToken);
                if (due.Count == 0)
                    break;
                after = due[^1];
                attempted |= await SendEachAsync([.. due.Where(id => !deferrals.IsDeferred(id))], inFlight.Token, cancellationToken) > 0;
            }
        }
        while (attempted);
    }

    /// Sends each delivery in a scope of its own; returns how many were tried.
    private async Task<int> SendEachAsync(IReadOnlyList<int> due, CancellationToken inFlight, CancellationToken cancellationToken)
    {
        var attempted = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = SweepSenders, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(due, options, async (id, _) =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<DeliveryJob>().TrySendAsync(id, inFlight) == Outcome.Attempted)
                    Interlocked.Increment(ref attempted);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !inFlight.IsCancellationRequested)
            {
                // The store failed under one send: the others go on, and this one's lease runs out.
                Log.SweepSendFailed(logger, failure, id);
            }
        });
        return attempted;
    }

    private async Task<Outcome> TrySendAsync(int deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await Due(now).Where(d => d.Id == deliveryId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.LeaseUntil, LeaseFrom(now))
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (claimed == 0)
            return Outcome.NotClaimed;

        var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, CancellationToken.None);
        return await SendClaimedAsync(delivery, cancellationToken);
    }

    private IQueryable<Delivery> Due(DateTimeOffset now) => db.Deliveries.Where(d =>
        d.Status == DeliveryStatus.Pending
        && (d.NotBefore == null || d.NotBefore <= now)
        && (d.RetryAt == null || d.RetryAt <= now)
        && (d.LeaseUntil == null || d.LeaseUntil <= now));

    /// Leases are compared for equality (<see cref="SendLeasedAsync"/>), so they are kept to whole
    /// milliseconds, which both stores keep exactly (SQLite's binary instants to 0.1 ms, PostgreSQL to 1 µs).
    private static DateTimeOffset LeaseFrom(DateTimeOffset now)
    {
        var until = now + Lease;
        return until.AddTicks(-(until.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// Sends a delivery this process holds the claim of, records the outcome and tells the observers
    /// of the attempt (a delivery put back for another instance was not attempted).
    private async Task<Outcome> SendClaimedAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var (outcome, status) = await SendAndRecordAsync(delivery, cancellationToken);
        if (status is { } tried)
        {
            foreach (var observer in observers)
            {
                try
                {
                    await observer.TriedAsync(delivery.IdempotencyKey, tried, CancellationToken.None);
                }
                catch (Exception failure)
                {
                    // What follows a delivery never undoes it: the observer catches up on its own schedule.
                    Log.DeliveryObserverFailed(logger, failure, delivery.Id);
                }
            }
        }
        return outcome;
    }

    private async Task<(Outcome, DeliveryStatus?)> SendAndRecordAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        IChannelSender? sender = null;
        try
        {
            var (platform, address, replaces) = await ResolveAsync(delivery, cancellationToken);
            sender = platform is { } p ? senders.Single(s => s.Platform == p) : null;
            if (sender is null)
            {
                await FinishAsync(delivery.Id, DeliveryStatus.Unreachable, null, "The member has no reachable identity on any platform.", null, null);
                return (Outcome.Attempted, DeliveryStatus.Unreachable);
            }

            var outgoing = new OutgoingMessage(delivery.Id, delivery.MemberId, address, replaces, delivery.PartsSent, OutboxWriter.Message(delivery));
            var sent = await sender.SendAsync(outgoing, (parts, first) => RecordPartAsync(delivery.Id, sender.Platform, parts, first), cancellationToken);
            await FinishAsync(delivery.Id, DeliveryStatus.Sent, null, null, sender.Platform, sent);
            return (Outcome.Attempted, DeliveryStatus.Sent);
        }
        catch (DeliveryDeferredException deferred)
        {
            deferrals.Remember(delivery.Id, deferred.Scope);
            await PutBackAsync(delivery.Id, time.GetUtcNow() + deferred.RetryAfter);
            return (Outcome.Deferred, null);
        }
        catch (DeliveryRefusedException refused)
        {
            Log.DeliveryRefused(logger, delivery.Id, sender?.Platform, refused.Message);
            if (refused.RecipientUnreachable && delivery.MemberId is { } memberId && sender is not null)
                await sender.MarkUnreachableAsync(memberId, refused.Message, CancellationToken.None);
            var status = refused.RecipientUnreachable ? DeliveryStatus.Unreachable : DeliveryStatus.Failed;
            await FinishAsync(delivery.Id, status, null, refused.Message, null, null);
            return (Outcome.Attempted, status);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = delivery.Attempts >= MaxAttempts;
            Log.DeliveryFailed(logger, delivery.Id, sender?.Platform, delivery.Attempts, final, failure.GetType().Name);
            var retryAt = final ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(delivery.Attempts);
            await FinishAsync(delivery.Id, final ? DeliveryStatus.Failed : DeliveryStatus.Pending, retryAt, failure.Message, null, null);
            return (Outcome.Attempted, final ? DeliveryStatus.Failed : DeliveryStatus.Pending);
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

    /// Puts back a delivery another instance is to send: unclaimed, due again shortly, and with the
    /// attempt its claim counted given back, as nothing was tried.
    private Task<int> PutBackAsync(int id, DateTimeOffset retryAt) =>
        db.Deliveries.Where(d => d.Id == id && d.Status == DeliveryStatus.Pending).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(d => d.RetryAt, retryAt)
            .SetProperty(d => d.Attempts, d => d.Attempts - 1), CancellationToken.None);

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
