namespace CohortBot.Turns;

/// Gives each turn to the feature that handles it. Platform-neutral: channels call it with turns and
/// send what comes back. What no feature takes gets the help card, when it was said to the bot.
internal sealed class Router(IEnumerable<ITurnHandler> handlers, HelpHandler help)
{
    private readonly ITurnHandler[] _handlers = [.. handlers];

    public Task<TurnResponse> RouteAsync(Turn turn, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            if (handler.CanHandle(turn))
                return handler.HandleAsync(turn, cancellationToken);
        }
        return turn.AddressedToBot ? help.HandleAsync(turn, cancellationToken) : Task.FromResult(TurnResponse.Nothing);
    }
}
