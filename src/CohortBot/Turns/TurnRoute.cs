namespace CohortBot.Turns;

/// One entry of the routing table: a command (one or more words, lower-case), a verb
/// (<c>feature.action</c>) or a kind of turn, the handler that owns it, and the cards it sends, checked
/// against the catalogue at start-up.
internal sealed record TurnRoute(Type Handler, IReadOnlyList<string> Cards)
{
    public string? Command { get; init; }

    /// For a command: the arguments it takes, when not any. A line that starts with the command's
    /// words but goes on otherwise ("here is a video on flex") is not the command: free text, a question.
    public Func<string, bool>? Accepts { get; init; }
    public string? Verb { get; init; }
    public TurnKind? Kind { get; init; }
}
