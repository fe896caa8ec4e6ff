namespace CohortBot.Teams;

/// <summary>
/// How the connector client retries 429, 412, 502, 503 and 504 (never other statuses, never 413):
/// after <c>Retry-After</c> when the response gives one (capped), else with exponential backoff and jitter.
/// </summary>
public sealed class ConnectorRetryOptions
{
    /// <summary>Retries after the first attempt (3 means at most 4 attempts).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; it doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one waits this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The timeout of each attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
