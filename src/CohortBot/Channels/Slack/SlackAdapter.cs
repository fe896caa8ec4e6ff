using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Slack;

/// Translates Slack events, interactions and slash commands into turns for the pipeline, and the
/// pipeline's inline answer into what Slack expects in the HTTP response (an ephemeral message,
/// modal errors, a modal opened while its trigger lasts). Nothing else: no keys, saves or sends.
/// Every request reaching it was verified and comes from a district's workspace, which it is given.
internal sealed class SlackAdapter(CohortDbContext db, TurnPipeline pipeline, SlackIdentities identities, SlackSender sender, SlackApiClient slack, TimeProvider time, ILogger<SlackAdapter> logger)
{
    /// Handles one recorded event (from <see cref="SlackEventQueue"/>). Safe to run twice: the inbox
    /// row says whether it was handled, and replies carry idempotency keys.
    public async Task HandleEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var row = await db.ProcessedEvents.FirstOrDefaultAsync(e => e.Platform == Platform.Slack && e.EventId == eventId, cancellationToken);
        if (row is null || row.HandledAt is not null || row.Payload is null)
            return;

        var envelope = SlackEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(row.Payload));
        // Handled, and nobody's words kept longer than needed: saved with the replies, in one go.
        row.HandledAt = time.GetUtcNow();
        row.Payload = null;

        if (envelope.Event is { } slackEvent && row.Workspace is { } workspace && await EventTurnAsync(envelope, slackEvent, workspace, eventId, cancellationToken) is { } turn)
            await pipeline.RunAsync(turn, cancellationToken);
        else
            await pipeline.CommitAsync(cancellationToken);
    }

    /// Handles an interaction while Slack waits; returns the body to answer with, or null for an empty 200.
    public async Task<JsonObject?> HandleInteractionAsync(SlackInteraction interaction, string workspace, CancellationToken cancellationToken)
    {
        switch (interaction.Type)
        {
            case SlackInteraction.BlockActions when interaction.Actions is [var action, ..]:
                await OnBlockActionAsync(interaction, action, workspace, cancellationToken);
                return null;
            case SlackInteraction.ViewSubmission when interaction.View is { } view:
                return await OnViewSubmissionAsync(interaction, view, workspace, cancellationToken);
            case SlackInteraction.Shortcut or SlackInteraction.MessageAction when interaction.CallbackId is { } callbackId:
                var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["verb"] = callbackId };
                if (interaction.MessageText is { } text)
                    data["messageText"] = text;
                var turn = await ActionTurnAsync(interaction, workspace, callbackId, TurnData.From(data), ConversationKind.Personal, cancellationToken);
                // A message shortcut names the message it was used on.
                var shortcutOn = interaction.MessageTs is { } ts && interaction.ChannelId is { } on
                    ? new MessageRef(new ConversationRef(Platform.Slack, new SlackAddress(on).Serialize()), SlackAddress.MessageId(on, ts))
                    : null;
                await pipeline.RunAsync(turn with { ReplyTo = Dm(interaction.User!.Id!), Message = shortcutOn, Text = interaction.MessageText }, cancellationToken);
                return null;
            default:
                // view_closed and anything newer: nothing to do, and Slack only needs the 200.
                return null;
        }
    }

    /// Handles <c>/cohort …</c>; returns the ephemeral answer, or null when a modal was opened instead.
    public async Task<JsonObject?> HandleCommandAsync(SlashCommand command, string workspace, CancellationToken cancellationToken)
    {
        var user = command.UserId!;
        var memberId = await identities.FindAsync(workspace, user, mayLookUp: false, cancellationToken);
        var turn = new Turn
        {
            Id = command.TriggerId ?? Guid.NewGuid().ToString("N"),
            Platform = Platform.Slack,
            Kind = TurnKind.Command,
            Conversation = Kind(command.ChannelId),
            MemberId = memberId,
            Person = Identities.PersonRef.Of(Platform.Slack, workspace, user),
            UserName = command.UserName,
            ChannelId = command.ChannelId,
            Text = command.Text.Trim(),
            // A slash command's answers are the commander's alone: the DM with the app, never the channel.
            ReplyTo = Dm(user),
            PrivateTo = Dm(user),
            Inline = InlineAnswers.PrivateReply | (command.TriggerId is null ? InlineAnswers.None : InlineAnswers.Form),
        };
        var answer = await pipeline.RunAsync(turn, cancellationToken);
        if (answer.Card is not { } card)
            return SlashCommandResponse.Ephemeral("Done.");
        var rendered = sender.Render(card);
        if (answer.IsForm && rendered.Modal is { } modal && command.TriggerId is { } trigger)
        {
            await slack.OpenViewAsync(trigger, modal, cancellationToken);
            return null;
        }
        return SlashCommandResponse.Ephemeral(string.IsNullOrWhiteSpace(card.Text) ? rendered.Text : card.Text, rendered.Blocks);
    }

    private async Task OnBlockActionAsync(SlackInteraction interaction, SlackAction action, string workspace, CancellationToken cancellationToken)
    {
        var channel = interaction.ChannelId;
        var messageTs = interaction.MessageTs;
        if (action.ActionId == BlockKitRenderer.OpenModalActionId)
        {
            await OpenModalAsync(interaction, channel, messageTs, cancellationToken);
            return;
        }
        if (action.Value is null || channel is null)
            return; // a link button: Slack opened the link; nothing for us to do

        var data = TurnData.From(BlockKitInputs.ToData(interaction.StateValues, ParseObject(action.Value)));
        var turn = await ActionTurnAsync(interaction, workspace, data.Verb, data, Kind(channel), cancellationToken);
        var here = new ConversationRef(Platform.Slack, new SlackAddress(channel).Serialize());
        await pipeline.RunAsync(turn with
        {
            ReplyTo = here,
            Source = messageTs is null ? null : new MessageRef(here, SlackAddress.MessageId(channel, messageTs)),
        }, cancellationToken);
    }

    private async Task OpenModalAsync(SlackInteraction interaction, string? channel, string? messageTs, CancellationToken cancellationToken)
    {
        // The button's message was one of our deliveries: render its card again for the modal.
        var messageId = channel is null || messageTs is null ? null : SlackAddress.MessageId(channel, messageTs);
        var delivery = messageId is null ? null : await db.Deliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Platform == Platform.Slack && d.PlatformMessageId == messageId, cancellationToken);
        if (delivery is null || interaction.TriggerId is null || sender.Render(OutboxWriter.Message(delivery)).Modal is not { } modal)
        {
            Log.SlackModalSourceMissing(logger);
            return;
        }
        // The submission names the message it came from, so that the answer can replace it (chat.update).
        if (ParseObject(modal["private_metadata"]?.GetValue<string>()) is { } metadata)
        {
            metadata[SourceKey] = messageId;
            var withSource = metadata.ToJsonString();
            if (withSource.Length <= MaxPrivateMetadata)
                modal["private_metadata"] = withSource;
        }
        await slack.OpenViewAsync(interaction.TriggerId, modal, cancellationToken);
    }

    private async Task<JsonObject?> OnViewSubmissionAsync(SlackInteraction interaction, SlackView view, string workspace, CancellationToken cancellationToken)
    {
        var values = view.State?.Values ?? [];
        var metadata = ParseObject(view.PrivateMetadata);
        var data = TurnData.From(BlockKitInputs.ToData(values, metadata));
        var turn = await ActionTurnAsync(interaction, workspace, data.Verb, data, ConversationKind.Personal, cancellationToken);
        var source = metadata?[SourceKey]?.GetValueKind() == JsonValueKind.String ? metadata[SourceKey]!.GetValue<string>() : null;
        var from = source?.Split('/', 2) is [var channel, var _] ? new ConversationRef(Platform.Slack, new SlackAddress(channel).Serialize()) : null;
        var answer = await pipeline.RunAsync(turn with
        {
            ReplyTo = Dm(interaction.User!.Id!),
            Source = from is null ? null : new MessageRef(from, source!),
            Inline = InlineAnswers.Errors,
        }, cancellationToken);
        return answer.Errors is { Count: > 0 } errors ? ViewSubmissionResponse.Errors(ByBlockId(values, errors)) : null;
    }

    private async Task<Turn?> EventTurnAsync(SlackEnvelope envelope, SlackEvent slackEvent, string workspace, string eventId, CancellationToken cancellationToken)
    {
        var botUserId = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
        // An edit or a deletion names the message inside the event: who wrote it, what it says now.
        var message = slackEvent.Subtype switch
        {
            "message_changed" => slackEvent.Message,
            "message_deleted" => slackEvent.PreviousMessage is { } previous ? previous with { Ts = slackEvent.DeletedTs ?? previous.Ts } : null,
            _ => slackEvent,
        };
        if (message is null || slackEvent.IsFromBot(botUserId) || message.IsFromBot(botUserId) || message.User is null)
            return null;

        var inChannel = slackEvent.ChannelType == "group" ? ConversationKind.Group : ConversationKind.Channel;
        var (kind, conversation, addressed) = slackEvent.Type switch
        {
            "app_home_opened" when slackEvent.Tab == "home" => (TurnKind.HomeOpened, ConversationKind.Personal, true),
            "app_mention" => (TurnKind.Message, Kind(slackEvent.Channel), true),
            "message" when slackEvent.Subtype is null && slackEvent.ChannelType == "im" => (TurnKind.Message, ConversationKind.Personal, true),
            // A mention also arrives as app_mention: answer that one, once.
            "message" when slackEvent.Subtype is null && !Mentions(slackEvent.Text, botUserId) => (TurnKind.Message, inChannel, false),
            "message" when slackEvent.Subtype == "message_changed" && slackEvent.ChannelType != "im" => (TurnKind.MessageEdited, inChannel, false),
            "message" when slackEvent.Subtype == "message_deleted" && slackEvent.ChannelType != "im" => (TurnKind.MessageDeleted, inChannel, false),
            _ => ((TurnKind?)null, ConversationKind.Personal, false),
        };
        if (kind is null)
            return null;

        var memberId = await identities.FindAsync(workspace, message.User, mayLookUp: true, cancellationToken);
        var channel = slackEvent.Channel ?? message.User;
        var inThread = conversation != ConversationKind.Personal ? message.ThreadTs ?? message.Ts : null;
        var here = new ConversationRef(Platform.Slack, new SlackAddress(channel).Serialize());
        return new Turn
        {
            Id = eventId,
            Platform = Platform.Slack,
            Kind = kind.Value,
            Conversation = conversation,
            AddressedToBot = addressed,
            MemberId = memberId,
            Person = Identities.PersonRef.Of(Platform.Slack, workspace, message.User),
            ChannelId = slackEvent.Channel,
            Text = WithoutMention(message.Text, botUserId),
            Message = message.Ts is { } ts ? new MessageRef(here, SlackAddress.MessageId(channel, ts)) : null,
            ReplyTo = kind == TurnKind.HomeOpened
                ? new ConversationRef(Platform.Slack, SlackAddress.Home(message.User).Serialize())
                : new ConversationRef(Platform.Slack, new SlackAddress(channel, inThread).Serialize()),
            PrivateTo = conversation == ConversationKind.Personal ? null : new ConversationRef(Platform.Slack, new SlackAddress(channel, inThread, EphemeralUser: message.User).Serialize()),
        };
    }

    private async Task<Turn> ActionTurnAsync(SlackInteraction interaction, string workspace, string? verb, TurnData data, ConversationKind conversation, CancellationToken cancellationToken)
    {
        var user = interaction.User!.Id!;
        var memberId = await identities.FindAsync(workspace, user, mayLookUp: false, cancellationToken);
        var channel = interaction.ChannelId;
        return new Turn
        {
            Id = interaction.TriggerId ?? Guid.NewGuid().ToString("N"),
            Platform = Platform.Slack,
            Kind = TurnKind.Action,
            Conversation = conversation,
            MemberId = memberId,
            Person = Identities.PersonRef.Of(Platform.Slack, workspace, user),
            UserName = interaction.User?.Name ?? interaction.User?.Username,
            ChannelId = channel,
            Verb = verb,
            Data = data,
            PrivateTo = conversation == ConversationKind.Personal || channel is null ? Dm(user) : new ConversationRef(Platform.Slack, new SlackAddress(channel, EphemeralUser: user).Serialize()),
        };
    }

    /// Where in a modal's private metadata the message it was opened from is kept.
    private const string SourceKey = "source";

    /// Slack keeps at most this many characters of a modal's private metadata.
    private const int MaxPrivateMetadata = 3000;

    private static ConversationRef Dm(string userId) => new(Platform.Slack, new SlackAddress(userId).Serialize());

    private static Dictionary<string, string> ByBlockId(JsonObject values, IReadOnlyDictionary<string, string> errors)
    {
        var byBlock = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (blockId, actions) in values)
        {
            foreach (var (actionId, _) in actions as JsonObject ?? [])
            {
                if (errors.TryGetValue(actionId, out var error))
                    byBlock[blockId] = error;
            }
        }
        return byBlock;
    }

    private static JsonObject? ParseObject(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// Slack channel ids: D… a DM with the app, G… a private channel or group DM, C… a channel.
    private static ConversationKind Kind(string? channelId) => channelId switch
    {
        ['D', ..] => ConversationKind.Personal,
        ['G', ..] => ConversationKind.Group,
        _ => ConversationKind.Channel,
    };

    private static bool Mentions(string? text, string? botUserId) =>
        botUserId is not null && text?.Contains($"<@{botUserId}>", StringComparison.Ordinal) == true;

    private static string? WithoutMention(string? text, string? botUserId) =>
        (botUserId is null ? text : text?.Replace($"<@{botUserId}>", "", StringComparison.Ordinal))?.Trim();
}
