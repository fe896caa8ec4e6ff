using CohortBot.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CohortBot.Storage;

internal static class StorageExtensions
{
    /// Contexts come from a pool (their options, and so the interceptors, are built once per app):
    /// a request no longer pays for building a context and its services.
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.AddSettings<DatabaseOptions>(DatabaseOptions.Section, o =>
            o.ConnectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? DatabaseOptions.DefaultConnectionString);

        if (options.EffectiveProvider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContextPool<CohortDbContext, PostgresCohortDbContext>(db => db
                .UseNpgsql(options.ConnectionString)
                .AddInterceptors(new CommandActivityInterceptor("postgresql"))
                .ConfigureWarnings(LogFailuresQuietly));
        }
        else
        {
            builder.Services.AddDbContextPool<CohortDbContext, SqliteCohortDbContext>(db => db
                .UseSqlite(options.ConnectionString)
                .AddInterceptors(new CommandActivityInterceptor("sqlite"), new SqliteWriteGate(), new SqliteConnectionSettings())
                .ConfigureWarnings(LogFailuresQuietly));
        }

        builder.AddSettings<StorageOptions>(StorageOptions.Section);
        builder.Services.AddScoped<Inbox>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// EF Core logs every failed command as an error, even one the app expects and handles (a
    /// duplicate key is how the inbox and the outbox recognise a redelivery). A failure nobody
    /// handles is still logged as an error where it surfaces (the request, the job).
    private static void LogFailuresQuietly(WarningsConfigurationBuilder warnings) => warnings.Log(
        (CoreEventId.SaveChangesFailed, LogLevel.Debug),
        (RelationalEventId.CommandError, LogLevel.Debug));

    /// Applies every migration this build knows; safe to run on every start.
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CohortDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        // Write-ahead logging: readers and the one writer no longer block each other. The mode is
        // kept in the database file (see SqliteConnectionSettings for what a commit then survives).
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
    }
}
