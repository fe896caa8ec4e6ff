using CohortBot.Cards.BlockKit;
using CohortBot.Cards.Catalog;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Slack;

/// Sends card messages to Slack as Block Kit, always with the top-level text fallback. A member is
/// reached in their DM with the app (<c>chat.postMessage</c> to their user id). A card with inputs goes
/// out as its content and a button that opens the inputs in a modal; a card past 50 blocks as several
/// messages, each sent once however often the delivery is retried.
internal sealed class SlackSender(CohortDbContext db, SlackApiClient slack, CardCatalog cards, IOptions<SlackOptions> options) : IChannelSender
{
    /// Errors after which sending again can never succeed.
    private static readonly HashSet<string> Unreachable = ["channel_not_found", "not_in_channel", "is_archived", "user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot", "message_not_found", "cant_update_message"];
    private static readonly HashSet<string> Refused = ["invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text", "too_many_attachments", "invalid_arguments"];

    public Platform Platform => Platform.Slack;

    public BlockKitMessage Render(CardMessage message) => BlockKitRenderer.Render(cards.Expand(message.Card, message.Data).Card!.AsObject());

    /// Without a bot token (the embedded default) nobody is reachable on Slack: their other platform is tried.
    public async Task<bool> CanReachAsync(int memberId, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(options.Value.BotToken)
        && await db.Identities.AnyAsync(i => i.MemberId == memberId && i.Platform == Platform.Slack && i.UnreachableReason == null, cancellationToken);

    public async Task MarkUnreachableAsync(int memberId, string reason, CancellationToken cancellationToken) =>
        await db.Identities.Where(i => i.MemberId == memberId && i.Platform == Platform.Slack)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UnreachableReason, reason), cancellationToken);

    public async Task<SentMessage> SendAsync(OutgoingMessage message, PartSent partSent, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.BotToken))
            throw new DeliveryRefusedException("Slack is not set up here (Slack:BotToken is empty).", recipientUnreachable: false);
        if (message.Message is { Card: CardMessage.AcknowledgeCard, Data: var acknowledged } && acknowledged["message"]?.GetValue<string>() is { } messageId)
        {
            // Slack's way of saying "got it": a check mark on the message itself.
            var (channel, ts) = SlackAddress.ParseMessageId(messageId);
            await slack.AddReactionAsync(channel, ts, "white_check_mark", cancellationToken);
            return new SentMessage(SlackAddress.Parse(message.Address!).Serialize(), null);
        }
        var rendered = RenderOrRefuse(message.Message);
        var address = message.Address is { } written ? SlackAddress.Parse(written) : await MemberAddressAsync(message.MemberId, cancellationToken);
        var text = string.IsNullOrWhiteSpace(message.Message.Text) ? rendered.Text : message.Message.Text;
        try
        {
            if (message.ReplacesMessageId is { } replaced)
            {
                var (channel, ts) = SlackAddress.ParseMessageId(replaced);
                var updated = await slack.UpdateMessageAsync(channel, ts, text, rendered.Blocks, cancellationToken);
                return new SentMessage(address.Serialize(), SlackAddress.MessageId(updated.Channel, updated.Ts));
            }
            if (address.HomeUser is { } homeUser)
            {
                await slack.PublishViewAsync(homeUser, new() { ["type"] = "home", ["blocks"] = rendered.Blocks.DeepClone() }, cancellationToken);
                return new SentMessage(address.Serialize(), null);
            }
            if (address.EphemeralUser is { } viewer)
            {
                // Ephemeral messages cannot be updated or threaded on; one part is all Slack keeps.
                var ts = await slack.PostEphemeralAsync(address.Channel, viewer, text, rendered.Blocks, cancellationToken);
                return new SentMessage(address.Serialize(), ts is null ? null : SlackAddress.MessageId(address.Channel, ts));
            }
            return await PostPartsAsync(message, address, text, rendered, partSent, cancellationToken);
        }
        catch (SlackApiException failure) when (Unreachable.Contains(failure.Error) || Refused.Contains(failure.Error))
        {
            throw new DeliveryRefusedException($"Slack answered {failure.Error}", Unreachable.Contains(failure.Error), failure);
        }
    }

    /// The first message and its follow-ups; parts that went in an earlier attempt are not sent again.
    private async Task<SentMessage> PostPartsAsync(OutgoingMessage message, SlackAddress address, string text, BlockKitMessage rendered, PartSent partSent, CancellationToken cancellationToken)
    {
        var parts = new List<System.Text.Json.Nodes.JsonArray> { rendered.Blocks };
        parts.AddRange(rendered.FollowUps);
        SentMessage? first = null;
        var channel = address.Channel;
        for (var part = message.PartsSent; part < parts.Count; part++)
        {
            var sent = await slack.PostMessageAsync(channel, text, parts[part], address.ThreadTs, cancellationToken);
            // Follow-ups go to the channel the first landed in (a user id becomes their DM's id).
            channel = sent.Channel;
            if (part == 0)
                first = new SentMessage(address.Serialize(), SlackAddress.MessageId(sent.Channel, sent.Ts));
            if (parts.Count > 1)
                await partSent(part + 1, first ?? new SentMessage(address.Serialize(), null));
        }
        return first ?? new SentMessage(address.Serialize(), null);
    }

    private BlockKitMessage RenderOrRefuse(CardMessage message)
    {
        try
        {
            return Render(message);
        }
        catch (Exception failure) when (failure is KeyNotFoundException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new DeliveryRefusedException($"The card '{message.Card}' does not render: {failure.Message}", recipientUnreachable: false, failure);
        }
    }

    private async Task<SlackAddress> MemberAddressAsync(int? memberId, CancellationToken cancellationToken)
    {
        var userId = memberId is null ? null : await db.Identities.Where(i => i.MemberId == memberId && i.Platform == Platform.Slack).Select(i => i.UserId).FirstOrDefaultAsync(cancellationToken);
        return userId is null
            ? throw new DeliveryRefusedException("The member has no Slack identity.", recipientUnreachable: true)
            : new SlackAddress(userId);
    }
}
