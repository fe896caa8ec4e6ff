using CohortBot.Fakes.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Teams.Tests;

/// The library wired as the app wires it, against a fake connector on loopback.
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "bot-app-id";

    private ConnectorHarness(FakeBotConnector fake, ServiceProvider services)
    {
        Fake = fake;
        Services = services;
    }

    public FakeBotConnector Fake { get; }

    public ServiceProvider Services { get; }

    public ConnectorClient Client => Services.GetRequiredService<ConnectorClient>();

    public string ServiceUrl => Fake.ServiceUrl;

    public static async Task<ConnectorHarness> StartAsync(
        Action<BotFrameworkOptions>? options = null,
        Action<ConnectorPacingOptions>? pacing = null,
        bool trustFake = true)
    {
        var fake = await FakeBotConnector.StartAsync();
        var services = new ServiceCollection();
        services.AddBotFramework();
        services.Configure<BotFrameworkOptions>(o =>
        {
            o.AppId = AppId;
            options?.Invoke(o);
        });
        services.Configure<ConnectorRetryOptions>(o =>
        {
            // Short backoff, so only a honoured Retry-After can make a retry wait a second.
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxDelay = TimeSpan.FromMilliseconds(20);
        });
        if (pacing is not null)
            services.Configure(pacing);
        // MSAL asks login.microsoftonline.com; the fake connector plays it on loopback.
        services.AddHttpClient(MsalConnectorTokenProvider.HttpClientName).AddHttpMessageHandler(() => new RedirectToLoopback(new Uri(fake.ServiceUrl)));
        var provider = services.BuildServiceProvider();
        if (trustFake)
            provider.GetRequiredService<TrustedServiceUrls>().Trust(fake.ServiceUrl);
        return new ConnectorHarness(fake, provider);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private sealed class RedirectToLoopback(Uri target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
