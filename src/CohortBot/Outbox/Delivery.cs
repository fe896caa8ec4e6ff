namespace CohortBot.Outbox;

internal enum Platform
{
    Teams,
    Slack,
}

internal enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,

    /// The platform said the person cannot be reached (blocked the bot, left): never retried.
    Unreachable,
}

/// One message to send. Written in the same transaction as the change that causes it; the
/// idempotency key (for example <c>round:42/member:7/checkin</c>) makes a second write of the
/// same message impossible, so nobody is messaged twice for the same thing.
internal sealed class Delivery
{
    public int Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public Platform Platform { get; set; }

    /// Where it goes, in the platform's terms (a conversation, a channel, a user id).
    public required string Target { get; set; }

    public int? MemberId { get; set; }
    public required string CardName { get; set; }
    public required string DataJson { get; set; }

    /// The plain-text line sent with the card (notifications, screen readers).
    public required string Text { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? PlatformMessageId { get; set; }
    public string? LastError { get; set; }
}
