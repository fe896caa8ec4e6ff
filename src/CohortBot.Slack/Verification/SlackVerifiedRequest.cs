namespace CohortBot.Slack;

/// <summary>An inbound Slack request's raw body and the result of verifying its signature.</summary>
/// <param name="Verification">Whether the signature is valid, or why not; process the body only when it is <see cref="SlackVerification.Valid"/>.</param>
/// <param name="Body">The raw body exactly as received (empty when it was too large).</param>
/// <param name="RetryNum">Slack's <c>X-Slack-Retry-Num</c> (1 to 3) when this is a redelivery of an event.</param>
/// <param name="RetryReason">Slack's <c>X-Slack-Retry-Reason</c> when this is a redelivery of an event.</param>
public sealed record SlackVerifiedRequest(SlackVerification Verification, ReadOnlyMemory<byte> Body, int? RetryNum, string? RetryReason)
{
    /// <summary>Whether the signature is valid and the body may be processed.</summary>
    public bool IsValid => Verification == SlackVerification.Valid;
}
