using CohortBot.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CohortBot.Storage;

/// Inbound events, recorded before they are acknowledged: the platform's event id is the key, so a
/// redelivery (Slack retries up to three times) is recognised across restarts and instances.
/// An event that keeps failing is given up after a few tries, and every handled row leaves the
/// store after <c>Storage:InboxRetention</c>: nobody's words are kept longer than needed.
internal sealed class Inbox(CohortDbContext db, TimeProvider time, IOptions<StorageOptions> options, ILogger<Inbox> logger)
{
    public const int MaxAttempts = 5;

    /// Records an event; false when it was recorded before (a redelivery: do nothing).
    public async Task<bool> AcceptAsync(Platform platform, string eventId, string payload, string workspace, CancellationToken cancellationToken)
    {
        var row = db.ProcessedEvents.Add(new ProcessedEvent { Platform = platform, EventId = eventId, ReceivedAt = time.GetUtcNow(), Payload = payload, Workspace = workspace });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            row.State = EntityState.Detached;
            // A key violation means Slack sent it before; anything else is a real failure.
            if (await db.ProcessedEvents.AsNoTracking().AnyAsync(e => e.Platform == platform && e.EventId == eventId, cancellationToken))
                return false;
            throw;
        }
    }

    /// Counts a handling that begins, before it can fail: the count survives a crash in the middle.
    public Task BeginAsync(Platform platform, string eventId, CancellationToken cancellationToken) =>
        db.ProcessedEvents.Where(e => e.Platform == platform && e.EventId == eventId && e.HandledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Attempts, e => e.Attempts + 1), cancellationToken);

    /// Events accepted but not handled after <paramref name="olderThan"/> (their handler was lost in
    /// a restart, or failed), due again. Those that failed <see cref="MaxAttempts"/> times are given
    /// up first, their payload erased.
    public async Task<List<string>> PendingAsync(Platform platform, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var givenUp = await db.ProcessedEvents
            .Where(e => e.Platform == platform && e.HandledAt == null && e.Attempts >= MaxAttempts)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.HandledAt, now)
                .SetProperty(e => e.GivenUpAt, now)
                .SetProperty(e => e.Payload, (string?)null), cancellationToken);
        if (givenUp > 0)
            Log.InboxGaveUp(logger, givenUp, platform, MaxAttempts);

        var before = now - olderThan;
        return await db.ProcessedEvents.AsNoTracking()
            .Where(e => e.Platform == platform && e.HandledAt == null && e.ReceivedAt < before)
            .OrderBy(e => e.ReceivedAt).Select(e => e.EventId).Take(500).ToListAsync(cancellationToken);
    }

    /// Deletes handled (and given-up) events older than the retention period.
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.InboxRetention;
        var pruned = await db.ProcessedEvents.Where(e => e.HandledAt != null && e.HandledAt < before).ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
            Log.InboxPruned(logger, pruned);
    }
}
