using CohortBot.Hosting;

namespace CohortBot.Channels;

internal static class ChannelsExtensions
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<TeamsOptions>(TeamsOptions.Section);
        builder.AddSettings<SlackOptions>(SlackOptions.Section);
        return builder;
    }
}
