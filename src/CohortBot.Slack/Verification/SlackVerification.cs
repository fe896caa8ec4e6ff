namespace CohortBot.Slack;

/// <summary>The outcome of checking an inbound request's Slack signature.</summary>
public enum SlackVerification
{
    /// <summary>The signature matches and the timestamp is within five minutes of now.</summary>
    Valid,

    /// <summary>The <c>X-Slack-Request-Timestamp</c> or <c>X-Slack-Signature</c> header is missing or empty.</summary>
    MissingHeaders,

    /// <summary>A header is not in Slack's format (a Unix timestamp; <c>v0=</c> and 64 lowercase hex digits).</summary>
    Malformed,

    /// <summary>The timestamp is more than 300 seconds from now (a possible replay).</summary>
    Stale,

    /// <summary>The signature does not match the body.</summary>
    Mismatch,

    /// <summary>No signing secret is configured, so nothing can be verified.</summary>
    NoSecret,

    /// <summary>The body is larger than <see cref="SlackOptions.MaxRequestBodyBytes"/>; it was not read to the end nor verified.</summary>
    TooLarge,
}
