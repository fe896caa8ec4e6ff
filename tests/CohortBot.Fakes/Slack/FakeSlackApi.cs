using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CohortBot.Fakes.Slack;

/// A fake Slack Web API on loopback: answers the methods CohortBot calls at <c>/api/{method}</c> (so the app's
/// <c>Slack:ApiBaseUrl</c> is <see cref="ApiBaseUrl"/>), records every call, and plays scripted failures: the next calls of a
/// method (<see cref="FailNext"/>), or every call about one channel (<see cref="FailChannel"/>).
/// Cursor-paged methods (<c>users.list</c>, <c>conversations.members</c>) page like Slack: <c>limit</c> items (at most
/// <see cref="MaxPageSize"/>), then <c>response_metadata.next_cursor</c>, empty on the last page; a cursor it did not issue
/// answers <c>invalid_cursor</c>.
public sealed class FakeSlackApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<SlackApiCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SlackFailure>> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _users = new(StringComparer.Ordinal);
    private readonly List<string> _userOrder = [];
    private readonly ConcurrentDictionary<string, string> _channelErrors = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiters = [];
    private long _ts = 1_700_000_000_000_000;
    private LoopbackServer? _server;

    private FakeSlackApi() { }

    /// The server's root (for example <c>http://127.0.0.1:41234/</c>).
    public Uri BaseAddress => _server!.BaseAddress;

    /// The value for <c>Slack:ApiBaseUrl</c>: <c>{BaseAddress}api/</c>.
    public string ApiBaseUrl => BaseAddress + "api/";

    /// Every call received, in arrival order.
    public IReadOnlyList<SlackApiCall> Calls => [.. _calls];

    /// The most items a page of a cursor-paged method holds, whatever <c>limit</c> asked (Slack may answer fewer than asked);
    /// null for no cap.
    public int? MaxPageSize { get; set; }

    public static async Task<FakeSlackApi> StartAsync()
    {
        var fake = new FakeSlackApi();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/api/{method}", fake.HandleAsync)).ConfigureAwait(false);
        return fake;
    }

    /// Adds a user that <c>users.info</c>, <c>users.lookupByEmail</c> and <c>users.list</c> know (<c>users.list</c> lists them in
    /// the order they were first added; adding an id again replaces the user in place).
    public FakeSlackApi AddUser(
        string id, string email, string realName = "Test User", string teamId = "T0001", string tz = "America/Chicago", bool isBot = false, bool deleted = false)
    {
        var user = new JsonObject
        {
            ["id"] = id,
            ["team_id"] = teamId,
            ["name"] = email.Split('@')[0],
            ["real_name"] = realName,
            ["is_bot"] = isBot,
            ["deleted"] = deleted,
            ["tz"] = tz,
            ["profile"] = new JsonObject { ["email"] = email, ["display_name"] = realName.Split(' ')[0], ["real_name"] = realName },
        };
        lock (_userOrder)
        {
            if (_users.TryAdd(id, user))
                _userOrder.Add(id);
            else
                _users[id] = user;
        }
        return this;
    }

    /// Makes every call whose <c>channel</c> argument is <paramref name="channel"/> (as sent: a user id for a DM by user id) answer
    /// <c>{"ok":false,"error":error}</c>, until <see cref="ClearChannelFailure"/>. Such as <c>channel_not_found</c>,
    /// <c>is_archived</c>, <c>not_in_channel</c>, <c>cannot_dm_bot</c>, <c>user_disabled</c>.
    public FakeSlackApi FailChannel(string channel, string error)
    {
        _channelErrors[channel] = error;
        return this;
    }

    /// Lets calls about <paramref name="channel"/> succeed again.
    public FakeSlackApi ClearChannelFailure(string channel)
    {
        _channelErrors.TryRemove(channel, out _);
        return this;
    }

    /// Sets the members <c>conversations.members</c> answers for a channel.
    public FakeSlackApi SetMembers(string channel, IEnumerable<string> members)
    {
        _members[channel] = [.. members];
        return this;
    }

    /// Makes the next call(s) of <paramref name="method"/> fail in the given ways, one failure per call, in order.
    public FakeSlackApi FailNext(string method, params SlackFailure[] failures)
    {
        var queue = _failures.GetOrAdd(method, _ => new ConcurrentQueue<SlackFailure>());
        foreach (var failure in failures)
            queue.Enqueue(failure);
        return this;
    }

    /// How many calls of <paramref name="method"/> arrived (failed ones included).
    public int Count(string method) => _counts.GetValueOrDefault(method);

    /// The recorded calls of one method.
    public IReadOnlyList<SlackApiCall> CallsOf(string method) => [.. _calls.Where(c => c.Method == method)];

    /// Completes when at least <paramref name="count"/> calls of <paramref name="method"/> have arrived.
    public async Task<IReadOnlyList<SlackApiCall>> WaitForCallsAsync(string method, int count, TimeSpan? timeout = null)
    {
        Task task;
        lock (_waiters)
        {
            if (Count(method) >= count)
                return CallsOf(method);
            var waiter = new Waiter(method, count);
            _waiters.Add(waiter);
            task = waiter.Done.Task;
        }
        await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return CallsOf(method);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        JsonObject? json = null;
        Dictionary<string, string>? form = null;
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            json = JsonNode.Parse(raw) as JsonObject;
        else if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            form = ParseForm(raw);

        var call = new SlackApiCall(method, DateTimeOffset.UtcNow, headers, request.ContentType, raw, json, form);
        _calls.Enqueue(call);
        _counts.AddOrUpdate(method, 1, (_, n) => n + 1);
        NotifyWaiters();

        if (_failures.TryGetValue(method, out var queue) && queue.TryDequeue(out var failure))
        {
            if (failure.Delay is { } delay)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            if (failure.Status is { } status)
            {
                context.Response.StatusCode = status;
                if (failure.RetryAfterSeconds is { } seconds)
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.Response.WriteAsync(status == 429 ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "upstream trouble").ConfigureAwait(false);
                return;
            }
            if (failure.Error is { } error)
            {
                await WriteJsonAsync(context, new JsonObject { ["ok"] = false, ["error"] = error }).ConfigureAwait(false);
                return;
            }
        }

        if (call.Arg("channel") is { } channel && _channelErrors.TryGetValue(channel, out var channelError))
        {
            await WriteJsonAsync(context, Error(channelError)).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, Answer(method, call)).ConfigureAwait(false);
    }

    private JsonObject Answer(string method, SlackApiCall call)
    {
        string? Arg(string name) => call.Json?[name]?.ToString() ?? call.Form?.GetValueOrDefault(name);
        switch (method)
        {
            case "chat.postMessage":
            {
                var channel = Arg("channel") ?? "";
                // A user id addresses the user's DM with the app.
                if (channel.StartsWith('U') || channel.StartsWith('W'))
                    channel = "D" + channel[1..];
                return Ok(new JsonObject { ["channel"] = channel, ["ts"] = NextTs(), ["message"] = new JsonObject { ["text"] = Arg("text") } });
            }
            case "chat.update":
                return Ok(new JsonObject { ["channel"] = Arg("channel"), ["ts"] = Arg("ts"), ["text"] = Arg("text") });
            case "chat.postEphemeral":
                return Ok(new JsonObject { ["message_ts"] = NextTs() });
            case "views.open":
            case "views.publish":
            {
                var view = call.Json?["view"]?.DeepClone() as JsonObject ?? [];
                view["id"] = "V" + Interlocked.Increment(ref _ts).ToString(CultureInfo.InvariantCulture)[^8..];
                view["hash"] = NextTs();
                return Ok(new JsonObject { ["view"] = view });
            }
            case "users.info":
                return _users.TryGetValue(Arg("user") ?? "", out var user)
                    ? Ok(new JsonObject { ["user"] = user.DeepClone() })
                    : Error("user_not_found");
            case "users.lookupByEmail":
            {
                var email = Arg("email");
                var found = _users.Values.FirstOrDefault(u => string.Equals(u["profile"]?["email"]?.ToString(), email, StringComparison.OrdinalIgnoreCase));
                return found is null ? Error("users_not_found") : Ok(new JsonObject { ["user"] = found.DeepClone() });
            }
            case "conversations.members":
                return _members.TryGetValue(Arg("channel") ?? "", out var members)
                    ? Page("members", members, m => JsonValue.Create(m), Arg("limit"), Arg("cursor"), defaultLimit: 100)
                    : Error("channel_not_found");
            case "users.list":
            {
                List<JsonObject> users;
                lock (_userOrder)
                    users = [.. _userOrder.Select(id => _users[id])];
                // Slack's users.list answers everyone in one page when no limit is given (and recommends one of 200).
                return Page("members", users, u => u.DeepClone(), Arg("limit"), Arg("cursor"), defaultLimit: int.MaxValue);
            }
            case "conversations.info":
            {
                var channel = Arg("channel") ?? "";
                var isIm = channel.StartsWith('D');
                var info = new JsonObject
                {
                    ["id"] = channel,
                    ["is_channel"] = channel.StartsWith('C'),
                    ["is_private"] = channel.StartsWith('G'),
                    ["is_im"] = isIm,
                    ["is_archived"] = false,
                    ["is_member"] = true,
                };
                if (!isIm)
                    info["name"] = "channel-" + channel.ToLowerInvariant();
                return Ok(new JsonObject { ["channel"] = info });
            }
            case "reactions.add":
                return Ok([]);
            case "auth.test":
                return Ok(new JsonObject { ["url"] = "https://district.slack.com/", ["team"] = "District", ["team_id"] = SlackPayloads.TeamId, ["user"] = "cohortbot", ["user_id"] = SlackPayloads.BotUserId, ["bot_id"] = "B0001" });
            default:
                return Error("unknown_method");
        }
    }

    /// One page of a cursor-paged method: <c>{listName:[...],"response_metadata":{"next_cursor":...}}</c>.
    private JsonObject Page<T>(string listName, IReadOnlyList<T> items, Func<T, JsonNode?> map, string? limitArg, string? cursorArg, int defaultLimit)
    {
        var limit = int.TryParse(limitArg, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : defaultLimit;
        if (MaxPageSize is { } max)
            limit = Math.Min(limit, max);
        var start = 0;
        if (!string.IsNullOrEmpty(cursorArg) && !TryReadCursor(cursorArg, out start))
            return Error("invalid_cursor");
        var page = items.Skip(start).Take(limit).ToList();
        var next = start + page.Count < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{start + page.Count}")) : "";
        return Ok(new JsonObject
        {
            [listName] = new JsonArray([.. page.Select(map)]),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    private static bool TryReadCursor(string cursor, out int offset)
    {
        offset = 0;
        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(cursor, bytes, out var written)
            && Encoding.UTF8.GetString(bytes[..written]) is var text
            && text.StartsWith("offset:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    private string NextTs()
    {
        var n = Interlocked.Increment(ref _ts);
        return string.Create(CultureInfo.InvariantCulture, $"{n / 1_000_000}.{n % 1_000_000:D6}");
    }

    private static JsonObject Ok(JsonObject body)
    {
        var answer = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in body)
            answer[key] = value?.DeepClone();
        return answer;
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private static Dictionary<string, string> ParseForm(string raw) =>
        raw.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    private void NotifyWaiters()
    {
        lock (_waiters)
        {
            foreach (var waiter in _waiters.ToList())
            {
                if (Count(waiter.Method) >= waiter.Count)
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    private sealed record Waiter(string Method, int Count)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// One call the fake received: the method, when, headers (including Authorization), and the body as JSON or form fields.
public sealed record SlackApiCall(
    string Method,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string RawBody,
    JsonObject? Json,
    IReadOnlyDictionary<string, string>? Form)
{
    /// An argument from the JSON body or the form, as text.
    public string? Arg(string name) => Json?[name] is { } node ? (node is JsonValue ? node.ToString() : node.ToJsonString()) : Form?.GetValueOrDefault(name);

    /// The Authorization header, or null.
    public string? Authorization => Headers.GetValueOrDefault("Authorization");
}

/// A scripted failure for the next call of a method.
public sealed record SlackFailure(int? Status = null, int? RetryAfterSeconds = null, string? Error = null, TimeSpan? Delay = null)
{
    /// HTTP 429 with <c>Retry-After: seconds</c>.
    public static SlackFailure RateLimited(int retryAfterSeconds) => new(429, retryAfterSeconds);

    /// HTTP 500 (or another 5xx).
    public static SlackFailure ServerError(int status = 500) => new(status);

    /// HTTP 200 with <c>{"ok":false,"error":error}</c>.
    public static SlackFailure NotOk(string error) => new(Error: error);

    /// Holds the answer this long (a timeout for a client with a shorter one), then answers normally.
    public static SlackFailure Slow(TimeSpan delay) => new(Delay: delay);
}
