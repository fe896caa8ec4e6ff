using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Slack;

/// Slack's three request URLs. Every request is verified (signature over the raw body, 300-second
/// replay window) before anything is parsed; a request that fails is answered 401 and changes
/// nothing. Everything is answered well within Slack's 3 seconds.
internal static class SlackEndpoints
{
    public static RouteGroupBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var slack = endpoints.MapGroup("/api/slack").DisableAntiforgery();
        slack.MapPost("/events", ReceiveEventAsync);
        slack.MapPost("/interactions", ReceiveInteractionAsync);
        slack.MapPost("/commands", ReceiveCommandAsync);
        return slack;
    }

    private static async Task<Results<Ok, ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ReceiveEventAsync(
        HttpRequest request, IOptions<SlackOptions> options, TimeProvider time, SlackGate gate, Inbox inbox, SlackEventQueue queue, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var verified = await SlackRequestReader.ReadVerifiedAsync(request, options.Value, time, cancellationToken);
        if (Refuse(verified, loggers) is { } refused)
            return refused;

        SlackEnvelope envelope;
        try
        {
            envelope = SlackEnvelope.Parse(verified.Body.Span);
        }
        catch (Exception failure) when (failure is JsonException or FormatException)
        {
            return BadRequest("The body is not a Slack Events API payload.");
        }

        if (envelope.Type == SlackEnvelope.UrlVerification)
            return TypedResults.Text(envelope.Challenge ?? "", "text/plain");
        if (envelope.Type != SlackEnvelope.EventCallback || envelope.EventId is not { Length: > 0 } eventId || envelope.Event is not { } slackEvent)
            return TypedResults.Ok();

        // The bot's own messages come back as events: never answer them (nor record them).
        var botUserId = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
        if (slackEvent.IsFromBot(botUserId))
            return TypedResults.Ok();

        // Signed by Slack says Slack sent it, not that it comes from a district: another workspace's
        // event is acknowledged (so Slack does not retry it) and dropped, unread and unstored.
        var teams = new[] { envelope.TeamId, envelope.EnterpriseId, envelope.ContextTeamId, envelope.ContextEnterpriseId }
            .Concat(envelope.Authorizations?.SelectMany(a => new[] { a.TeamId, a.EnterpriseId }) ?? []);
        if (await gate.WorkspaceAsync(envelope.ApiAppId, teams, cancellationToken) is not { } workspace)
            return TypedResults.Ok();

        if (await inbox.AcceptAsync(Platform.Slack, eventId, Encoding.UTF8.GetString(verified.Body.Span), workspace, cancellationToken))
            queue.Enqueue(eventId);
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok, JsonHttpResult<JsonObject>, StatusCodeHttpResult, ProblemHttpResult>> ReceiveInteractionAsync(
        HttpRequest request, IOptions<SlackOptions> options, TimeProvider time, SlackGate gate, SlackAdapter adapter, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var verified = await SlackRequestReader.ReadVerifiedAsync(request, options.Value, time, cancellationToken);
        if (Refuse(verified, loggers) is { } refused)
            return refused;

        SlackInteraction interaction;
        try
        {
            interaction = SlackInteraction.ParseForm(verified.Body.Span);
        }
        catch (Exception failure) when (failure is JsonException or FormatException or ArgumentException)
        {
            return BadRequest("The body is not a Slack interaction (a form with a JSON payload field).");
        }
        if (interaction.User?.Id is not { Length: > 0 } || interaction.Type is not { Length: > 0 })
            return BadRequest("A Slack interaction names its type and the user who acted.");

        if (await gate.WorkspaceAsync(interaction.ApiAppId, [interaction.TeamId, interaction.EnterpriseId], cancellationToken) is not { } workspace)
            return TypedResults.Ok();
        var answer = await adapter.HandleInteractionAsync(interaction, workspace, cancellationToken);
        return answer is null ? TypedResults.Ok() : TypedResults.Json(answer);
    }

    private static async Task<Results<Ok, JsonHttpResult<JsonObject>, StatusCodeHttpResult, ProblemHttpResult>> ReceiveCommandAsync(
        HttpRequest request, IOptions<SlackOptions> options, TimeProvider time, SlackGate gate, SlackAdapter adapter, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var verified = await SlackRequestReader.ReadVerifiedAsync(request, options.Value, time, cancellationToken);
        if (Refuse(verified, loggers) is { } refused)
            return refused;

        SlashCommand command;
        try
        {
            command = SlashCommand.Parse(verified.Body.Span);
        }
        catch (Exception failure) when (failure is FormatException or ArgumentException)
        {
            return BadRequest("The body is not a Slack slash command.");
        }
        if (command.UserId is not { Length: > 0 })
            return BadRequest("The body is not a Slack slash command.");
        if (await gate.WorkspaceAsync(command.ApiAppId, [command.TeamId, command.EnterpriseId], cancellationToken) is not { } workspace)
            return TypedResults.Ok();
        var answer = await adapter.HandleCommandAsync(command, workspace, cancellationToken);
        return answer is null ? TypedResults.Ok() : TypedResults.Json(answer);
    }

    private static StatusCodeHttpResult? Refuse(SlackVerifiedRequest verified, ILoggerFactory loggers)
    {
        if (verified.IsValid)
            return null;
        Log.SlackRequestRefused(loggers.CreateLogger(typeof(SlackEndpoints)), verified.Verification);
        return TypedResults.StatusCode(verified.Verification == SlackVerification.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status401Unauthorized);
    }

    private static ProblemHttpResult BadRequest(string title) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title);
}
