using System.Text.Json;
using CohortBot.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Teams;

/// <c>POST /api/messages</c>: where the Bot Connector (and locally the Agents Playground or the
/// Emulator) delivers activities. Nothing is processed before the token has been checked.
internal static class TeamsEndpoints
{
    /// Far above any real activity; a bigger body is refused before it is parsed.
    public const int MaxActivityBytes = 1024 * 1024;

    public static RouteHandlerBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (string.IsNullOrWhiteSpace(options.AppId) && !environment.IsDevelopment())
            throw new OptionsValidationException(ChannelsExtensions.TeamsSection, typeof(BotFrameworkOptions),
                ["Teams:AppId is empty: requests to /api/messages would be accepted without a token, which is allowed only in Development. Set Teams:AppId (and Teams:AppPassword) to the bot's Microsoft App ID."]);

        return endpoints.MapPost("/api/messages", ReceiveAsync).DisableAntiforgery();
    }

    private static async Task<Results<Ok, JsonHttpResult<object>, StatusCodeHttpResult, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, BotAuthenticator authenticator, TrustedServiceUrls trusted, TeamsAdapter adapter, TeamsGate gate, IOptions<BotFrameworkOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(TeamsEndpoints));
        var header = request.Headers.Authorization.ToString();
        if (!string.IsNullOrWhiteSpace(options.Value.AppId) && string.IsNullOrEmpty(header))
        {
            Log.TeamsUnauthorized(logger, "no Authorization header");
            return TypedResults.Unauthorized();
        }

        var body = await RequestBody.ReadAsync(request, MaxActivityBytes, cancellationToken);
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"An activity is at most {MaxActivityBytes} bytes.");
        if (Parse(body) is not { } activity)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a Bot Framework activity.",
                detail: "Expected a JSON activity with type, channelId, serviceUrl and conversation.id.");

        var authentication = await authenticator.AuthenticateAsync(string.IsNullOrEmpty(header) ? null : header, activity.ChannelId, activity.ServiceUrl, cancellationToken);
        if (!authentication.IsAuthenticated)
        {
            Log.TeamsUnauthorized(logger, authentication.Failure ?? "refused");
            return TypedResults.Unauthorized();
        }
        // Signed by the Bot Connector says who sent it, not that it is ours to serve: another tenant,
        // or a channel whose clients write their own "from", is answered and left alone.
        if (!await gate.ServesAsync(activity, cancellationToken))
            return TypedResults.Ok();
        trusted.Trust(activity.ServiceUrl!);

        var response = await adapter.ProcessAsync(activity, cancellationToken);
        if (response is null)
            return TypedResults.Ok();
        return response.Body is null ? TypedResults.StatusCode(response.Status) : TypedResults.Json(response.Body, BotFrameworkJson.Options, statusCode: response.Status);
    }

    private static Activity? Parse(byte[] body)
    {
        try
        {
            var activity = JsonSerializer.Deserialize<Activity>(body, BotFrameworkJson.Options);
            return activity is { Type.Length: > 0, ChannelId.Length: > 0, Conversation.Id.Length: > 0 }
                && Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) && serviceUrl.Scheme is "https" or "http"
                ? activity
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
