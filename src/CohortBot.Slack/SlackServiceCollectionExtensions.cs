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
        services.TryAddSingleton(sp => new SlackPacer(sp.GetRequiredService<IOptions<SlackOptions>>().Value.Pacing));

        services
            .AddHttpClient(HttpClientName)
            .AddTypedClient((http, sp) => new SlackApiClient(
                http,
                sp.GetRequiredService<IOptions<SlackOptions>>().Value,
                sp.GetRequiredService<SlackPacer>(),
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
        // 429, 408, 5xx, HttpRequestException and attempt timeouts (the default predicate).
        MaxRetryAttempts = retry.MaxRetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = retry.BaseDelay,
        MaxDelay = retry.MaxDelay,
        ShouldRetryAfterHeader = false,
        // Retry-After (seconds or a date) wins over the backoff, capped so one answer cannot park a call for long.
        DelayGenerator = args =>
        {
            if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response && RetryAfter(response) is { } wait)
                return ValueTask.FromResult<TimeSpan?>(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > retry.MaxRetryAfter ? retry.MaxRetryAfter : wait);
            return ValueTask.FromResult<TimeSpan?>(null);
        },
        OnRetry = args =>
        {
            var method = args.Context.GetRequestMessage()?.RequestUri is { } uri ? uri.Segments[^1] : "?";
            Log.Retrying(logger, method, args.AttemptNumber + 1, args.Outcome.Result?.StatusCode, args.RetryDelay, args.Outcome.Exception);
            return default;
        },
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
            return date - DateTimeOffset.UtcNow;
        return null;
    }
}
