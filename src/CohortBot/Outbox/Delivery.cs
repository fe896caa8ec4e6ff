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

    /// The platform said the person cannot be reached (blocked the bot, left), or they have no
    /// identity on any platform: never retried.
    Unreachable,

    /// No longer wanted before it went (a reminder to someone who answered meanwhile, a round closed).
    Cancelled,
}

/// One message to send. Written in the same transaction as the change that causes it; the
/// idempotency key (for example <c>round:42/member:7/checkin</c>) makes a second write of the
/// same message impossible, so nobody is messaged twice for the same thing.
/// A delivery goes to a member (the channel picks their platform and 1:1 conversation when it
/// sends) or to a conversation a channel named (<see cref="Platform"/> and <see cref="Address"/>).
internal sealed class Delivery
{
    public int Id { get; set; }
    public required string IdempotencyKey { get; set; }

    /// The member it is for: the addressee of the card, whose platform is chosen at send time.
    public int? MemberId { get; set; }

    /// The platform, once known (given with a conversation; chosen for a member at the first attempt).
    public Platform? Platform { get; set; }

    /// Where it goes, in the channel's own words (opaque to everyone else); for a member, written at
    /// the first attempt, so that a retry goes to the same place.
    public string? Address { get; set; }

    /// To update a message sent earlier instead of sending a new one: the platform's id of that message
    /// (or, with <see cref="UpdatesKey"/>, found when sending from the delivery that sent it).
    public string? ReplacesMessageId { get; set; }

    /// The idempotency key of the delivery whose message this one updates.
    public string? UpdatesKey { get; set; }

    public required string CardName { get; set; }
    public required string DataJson { get; set; }

    /// The plain-text line sent with the card (notifications, screen readers).
    public required string Text { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// Not sent before this time (quiet hours, a member's local opening time).
    public DateTimeOffset? NotBefore { get; set; }

    /// Claimed by a sender until this time; another sender may take it after.
    public DateTimeOffset? LeaseUntil { get; set; }

    /// After a failed attempt, the next one waits until this time.
    public DateTimeOffset? RetryAt { get; set; }

    /// A message the platform takes in several parts (Slack's blocks past 50): how many went already,
    /// so a retry sends only the rest.
    public int PartsSent { get; set; }

    public DateTimeOffset? SentAt { get; set; }
    public string? PlatformMessageId { get; set; }
    public string? LastError { get; set; }
}
