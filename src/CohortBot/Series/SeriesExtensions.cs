namespace CohortBot.Series;

internal static class SeriesExtensions
{
    public static IHostApplicationBuilder AddSeries(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
