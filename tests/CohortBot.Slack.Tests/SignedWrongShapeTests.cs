using System.Net;
using System.Text.Json.Nodes;
using CohortBot.Fakes;
using CohortBot.Fakes.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Slack.Tests;

/// Requests Slack would sign, of the wrong shape, through the reader and the parsers behind a loopback endpoint that maps them as
/// the app does: a valid signature, then SlackPayloadException (400). Any other exception would surface as a 500.
public sealed class SignedWrongShapeTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SlackRequestSigner Signer => new(Secret, _time);

    public async ValueTask InitializeAsync()
    {
        var options = new SlackOptions { SigningSecret = Secret };
        _server = await LoopbackServer.StartAsync(app => app.MapPost("/api/slack/{kind}", async (HttpContext context, string kind) =>
        {
            var read = await SlackRequestReader.ReadVerifiedAsync(context.Request, options, _time, context.RequestAborted);
            if (!read.IsValid)
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            try
            {
                var who = kind switch
                {
                    "events" => SlackEnvelope.Parse(read.Body.Span).TeamId,
                    "interactions" => SlackInteraction.ParseForm(read.Body.Span).User!.Id,
                    _ => SlashCommand.Parse(read.Body.Span).UserId,
                };
                return Results.Text(who ?? "");
            }
            catch (SlackPayloadException refused)
            {
                return Results.Text(refused.Path ?? "", statusCode: StatusCodes.Status400BadRequest);
            }
        }));
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string> WrongInteractions => new()
    {
        { "{\"id\":5}", "$.user.id" },
        { "[{\"id\":\"U0002\"}]", "$.user" },
        { "REMOVE", "$.user" },
    };

    [Theory]
    [MemberData(nameof(WrongInteractions))]
    public async Task SignedInteraction_UserOfTheWrongShape_Is400NamingTheField(string user, string expectedPath)
    {
        var payload = SlackPayloads.BlockActions("U0002", "submit", "{}");
        if (user == "REMOVE")
            payload.Remove("user");
        else
            payload["user"] = JsonNode.Parse(user);

        await AssertRefusedAsync(Signer.Interaction("api/slack/interactions", payload), expectedPath);
    }

    [Fact]
    public async Task SignedInteraction_WithoutType_Is400()
    {
        var payload = SlackPayloads.ViewSubmission("U0002", "checkin_modal", new JsonObject());
        payload.Remove("type");
        await AssertRefusedAsync(Signer.Interaction("api/slack/interactions", payload), "$.type");
    }

    [Theory]
    [InlineData("team_id", "5", "$.team_id")]
    [InlineData("event", "[]", "$.event")]
    [InlineData("authorizations", "{\"team_id\":\"T0001\"}", "$.authorizations")]
    public async Task SignedEvent_OfTheWrongShape_Is400NamingTheField(string field, string json, string expectedPath)
    {
        var envelope = SlackPayloads.EventCallback(SlackPayloads.Message("U0002", "hello"));
        envelope[field] = JsonNode.Parse(json);
        await AssertRefusedAsync(Signer.Events("api/slack/events", envelope), expectedPath);
    }

    [Fact]
    public async Task SignedCommand_WithoutUser_Is400()
    {
        var fields = SlackPayloads.SlashCommand("U0002", "help");
        fields.Remove("user_id");
        await AssertRefusedAsync(Signer.Command("api/slack/commands", fields), "user_id");
    }

    [Fact]
    public async Task SignedRequestsOfTheRightShape_AreRead()
    {
        // The control: the same endpoint reads well-formed requests, so the refusals above are about shape alone.
        Assert.Equal("U0002", await ReadAsync(Signer.Interaction("api/slack/interactions", SlackPayloads.BlockActions("U0002", "submit", "{}"))));
        Assert.Equal(SlackPayloads.TeamId, await ReadAsync(Signer.Events("api/slack/events", SlackPayloads.EventCallback(SlackPayloads.Message("U0002", "hello")))));
        Assert.Equal("U0002", await ReadAsync(Signer.Command("api/slack/commands", SlackPayloads.SlashCommand("U0002", "help"))));
    }

    private async Task AssertRefusedAsync(HttpRequestMessage request, string expectedPath)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expectedPath, await response.Content.ReadAsStringAsync(Ct));
        }
    }

    private async Task<string> ReadAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }
    }
}
