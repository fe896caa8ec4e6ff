using System.Net;
using Hangfire.Dashboard;

namespace CohortBot.Jobs;

internal sealed class DevelopmentLoopbackOnly(IHostEnvironment environment) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        if (!environment.IsDevelopment())
            return false;

        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote);
    }
}
