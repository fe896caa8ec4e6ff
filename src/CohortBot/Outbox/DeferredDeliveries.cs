using System.Collections.Concurrent;

namespace CohortBot.Outbox;

/// The deliveries this instance left to another (<see cref="DeliveryDeferredException"/>), which its
/// sweeps then pass over: taking one again would only put it back, and while this instance holds it
/// the instance that may send it cannot. Forgotten when this instance gets the right to send them
/// (<see cref="Forget"/>), or after <see cref="Period"/>, whichever comes first.
internal sealed class DeferredDeliveries(TimeProvider time)
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    /// A bound on memory: past it everything is forgotten, which costs one more look at each.
    private const int Capacity = 200_000;

    private readonly ConcurrentDictionary<int, (string Scope, DateTimeOffset Until)> _deferred = new();

    public void Remember(int deliveryId, string scope)
    {
        if (_deferred.Count >= Capacity)
            _deferred.Clear();
        _deferred[deliveryId] = (scope, time.GetUtcNow() + Period);
    }

    public bool IsDeferred(int deliveryId)
    {
        if (!_deferred.TryGetValue(deliveryId, out var deferred))
            return false;
        if (time.GetUtcNow() < deferred.Until)
            return true;
        _deferred.TryRemove(KeyValuePair.Create(deliveryId, deferred));
        return false;
    }

    /// This instance may now send what it left for <paramref name="scope"/>.
    public void Forget(string scope)
    {
        foreach (var (id, deferred) in _deferred)
        {
            if (deferred.Scope == scope)
                _deferred.TryRemove(KeyValuePair.Create(id, deferred));
        }
    }
}
