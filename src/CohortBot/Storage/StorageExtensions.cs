using CohortBot.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Storage;

internal static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.AddSettings<DatabaseOptions>(DatabaseOptions.Section, o =>
            o.ConnectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? DatabaseOptions.DefaultConnectionString);

        if (options.EffectiveProvider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<CohortDbContext, PostgresCohortDbContext>(db => db
                .UseNpgsql(options.ConnectionString)
                .AddInterceptors(new CommandActivityInterceptor("postgresql")));
        }
        else
        {
            // One gate per app (the options are built again in every scope).
            var writes = new SqliteWriteGate();
            builder.Services.AddDbContext<CohortDbContext, SqliteCohortDbContext>(db => db
                .UseSqlite(options.ConnectionString)
                .AddInterceptors(new CommandActivityInterceptor("sqlite"), writes, new SqliteConnectionSettings()));
        }

        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return builder;
    }

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
