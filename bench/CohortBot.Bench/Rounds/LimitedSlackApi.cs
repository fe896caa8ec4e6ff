using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CohortBot.Bench.Rounds;

/// A Slack Web API with a workspace-wide <c>chat.postMessage</c> limit the bot is not told (a true
/// sliding window: at most N calls in any 60 s) and Slack's one message a second per channel, each
/// answered past it with HTTP 429 and <c>Retry-After</c> (whole seconds) and <c>ratelimited</c>.
/// <c>users.list</c> answers nobody; other methods answer <c>ok</c>. Tokens are not checked.
internal sealed class LimitedSlackApi : IAsyncDisposable
{
    public static readonly LimitRule[] ChannelRules = [new(1, TimeSpan.FromSeconds(1))];

    private readonly SlidingLimits _workspace;
    private readonly Dictionary<string, SlidingLimits> _channels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeSpan _latency;
    private LoopbackServer? _server;
    private long _ts;

    private LimitedSlackApi(int perMinute, TimeSpan latency)
    {
        WorkspaceRule = new LimitRule(perMinute, TimeSpan.FromMinutes(1));
        _workspace = new SlidingLimits([WorkspaceRule]);
        _latency = latency;
    }

    public LimitRule WorkspaceRule { get; }

    public CallLog Calls { get; } = new();

    /// <c>Slack:ApiBaseUrl</c> (ends with a slash).
    public string ApiBaseUrl => _server!.BaseAddress + "api/";

    public static async Task<LimitedSlackApi> StartAsync(int perMinute, TimeSpan latency)
    {
        var fake = new LimitedSlackApi(perMinute, latency);
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/api/{method}", (HttpContext http, string method) => fake.CallAsync(http, method)));
        return fake;
    }

    private async Task CallAsync(HttpContext http, string method)
    {
        var at = Stopwatch.GetTimestamp();
        switch (method)
        {
            case "chat.postMessage":
                await PostMessageAsync(http, at);
                return;
            case "users.list":
                Calls.Add(new FakeCall(at, method, "", 200));
                await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["members"] = new JsonArray(), ["response_metadata"] = new JsonObject { ["next_cursor"] = "" } });
                return;
            default:
                Calls.Add(new FakeCall(at, method, "", 200));
                await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true });
                return;
        }
    }

    private async Task PostMessageAsync(HttpContext http, long at)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        var channel = (string?)body?["channel"] ?? "";
        TimeSpan wait;
        lock (_gate)
        {
            if (!_channels.TryGetValue(channel, out var byChannel))
                _channels[channel] = byChannel = new SlidingLimits(ChannelRules);
            var now = Stopwatch.GetTimestamp();
            wait = _workspace.WaitAt(now);
            var channelWait = byChannel.WaitAt(now);
            if (channelWait > wait)
                wait = channelWait;
            if (wait == TimeSpan.Zero)
            {
                _workspace.Accept(now);
                byChannel.Accept(now);
            }
        }
        if (wait > TimeSpan.Zero)
        {
            Calls.Add(new FakeCall(at, "chat.postMessage", channel, 429));
            http.Response.StatusCode = 429;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
            return;
        }
        Calls.Add(new FakeCall(at, "chat.postMessage", channel, 200));
        if (_latency > TimeSpan.Zero)
            await Task.Delay(_latency);
        // A DM posted to a user id lands in the DM channel, whose id Slack answers.
        var landed = channel.StartsWith('U') ? "D" + channel[1..] : channel;
        var ts = $"1800000000.{Interlocked.Increment(ref _ts):D6}";
        await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["channel"] = landed, ["ts"] = ts, ["message"] = new JsonObject { ["ts"] = ts } });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
