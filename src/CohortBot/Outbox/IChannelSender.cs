using CohortBot.Turns;

namespace CohortBot.Outbox;

/// One message for a channel to send: to <see cref="Address"/> (for a member not yet reached on this
/// platform: null, and the channel finds or opens their 1:1 conversation), replacing the message
/// <see cref="ReplacesMessageId"/> when given, skipping the <see cref="PartsSent"/> parts that went already.
internal sealed record OutgoingMessage(int DeliveryId, int? MemberId, string? Address, string? ReplacesMessageId, int PartsSent, CardMessage Message);

/// Where a message went: the address (as resolved for a member) and the platform's id for it.
internal sealed record SentMessage(string Address, string? MessageId);

/// Records each part of a multi-part message as it goes, so a retry never sends it again.
internal delegate Task PartSent(int partsSent, SentMessage first);

/// Sends messages on one platform. Each channel has one; the outbox picks it by platform.
internal interface IChannelSender
{
    Platform Platform { get; }

    /// Whether the member can be reached on this platform at all (they have an identity here that
    /// has not been marked unreachable).
    Task<bool> CanReachAsync(int memberId, CancellationToken cancellationToken);

    /// Sends (or updates) the message and returns where it went. Throws
    /// <see cref="DeliveryRefusedException"/> when sending again could never succeed.
    Task<SentMessage> SendAsync(OutgoingMessage message, PartSent partSent, CancellationToken cancellationToken);

    /// Remembers that the member cannot be reached here (blocked the bot, left), with the reason.
    Task MarkUnreachableAsync(int memberId, string reason, CancellationToken cancellationToken);
}

/// The platform refused the message for good: the person cannot be reached (blocked the bot, left
/// the workspace), or the message itself can never be accepted (a card that does not render, too
/// large). The delivery is not retried.
internal sealed class DeliveryRefusedException(string message, bool recipientUnreachable, Exception? innerException = null) : Exception(message, innerException)
{
    public bool RecipientUnreachable => recipientUnreachable;
}

/// Told after each attempt of a delivery is recorded: <see cref="DeliveryStatus.Sent"/>,
/// <see cref="DeliveryStatus.Unreachable"/>, <see cref="DeliveryStatus.Failed"/>, or
/// <see cref="DeliveryStatus.Pending"/> when it is to be tried again. For a feature that follows its
/// own deliveries (a nudge's receipt). Called for every delivery, so an observer looks at the key
/// first and returns at once when it is not one of its own.
internal interface IDeliveryObserver
{
    Task TriedAsync(string idempotencyKey, DeliveryStatus status, CancellationToken cancellationToken);
}
