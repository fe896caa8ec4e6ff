using CohortBot.Cards.Catalog;

namespace CohortBot.Hosting;

internal static class CardsExtensions
{
    /// The card templates shipped beside the app (cards/ in the repository). Loaded once, here, so a
    /// template that does not parse stops the app at start-up with its file name.
    public static IHostApplicationBuilder AddCards(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(CardCatalog.Load(Path.Combine(AppContext.BaseDirectory, "cards")));
        return builder;
    }
}
