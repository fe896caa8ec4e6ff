using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CohortBot.Teams;

/// <summary>At most <paramref name="PermitLimit"/> calls in any <paramref name="Window"/>.</summary>
/// <param name="PermitLimit">The number of calls allowed.</param>
/// <param name="Window">The sliding window they are counted over.</param>
public sealed record PaceRule(int PermitLimit, TimeSpan Window);

/// <summary>
/// How the connector client paces its calls to stay below Teams' published limits for bots. A call
/// waits for a permit of every rule; none is refused.
/// </summary>
public sealed class ConnectorPacingOptions
{
    /// <summary>Whether calls are paced at all (turn it off only against a fake, as the benchmarks do).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per conversation, for sending, replying, updating and creating a conversation: 7 per second, 8 per 2 s, 60 per 30 s, 1800 per hour.</summary>
    public IReadOnlyList<PaceRule> ConversationSend { get; set; } =
        [new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1))];

    /// <summary>Per conversation, for reading members: 14 per second, 16 per 2 s, 120 per 30 s, 3600 per hour.</summary>
    public IReadOnlyList<PaceRule> ConversationMembers { get; set; } =
        [new(14, TimeSpan.FromSeconds(1)), new(16, TimeSpan.FromSeconds(2)), new(120, TimeSpan.FromSeconds(30)), new(3600, TimeSpan.FromHours(1))];

    /// <summary>Per tenant, across all conversations and operations: 50 per second.</summary>
    public IReadOnlyList<PaceRule> Tenant { get; set; } = [new(50, TimeSpan.FromSeconds(1))];
}

/// <summary>Which per-conversation limits a call counts against.</summary>
internal enum PaceKind
{
    Send,
    Members,
}

/// <summary>Identifies what a call is paced by: its tenant and its conversation (thread).</summary>
internal readonly record struct PaceKey(string Tenant, string Conversation);

/// <summary>
/// Sliding-window limiters partitioned by conversation and by tenant, chained so a call holds a
/// permit of each rule. Idle partitions are dropped by the partitioned limiters themselves.
/// </summary>
internal sealed class ConnectorPacer : IDisposable
{
    private static readonly TimeSpan SegmentLength = TimeSpan.FromMilliseconds(250);
    private readonly List<PartitionedRateLimiter<PaceKey>> _all = [];
    private readonly PartitionedRateLimiter<PaceKey> _send;
    private readonly PartitionedRateLimiter<PaceKey> _members;
    private readonly bool _enabled;

    public ConnectorPacer(IOptions<ConnectorPacingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _enabled = settings.Enabled;
        var tenant = settings.Tenant.Select(rule => Create(rule, key => key.Tenant)).ToArray();
        _send = PartitionedRateLimiter.CreateChained([.. settings.ConversationSend.Select(rule => Create(rule, key => key.Conversation)), .. tenant]);
        _members = PartitionedRateLimiter.CreateChained([.. settings.ConversationMembers.Select(rule => Create(rule, key => key.Conversation)), .. tenant]);
    }

    /// <summary>Waits until the call may go.</summary>
    public async ValueTask WaitAsync(PaceKind kind, PaceKey key, CancellationToken cancellationToken)
    {
        if (!_enabled)
            return;
        var limiter = kind == PaceKind.Send ? _send : _members;
        while (true)
        {
            // Window limiters give permits back by time, not by release: the lease is only a receipt.
            using var lease = await limiter.AcquireAsync(key, 1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
                return;
        }
    }

    /// <summary>Takes a permit if one is free now, without waiting.</summary>
    public bool TryAcquire(PaceKind kind, PaceKey key)
    {
        if (!_enabled)
            return true;
        using var lease = (kind == PaceKind.Send ? _send : _members).AttemptAcquire(key, 1);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _send.Dispose();
        _members.Dispose();
        foreach (var limiter in _all)
            limiter.Dispose();
    }

    private PartitionedRateLimiter<PaceKey> Create(PaceRule rule, Func<PaceKey, string> partition)
    {
        var segments = (int)Math.Clamp(rule.Window.Ticks / SegmentLength.Ticks, 1, 60);
        var limiter = PartitionedRateLimiter.Create<PaceKey, string>(key => RateLimitPartition.GetSlidingWindowLimiter(
            partition(key),
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
                SegmentsPerWindow = segments,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        _all.Add(limiter);
        return limiter;
    }
}
