using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Polly;

namespace CohortBot.Teams;

/// <summary>Registers the Bot Framework protocol.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    internal const string MetadataHttpClientName = "CohortBot.Teams.OpenIdMetadata";

    /// <summary>
    /// Registers <see cref="BotAuthenticator"/>, <see cref="TrustedServiceUrls"/>,
    /// <see cref="IConnectorTokenProvider"/> (MSAL client credentials) and the typed
    /// <see cref="ConnectorClient"/> with its retries and pacing. The caller binds and validates
    /// <see cref="BotFrameworkOptions"/> (section <c>Teams</c>); <see cref="ConnectorRetryOptions"/>
    /// and <see cref="ConnectorPacingOptions"/> keep their defaults unless configured.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<BotFrameworkOptions>();
        services.AddOptions<ConnectorRetryOptions>();
        services.AddOptions<ConnectorPacingOptions>();

        services.AddHttpClient(MetadataHttpClientName);
        services.TryAddSingleton(sp => new BotAuthenticator(
            sp.GetRequiredService<IOptions<BotFrameworkOptions>>(),
            CreateMetadataManager(sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value, sp.GetRequiredService<IHttpClientFactory>()),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new TrustedServiceUrls(sp.GetRequiredService<IOptions<BotFrameworkOptions>>()));

        services.AddHttpClient(MsalConnectorTokenProvider.HttpClientName);
        services.TryAddSingleton<IConnectorTokenProvider>(sp => new MsalConnectorTokenProvider(
            sp.GetRequiredService<IOptions<BotFrameworkOptions>>(), sp.GetRequiredService<IHttpClientFactory>()));

        // Paced by the wall clock whatever TimeProvider the app runs on: the platform counts real seconds.
        services.TryAddSingleton(sp => new ConnectorPacer(sp.GetRequiredService<IOptions<ConnectorPacingOptions>>()));
        var connector = services.AddHttpClient(ConnectorClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        // Pacing first (outside), so that a wait in line is not an attempt's time and 429s are retried in line.
        connector.AddHttpMessageHandler(sp => new ConnectorPacingHandler(
            sp.GetRequiredService<ConnectorPacer>(), sp.GetRequiredService<IOptions<ConnectorRetryOptions>>(), sp.GetRequiredService<TimeProvider>()));
        connector.AddResilienceHandler("bot-connector", ConfigureResilience);
        connector.AddTypedClient((http, sp) => new ConnectorClient(
                http, sp.GetRequiredService<IConnectorTokenProvider>(), sp.GetRequiredService<TrustedServiceUrls>()));
        return services;
    }

    internal static ConfigurationManager<OpenIdConnectConfiguration> CreateMetadataManager(BotFrameworkOptions options, IHttpClientFactory httpClientFactory)
    {
        var url = options.OpenIdMetadataUrl;
        // Https is required of real endpoints; plain http is let through only for a loopback test endpoint configured as such.
        // The manager lives as long as the app and fetches rarely (daily, or on a new key), so one client from the factory serves it.
        var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(MetadataHttpClientName))
        {
            RequireHttps = url.StartsWith("https:", StringComparison.OrdinalIgnoreCase),
        };
        return new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = TimeSpan.FromDays(1),
        };
    }

    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorRetryOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response && IsRetried(response.StatusCode)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter, time)),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    // 413 (message too big) and other 4xx will fail the same way again; these may pass later. 429 is the pacing handler's.
    internal static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// The wait a response's <c>Retry-After</c> asks for (seconds or a date), capped; null without one.
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? delay = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
        if (delay is not { } value)
            return null;
        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }
}
