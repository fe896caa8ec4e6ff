namespace CohortBot.Outbox;

/// Deliveries found by the beginning of their idempotency key (<c>round:42/member:</c>: every
/// card of a round to its members), read as a range of the key's unique index. A
/// <c>StartsWith</c> would be a <c>LIKE 'prefix%'</c>, which SQLite (its LIKE ignores case) and
/// PostgreSQL (outside the C collation) answer by reading the whole outbox. The range needs the
/// keys to sort bytewise: SQLite's default, and PostgreSQL's because the column says so
/// (<see cref="Storage.PostgresCohortDbContext"/>).
internal static class DeliveryKeys
{
    public static IQueryable<Delivery> KeyedUnder(this IQueryable<Delivery> deliveries, string prefix)
    {
        var after = After(prefix);
        return deliveries.Where(d => string.Compare(d.IdempotencyKey, prefix) >= 0 && string.Compare(d.IdempotencyKey, after) < 0);
    }

    /// The first string past every one that begins with <paramref name="prefix"/>.
    public static string After(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)]);
    }
}
