namespace CohortBot.Turns;

/// A feature's entry point for turns. The router asks each handler in registration order and gives
/// the turn to the first that takes it; help takes what nobody else does.
internal interface ITurnHandler
{
    bool CanHandle(Turn turn);

    Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken);
}
