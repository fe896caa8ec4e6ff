namespace CohortBot.Turns;

/// What a feature means by its answer; the pipeline and the channel decide how each part travels.
internal sealed record TurnResponse
{
    public static TurnResponse Nothing { get; } = new();

    /// Messages to the conversation the turn happened in.
    public IReadOnlyList<CardMessage> Replies { get; init; } = [];

    /// Messages only the actor sees (in a channel: their 1:1 chat, or Slack's ephemeral message).
    public IReadOnlyList<CardMessage> PrivateReplies { get; init; } = [];

    /// Messages of their own in the actor's 1:1 chat (Teams) or DM (Slack), on the platform the turn
    /// came from, never a slash command's passing answer: cards the actor comes back to and presses later.
    public IReadOnlyList<CardMessage> Direct { get; init; } = [];

    /// The card that replaces the one that was pressed (for that user, where the platform can).
    public CardMessage? Replacement { get; init; }

    /// Inputs that need another look (input id to what is wrong). <see cref="Replacement"/> is then
    /// the same card with the errors beside its inputs; a form shows them in place.
    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    /// A form to open (Slack: a modal; Teams: the card itself, in place of the pressed one or as a reply).
    public CardMessage? Form { get; init; }

    /// Messages sent earlier to update, by the idempotency key of their delivery.
    public IReadOnlyList<(string Key, CardMessage Message)> Updates { get; init; } = [];

    /// A short "got it" for the message the turn was (a resource saved from a channel): Slack adds
    /// a reaction to it; Teams, where a bot cannot react, answers it in one line.
    public string? Acknowledgement { get; init; }

    public static TurnResponse Acknowledge(string text) => new() { Acknowledgement = text };

    public static TurnResponse Reply(CardMessage message) => new() { Replies = [message] };

    public static TurnResponse ReplyPrivately(CardMessage message) => new() { PrivateReplies = [message] };

    public static TurnResponse Replace(CardMessage card) => new() { Replacement = card };

    public static TurnResponse Invalid(CardMessage cardWithErrors, IReadOnlyDictionary<string, string> errors) => new() { Replacement = cardWithErrors, Errors = errors };

    public static TurnResponse OpenForm(CardMessage form) => new() { Form = form };
}
