using CohortBot.Channels.Identities;
using CohortBot.Outbox;

namespace CohortBot.Turns;

internal enum TurnKind
{
    /// Someone wrote to the bot: a 1:1 message, or a mention in a group or channel.
    Message,

    /// Someone pressed a card's button: <see cref="Turn.Verb"/> and <see cref="Turn.Data"/> say what.
    Action,

    /// A slash command (Slack's <c>/cohort</c>); <see cref="Turn.Text"/> holds what follows it.
    Command,

    /// The bot was added to a 1:1 chat: time to say hello.
    Installed,

    /// Someone opened the app's home page (Slack's Home tab): show them where they stand.
    HomeOpened,

    /// A message in a group or channel was edited: <see cref="Turn.Message"/> names it, <see cref="Turn.Text"/> is what it says now.
    MessageEdited,

    /// A message in a group or channel was deleted: <see cref="Turn.Message"/> names it.
    MessageDeleted,
}

/// Where a turn happened. What a teacher writes in a 1:1 chat stays private; groups and channels are
/// seen by others, so features answer there with care.
internal enum ConversationKind
{
    Personal,
    Group,
    Channel,
}

/// What a channel can carry in its answer to the request itself, rather than as a message of its
/// own: Teams answers an Action.Execute with the card that replaces the pressed one; Slack answers a
/// slash command with a private message, a modal submission with errors, and can open a modal
/// while its trigger lasts.
[Flags]
internal enum InlineAnswers
{
    None = 0,
    Replacement = 1,
    PrivateReply = 2,
    Errors = 4,
    Form = 8,
}

/// One thing a person did, in words every feature understands, whatever the platform. Channels build
/// it; features read it and never see a Teams activity or a Slack payload.
internal sealed record Turn
{
    /// The platform's own id for what happened (an activity id, a Slack event id, a trigger id).
    /// Replies derive their idempotency keys from it, so a redelivered turn is answered once.
    public required string Id { get; init; }

    public required Platform Platform { get; init; }
    public required TurnKind Kind { get; init; }
    public ConversationKind Conversation { get; init; } = ConversationKind.Personal;

    /// The roster member who acted, when they are on a roster.
    public int? MemberId { get; init; }

    /// Who acted, as the platform names them (null for a sender the channel could not name).
    public PersonRef? Person { get; init; }

    /// The name the platform shows for them (used when they are not on a roster).
    public string? UserName { get; init; }

    /// False for a message in a channel that was not addressed to the bot (Slack delivers every
    /// message of the channels the bot is in): features may read it, but nobody is owed an answer.
    public bool AddressedToBot { get; init; } = true;

    /// What they wrote, without the bot's mention, trimmed.
    public string? Text { get; init; }

    /// The action's verb (<see cref="TurnKind.Action"/>).
    public string? Verb { get; init; }

    public TurnData Data { get; init; } = TurnData.Empty;

    /// The platform's own id of the conversation (a Teams conversation id, a Slack channel id), to
    /// recognise it again; opaque.
    public string? ChannelId { get; init; }

    /// Where replies go: the conversation the turn happened in.
    public ConversationRef? ReplyTo { get; init; }

    /// Where a reply only the actor sees goes (their 1:1 chat, or Slack's ephemeral message).
    public ConversationRef? PrivateTo { get; init; }

    /// The card that was pressed, for an action on a message.
    public MessageRef? Source { get; init; }

    /// The message itself, for a message, an edit or a deletion: to link back to it and follow it.
    public MessageRef? Message { get; init; }

    public InlineAnswers Inline { get; init; }

    /// The command the router matched (<c>check in</c>), lower-case; empty before routing.
    public string Command { get; init; } = "";

    /// What follows the command, trimmed.
    public string Arguments { get; init; } = "";
}
