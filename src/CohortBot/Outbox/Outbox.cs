using System.Text.Json;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Outbox;

/// Writes deliveries into the caller's unit of work, so a message exists exactly when the change
/// that causes it is saved. The idempotency key makes a second write of the same message a no-op.
internal sealed class Outbox(CohortDbContext db, TimeProvider time)
{
    /// Adds a delivery unless one with <paramref name="key"/> exists (in the store or in this unit
    /// of work); returns the new delivery, or null when the message was already written.
    public async Task<Delivery?> AddAsync(string key, Platform platform, string target, int? memberId, CardMessage message, CancellationToken cancellationToken)
    {
        if (db.Deliveries.Local.Any(d => d.IdempotencyKey == key)
            || await db.Deliveries.AnyAsync(d => d.IdempotencyKey == key, cancellationToken))
            return null;

        return db.Deliveries.Add(new Delivery
        {
            IdempotencyKey = key,
            Platform = platform,
            Target = target,
            MemberId = memberId,
            CardName = message.Card,
            DataJson = message.Data.ToJsonString(),
            Text = message.Text,
            CreatedAt = time.GetUtcNow(),
        }).Entity;
    }

    /// Saves the unit of work with its new deliveries and returns those actually written. When the
    /// same message was written meanwhile by a concurrent request (Teams sends installationUpdate
    /// and conversationUpdate for one install at the same moment), that delivery is left out and
    /// the rest of the work is saved.
    public async Task<IReadOnlyList<Delivery>> SaveAsync(IReadOnlyList<Delivery> added, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return added;
        }
        catch (DbUpdateException)
        {
            var keys = added.Select(d => d.IdempotencyKey).ToList();
            var existing = await db.Deliveries.AsNoTracking().Where(d => keys.Contains(d.IdempotencyKey)).Select(d => d.IdempotencyKey).ToListAsync(cancellationToken);
            if (existing.Count == 0)
                throw;
            foreach (var duplicate in added.Where(d => existing.Contains(d.IdempotencyKey)))
                db.Entry(duplicate).State = EntityState.Detached;
            await db.SaveChangesAsync(cancellationToken);
            return [.. added.Where(d => !existing.Contains(d.IdempotencyKey))];
        }
    }

    public static CardMessage Message(Delivery delivery) =>
        new(delivery.CardName, JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(delivery.DataJson) ?? [], delivery.Text);
}
