using System.Diagnostics;

namespace CohortBot.Bench.Rounds;

/// A published limit read literally: at most <paramref name="Limit"/> accepted calls in any span of
/// <paramref name="Window"/> (a true sliding window over the exact arrival times, no segments).
internal sealed record LimitRule(int Limit, TimeSpan Window)
{
    public override string ToString() => $"{Limit}/{(Window.TotalSeconds >= 3600 ? $"{Window.TotalHours:0}h" : $"{Window.TotalSeconds:0}s")}";
}

/// The accepted calls of one key (a tenant, a conversation, a channel) under its rules. Calls answered
/// 429 do not count against the limit; only those let through do. Not thread-safe: callers lock.
internal sealed class SlidingLimits(IReadOnlyList<LimitRule> rules)
{
    private readonly Queue<long>[] _accepted = [.. rules.Select(_ => new Queue<long>())];

    /// How long until a call at <paramref name="now"/> would be let through by every rule; zero if it is now.
    public TimeSpan WaitAt(long now)
    {
        var wait = TimeSpan.Zero;
        for (var i = 0; i < rules.Count; i++)
        {
            var window = Ticks(rules[i].Window);
            var queue = _accepted[i];
            while (queue.Count > 0 && queue.Peek() <= now - window)
                queue.Dequeue();
            if (queue.Count >= rules[i].Limit)
            {
                // The oldest call of the window leaves it at oldest + window.
                var free = TimeSpan.FromSeconds((double)(queue.Peek() + window - now) / Stopwatch.Frequency);
                if (free > wait)
                    wait = free;
            }
        }
        return wait;
    }

    public void Accept(long now)
    {
        foreach (var queue in _accepted)
            queue.Enqueue(now);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

/// One call a fake answered: when it arrived (harness clock, <see cref="Stopwatch.GetTimestamp"/>),
/// what it was, to which conversation or channel, and the status it got.
internal readonly record struct FakeCall(long At, string Kind, string Target, int Status);

/// Every call a fake answered, in order, and what a phase of the benchmark reads of them.
internal sealed class CallLog
{
    private readonly List<FakeCall> _calls = [];

    public void Add(FakeCall call)
    {
        lock (_calls)
            _calls.Add(call);
    }

    public int Count
    {
        get
        {
            lock (_calls)
                return _calls.Count;
        }
    }

    /// The calls from position <paramref name="from"/> on.
    public List<FakeCall> Since(int from)
    {
        lock (_calls)
            return _calls.GetRange(from, _calls.Count - from);
    }
}
