using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Turns;

/// What a channel puts in its answer to the request itself (see <see cref="InlineAnswers"/>); the
/// rest of a turn's answer went to the outbox.
internal sealed record InlineAnswer(CardMessage? Card = null, bool IsForm = false, IReadOnlyDictionary<string, string>? Errors = null)
{
    public static InlineAnswer None { get; } = new();
}

/// The one pipeline every turn takes, whatever started it: routes the turn, writes what the feature
/// answers to the outbox, saves the unit of work once (the feature's changes, the channel's own
/// bookkeeping and the deliveries together) and dispatches the deliveries. Channels only translate;
/// scheduled jobs that write deliveries commit through <see cref="CommitAsync(CancellationToken)"/>.
internal sealed class TurnPipeline(Router router, OutboxWriter outbox, DeliveryJob deliveries, DeliveryDispatcher dispatcher, CohortDbContext db)
{
    public async Task<InlineAnswer> RunAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (await ForSomeoneElseAsync(turn, cancellationToken))
        {
            var refusal = new CardMessage("notice", new() { ["text"] = "This card is for someone else, so nothing changed." }, "This card is for someone else, so nothing changed.");
            var inline = Write(turn, TurnResponse.ReplyPrivately(refusal));
            await CommitAsync(cancellationToken);
            return inline;
        }

        var (routed, response) = await router.RouteAsync(turn, cancellationToken);
        var answer = Write(routed, response);
        await CommitAsync(cancellationToken);
        return answer;
    }

    /// Saves the unit of work once and sends its new deliveries straight away (those due now).
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        deliveries.Claim(outbox.Added);
        dispatcher.Dispatch(await outbox.SaveAsync(cancellationToken));
    }

    /// Saves the unit of work inside the transaction the feature began (a seat taken by a conditional
    /// update and the booking that holds it), commits it, and only then sends its deliveries: nothing
    /// goes out for work that was rolled back.
    public async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        deliveries.Claim(outbox.Added);
        var saved = await outbox.SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dispatcher.Dispatch(saved);
    }

    /// Writes the answer's messages to the outbox, keyed by the turn so a redelivered turn is answered
    /// once, and returns the part the channel answers in the request itself.
    private InlineAnswer Write(Turn turn, TurnResponse response)
    {
        var key = $"{turn.Platform.ToString().ToLowerInvariant()}:{turn.Id}";
        var inline = InlineAnswer.None;

        // What is said in a 1:1 chat is for that member: a card there is theirs to press, nobody else's.
        var addressee = turn.Conversation == ConversationKind.Personal ? turn.MemberId : null;
        for (var i = 0; i < response.Replies.Count; i++)
        {
            // A slash command's answer is private by nature, and travels in the command's response.
            if (i == 0 && turn.Kind == TurnKind.Command && turn.Inline.HasFlag(InlineAnswers.PrivateReply))
                inline = inline with { Card = response.Replies[0] };
            else
                ToConversation($"{key}/reply:{i}", turn.ReplyTo, response.Replies[i], addressee);
        }

        for (var i = 0; i < response.PrivateReplies.Count; i++)
        {
            if (i == 0 && inline.Card is null && turn.Inline.HasFlag(InlineAnswers.PrivateReply))
                inline = inline with { Card = response.PrivateReplies[0] };
            else
                ToConversation($"{key}/private:{i}", turn.Conversation == ConversationKind.Personal ? turn.ReplyTo : turn.PrivateTo ?? turn.ReplyTo, response.PrivateReplies[i], turn.MemberId);
        }

        // A slash command's answers go to the commander's DM (its ReplyTo), as the 1:1 chat's replies do.
        var personal = turn.Conversation == ConversationKind.Personal || turn.Kind == TurnKind.Command ? turn.ReplyTo : null;
        for (var i = 0; i < response.Direct.Count; i++)
            ToConversation($"{key}/direct:{i}", personal, response.Direct[i], turn.MemberId, platform: turn.Platform);

        if (response.Errors is { Count: > 0 } errors && turn.Inline.HasFlag(InlineAnswers.Errors))
            inline = inline with { Errors = errors };
        else if (response.Replacement is { } replacement)
            inline = Replace(turn, $"{key}/replace", replacement, inline);

        if (response.Form is { } form)
        {
            if (turn.Inline.HasFlag(InlineAnswers.Form))
                inline = inline with { Card = form, IsForm = true };
            else
                inline = turn.Source is not null || turn.Inline.HasFlag(InlineAnswers.Replacement)
                    ? Replace(turn, $"{key}/form", form, inline)
                    : ToConversation($"{key}/form", turn.ReplyTo, form, addressee, inline);
        }

        if (response.Acknowledgement is { } acknowledgement && turn.Message is { } acknowledged)
            ToConversation($"{key}/ack", turn.ReplyTo, CardMessage.Acknowledge(acknowledgement, acknowledged.MessageId), memberId: null);

        for (var i = 0; i < response.Updates.Count; i++)
            outbox.Update($"{key}/update:{i}", response.Updates[i].Key, response.Updates[i].Message);
        return inline;
    }

    private InlineAnswer Replace(Turn turn, string key, CardMessage card, InlineAnswer inline)
    {
        if (turn.Inline.HasFlag(InlineAnswers.Replacement))
            return inline with { Card = card };
        if (turn.Source is { } source)
            outbox.Replace(key, source, card, turn.MemberId);
        else
            ToConversation(key, turn.ReplyTo, card, turn.MemberId);
        return inline;
    }

    /// To <paramref name="conversation"/>, else to the member's 1:1 chat (on <paramref name="platform"/>, or where they prefer).
    private InlineAnswer ToConversation(string key, ConversationRef? conversation, CardMessage message, int? memberId, InlineAnswer? inline = null, Platform? platform = null)
    {
        if (conversation is not null)
            outbox.To(key, conversation, message, memberId);
        else if (memberId is { } member)
            outbox.ToMember(key, member, message, platform: platform);
        return inline ?? InlineAnswer.None;
    }

    /// A card sent to one member, pressed by another (a card in a channel, a forwarded message): the
    /// press is refused, whoever it was.
    private async Task<bool> ForSomeoneElseAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Kind != TurnKind.Action || turn.Source is not { } source)
            return false;
        var addressee = await db.Deliveries.AsNoTracking()
            .Where(d => d.PlatformMessageId == source.MessageId && d.Platform == source.Conversation.Platform && d.MemberId != null && d.UpdatesKey == null && d.ReplacesMessageId == null)
            .Select(d => d.MemberId).FirstOrDefaultAsync(cancellationToken);
        return addressee is not null && addressee != turn.MemberId;
    }
}
