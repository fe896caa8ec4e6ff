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
}

/// Where a turn happened. What a teacher writes in a 1:1 chat stays private; groups and channels are
/// seen by others, so features answer there with care.
internal enum ConversationKind
{
    Personal,
    Group,
    Channel,
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

    /// The name the platform shows for them (used when they are not on a roster).
    public string? UserName { get; init; }

    /// False for a message in a channel that was not addressed to the bot (Slack delivers every
    /// message of the channels the bot is in): features may read it, but nobody is owed an answer.
    public bool AddressedToBot { get; init; } = true;

    /// What they wrote, without the bot's mention, trimmed.
    public string? Text { get; init; }

    /// The action's verb (<see cref="TurnKind.Action"/>).
    public string? Verb { get; init; }

    /// A submitted card's inputs merged with the action's data: input id to value, multi-selects as
    /// the comma-separated string Teams sends. The same shape from every platform.
    public IReadOnlyDictionary<string, string> Data { get; init; } = EmptyData;

    private static readonly IReadOnlyDictionary<string, string> EmptyData = new Dictionary<string, string>();

    /// The first word of <see cref="Text"/>, lower-case: the command a person typed.
    public string Command => Text is { } text ? text.Trim().Split(' ', 2)[0].ToLowerInvariant() : "";
}
