using CohortBot.Channels.Identities;
using CohortBot.Channels.Slack;
using CohortBot.Channels.Teams;
using CohortBot.Cohorts.Roster;
using CohortBot.Hosting;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Slack;
using CohortBot.Teams;

namespace CohortBot.Channels;

internal static class ChannelsExtensions
{
    public const string TeamsSection = "Teams";

    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var teams = builder.AddSettings<BotFrameworkOptions>(TeamsSection);
        builder.AddSettings<TeamsChannelOptions>(TeamsSection);
        builder.AddSettings<ConnectorPacingOptions>($"{TeamsSection}:Pacing");
        builder.AddSettings<ConnectorRetryOptions>($"{TeamsSection}:Retry");
        builder.Services.AddBotFramework();
        builder.Services.AddSingleton<CardPreviews>();
        builder.Services.AddScoped<TeamsAdapter>();
        builder.Services.AddScoped<TeamsIdentities>();
        builder.Services.AddScoped<TeamsSender>();
        builder.Services.AddTeamsDelivery();
        builder.Services.AddSingleton<TeamsGate>();
        builder.Services.AddScoped<IChannelSender>(services => services.GetRequiredService<TeamsSender>());
        builder.Services.AddScoped<Cohorts.Following.IGroupRoster, TeamsGroupRoster>();

        builder.AddSettings<SlackOptions>(SlackOptions.Section);
        builder.AddSettings<SlackChannelOptions>(SlackOptions.Section);
        builder.Services.AddSlack();
        builder.Services.AddScoped<SlackAdapter>();
        builder.Services.AddScoped<SlackIdentities>();
        builder.Services.AddScoped<SlackSender>();
        builder.Services.AddScoped<SlackEventJob>();
        builder.Services.AddSingleton<SlackGate>();
        builder.Services.AddSingleton<SlackEventQueue>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SlackEventQueue>());
        builder.Services.AddScoped<IChannelSender>(services => services.GetRequiredService<SlackSender>());
        builder.Services.AddScoped<Cohorts.Following.IGroupRoster, SlackGroupRoster>();

        builder.Services.AddScoped<IdentityLinks>();
        builder.Services.AddSingleton<StrangerCache>();
        builder.Services.AddSingleton(services => new DistrictTenants(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>())
        {
            ConfiguredTeamsTenant = teams.TenantId,
        });
        builder.Services.AddScoped<IRosterListener, ChannelsRosterListener>();
        return builder;
    }

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTeams();
        endpoints.MapSlack();
        return endpoints;
    }
}
