using System.Text.Json;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Outbox;

/// Writes deliveries into the caller's unit of work, so a message exists exactly when the change
/// that causes it is saved. The idempotency key makes a second write of the same message a no-op:
/// the store's unique index refuses it, and <see cref="SaveAsync"/> leaves it out.
internal sealed class Outbox(CohortDbContext db, TimeProvider time)
{
    /// Adds a delivery to the unit of work unless this unit of work already holds one with
    /// <paramref name="key"/>; returns the new delivery, or null. One written before in the store
    /// is found when the unit of work is saved (<see cref="SaveAsync"/>), with no query beforehand.
    public Delivery? Add(string key, Platform platform, string target, int? memberId, CardMessage message)
    {
        if (db.Deliveries.Local.Any(d => d.IdempotencyKey == key))
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

    /// Saves the unit of work with its new deliveries and returns those actually written. A delivery
    /// whose message was written before (a redelivered activity or event) or meanwhile by a
    /// concurrent request (Teams sends installationUpdate and conversationUpdate for one install at
    /// the same moment) is left out, and the rest of the work is saved.
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
