using CohortBot.Fakes.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Slack.Tests;

/// A <see cref="SlackApiClient"/> from <c>AddSlack</c>, pointed at a fresh <see cref="FakeSlackApi"/>, with short delays.
internal sealed class SlackApiFixture : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";

    private readonly ServiceProvider _services;

    private SlackApiFixture(FakeSlackApi fake, ServiceProvider services)
    {
        Fake = fake;
        _services = services;
        Client = services.GetRequiredService<SlackApiClient>();
    }

    public FakeSlackApi Fake { get; }

    public SlackApiClient Client { get; }

    public static async Task<SlackApiFixture> StartAsync(Action<SlackOptions>? configure = null)
    {
        var fake = await FakeSlackApi.StartAsync();
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<SlackOptions>(o =>
            {
                o.ApiBaseUrl = fake.ApiBaseUrl;
                o.BotToken = Token;
                o.Retry.MaxRetryAttempts = 3;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
                o.Retry.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.Pacing.Enabled = false;
                configure?.Invoke(o);
            })
            .AddSlack()
            .BuildServiceProvider();
        return new SlackApiFixture(fake, services);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
