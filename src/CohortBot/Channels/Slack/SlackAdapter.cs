using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Storage;
using CohortBot.Turns;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Slack;

/// Turns Slack events, interactions and slash commands into turns and sends the answers back.
/// Events arrive already recorded and are handled from <see cref="SlackEventQueue"/>; interactions
/// and commands are routed while Slack waits (features answer in milliseconds), and their messages
/// leave through the outbox after the HTTP answer.
internal sealed class SlackAdapter(
    CohortDbContext db,
    Router router,
    CohortBot.Outbox.Outbox outbox,
    DeliveryJob deliveries,
    SlackRoster roster,
    SlackSender sender,
    SlackApiClient slack,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<SlackAdapter> logger)
{
    /// Handles one recorded event (from <see cref="SlackEventQueue"/>). Safe to run twice: replies carry idempotency keys.
    public async Task HandleEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var row = await db.ProcessedEvents.FirstOrDefaultAsync(e => e.Platform == Platform.Slack && e.EventId == eventId, cancellationToken);
        if (row is null || row.HandledAt is not null || row.Payload is null)
            return;

        var envelope = SlackEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(row.Payload));
        // Handled, and nobody's words kept longer than needed: saved with the replies, in one go.
        row.HandledAt = time.GetUtcNow();
        row.Payload = null;

        IReadOnlyList<Delivery> added = [];
        if (envelope.Event is { } slackEvent && await TurnAsync(envelope, slackEvent, eventId, cancellationToken) is { } turn)
        {
            var response = await router.RouteAsync(turn, cancellationToken);
            if (turn.Kind == TurnKind.HomeOpened)
                await PublishHomeAsync(slackEvent.User!, response, cancellationToken);
            else
            {
                var inThread = turn.Conversation != ConversationKind.Personal ? slackEvent.ThreadTs ?? slackEvent.Ts : null;
                added = AddReplies(turn, new SlackAddress(slackEvent.Channel!, inThread), response, null);
            }
        }
        await deliveries.SaveAndSendAsync(added, cancellationToken);
    }

    /// Handles an interaction while Slack waits; returns the body to answer with, or null for an empty 200.
    public async Task<JsonObject?> HandleInteractionAsync(SlackInteraction interaction, CancellationToken cancellationToken)
    {
        switch (interaction.Type)
        {
            case SlackInteraction.BlockActions when interaction.Actions is [var action, ..]:
                await OnBlockActionAsync(interaction, action, cancellationToken);
                return null;
            case SlackInteraction.ViewSubmission when interaction.View is { } view:
                return await OnViewSubmissionAsync(interaction, view, cancellationToken);
            case SlackInteraction.Shortcut or SlackInteraction.MessageAction when interaction.CallbackId is { } callbackId:
                var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["verb"] = callbackId };
                if (interaction.Message?["text"]?.GetValue<string>() is { } text)
                    data["messageText"] = text;
                var turn = await ActionTurnAsync(interaction, callbackId, data, ConversationKind.Personal, cancellationToken);
                await SaveAndEnqueueAsync(AddReplies(turn, new SlackAddress(interaction.User!.Id!), await router.RouteAsync(turn, cancellationToken), null), cancellationToken);
                return null;
            default:
                // view_closed and anything newer: nothing to do, and Slack only needs the 200.
                return null;
        }
    }

    /// Handles <c>/cohort …</c>; returns the ephemeral answer, or null when a modal was opened instead.
    public async Task<JsonObject?> HandleCommandAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        var member = await roster.FindAsync(command.TeamId, command.UserId, cancellationToken);
        var turn = new Turn
        {
            Id = command.TriggerId ?? Guid.NewGuid().ToString("N"),
            Platform = Platform.Slack,
            Kind = TurnKind.Command,
            Conversation = Kind(command.ChannelId),
            MemberId = member?.Id,
            UserName = command.UserName,
            Text = command.Text.Trim(),
        };
        var response = await router.RouteAsync(turn, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (response.Replies.Count == 0)
            return SlashCommandResponse.Ephemeral("Done.");

        var first = sender.Render(response.Replies[0]);
        if (first.Modal is { } modal && command.TriggerId is { } trigger)
        {
            await slack.OpenViewAsync(trigger, modal, cancellationToken);
            return null;
        }
        if (response.Replies.Count > 1)
            await SaveAndEnqueueAsync(AddReplies(turn, new SlackAddress(command.UserId!), response with { Replies = response.Replies.Skip(1).ToList() }, null), cancellationToken);
        return SlashCommandResponse.Ephemeral(string.IsNullOrWhiteSpace(response.Replies[0].Text) ? first.Text : response.Replies[0].Text, first.Blocks);
    }

    private async Task OnBlockActionAsync(SlackInteraction interaction, SlackAction action, CancellationToken cancellationToken)
    {
        var channel = interaction.Channel?.Id ?? interaction.Container?["channel_id"]?.GetValue<string>();
        var messageTs = interaction.Container?["message_ts"]?.GetValue<string>() ?? interaction.Message?["ts"]?.GetValue<string>();

        if (action.ActionId == BlockKitRenderer.OpenModalActionId)
        {
            await OpenModalAsync(interaction, channel, messageTs, cancellationToken);
            return;
        }
        if (action.Value is null || channel is null)
            return; // a link button: Slack opened the link; nothing for us to do

        var actionValue = ParseObject(action.Value);
        var data = BlockKitInputs.ToData(interaction.StateValues, actionValue);
        var turn = await ActionTurnAsync(interaction, TurnData.Verb(data), data, Kind(channel), cancellationToken);
        var response = await router.RouteAsync(turn, cancellationToken);
        var replacement = messageTs is null ? null : new SlackAddress(channel, UpdateTs: messageTs);
        await SaveAndEnqueueAsync(AddReplies(turn, new SlackAddress(channel), response, replacement), cancellationToken);
    }

    private async Task OpenModalAsync(SlackInteraction interaction, string? channel, string? messageTs, CancellationToken cancellationToken)
    {
        // The button's message was one of our deliveries: render its card again for the modal.
        var messageId = channel is null || messageTs is null ? null : SlackAddress.MessageId(channel, messageTs);
        var delivery = messageId is null ? null : await db.Deliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Platform == Platform.Slack && d.PlatformMessageId == messageId, cancellationToken);
        if (delivery is null || interaction.TriggerId is null || sender.Render(CohortBot.Outbox.Outbox.Message(delivery)).Modal is not { } modal)
        {
            Log.SlackModalSourceMissing(logger);
            return;
        }
        await slack.OpenViewAsync(interaction.TriggerId, modal, cancellationToken);
    }

    private async Task<JsonObject?> OnViewSubmissionAsync(SlackInteraction interaction, SlackView view, CancellationToken cancellationToken)
    {
        var values = view.State?.Values ?? [];
        var data = BlockKitInputs.ToData(values, ParseObject(view.PrivateMetadata));
        var turn = await ActionTurnAsync(interaction, TurnData.Verb(data), data, ConversationKind.Personal, cancellationToken);
        var response = await router.RouteAsync(turn, cancellationToken);
        if (response.Errors is { Count: > 0 } errors)
            return ViewSubmissionResponse.Errors(ByBlockId(values, errors));
        await SaveAndEnqueueAsync(AddReplies(turn, new SlackAddress(interaction.User!.Id!), response, null), cancellationToken);
        return null;
    }

    private async Task<Turn?> TurnAsync(SlackEnvelope envelope, SlackEvent slackEvent, string eventId, CancellationToken cancellationToken)
    {
        var botUserId = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
        if (slackEvent.IsFromBot(botUserId) || slackEvent.User is null)
            return null;

        var (kind, conversation, addressed) = slackEvent.Type switch
        {
            "app_home_opened" when slackEvent.Tab == "home" => (TurnKind.HomeOpened, ConversationKind.Personal, true),
            "app_mention" => (TurnKind.Message, Kind(slackEvent.Channel), true),
            "message" when slackEvent.Subtype is null && slackEvent.ChannelType == "im" => (TurnKind.Message, ConversationKind.Personal, true),
            // A mention also arrives as app_mention: answer that one, once.
            "message" when slackEvent.Subtype is null && !Mentions(slackEvent.Text, botUserId) => (TurnKind.Message, slackEvent.ChannelType == "group" ? ConversationKind.Group : ConversationKind.Channel, false),
            _ => ((TurnKind?)null, ConversationKind.Personal, false),
        };
        if (kind is null)
            return null;

        var member = await roster.FindAsync(envelope.TeamId ?? slackEvent.Team, slackEvent.User, cancellationToken);
        return new Turn
        {
            Id = eventId,
            Platform = Platform.Slack,
            Kind = kind.Value,
            Conversation = conversation,
            AddressedToBot = addressed,
            MemberId = member?.Id,
            Text = WithoutMention(slackEvent.Text, botUserId),
        };
    }

    private async Task<Turn> ActionTurnAsync(SlackInteraction interaction, string? verb, IReadOnlyDictionary<string, string> data, ConversationKind conversation, CancellationToken cancellationToken)
    {
        var member = await roster.FindAsync(interaction.Team?.Id ?? interaction.User?.TeamId, interaction.User?.Id, cancellationToken);
        return new Turn
        {
            Id = interaction.TriggerId ?? Guid.NewGuid().ToString("N"),
            Platform = Platform.Slack,
            Kind = TurnKind.Action,
            Conversation = conversation,
            MemberId = member?.Id,
            UserName = interaction.User?.Name ?? interaction.User?.Username,
            Verb = verb,
            Data = data,
        };
    }

    private async Task PublishHomeAsync(string userId, TurnResponse response, CancellationToken cancellationToken)
    {
        if (response.Replies is not [var home, ..])
            return;
        var view = new JsonObject { ["type"] = "home", ["blocks"] = sender.Render(home).Blocks.DeepClone() };
        await slack.PublishViewAsync(userId, view, cancellationToken);
    }

    /// Adds the replies (and the replacement) to the outbox in the unit of work; returns the new deliveries.
    private List<Delivery> AddReplies(Turn turn, SlackAddress address, TurnResponse response, SlackAddress? replacementAddress)
    {
        var added = new List<Delivery>();
        var messages = response.Replies.Select((reply, i) => ($"slack:{turn.Id}/reply:{i}", address, reply)).ToList();
        if (response.Replacement is { } replacement)
            messages.Add(($"slack:{turn.Id}/replace", replacementAddress ?? address, replacement));
        foreach (var (key, target, message) in messages)
        {
            if (outbox.Add(key, Platform.Slack, target.Serialize(), turn.MemberId, message) is { } delivery)
                added.Add(delivery);
        }
        return added;
    }

    /// Saves the unit of work; the delivery job sends the new deliveries after the HTTP answer (and
    /// retries them if Slack is away).
    private async Task SaveAndEnqueueAsync(IReadOnlyList<Delivery> added, CancellationToken cancellationToken)
    {
        foreach (var delivery in await outbox.SaveAsync(added, cancellationToken))
            jobs.Enqueue<DeliveryJob>(job => job.SendAsync(delivery.Id, CancellationToken.None));
    }

    private static Dictionary<string, string> ByBlockId(JsonObject values, IReadOnlyDictionary<string, string> errors)
    {
        var byBlock = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (blockId, actions) in values)
        {
            foreach (var (actionId, _) in actions?.AsObject() ?? [])
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
