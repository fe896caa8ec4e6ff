using CohortBot.Outbox;
using CohortBot.Turns;

namespace CohortBot.Nudges;

internal static class NudgesExtensions
{
    public static IHostApplicationBuilder AddNudges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NudgeOptions>().BindConfiguration(NudgeOptions.Section);
        builder.Services.AddScoped<NudgeService>();
        builder.Services.AddScoped<NudgeReceipts>();
        builder.Services.AddSingleton<IDeliveryObserver, NudgeDeliveryObserver>();
        string[] cards = ["nudge-preview", "nudge-list", "nudge", "nudge-receipt", "notice"];
        builder.Services.AddCommand<NudgeHandler>(["nudge", "nudges"], cards);
        builder.Services.AddVerb<NudgeHandler>(NudgeHandler.Send, cards);
        builder.Services.AddVerb<NudgeHandler>(NudgeHandler.Cancel, cards);
        return builder;
    }
}
