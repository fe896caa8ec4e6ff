using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace CohortBot.Slack;

/// <summary>Registers the Slack library.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>The name of the Web API's HTTP client and of its resilience pipeline.</summary>
    public const string HttpClientName = "Slack";

    /// <summary>
    /// Registers <see cref="SlackApiClient"/> as a typed HTTP client (base address <c>Slack:ApiBaseUrl</c>, paced, with retries and
    /// timeouts) and a <see cref="TimeProvider"/> if none is registered. <see cref="SlackOptions"/> is bound by the caller.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SlackOptions>();
        services.TryAddSingleton(TimeProvider.System);
        // Paced by the wall clock whatever TimeProvider the app runs on: Slack counts real minutes.
        services.TryAddSingleton(sp => new SlackPacer(sp.GetRequiredService<IOptions<SlackOptions>>().Value.Pacing));

        services
            .AddHttpClient(HttpClientName)
            .AddTypedClient((http, sp) => new SlackApiClient(
                http,
                sp.GetRequiredService<IOptions<SlackOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SlackApiClient>>()))
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
                var baseUrl = options.ApiBaseUrl.EndsWith('/') ? options.ApiBaseUrl : options.ApiBaseUrl + "/";
                http.BaseAddress = new Uri(baseUrl, UriKind.Absolute);
                // The resilience pipeline owns the timeouts (per attempt and overall).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Pacing first (outside), so that a wait in line is not an attempt's time and 429s are retried in line.
            .AddHttpMessageHandler(sp => new SlackPacingHandler(
                sp.GetRequiredService<SlackPacer>(),
                sp.GetRequiredService<IOptions<SlackOptions>>().Value.Retry,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SlackApiClient>>()))
            .AddResilienceHandler(HttpClientName, (pipeline, context) =>
            {
                var retry = context.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.Retry;
                var logger = context.ServiceProvider.GetRequiredService<ILogger<SlackApiClient>>();
                pipeline
                    .AddTimeout(retry.TotalTimeout)
                    .AddRetry(RetryStrategy(retry, logger))
                    .AddTimeout(retry.AttemptTimeout);
            });
        return services;
    }

    internal static HttpRetryStrategyOptions RetryStrategy(SlackRetryOptions retry, ILogger logger) => new()
    {
        // 408, 5xx, HttpRequestException and attempt timeouts (the default predicate but 429, which the pacing handler retries).
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
        MaxRetryAttempts = retry.MaxRetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = retry.BaseDelay,
        MaxDelay = retry.MaxDelay,
        ShouldRetryAfterHeader = false,
        OnRetry = args =>
        {
            var method = args.Context.GetRequestMessage()?.RequestUri is { } uri ? uri.Segments[^1] : "?";
            Log.Retrying(logger, method, args.AttemptNumber + 1, args.Outcome.Result?.StatusCode, args.RetryDelay, args.Outcome.Exception);
            return default;
        },
    };
}
