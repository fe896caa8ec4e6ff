using CohortBot.Turns;

namespace CohortBot.Series;

internal static class SeriesExtensions
{
    public static IHostApplicationBuilder AddSeries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SeriesService>();
        builder.Services.AddScoped<SeriesReport>();
        string[] cards = ["series-commit", "series-missing", "series-committed", "session-attendance", "session-reflection", "series-status", "notice"];
        builder.Services.AddCommand<SeriesHandler>(["publish series", "series"], cards);
        // "here 4821" checks in; "here is a video on flex" is a question for the library.
        builder.Services.AddCommand<SeriesHandler>(["here"], SeriesHandler.IsCode, cards);
        foreach (var verb in new[] { SeriesHandler.CommitAll, SeriesHandler.Decline, SeriesHandler.SendMissing, SeriesHandler.Change, SeriesHandler.SaveAttendance, SeriesHandler.Reflect })
            builder.Services.AddVerb<SeriesHandler>(verb, cards);
        return builder;
    }
}
