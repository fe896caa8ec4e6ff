namespace CohortBot.Turns;

/// One entry of the routing table: a command (one or more words, lower-case), a verb
/// (<c>feature.action</c>) or a kind of turn, the handler that owns it, and the cards it sends, checked
/// against the catalogue at start-up.
internal sealed record TurnRoute(Type Handler, IReadOnlyList<string> Cards)
{
    public string? Command { get; init; }
    public string? Verb { get; init; }
    public TurnKind? Kind { get; init; }
}
