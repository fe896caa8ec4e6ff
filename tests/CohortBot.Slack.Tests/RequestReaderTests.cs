using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Fakes;
using CohortBot.Fakes.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Slack.Tests;

/// SlackRequestReader behind a real Kestrel endpoint on loopback, fed by the fake's signer.
public sealed class RequestReaderTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly SlackOptions _options = new() { SigningSecret = Secret, MaxRequestBodyBytes = 4096 };
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app => app.MapPost("/api/slack/{kind}", async (HttpContext context) =>
        {
            var read = await SlackRequestReader.ReadVerifiedAsync(context.Request, _options, _time, context.RequestAborted);
            return Results.Json(new { verification = read.Verification.ToString(), length = read.Body.Length, body = Encoding.UTF8.GetString(read.Body.Span), read.RetryNum, read.RetryReason });
        }));
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private SlackRequestSigner Signer => new(Secret, _time);

    private async Task<JsonObject> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        }
    }

    [Fact]
    public async Task SignedEvent_IsValid_AndBodyIsReturnedIntact()
    {
        var envelope = SlackPayloads.EventCallback(SlackPayloads.Message("U0002", "héllo ✓"));
        var result = await SendAsync(Signer.Events("api/slack/events", envelope));
        Assert.Equal("Valid", result["verification"]!.GetValue<string>());
        Assert.Equal(envelope.ToJsonString(), result["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignedInteractionAndCommand_AreValid()
    {
        var interaction = await SendAsync(Signer.Interaction("api/slack/interactions", SlackPayloads.BlockActions("U0002", "a", "v")));
        var command = await SendAsync(Signer.Command("api/slack/commands", SlackPayloads.SlashCommand("U0002", "help")));
        Assert.Equal(("Valid", "Valid"), (interaction["verification"]!.GetValue<string>(), command["verification"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RequestSignedSixMinutesAgo_IsStale()
    {
        var old = (_time.GetUtcNow().ToUnixTimeSeconds() - 360).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await SendAsync(Signer.Events("api/slack/events", SlackPayloads.UrlVerification("c"), old));
        Assert.Equal("Stale", result["verification"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequestSignedWithAnotherSecret_IsMismatch()
    {
        var result = await SendAsync(new SlackRequestSigner("other-secret", _time).Events("api/slack/events", SlackPayloads.UrlVerification("c")));
        Assert.Equal("Mismatch", result["verification"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsignedRequest_IsMissingHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/slack/events") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        Assert.Equal("MissingHeaders", (await SendAsync(request))["verification"]!.GetValue<string>());
    }

    [Fact]
    public async Task BodyOverTheLimit_IsTooLarge_AndNotReturned()
    {
        var body = Encoding.UTF8.GetBytes(new string('a', 4097));
        var result = await SendAsync(Signer.Build("api/slack/events", body, "application/json"));
        Assert.Equal(("TooLarge", 0), (result["verification"]!.GetValue<string>(), result["length"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_IsTooLarge()
    {
        var body = Encoding.UTF8.GetBytes(new string('a', 10_000));
        var request = Signer.Build("api/slack/events", body, "application/json");
        request.Content = new StreamContent(new MemoryStream(body)) { Headers = { ContentType = request.Content!.Headers.ContentType } };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal("TooLarge", (await SendAsync(request))["verification"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChunkedBodyAtTheLimit_IsReadWhole_AndValid()
    {
        var body = Encoding.UTF8.GetBytes(new string('a', 4096));
        var request = Signer.Build("api/slack/events", body, "application/json");
        request.Content = new StreamContent(new MemoryStream(body)) { Headers = { ContentType = request.Content!.Headers.ContentType } };
        request.Headers.TransferEncodingChunked = true;
        var result = await SendAsync(request);
        Assert.Equal(("Valid", 4096), (result["verification"]!.GetValue<string>(), result["length"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Redelivery_ReportsRetryHeaders()
    {
        var request = Signer.Events("api/slack/events", SlackPayloads.EventCallback(SlackPayloads.AppHomeOpened("U0002")));
        request.Headers.Add("X-Slack-Retry-Num", "2");
        request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        var result = await SendAsync(request);
        Assert.Equal((2, "http_timeout"), (result["retryNum"]!.GetValue<int>(), result["retryReason"]!.GetValue<string>()));
    }
}
