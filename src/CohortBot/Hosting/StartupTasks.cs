using CohortBot.Cohorts.Roster;
using CohortBot.Storage;
using Microsoft.Extensions.Options;

namespace CohortBot.Hosting;

/// Runs before the server takes requests: migrations, then the seed file (and, when asked, the demo
/// district's history). A seed file with problems stops the app, with every problem in the message,
/// rather than running half-set-up.
internal sealed class StartupTasks(IServiceProvider services, IOptions<CohortBotOptions> options, IOptions<DatabaseOptions> database, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.MigrateDatabaseAsync(cancellationToken);
        Log.DatabaseReady(logger, database.Value.EffectiveProvider);

        if (string.IsNullOrWhiteSpace(options.Value.Seed))
            return;

        var path = ResolvePath(options.Value.Seed);
        Log.Seeding(logger, path);
        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(path, "seed", cancellationToken);
        if (!report.Succeeded)
            throw new InvalidOperationException($"CohortBot:Seed '{options.Value.Seed}' {report}");
        // Before the round planner starts (it is registered after this), so it plans after the history.
        if (options.Value.DemoHistory)
            await scope.ServiceProvider.GetRequiredService<DemoHistory>().WriteAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
            return Path.GetFullPath(path);
        var besideApp = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideApp) ? besideApp : Path.GetFullPath(path);
    }
}
