using System.Net;
using CohortBot.Storage;
using CohortBot.Web;
using Hangfire.Dashboard;

namespace CohortBot.Jobs;

/// Who may open the Hangfire dashboard: a signed-in coordinator; in Development also anyone on this
/// machine (loopback), so the embedded default can be looked at without signing in.
internal sealed class CoordinatorsOnly(IHostEnvironment environment) : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (environment.IsDevelopment() && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
            return true;
        var db = http.RequestServices.GetRequiredService<CohortDbContext>();
        return await Viewer.OfAsync(http.User, db, http.RequestAborted) is { IsCoordinator: true };
    }
}
