using System.ComponentModel.DataAnnotations;

namespace CohortBot.Slack;

/// <summary>
/// Retries of Web API calls: on HTTP 429 after <c>Retry-After</c>, on 5xx, 408 and timeouts with exponential backoff and jitter.
/// </summary>
public sealed class SlackRetryOptions
{
    /// <summary>How many times a failed call is retried (so at most this many plus one attempts).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first backoff delay after a 5xx or a timeout; each later one doubles, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay after a 5xx or a timeout.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a <c>Retry-After</c> header is honoured for; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take before it counts as a timeout and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take over all its attempts and waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
