using System.Net;
using CohortBot.Pacing;
using Microsoft.Extensions.Logging;

namespace CohortBot.Slack;

/// <summary>
/// Paces Web API calls under Slack's tiers as strict sliding windows per method: a minute's worth per minute, and no more than a
/// few seconds' worth in a few seconds (<see cref="SlackPacingOptions.BurstSeconds"/>); for <c>chat.postMessage</c> also per
/// channel. Callers wait in line; nothing is refused. Slack does not publish every workspace's limit (chat.postMessage allows
/// "several hundred a minute"), so a 429 teaches it: the method's minute then holds no more than Slack let through in the
/// minute before, and the method waits for the <c>Retry-After</c>.
/// </summary>
internal sealed class SlackPacer
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly SlackPacingOptions _options;
    private readonly WindowPacer _pacer;

    public SlackPacer(SlackPacingOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pacer = new WindowPacer(time: time);
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

    /// <summary>What a minute of <paramref name="method"/> holds now: as configured, or as a 429 showed.</summary>
    public int LimitOf(string method) => _pacer.LimitOf(MethodMinute(method));

    /// <summary>Waits for a permit to call <paramref name="method"/> (about <paramref name="channel"/>, for chat.postMessage).</summary>
    /// <returns>How long the call waited.</returns>
    public ValueTask<TimeSpan> WaitAsync(string method, string? channel, CancellationToken cancellationToken) =>
        _pacer.WaitAsync(Limits(method, channel), cancellationToken);

    /// <summary>Takes a permit if one is free now, without waiting.</summary>
    public bool TryAcquire(string method, string? channel) => _pacer.TryAcquire(Limits(method, channel));

    /// <summary>
    /// Learns from a 429: a channel that had another call within the second was held to its own pace; otherwise the method's
    /// workspace limit is lower than configured. Either waits <paramref name="retryAfter"/>.
    /// </summary>
    public void TooManyRequests(string method, string? channel, TimeSpan retryAfter)
    {
        if (!_options.Enabled)
        {
            _pacer.Hold(MethodMinute(method).Partition, retryAfter);
            return;
        }
        if (ChannelLimits(method, channel) is [var perChannel, ..] && _pacer.CountWithin(perChannel, Second) > 1)
        {
            _pacer.Hold(perChannel.Partition, retryAfter);
            return;
        }
        _pacer.Learn(MethodMinute(method));
        _pacer.Hold(MethodMinute(method).Partition, retryAfter);
    }

    private List<PaceLimit> Limits(string method, string? channel) => [.. Rate("method:" + method, PerMinute(SlackApiMethods.Get(method).Tier)), .. ChannelLimits(method, channel)];

    private List<PaceLimit> ChannelLimits(string method, string? channel) =>
        method == SlackApiMethods.PostMessage && channel is not null ? Rate("channel:" + channel, _options.PostMessagePerChannelPerMinute) : [];

    private PaceLimit MethodMinute(string method) => new("method:" + method, PerMinute(SlackApiMethods.Get(method).Tier), Minute);

    /// <summary>
    /// A rate as a minute's worth per minute and a burst's worth per burst; unpaced (but still held after a 429) when pacing is off.
    /// </summary>
    private List<PaceLimit> Rate(string partition, int perMinute)
    {
        if (!_options.Enabled)
            return [new(partition, int.MaxValue, TimeSpan.Zero)];
        var burst = Burst(perMinute);
        return burst >= perMinute
            ? [new(partition, perMinute, Minute)]
            : [new(partition, perMinute, Minute), new(partition, burst, TimeSpan.FromTicks(Minute.Ticks * burst / perMinute))];
    }
}

/// <summary>
/// Paces each Web API call and retries those Slack answered 429, in line like any other call, after teaching the pacer. It sits
/// above the retry handler, so a wait in line never counts against an attempt's timeout; that handler retries the rest.
/// </summary>
internal sealed class SlackPacingHandler(SlackPacer pacer, SlackRetryOptions retry, TimeProvider time, ILogger logger) : DelegatingHandler
{
    /// <summary>The channel a call is about, for chat.postMessage's per-channel pace.</summary>
    public static readonly HttpRequestOptionsKey<string> Channel = new("CohortBot.Slack.Channel");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri is { } uri ? uri.OriginalString.Split('/')[^1] : "";
        if (!SlackApiMethods.All.ContainsKey(method))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var channel = request.Options.TryGetValue(Channel, out var c) ? c : null;
        for (var attempt = 0; ; attempt++)
        {
            var waited = await pacer.WaitAsync(method, channel, cancellationToken).ConfigureAwait(false);
            if (waited > TimeSpan.FromMilliseconds(100))
                Log.Paced(logger, method, waited);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= retry.MaxRetryAttempts)
                return response;
            var wait = RetryAfter(response) ?? retry.BaseDelay * Math.Pow(2, attempt);
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > retry.MaxRetryAfter ? retry.MaxRetryAfter : wait;
            pacer.TooManyRequests(method, channel, wait);
            Log.Retrying(logger, method, attempt + 1, response.StatusCode, wait, null);
            response.Dispose();
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
