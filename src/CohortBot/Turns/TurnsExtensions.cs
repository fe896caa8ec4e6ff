using CohortBot.Cards.Catalog;

namespace CohortBot.Turns;

internal static class TurnsExtensions
{
    /// The pipeline, the router and the help every bot has. Features register what they answer
    /// with <see cref="AddCommand{THandler}(IServiceCollection, string[], string[])"/>, <see cref="AddVerb{THandler}"/> and <see cref="AddTurnKind{THandler}"/>.
    public static IHostApplicationBuilder AddTurns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCommand<HelpHandler>(["help"], "help", "notice");
        builder.Services.AddVerb<HelpHandler>("help.show", "help");
        builder.Services.AddSingleton(services => new RouteTable(services.GetServices<TurnRoute>()));
        builder.Services.AddScoped<Router>();
        builder.Services.AddScoped<TurnPipeline>();
        builder.Services.AddHostedService<RouteCheck>();
        return builder;
    }

    /// Routes messages and slash commands that start with one of <paramref name="commands"/> (lower-case, one or more words).
    public static IServiceCollection AddCommand<THandler>(this IServiceCollection services, string[] commands, params string[] cards)
        where THandler : class, ITurnHandler =>
        services.AddCommand<THandler>(commands, accepts: null, cards);

    /// Routes lines that start with one of <paramref name="commands"/> and go on with arguments
    /// <paramref name="accepts"/> takes; other lines that start with those words are free text.
    public static IServiceCollection AddCommand<THandler>(this IServiceCollection services, string[] commands, Func<string, bool>? accepts, params string[] cards)
        where THandler : class, ITurnHandler
    {
        foreach (var command in commands)
            services.AddSingleton(new TurnRoute(typeof(THandler), cards) { Command = command, Accepts = accepts });
        return services.AddHandler<THandler>();
    }

    /// Routes presses of cards' actions with <paramref name="verb"/> (<c>feature.action</c>).
    public static IServiceCollection AddVerb<THandler>(this IServiceCollection services, string verb, params string[] cards)
        where THandler : class, ITurnHandler
    {
        services.AddSingleton(new TurnRoute(typeof(THandler), cards) { Verb = verb });
        return services.AddHandler<THandler>();
    }

    /// Routes turns of <paramref name="kind"/> (installs, the home page).
    public static IServiceCollection AddTurnKind<THandler>(this IServiceCollection services, TurnKind kind, params string[] cards)
        where THandler : class, ITurnHandler
    {
        services.AddSingleton(new TurnRoute(typeof(THandler), cards) { Kind = kind });
        return services.AddHandler<THandler>();
    }

    private static IServiceCollection AddHandler<THandler>(this IServiceCollection services)
        where THandler : class, ITurnHandler
    {
        if (!services.Any(s => s.ServiceType == typeof(THandler)))
            services.AddScoped<THandler>();
        return services;
    }

    /// Every card a route names exists in the catalogue, or the app does not start.
    private sealed class RouteCheck(RouteTable routes, CardCatalog cards) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var missing = routes.All.SelectMany(r => r.Cards.Where(c => !cards.Names.Contains(c)).Select(c => $"{r.Handler.Name} names the card '{c}'"))
                .Distinct().ToList();
            return missing.Count == 0
                ? Task.CompletedTask
                : throw new InvalidOperationException($"cards/ lacks what the features send: {string.Join("; ", missing)}.");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
