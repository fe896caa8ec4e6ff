using CohortBot.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Storage;

/// Inbound events, recorded before they are acknowledged: the platform's event id is the key, so a
/// redelivery (Slack retries up to three times) is recognised across restarts and instances.
internal sealed class Inbox(CohortDbContext db, TimeProvider time)
{
    /// Records an event; false when it was recorded before (a redelivery: do nothing).
    public async Task<bool> AcceptAsync(Platform platform, string eventId, string payload, CancellationToken cancellationToken)
    {
        var row = db.ProcessedEvents.Add(new ProcessedEvent { Platform = platform, EventId = eventId, ReceivedAt = time.GetUtcNow(), Payload = payload });
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

    /// Events accepted but not handled after <paramref name="olderThan"/>: their job was lost (a
    /// restart with in-memory jobs) or failed, and they are due again.
    public Task<List<string>> PendingAsync(Platform platform, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - olderThan;
        return db.ProcessedEvents.AsNoTracking()
            .Where(e => e.Platform == platform && e.HandledAt == null && e.ReceivedAt < before)
            .OrderBy(e => e.ReceivedAt).Select(e => e.EventId).Take(500).ToListAsync(cancellationToken);
    }
}
