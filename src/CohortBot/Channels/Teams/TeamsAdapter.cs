using System.Text.Json;
using CohortBot.Outbox;
using CohortBot.Teams;
using CohortBot.Turns;

namespace CohortBot.Channels.Teams;

/// Translates authenticated Teams activities into turns for the pipeline, and the pipeline's inline
/// answer into the invoke response the protocol requires. Nothing else: no keys, saves or sends.
internal sealed class TeamsAdapter(TurnPipeline pipeline, TeamsIdentities identities, TeamsSender sender)
{
    /// Handles one activity. Returns the invoke response for invokes, null for everything else.
    public async Task<InvokeResponse?> ProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageAsync(activity, cancellationToken);
                return null;
            case ActivityTypes.MessageUpdate or ActivityTypes.MessageDelete when activity.Kind() != ConversationKind.Personal:
                await OnMessageChangedAsync(activity, cancellationToken);
                return null;
            case ActivityTypes.Invoke:
                return await OnInvokeAsync(activity, cancellationToken);
            case ActivityTypes.ConversationUpdate:
            case ActivityTypes.InstallationUpdate:
                await OnInstallationAsync(activity, cancellationToken);
                return null;
            default:
                return null;
        }
    }

    private async Task OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var memberId = await identities.FindSenderAsync(activity, mayLookUp: true, cancellationToken);
        // In a channel the bot reads every message (resource-specific consent); only a mention is said to it.
        var turn = NewTurn(activity, memberId, TurnKind.Message) with
        {
            Text = activity.TextWithoutMention(activity.Recipient?.Id ?? ""),
            AddressedToBot = activity.Kind() == ConversationKind.Personal || MentionsBot(activity),
            Message = activity.Id is { } id ? new MessageRef(Here(activity, threaded: false), id) : null,
        };
        if (turn.AddressedToBot)
            await identities.RememberConversationAsync(activity, cancellationToken);
        if (string.IsNullOrWhiteSpace(turn.Text) && activity.Value is { } value)
        {
            // Action.Submit: the card's inputs merged with the action's data, as a message replying to the card.
            var data = Data(value);
            turn = turn with { Kind = TurnKind.Action, Text = null, Verb = data.Verb, Data = data, Source = Source(activity) };
        }
        await pipeline.RunAsync(turn, cancellationToken);
    }

    /// A channel message edited or deleted (Teams sends the message as it is now, or its id).
    private async Task OnMessageChangedAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Id is not { } id)
            return;
        var memberId = await identities.FindSenderAsync(activity, mayLookUp: false, cancellationToken);
        var kind = activity.Type == ActivityTypes.MessageUpdate ? TurnKind.MessageEdited : TurnKind.MessageDeleted;
        var turn = NewTurn(activity, memberId, kind) with
        {
            // One turn per change, not per message: an edit edited again is a new turn.
            Id = $"{kind}:{id}:{activity.Timestamp?.ToUnixTimeMilliseconds()}",
            AddressedToBot = false,
            Text = kind == TurnKind.MessageEdited ? activity.TextWithoutMention(activity.Recipient?.Id ?? "") : null,
            Message = new MessageRef(Here(activity, threaded: false), id),
        };
        await pipeline.RunAsync(turn, cancellationToken);
    }

    private static bool MentionsBot(Activity activity) =>
        activity.Entities?.Any(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase)
            && string.Equals(e.Mentioned?.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)) == true;

    private async Task<InvokeResponse> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Name != InvokeNames.AdaptiveCardAction)
            return new InvokeResponse(StatusCodes.Status501NotImplemented, null);
        if (InvokeValue(activity) is not { Action.Type: "Action.Execute" } invoke)
            return new InvokeResponse(StatusCodes.Status200OK, AdaptiveCardInvokeResponse.Error(StatusCodes.Status400BadRequest, "BadRequest", "An adaptiveCard/action invoke needs an Action.Execute value."));

        // An invoke must be answered at once: no member-record lookup on its way.
        var memberId = await identities.FindSenderAsync(activity, mayLookUp: false, cancellationToken);
        var data = Data(invoke.Action.Data);
        var turn = NewTurn(activity, memberId, TurnKind.Action) with
        {
            Verb = invoke.Action.Verb ?? data.Verb,
            Data = data,
            Source = Source(activity),
            Inline = InlineAnswers.Replacement,
        };
        var answer = await pipeline.RunAsync(turn, cancellationToken);
        var body = answer.Card is { } card
            ? AdaptiveCardInvokeResponse.Card(sender.Card(card).Content!)
            : AdaptiveCardInvokeResponse.Message("Done.");
        return new InvokeResponse(StatusCodes.Status200OK, body);
    }

    private async Task OnInstallationAsync(Activity activity, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        var botAdded = activity.Type == ActivityTypes.InstallationUpdate
            ? activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true
            : activity.MembersAdded?.Any(m => m.Id == botId) == true;
        var botRemoved = activity.Type == ActivityTypes.InstallationUpdate
            ? activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true
            : activity.MembersRemoved?.Any(m => m.Id == botId) == true;

        if (activity.Kind() != ConversationKind.Personal)
        {
            if (botAdded || botRemoved)
            {
                await identities.RecordConversationAsync(activity, removed: botRemoved, cancellationToken);
                await pipeline.CommitAsync(cancellationToken);
            }
            return;
        }

        if (!botAdded)
            return;
        var memberId = await identities.FindSenderAsync(activity, mayLookUp: true, cancellationToken);
        // Keyed by person, not by activity: Teams sends both an installationUpdate and a
        // conversationUpdate for one install, and a reinstall is not a first meeting.
        var who = memberId is { } id ? $"member:{id}" : $"user:{activity.TenantId()}:{activity.From?.AadObjectId ?? activity.From?.Id}";
        await pipeline.RunAsync(NewTurn(activity, memberId, TurnKind.Installed) with { Id = $"installed:{who}", ReplyTo = Here(activity, threaded: false) }, cancellationToken);
    }

    private static Turn NewTurn(Activity activity, int? memberId, TurnKind kind)
    {
        var personal = activity.Kind() == ConversationKind.Personal;
        return new()
        {
            Id = activity.Id ?? Guid.NewGuid().ToString("N"),
            Platform = Platform.Teams,
            Kind = kind,
            Conversation = activity.Kind(),
            MemberId = memberId,
            Person = TeamsIdentities.Person(activity),
            UserName = activity.From?.Name,
            ChannelId = activity.Conversation?.Id,
            ReplyTo = Here(activity, threaded: kind == TurnKind.Message),
            // Teams has no message only one person sees in a channel: their 1:1 chat is where it goes.
            PrivateTo = personal ? Here(activity, threaded: false) : null,
        };
    }

    private static ConversationRef Here(Activity activity, bool threaded) =>
        new(Platform.Teams, new TeamsAddress(activity.ServiceUrl!, activity.Conversation!.Id!, activity.TenantId(), threaded ? activity.Id : null).Serialize());

    private static MessageRef? Source(Activity activity) =>
        activity.ReplyToId is { Length: > 0 } replyTo ? new MessageRef(Here(activity, threaded: false), replyTo) : null;

    private static TurnData Data(JsonElement? value)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (value is not { ValueKind: JsonValueKind.Object } data)
            return TurnData.Empty;
        foreach (var property in data.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => [property.Value.GetString()!],
                JsonValueKind.Null or JsonValueKind.Undefined => [""],
                JsonValueKind.Array => [.. property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())],
                _ => [property.Value.GetRawText()],
            };
        }
        return new TurnData(values);
    }

    private static AdaptiveCardInvokeValue? InvokeValue(Activity activity)
    {
        try
        {
            return activity.Value?.Deserialize<AdaptiveCardInvokeValue>(BotFrameworkJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
