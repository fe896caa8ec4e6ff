using CohortBot.Turns;

namespace CohortBot.Outbox;

/// Sends one message on one platform. Each channel has one; the outbox picks it by platform.
internal interface IChannelSender
{
    Platform Platform { get; }

    /// Sends <paramref name="message"/> to <paramref name="target"/> (an address the same channel
    /// wrote, opaque to everyone else) and returns the platform's id for the sent message.
    /// Throws <see cref="DeliveryRefusedException"/> when sending again could never succeed.
    Task<string?> SendAsync(string target, CardMessage message, CancellationToken cancellationToken);
}

/// The platform refused the message for good: the person cannot be reached (blocked the bot, left
/// the workspace), or the message itself can never be accepted. The delivery is not retried.
internal sealed class DeliveryRefusedException(string message, bool recipientUnreachable, Exception? innerException = null) : Exception(message, innerException)
{
    public bool RecipientUnreachable => recipientUnreachable;
}
