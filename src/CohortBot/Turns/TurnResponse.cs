namespace CohortBot.Turns;

/// What a feature answers to a turn: messages to send back where the turn happened, and for a card
/// button, optionally the card that replaces the one that was pressed.
internal sealed record TurnResponse(IReadOnlyList<CardMessage> Replies, CardMessage? Replacement = null)
{
    public static TurnResponse Nothing { get; } = new([]);

    public static TurnResponse Reply(CardMessage message) => new([message]);
}
