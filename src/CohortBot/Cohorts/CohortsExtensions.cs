using CohortBot.Cohorts.Roster;
using CohortBot.Hosting;
using CohortBot.Turns;

namespace CohortBot.Cohorts;

internal static class CohortsExtensions
{
    public static IHostApplicationBuilder AddCohorts(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<CohortBotOptions>(CohortBotOptions.Section);
        builder.Services.AddScoped<RosterImporter>();
        builder.Services.AddScoped<CohortSettings>();
        builder.Services.AddScoped<DemoHistory>();
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddScoped<MemberOverview>();
        builder.Services.AddScoped<Privacy.MemberPrivacy>();
        builder.Services.AddScoped<Following.CohortFollowing>();
        builder.Services.AddSingleton<Following.SyncTurns>();
        builder.Services.AddScoped<IRosterListener, Following.FollowsRosterListener>();
        builder.Services.AddCommand<Following.FollowCommands>(Following.FollowCommands.Commands, "notice");
        builder.Services.AddTurnKind<WelcomeHandler>(TurnKind.Installed, "welcome");
        // "hello" (or "hi there") is a greeting, not a question for the library: the welcome card answers it.
        builder.Services.AddCommand<WelcomeHandler>(WelcomeHandler.Greetings, arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2 && !arguments.Contains('?', StringComparison.Ordinal), "welcome");
        builder.Services.AddTurnKind<HomeHandler>(TurnKind.HomeOpened, "home");
        return builder;
    }
}
