using System.Net.Http.Json;
using System.Net;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CohortBot.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_InDevelopmentWithNoSettings_ImportsTheDemoDistrictAndIsReady()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), environment: "Development");
        using var client = app.CreateClient();

        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        // The demo file's nine people, beside the previous year's that the demo's history adds in Development.
        Assert.Equal(9, await app.WithStoreAsync(db => db.Members.CountAsync(m => !m.Cohorts.Any(c => c.Name == CohortBot.Hosting.DemoHistory.PreviousCohort))));
        Assert.Equal("Demo Unified School District", await app.WithStoreAsync(db => db.Districts.Select(d => d.Name).SingleAsync()));
        Assert.True(await app.WithStoreAsync(db => db.AuditLog.AnyAsync(a => a.Action == CohortBot.Hosting.DemoHistory.Marker)));
    }

    [Fact]
    public async Task Start_OutsideDevelopment_DoesNotImportTheDemo()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), environment: "Production");
        using var client = app.CreateClient();

        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(0, await app.WithStoreAsync(db => db.Members.CountAsync()));
    }

    [Fact]
    public async Task Start_SeedFileWithProblems_StopsTheAppNamingTheProblems()
    {
        using var files = new RosterFiles();
        var seed = files.Write("bad.yaml", "district: X\ntimeZone: Nowhere/Land\n");
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?> { ["CohortBot:Seed"] = seed });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("line 2: unknown time zone 'Nowhere/Land'", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slack:Retry:MaxRetryAttempts", "99", "Slack:Retry:MaxRetryAttempts")]
    [InlineData("Slack:Pacing:Tier2PerMinute", "0", "Slack:Pacing:Tier2PerMinute")]
    [InlineData("Storage:InboxRetention", "00:00:01", "Storage:InboxRetention")]
    [InlineData("Teams:DefaultServiceUrl", "not a url", "Teams:DefaultServiceUrl")]
    public async Task Start_NestedSettingOutOfRange_StopsTheAppNamingTheKey(string key, string value, string named)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ARouteNamesACardThatIsNotThere_StopsTheApp()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), services: services =>
            services.AddSingleton(new CohortBot.Turns.TurnRoute(typeof(CohortBot.Turns.HelpHandler), ["no-such-card"]) { Command = "phantom" }));

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("'no-such-card'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_DatabaseLost_AnswersUnavailable()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await using var app = new CohortBotApp(database);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        await database.DisposeAsync(); // the file is gone: SQLite would open an empty, unmigrated one

        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("Database:Provider", "Oracle", "Database:Provider")]
    [InlineData("Jobs:Storage", "Redis", "Jobs:Storage")]
    [InlineData("Slack:BotToken", "xoxp-user-token", "Slack:BotToken")]
    [InlineData("Teams:OpenIdMetadataUrl", "not a url", "Teams:OpenIdMetadataUrl")]
    [InlineData("Slack:ApiBaseUrl", "", "Slack:ApiBaseUrl")]
    public async Task Start_WrongSetting_StopsTheAppNamingTheKey(string key, string value, string named)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_NoTeamsAppIdOutsideDevelopment_StopsTheApp(string environment)
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), environment, new Dictionary<string, string?> { ["Teams:AppId"] = "" });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Teams:AppId is empty", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoTeamsAppIdInDevelopment_AcceptsUnauthenticatedActivities()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), "Development", new Dictionary<string, string?> { ["Teams:AppId"] = "", ["CohortBot:Seed"] = "" });
        using var client = app.CreateClient();

        // A typing activity needs no answer: what matters is that no token was asked for.
        var answer = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), new
        {
            type = "typing",
            id = "1",
            channelId = "emulator",
            serviceUrl = "http://localhost:56150/_connector",
            conversation = new { id = "conversation-1" },
            from = new { id = "user-id-0" },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Start_PostgresJobsOnSqliteStore_StopsTheAppNamingBothKeys()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?> { ["Jobs:Storage"] = "Postgres" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("Jobs:Storage is Postgres, so ConnectionStrings:CohortBot must be a PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AppPasswordWithPlainHttpAuthority_StopsTheAppNamingTheKey()
    {
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"), settings: new Dictionary<string, string?>
        {
            ["Teams:AppPassword"] = "s3cret",
            ["Teams:OAuthAuthority"] = "http://login.example.test/botframework.com",
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("Teams:OAuthAuthority: must be an https URL", error.Message, StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten)) : error.ToString();
}
