namespace CohortBot.Turns;

/// What a feature answers to a turn: messages to send back where the turn happened; for a card
/// button, optionally the card that replaces the one that was pressed; for a submitted form, the
/// inputs that need another look (input id to what is wrong), shown beside the inputs.
internal sealed record TurnResponse(IReadOnlyList<CardMessage> Replies, CardMessage? Replacement = null, IReadOnlyDictionary<string, string>? Errors = null)
{
    public static TurnResponse Nothing { get; } = new([]);

    public static TurnResponse Reply(CardMessage message) => new([message]);
}
