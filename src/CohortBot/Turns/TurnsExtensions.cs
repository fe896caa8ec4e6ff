namespace CohortBot.Turns;

internal static class TurnsExtensions
{
    /// The router and the handlers every bot has. Features register their own handlers with
    /// <see cref="AddTurnHandler{THandler}"/>, in the order they should be asked.
    public static IHostApplicationBuilder AddTurns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HelpHandler>();
        builder.Services.AddScoped<Router>();
        return builder;
    }

    public static IServiceCollection AddTurnHandler<THandler>(this IServiceCollection services)
        where THandler : class, ITurnHandler
    {
        services.AddScoped<ITurnHandler, THandler>();
        return services;
    }
}
