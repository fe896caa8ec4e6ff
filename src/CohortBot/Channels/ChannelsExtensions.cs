using CohortBot.Channels.Slack;
using CohortBot.Channels.Teams;
using CohortBot.Hosting;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Storage;
using CohortBot.Teams;

namespace CohortBot.Channels;

internal static class ChannelsExtensions
{
    public const string TeamsSection = "Teams";

    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<BotFrameworkOptions>(TeamsSection);
        builder.Services.AddBotFramework();
        builder.Services.Configure<ConnectorPacingOptions>(builder.Configuration.GetSection($"{TeamsSection}:Pacing"));
        builder.Services.Configure<ConnectorRetryOptions>(builder.Configuration.GetSection($"{TeamsSection}:Retry"));
        builder.Services.AddScoped<TeamsAdapter>();
        builder.Services.AddScoped<TeamsRoster>();
        builder.Services.AddScoped<TeamsSender>();
        builder.Services.AddScoped<IChannelSender>(services => services.GetRequiredService<TeamsSender>());

        builder.AddSettings<SlackOptions>(SlackOptions.Section);
        builder.Services.AddSlack();
        builder.Services.AddScoped<SlackAdapter>();
        builder.Services.AddScoped<SlackRoster>();
        builder.Services.AddScoped<SlackSender>();
        builder.Services.AddScoped<SlackEventJob>();
        builder.Services.AddSingleton<SlackEventQueue>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SlackEventQueue>());
        builder.Services.AddScoped<Inbox>();
        builder.Services.AddScoped<IChannelSender>(services => services.GetRequiredService<SlackSender>());
        return builder;
    }

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTeams();
        endpoints.MapSlack();
        return endpoints;
    }
}
