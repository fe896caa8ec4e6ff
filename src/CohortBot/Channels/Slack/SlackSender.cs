using CohortBot.Cards.BlockKit;
using CohortBot.Cards.Catalog;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Turns;

namespace CohortBot.Channels.Slack;

/// Sends card messages to Slack as Block Kit, always with the top-level text fallback. A card with
/// inputs goes out as its content and a button that opens the inputs in a modal.
internal sealed class SlackSender(SlackApiClient slack, CardCatalog cards) : IChannelSender
{
    /// Errors after which sending again can never succeed.
    private static readonly HashSet<string> Unreachable = ["channel_not_found", "not_in_channel", "is_archived", "user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot", "message_not_found", "cant_update_message"];
    private static readonly HashSet<string> Refused = ["invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text", "too_many_attachments", "invalid_arguments"];

    public Platform Platform => Platform.Slack;

    public BlockKitMessage Render(CardMessage message) => BlockKitRenderer.Render(cards.Expand(message.Card, message.Data).Card!.AsObject());

    public async Task<string?> SendAsync(string target, CardMessage message, CancellationToken cancellationToken)
    {
        var address = SlackAddress.Parse(target);
        var rendered = Render(message);
        var text = string.IsNullOrWhiteSpace(message.Text) ? rendered.Text : message.Text;
        try
        {
            if (address.UpdateTs is { } ts)
            {
                var updated = await slack.UpdateMessageAsync(address.Channel, ts, text, rendered.Blocks, cancellationToken);
                return SlackAddress.MessageId(updated.Channel, updated.Ts);
            }

            var sent = await slack.PostMessageAsync(address.Channel, text, rendered.Blocks, address.ThreadTs, cancellationToken);
            foreach (var blocks in rendered.FollowUps)
                await slack.PostMessageAsync(sent.Channel, text, blocks, address.ThreadTs, cancellationToken);
            return SlackAddress.MessageId(sent.Channel, sent.Ts);
        }
        catch (SlackApiException failure) when (Unreachable.Contains(failure.Error) || Refused.Contains(failure.Error))
        {
            throw new DeliveryRefusedException($"Slack answered {failure.Error}", Unreachable.Contains(failure.Error), failure);
        }
    }
}
