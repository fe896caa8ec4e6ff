using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CohortBot.Bench.Rounds;

/// A Bot Connector that enforces Teams' published limits for bots and answers 429 with
/// <c>Retry-After</c> past them: 50 calls a second per tenant, across every operation, and per thread
/// (a 1:1 chat) 7 a second, 8 in 2 s, 60 in 30 s and 1800 an hour for sends and conversation
/// creations. Each limit is a true sliding window over the arrival times of the calls it let through.
/// <c>POST v3/conversations</c> answers a stable conversation per user (<c>a:1on1-{user}</c>).
/// Every call is recorded with its time, for the benchmark to count deliveries and duplicates.
internal sealed class LimitedTeamsConnector : IAsyncDisposable
{
    public const string PersonalPrefix = "a:1on1-";

    public static readonly LimitRule[] TenantRules = [new(50, TimeSpan.FromSeconds(1))];

    public static readonly LimitRule[] ThreadRules =
        [new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1))];

    private readonly Dictionary<string, SlidingLimits> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SlidingLimits> _threads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tenantOf = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeSpan _latency;
    private LoopbackServer? _server;
    private long _activityIds;

    private LimitedTeamsConnector(TimeSpan latency) => _latency = latency;

    public CallLog Calls { get; } = new();

    /// The service URL the bot is given (ends with a slash).
    public string ServiceUrl => _server!.BaseAddress.ToString();

    public static async Task<LimitedTeamsConnector> StartAsync(TimeSpan latency)
    {
        var fake = new LimitedTeamsConnector(latency);
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v3/conversations", fake.CreateAsync);
            app.MapPost("/v3/conversations/{conversation}/activities", (HttpContext http, string conversation) => fake.ActivityAsync(http, "send", conversation));
            app.MapPost("/v3/conversations/{conversation}/activities/{activity}", (HttpContext http, string conversation) => fake.ActivityAsync(http, "reply", conversation));
            app.MapPut("/v3/conversations/{conversation}/activities/{activity}", (HttpContext http, string conversation) => fake.ActivityAsync(http, "update", conversation));
            app.MapGet("/v3/conversations/{conversation}/pagedmembers", (HttpContext http, string conversation) => fake.MembersAsync(http, conversation));
            app.MapFallback(async http =>
            {
                fake.Calls.Add(new FakeCall(Stopwatch.GetTimestamp(), "unknown " + http.Request.Method + " " + http.Request.Path, "", 404));
                http.Response.StatusCode = 404;
                await Task.CompletedTask;
            });
        });
        return fake;
    }

    /// Whether a conversation is a member's 1:1 chat this fake created (where check-ins go).
    public static bool IsPersonal(string conversation) => conversation.StartsWith(PersonalPrefix, StringComparison.Ordinal);

    public static string ConversationOf(string userId) => PersonalPrefix + userId;

    private async Task CreateAsync(HttpContext http)
    {
        var at = Stopwatch.GetTimestamp();
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        var user = (string?)body?["members"]?[0]?["id"];
        var tenant = (string?)body?["tenantId"] ?? (string?)body?["channelData"]?["tenant"]?["id"] ?? "";
        if (string.IsNullOrEmpty(user))
        {
            Calls.Add(new FakeCall(at, "create", "", 400));
            await ErrorAsync(http, 400, "BadArgument", "members[0].id is required");
            return;
        }
        var conversation = ConversationOf(user);
        if (!await AdmitAsync(http, at, "create", tenant, conversation))
            return;
        lock (_gate)
            _tenantOf[conversation] = tenant;
        await DelayAsync();
        http.Response.StatusCode = 201;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = conversation });
    }

    private async Task ActivityAsync(HttpContext http, string kind, string conversation)
    {
        var at = Stopwatch.GetTimestamp();
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        var tenant = (string?)body?["conversation"]?["tenantId"] ?? (string?)body?["channelData"]?["tenant"]?["id"];
        if (tenant is null)
        {
            lock (_gate)
                tenant = _tenantOf.GetValueOrDefault(conversation, "");
        }
        if (!await AdmitAsync(http, at, kind, tenant, conversation))
            return;
        await DelayAsync();
        http.Response.StatusCode = 201;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = Interlocked.Increment(ref _activityIds).ToString(CultureInfo.InvariantCulture) });
    }

    private async Task MembersAsync(HttpContext http, string conversation)
    {
        Calls.Add(new FakeCall(Stopwatch.GetTimestamp(), "members", conversation, 200));
        await http.Response.WriteAsJsonAsync(new JsonObject { ["members"] = new JsonArray() });
    }

    /// Lets the call through (and counts it) if the tenant's and the thread's limits allow it now;
    /// otherwise answers 429 with the seconds until they would, rounded up.
    private async Task<bool> AdmitAsync(HttpContext http, long at, string kind, string tenant, string thread)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var byTenant = Limits(_tenants, tenant, TenantRules);
            var byThread = Limits(_threads, thread, ThreadRules);
            var now = Stopwatch.GetTimestamp();
            wait = byTenant.WaitAt(now);
            var threadWait = byThread.WaitAt(now);
            if (threadWait > wait)
                wait = threadWait;
            if (wait == TimeSpan.Zero)
            {
                byTenant.Accept(now);
                byThread.Accept(now);
            }
        }
        if (wait == TimeSpan.Zero)
        {
            Calls.Add(new FakeCall(at, kind, thread, 201));
            return true;
        }
        Calls.Add(new FakeCall(at, kind, thread, 429));
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ErrorAsync(http, 429, "Throttled", "Too many requests");
        return false;
    }

    private static SlidingLimits Limits(Dictionary<string, SlidingLimits> all, string key, LimitRule[] rules)
    {
        if (!all.TryGetValue(key, out var limits))
            all[key] = limits = new SlidingLimits(rules);
        return limits;
    }

    private Task DelayAsync() => _latency > TimeSpan.Zero ? Task.Delay(_latency) : Task.CompletedTask;

    private static async Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
