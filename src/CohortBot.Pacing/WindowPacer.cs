namespace CohortBot.Pacing;

/// <summary>One limit a call counts against: at most <paramref name="Limit"/> calls in any <paramref name="Window"/>, counted per <paramref name="Partition"/>.</summary>
/// <param name="Partition">What the limit is counted by (a tenant, a conversation, a method of a workspace).</param>
/// <param name="Limit">How many calls any window may hold.</param>
/// <param name="Window">The sliding window.</param>
public readonly record struct PaceLimit(string Partition, int Limit, TimeSpan Window);

/// <summary>
/// Paces calls so that no window of any of their limits ever holds more than its limit: a strict sliding log of the times calls
/// went, the way platforms count ("50 requests per second"), not a segmented approximation that lets a window hold more. Each
/// window is counted a little longer than it is (<see cref="Margin"/>) so that calls bunched up in transit still arrive inside
/// the limit. A 429 holds a partition for its <c>Retry-After</c> and can lower a limit to what the platform showed it allows.
/// Callers wait in line; nothing is refused. Thread-safe.
/// </summary>
public sealed class WindowPacer
{
    private const int CleanupEvery = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Partition, TimeSpan Window), Log> _logs = [];
    private readonly Dictionary<string, TimeSpan> _heldUntil = [];
    private readonly TimeProvider _time;
    private readonly long _origin;
    private int _sinceCleanup;

    /// <summary>Creates a pacer.</summary>
    /// <param name="margin">How much longer than its window each window is counted (0.02: 2 %).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> by default.</param>
    public WindowPacer(double margin = 0.02, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        Margin = margin;
        _time = time ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
    }

    /// <summary>How much longer than its window each window is counted.</summary>
    public double Margin { get; }

    /// <summary>Waits until a call may go under every one of <paramref name="limits"/>, and counts it.</summary>
    /// <returns>How long the call waited.</returns>
    public async ValueTask<TimeSpan> WaitAsync(IReadOnlyList<PaceLimit> limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var started = Now;
        while (true)
        {
            var wait = Take(limits);
            if (wait <= TimeSpan.Zero)
                return Now - started;
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts a call if it may go now, without waiting.</summary>
    public bool TryAcquire(IReadOnlyList<PaceLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Take(limits) <= TimeSpan.Zero;
    }

    /// <summary>Lets no call of <paramref name="partition"/> go for <paramref name="duration"/> (a 429's <c>Retry-After</c>).</summary>
    public void Hold(string partition, TimeSpan duration)
    {
        lock (_gate)
        {
            var until = Now + duration;
            if (!_heldUntil.TryGetValue(partition, out var held) || held < until)
                _heldUntil[partition] = until;
        }
    }

    /// <summary>
    /// Learns from a 429 that <paramref name="limit"/> is tighter than configured: from now on its window holds at most the calls
    /// it let through before the refusal (never fewer than one). Not in the first window after the pacer started.
    /// </summary>
    /// <returns>The limit now in force.</returns>
    public int Learn(PaceLimit limit)
    {
        lock (_gate)
        {
            var log = LogOf(limit);
            var now = Now;
            // Within a window of starting (a restart), the platform still counts calls this pacer never saw: nothing to learn.
            if (now < Counted(limit.Window))
                return Math.Min(log.Learned ?? limit.Limit, limit.Limit);
            log.Trim(now - Counted(limit.Window));
            // The refused call was counted when it went: the platform let through the others.
            log.Learned = Math.Max(1, Math.Min(log.Learned ?? limit.Limit, log.Count - 1));
            return log.Learned.Value;
        }
    }

    /// <summary>How many of the calls counted against <paramref name="limit"/> went within the last <paramref name="span"/>.</summary>
    public int CountWithin(PaceLimit limit, TimeSpan span)
    {
        lock (_gate)
            return _logs.TryGetValue((limit.Partition, limit.Window), out var log) ? log.CountAfter(Now - span) : 0;
    }

    /// <summary>The limit in force for <paramref name="limit"/>: as configured, or lower if learned.</summary>
    public int LimitOf(PaceLimit limit)
    {
        lock (_gate)
            return _logs.TryGetValue((limit.Partition, limit.Window), out var log) && log.Learned is { } learned ? Math.Min(learned, limit.Limit) : limit.Limit;
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    private TimeSpan Counted(TimeSpan window) => window * (1 + Margin);

    /// <summary>Counts the call and returns zero, or returns how long until it may go.</summary>
    private TimeSpan Take(IReadOnlyList<PaceLimit> limits)
    {
        lock (_gate)
        {
            var now = Now;
            var freeAt = now;
            foreach (var limit in limits)
            {
                if (_heldUntil.TryGetValue(limit.Partition, out var held))
                {
                    if (held > freeAt)
                        freeAt = held;
                    else if (held <= now)
                        _heldUntil.Remove(limit.Partition);
                }
                var counted = Counted(limit.Window);
                var log = LogOf(limit);
                log.Trim(now - counted);
                var allowed = Math.Min(limit.Limit, log.Learned ?? int.MaxValue);
                if (log.Count >= allowed)
                {
                    var opens = log.NthNewest(allowed) + counted;
                    if (opens > freeAt)
                        freeAt = opens;
                }
            }
            if (freeAt > now)
                return freeAt - now + TimeSpan.FromTicks(1);
            foreach (var limit in limits)
                LogOf(limit).Add(now);
            if (++_sinceCleanup >= CleanupEvery)
                Cleanup(now);
            return TimeSpan.Zero;
        }
    }

    private Log LogOf(PaceLimit limit)
    {
        if (!_logs.TryGetValue((limit.Partition, limit.Window), out var log))
            _logs[(limit.Partition, limit.Window)] = log = new Log();
        return log;
    }

    /// <summary>Forgets partitions that are idle (nothing in their window, nothing learned).</summary>
    private void Cleanup(TimeSpan now)
    {
        _sinceCleanup = 0;
        foreach (var ((partition, window), log) in _logs)
        {
            log.Trim(now - Counted(window));
            if (log.Count == 0 && log.Learned is null)
                _logs.Remove((partition, window));
        }
    }

    /// <summary>When the calls of one partition and window went, oldest first.</summary>
    private sealed class Log
    {
        private readonly Queue<TimeSpan> _times = new();

        public int? Learned { get; set; }

        public int Count => _times.Count;

        public void Add(TimeSpan at) => _times.Enqueue(at);

        public void Trim(TimeSpan before)
        {
            while (_times.Count > 0 && _times.Peek() <= before)
                _times.Dequeue();
        }

        public int CountAfter(TimeSpan since) => _times.Count(t => t > since);

        /// <summary>The time of the <paramref name="n"/>-th newest call: once it leaves the window, one more may go.</summary>
        public TimeSpan NthNewest(int n) => _times.Count == n ? _times.Peek() : _times.ElementAt(_times.Count - n);
    }
}
