using CohortBot.Turns;

namespace CohortBot.Outbox;

/// Sends one message on one platform. Each channel has one; the outbox picks it by platform.
internal interface IChannelSender
{
    Platform Platform { get; }

    /// Sends <paramref name="message"/> to <paramref name="target"/> (an address the same channel
    /// wrote, opaque to everyone else) and returns the platform's id for the sent message.
    /// Throws <see cref="RecipientUnreachableException"/> when the person cannot be reached at all.
    Task<string?> SendAsync(string target, CardMessage message, CancellationToken cancellationToken);
}

/// The platform said the person cannot be reached (blocked the bot, left the workspace): the
/// delivery is not retried.
internal sealed class RecipientUnreachableException(string message, Exception? innerException = null) : Exception(message, innerException);
