using CohortBot.Hosting;
using CohortBot.Storage;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace CohortBot.Jobs;

internal static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var jobs = builder.AddSettings<JobsOptions>(JobsOptions.Section);

        // In-memory storage belongs to this app, not to Hangfire's process-wide default: two hosts
        // in one process (the tests run many) would otherwise run each other's jobs.
        if (jobs.Storage != JobStorage.Postgres)
            builder.Services.AddSingleton<Hangfire.JobStorage>(new Hangfire.InMemory.InMemoryStorage());

        builder.Services.AddHangfire((services, hangfire) =>
        {
            hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new HostLogProvider(services.GetRequiredService<ILoggerFactory>()));

            if (jobs.Storage == JobStorage.Postgres)
            {
                var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                if (database.EffectiveProvider != DatabaseProvider.Postgres)
                    throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions), ["Jobs:Storage is Postgres, so ConnectionStrings:CohortBot must be a PostgreSQL connection string (Database:Provider Postgres)."]);

                hangfire.UsePostgreSqlStorage(
                    storage => storage.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
            }
        });
        builder.Services.AddHangfireServer();
        builder.Services.AddHostedService<RecurringJobs>();
        return builder;
    }

    /// The dashboard: from loopback in Development only, until coordinators can sign in.
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new CoordinatorsOnly(environment)],
            DisplayStorageConnectionString = false,
        });
        return endpoints;
    }
}
