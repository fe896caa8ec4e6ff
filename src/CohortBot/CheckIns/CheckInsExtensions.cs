using CohortBot.Turns;

namespace CohortBot.CheckIns;

internal static class CheckInsExtensions
{
    public static IHostApplicationBuilder AddCheckIns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RoundService>();
        builder.Services.AddScoped<RoundScheduler>();
        builder.Services.AddScoped<RoundReports>();
        builder.Services.AddScoped<RoundSkips>();
        builder.Services.AddScoped<SupportAlerts>();
        builder.Services.AddCommand<CheckInHandler>(["check in", "checkin", "check-in"], "checkin", "notice");
        builder.Services.AddVerb<CheckInHandler>(CheckInHandler.Submit, "checkin", "checkin-done", "notice");
        builder.Services.AddVerb<CheckInHandler>(CheckInHandler.Edit, "checkin", "notice");
        builder.Services.AddCommand<SupportHandler>(["coach"], "support-form", "notice");
        builder.Services.AddVerb<SupportHandler>(SupportHandler.Ask, "support-form", "support-request", "notice");
        builder.Services.AddVerb<SupportHandler>(SupportHandler.Reply, "support-request", "coach-question", "notice");
        builder.Services.AddCommand<RoundCommands>(RoundCommands.Commands, "notice", "round-summary", "checkin-done");
        builder.Services.AddCommand<AuditCommands>(["audit"], "notice");
        builder.Services.AddVerb<RoundCommands>(RoundCommands.SummaryPage, "round-summary", "notice");
        builder.Services.AddHostedService<RoundStartup>();
        return builder;
    }
}

/// At start-up, after the store is ready: every cohort's next round planned, every pending step registered again.
internal sealed class RoundStartup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RoundScheduler>().PlanAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
