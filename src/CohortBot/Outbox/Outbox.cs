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

    public static CardMessage Message(Delivery delivery) =>
        new(delivery.CardName, JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(delivery.DataJson) ?? [], delivery.Text);
}
