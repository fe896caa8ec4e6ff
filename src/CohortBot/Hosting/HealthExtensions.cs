using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CohortBot.Hosting;

internal static class HealthExtensions
{
    /// <c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers and is migrated.
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
