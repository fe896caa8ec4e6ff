using System.Collections.Concurrent;

namespace CohortBot.Channels.Identities;

/// People the roster did not know when they wrote: each is looked up on their platform (a paced call)
/// at most once a period, the not-found answer included, so a crowd of strangers never queues the
/// answers of everyone else behind the platform's rate limit. A roster import forgets them all, as
/// it may have added them.
internal sealed class StrangerCache(TimeProvider time)
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// A bound on memory: past it the cache starts again, which costs at most one lookup a person.
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<PersonRef, DateTimeOffset> _lookedUp = new();

    /// True for the first caller in a period (who then looks the person up); false for everyone after.
    public bool ShouldLookUp(PersonRef person)
    {
        var now = time.GetUtcNow();
        if (_lookedUp.Count >= Capacity)
            _lookedUp.Clear();
        if (_lookedUp.TryAdd(person, now))
            return true;
        return _lookedUp.TryGetValue(person, out var at) && now - at >= Period && _lookedUp.TryUpdate(person, now, at);
    }

    public void Forget() => _lookedUp.Clear();
}
