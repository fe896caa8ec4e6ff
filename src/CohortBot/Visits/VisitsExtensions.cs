namespace CohortBot.Visits;

internal static class VisitsExtensions
{
    public static IHostApplicationBuilder AddVisits(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
