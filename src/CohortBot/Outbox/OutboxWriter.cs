using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Outbox;

/// Writes deliveries into the caller's unit of work, so a message exists exactly when the change
/// that causes it is saved. The idempotency key makes a second write of the same message a no-op:
/// the store's unique index refuses it, and <see cref="SaveAsync"/> leaves it out.
internal sealed class OutboxWriter(CohortDbContext db, TimeProvider time)
{
    private readonly List<Delivery> _added = [];

    /// Every key this unit of work wrote (a set: a round writes thousands, and asking the change
    /// tracker each time would scan them all).
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// What this unit of work added, not yet saved.
    public IReadOnlyList<Delivery> Added => _added;

    /// A message to a member, on the platform they prefer (or the one they are on; or on
    /// <paramref name="platform"/>), sent not before <paramref name="notBefore"/>. The channel finds
    /// or opens their 1:1 conversation when it sends.
    public Delivery? ToMember(string key, int memberId, CardMessage message, DateTimeOffset? notBefore = null, Platform? platform = null) =>
        Add(key, message, d => { d.MemberId = memberId; d.NotBefore = notBefore; d.Platform = platform; });

    /// A message to a conversation a channel named (a reply where a turn happened, a cohort's channel).
    public Delivery? To(string key, ConversationRef conversation, CardMessage message, int? memberId = null, DateTimeOffset? notBefore = null) =>
        Add(key, message, d => { d.Platform = conversation.Platform; d.Address = conversation.Address; d.MemberId = memberId; d.NotBefore = notBefore; });

    /// Replaces a message that is already there (the card someone pressed) with <paramref name="message"/>.
    public Delivery? Replace(string key, MessageRef target, CardMessage message, int? memberId = null) =>
        Add(key, message, d => { d.Platform = target.Conversation.Platform; d.Address = target.Conversation.Address; d.ReplacesMessageId = target.MessageId; d.MemberId = memberId; });

    /// Updates the message that the delivery keyed <paramref name="earlierKey"/> sent (once it is sent).
    public Delivery? Update(string key, string earlierKey, CardMessage message) =>
        Add(key, message, d => d.UpdatesKey = earlierKey);

    private Delivery? Add(string key, CardMessage message, Action<Delivery> address)
    {
        if (!_keys.Add(key))
            return null;
        var delivery = new Delivery
        {
            IdempotencyKey = key,
            CardName = message.Card,
            DataJson = message.Data.ToJsonString(),
            Text = message.Text,
            CreatedAt = time.GetUtcNow(),
        };
        address(delivery);
        _added.Add(db.Deliveries.Add(delivery).Entity);
        return delivery;
    }

    /// Saves the unit of work with its new deliveries and returns those actually written. A delivery
    /// whose message was written before (a redelivered activity or event) or meanwhile by a
    /// concurrent request (Teams sends installationUpdate and conversationUpdate for one install at
    /// the same moment) is left out, and the rest of the work is saved.
    public async Task<IReadOnlyList<Delivery>> SaveAsync(CancellationToken cancellationToken)
    {
        var added = _added.ToList();
        _added.Clear();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return added;
        }
        catch (DbUpdateException) when (added.Count > 0)
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
        new(delivery.CardName, JsonSerializer.Deserialize<JsonObject>(delivery.DataJson) ?? [], delivery.Text);
}
