using System.Net;
using CohortBot.Cards.Catalog;
using CohortBot.Outbox;
using CohortBot.Teams;
using CohortBot.Turns;

namespace CohortBot.Channels.Teams;

/// Sends card messages to Teams: the expanded Adaptive Card as an attachment, with the plain-text
/// line as the activity's summary (what notifications and screen readers read).
internal sealed class TeamsSender(ConnectorClient connector, TrustedServiceUrls trusted, CardCatalog cards) : IChannelSender
{
    public Platform Platform => Platform.Teams;

    public async Task<string?> SendAsync(string target, CardMessage message, CancellationToken cancellationToken)
    {
        var address = TeamsAddress.Parse(target);
        // Addresses are written only from authenticated activities (or the store, which holds only
        // those), so trusting the service URL here keeps proactive sends working after a restart.
        trusted.Trust(address.ServiceUrl);
        var activity = Message(message, address);
        try
        {
            var sent = address.ReplyToId is { } replyTo
                ? await connector.ReplyToActivityAsync(address.ServiceUrl, address.ConversationId, replyTo, activity, cancellationToken)
                : await connector.SendToConversationAsync(address.ServiceUrl, address.ConversationId, activity, cancellationToken);
            return sent.Id;
        }
        catch (ConnectorException failure) when (failure.IsRecipientUnreachable)
        {
            throw new DeliveryRefusedException($"Teams answered {(int)failure.StatusCode} {failure.ErrorCode}", recipientUnreachable: true, failure);
        }
        catch (ConnectorException failure) when (failure.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            // Never retried: the same card would be refused again.
            throw new DeliveryRefusedException("Teams refused the card as too large (413)", recipientUnreachable: false, failure);
        }
    }

    public Activity Message(CardMessage message, TeamsAddress address) => new()
    {
        Type = ActivityTypes.Message,
        Conversation = new ConversationAccount { Id = address.ConversationId, TenantId = address.TenantId },
        Summary = message.Text,
        Attachments = [Card(message)],
    };

    public Attachment Card(CardMessage message) => Attachment.AdaptiveCard(cards.Expand(message.Card, message.Data).Card!);
}
