using System.Threading.RateLimiting;

namespace CohortBot.Slack;

/// <summary>
/// Paces Web API calls under Slack's tiers: a token bucket per method (its tier's rate, a burst of a few seconds' worth), and for
/// <c>chat.postMessage</c> also one per channel. Callers wait in line for a permit; nothing is refused.
/// </summary>
internal sealed class SlackPacer : IDisposable
{
    private readonly SlackPacingOptions _options;
    private readonly PartitionedRateLimiter<SlackCall>? _limiter;

    public SlackPacer(SlackPacingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (!options.Enabled)
            return;

        var byMethod = PartitionedRateLimiter.Create<SlackCall, string>(call =>
            RateLimitPartition.GetTokenBucketLimiter(call.Method, method => Bucket(PerMinute(SlackApiMethods.Get(method).Tier))));
        var byChannel = PartitionedRateLimiter.Create<SlackCall, string>(call =>
            call.Method == SlackApiMethods.PostMessage && call.Channel is { } channel
                ? RateLimitPartition.GetTokenBucketLimiter(channel, _ => Bucket(options.PostMessagePerChannelPerMinute))
                : RateLimitPartition.GetNoLimiter(""));
        _limiter = PartitionedRateLimiter.CreateChained(byMethod, byChannel);
    }

    /// <summary>The sustained calls per minute allowed to a tier.</summary>
    public int PerMinute(SlackTier tier) => tier switch
    {
        SlackTier.Tier2 => _options.Tier2PerMinute,
        SlackTier.Tier3 => _options.Tier3PerMinute,
        SlackTier.Tier4 => _options.Tier4PerMinute,
        SlackTier.PostMessage => _options.PostMessagePerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <summary>How many calls at this rate may go at once before pacing starts.</summary>
    public int Burst(int perMinute) => Math.Max(1, (int)((long)perMinute * _options.BurstSeconds / 60));

    /// <summary>Waits for a permit to call <paramref name="method"/> (about <paramref name="channel"/>, for chat.postMessage).</summary>
    /// <returns>How long the call waited.</returns>
    public async ValueTask<TimeSpan> WaitAsync(string method, string? channel, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_limiter is null)
            return TimeSpan.Zero;
        var call = new SlackCall(method, channel);
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            using var lease = await _limiter.AcquireAsync(call, 1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
                return timeProvider.GetElapsedTime(started);
            // Only a queue over int.MaxValue refuses; wait a moment and line up again rather than fail the call.
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private TokenBucketRateLimiterOptions Bucket(int perMinute) => new()
    {
        TokenLimit = Burst(perMinute),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(1, TimeSpan.TicksPerMinute / perMinute)),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };

    public void Dispose() => _limiter?.Dispose();

    private readonly record struct SlackCall(string Method, string? Channel);
}
