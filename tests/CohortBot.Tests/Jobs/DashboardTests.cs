using System.Net;
using CohortBot.Tests.Infrastructure;

namespace CohortBot.Tests.Jobs;

public sealed class DashboardTests
{
    [Fact]
    public async Task Dashboard_InDevelopmentFromLoopback_Opens()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), environment: "Development");
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire Dashboard", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_OutsideDevelopment_IsClosedEvenFromLoopback()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), environment: "Production");
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
