using CohortBot.Cards.Catalog;

namespace CohortBot.Hosting;

internal static class CardsExtensions
{
    /// The card templates shipped beside the app (cards/ in the repository), loaded once, here, before the host
    /// is built: a template that cannot load stops start-up with a <see cref="CardCatalogException"/> and nothing
    /// else, whose message is the one line to show ("cards/foo.json: unknown function 'bar' in ${bar(x)}").
    /// Loading inside a DI factory instead would bury it in the container's own exception at first use.
    public static IHostApplicationBuilder AddCards(this IHostApplicationBuilder builder)
    {
        var catalog = CardCatalog.Load(Path.Combine(AppContext.BaseDirectory, "cards"));
        builder.Services.AddSingleton(catalog);
        return builder;
    }
}
