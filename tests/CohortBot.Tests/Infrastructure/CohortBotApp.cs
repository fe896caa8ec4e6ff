using CohortBot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CohortBot.Tests.Infrastructure;

/// The real app, on a real database of its own, with settings given by the test. Instances of the
/// app that share one database (a restart, several instances at once) leave it to the test to
/// dispose (<paramref name="ownsDatabase"/> false).
public sealed class CohortBotApp(
    TestDatabase database,
    string environment = "Testing",
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null,
    bool ownsDatabase = true)
    : WebApplicationFactory<Program>
{
    public const string TestAppId = "test-app-id-0000000001";

    public TestDatabase Database => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:CohortBot", database.ConnectionString);
        builder.UseSetting("Database:Provider", database.Provider);
        // Tests provoke database errors on purpose; warnings of our own still show.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        // Outside Development the bot refuses to run without inbound authentication for Teams.
        builder.UseSetting("Teams:AppId", TestAppId);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null)
            builder.ConfigureTestServices(services);
    }

    /// Starts the app and lets the sweep an instance makes as it starts finish, so that what a test
    /// writes to the outbox afterwards is the test's to send.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var dispatcher = host.Services.GetService<CohortBot.Outbox.DeliveryDispatcher>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (dispatcher is { IsIdle: false } && DateTime.UtcNow < until)
            Thread.Sleep(10);
        return host;
    }

    /// Runs <paramref name="work"/> against the app's own store.
    internal async Task<T> WithStoreAsync<T>(Func<CohortDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CohortDbContext>());
    }

    internal async Task WithStoreAsync(Func<CohortDbContext, Task> work) =>
        await WithStoreAsync(async db => { await work(db); return true; });

    /// Waits until no delivery is held by a sender (each dispatched one sent, refused or put back for
    /// a retry), so that a test asserting what was recorded sees the outcome, not the send in flight.
    internal async Task DeliveriesAtRestAsync(TimeSpan? timeout = null)
    {
        await WaitWhileAsync(() => WithStoreAsync(db => db.Deliveries.AnyAsync(d => d.Status == CohortBot.Outbox.DeliveryStatus.Pending && d.LeaseUntil != null)),
            "Deliveries are still being sent.", timeout);
    }

    /// Waits for the job the start-up import enqueued to link the district's Slack members by e-mail
    /// (its <c>users.list</c>), so that a test starts from the linked roster. On a loaded machine
    /// Hangfire may not have started the job yet after a while: then it is run here, as the job would.
    internal async Task SlackMembersLinkedAsync(CohortBot.Fakes.Slack.FakeSlackApi slack)
    {
        try
        {
            await slack.WaitForCallsAsync("users.list", 1, TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            await using var scope = Services.CreateAsyncScope();
            var district = await scope.ServiceProvider.GetRequiredService<CohortDbContext>().Districts.Select(d => d.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<CohortBot.Channels.Slack.SlackIdentities>().LinkDistrictAsync(district, default);
        }
    }

    /// Sends what is due as the scheduled job does, and waits for the app's own sweeps too (the
    /// dispatcher's and Hangfire's): when one claimed a delivery first the job finds nothing left to send.
    internal async Task SendDueAsync(TimeSpan? timeout = null)
    {
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CohortBot.Outbox.DeliveryJob>().SendDueAsync(TestContext.Current.CancellationToken);
        await OutboxIdleAsync(timeout);
    }

    /// Waits until the outbox's dispatcher has nothing queued or under way (an instance sweeps the
    /// outbox as it starts), and Hangfire is not running the minutely sweep: either may have claimed
    /// what a test's own sweep then found nothing left of.
    internal async Task OutboxIdleAsync(TimeSpan? timeout = null)
    {
        var dispatcher = Services.GetRequiredService<CohortBot.Outbox.DeliveryDispatcher>();
        var jobs = Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        await WaitWhileAsync(() => Task.FromResult(!dispatcher.IsIdle || jobs.ProcessingJobs(0, 1000).Any(j => j.Value.Job?.Type == typeof(CohortBot.Outbox.DeliveryJob))),
            "The outbox is still sending.", timeout);
    }

    /// Waits until every Slack event accepted so far has been handled (they are acknowledged first
    /// and handled from a queue), so that a test sees what the event changed.
    internal async Task EventsHandledAsync(TimeSpan? timeout = null)
    {
        await WaitWhileAsync(() => WithStoreAsync(db => db.ProcessedEvents.AnyAsync(e => e.HandledAt == null && e.GivenUpAt == null)),
            "Slack events are still waiting to be handled.", timeout);
    }

    private static async Task WaitWhileAsync(Func<Task<bool>> busy, string stillBusy, TimeSpan? timeout)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (await busy())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException(stillBusy);
            await Task.Delay(25);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
            await database.DisposeAsync();
    }
}
