namespace CohortBot.Turns;

/// A feature's entry point for the turns routed to it (<see cref="TurnsExtensions.AddCommand{THandler}(IServiceCollection, string[], string[])"/>,
/// <see cref="TurnsExtensions.AddVerb{THandler}"/>, <see cref="TurnsExtensions.AddTurnKind{THandler}"/>).
internal interface ITurnHandler
{
    Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken);
}
