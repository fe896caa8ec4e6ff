using System.Text.Json;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Teams;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Teams;

/// Turns authenticated Teams activities into turns and sends the answers back: replies through the
/// outbox (sent at once, retried by the delivery job if Teams is away), a pressed card's replacement
/// in the invoke's HTTP response, as the protocol requires.
internal sealed class TeamsAdapter(
    CohortDbContext db,
    Router router,
    CohortBot.Outbox.Outbox outbox,
    DeliveryJob deliveries,
    TeamsSender sender,
    TeamsRoster roster,
    ConnectorClient connector,
    TimeProvider time,
    ILogger<TeamsAdapter> logger)
{
    /// Work that takes longer than this shows the typing indicator.
    private static readonly TimeSpan TypingAfter = TimeSpan.FromSeconds(1);

    /// Handles one activity. Returns the invoke response for invokes, null for everything else.
    public async Task<InvokeResponse?> ProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageAsync(activity, cancellationToken);
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
        var member = await roster.FindSenderAsync(activity, cancellationToken);
        var turn = NewTurn(activity, member, TurnKind.Message) with { Text = activity.TextWithoutMention(activity.Recipient?.Id ?? "") };
        if (string.IsNullOrWhiteSpace(turn.Text) && activity.Value is { } value)
        {
            // Action.Submit: the card's inputs merged with the action's data, as a message.
            var data = TurnData.From(value);
            turn = turn with { Kind = TurnKind.Action, Text = null, Verb = TurnData.Verb(data), Data = data };
        }

        var response = await RouteWithTypingAsync(activity, turn, cancellationToken);
        await ReplyAsync(activity, turn, member, [.. response.Replies, .. Optional(response.Replacement)], cancellationToken);
    }

    private async Task<InvokeResponse> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Name != InvokeNames.AdaptiveCardAction)
            return new InvokeResponse(StatusCodes.Status501NotImplemented, null);
        if (InvokeValue(activity) is not { Action.Type: "Action.Execute" } invoke)
            return new InvokeResponse(StatusCodes.Status200OK, AdaptiveCardInvokeResponse.Error(StatusCodes.Status400BadRequest, "BadRequest", "An adaptiveCard/action invoke needs an Action.Execute value."));

        var member = await roster.FindSenderAsync(activity, cancellationToken);
        var data = TurnData.From(invoke.Action.Data);
        var turn = NewTurn(activity, member, TurnKind.Action) with { Verb = invoke.Action.Verb ?? TurnData.Verb(data), Data = data };
        var response = await router.RouteAsync(turn, cancellationToken);

        await ReplyAsync(activity, turn, member, response.Replies, cancellationToken, threaded: false);
        var body = response.Replacement is { } replacement
            ? AdaptiveCardInvokeResponse.Card(sender.Card(replacement).Content!)
            : AdaptiveCardInvokeResponse.Message(response.Replies is [var first, ..] ? first.Text : "Done.");
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
            await roster.RecordConversationAsync(activity, removed: botRemoved, cancellationToken);
            var added = activity.MembersAdded?.Where(m => m.Id != botId).ToList() ?? [];
            if (added.Count > 0 || botAdded)
                await roster.LinkTeamMembersAsync(activity, added, cancellationToken);
            return;
        }

        if (!botAdded)
            return;
        var member = await roster.FindSenderAsync(activity, cancellationToken);
        // Keyed by person, not by activity: Teams sends both an installationUpdate and a
        // conversationUpdate for one install, and a reinstall is not a first meeting.
        var who = member is not null ? $"member:{member.Id}" : $"user:{activity.TenantId()}:{activity.From?.AadObjectId ?? activity.From?.Id}";
        var turn = NewTurn(activity, member, TurnKind.Installed) with { Id = $"installed:{who}" };
        var response = await router.RouteAsync(turn, cancellationToken);
        await ReplyAsync(activity, turn, member, response.Replies, cancellationToken, threaded: false);
    }

    private async Task<TurnResponse> RouteWithTypingAsync(Activity activity, Turn turn, CancellationToken cancellationToken)
    {
        var routing = router.RouteAsync(turn, cancellationToken);
        using var typingCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = Task.Delay(TypingAfter, time, typingCancel.Token);
        if (await Task.WhenAny(routing, typing) == typing && !routing.IsCompleted)
            await SendTypingAsync(activity, cancellationToken);
        await typingCancel.CancelAsync();
        return await routing;
    }

    private async Task SendTypingAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            var typing = new Activity { Type = ActivityTypes.Typing, Conversation = activity.Conversation };
            await connector.SendToConversationAsync(activity.ServiceUrl!, activity.Conversation!.Id!, typing, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException or ConnectorException)
        {
            // A typing indicator is a courtesy; the answer itself still goes out.
            Log.TeamsTypingFailed(logger, failure);
        }
    }

    private async Task ReplyAsync(Activity activity, Turn turn, Member? member, IReadOnlyList<CardMessage> replies, CancellationToken cancellationToken, bool threaded = true)
    {
        if (replies.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var address = new TeamsAddress(activity.ServiceUrl!, activity.Conversation!.Id!, activity.TenantId(), threaded ? activity.Id : null);
        var added = new List<Delivery>();
        for (var i = 0; i < replies.Count; i++)
        {
            if (outbox.Add($"teams:{turn.Id}/reply:{i}", Platform.Teams, address.Serialize(), member?.Id, replies[i]) is { } delivery)
                added.Add(delivery);
        }
        await deliveries.SaveAndSendAsync(added, cancellationToken);
    }

    private static Turn NewTurn(Activity activity, Member? member, TurnKind kind) => new()
    {
        Id = activity.Id ?? Guid.NewGuid().ToString("N"),
        Platform = Platform.Teams,
        Kind = kind,
        Conversation = activity.Kind(),
        MemberId = member?.Id,
        UserName = activity.From?.Name,
    };

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

    private static IEnumerable<CardMessage> Optional(CardMessage? message) => message is null ? [] : [message];
}
