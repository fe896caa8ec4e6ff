using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CohortBot.Fakes.Teams;

/// One request the fake connector received.
/// <param name="Path">The path as sent, still escaped (for example <c>/v3/conversations/a%3A1/activities</c>).</param>
/// <param name="Query">The query string with its <c>?</c>, or empty.</param>
/// <param name="Status">The status the fake answered with.</param>
public sealed record ConnectorCall(string Method, string Path, string Query, string? Authorization, JsonNode? Body, int Status, DateTimeOffset ReceivedAt);

/// One request the fake token endpoint received (form fields, the secret reduced to whether it came).
public sealed record TokenRequest(string Tenant, string? GrantType, string? ClientId, string? Scope, bool HasClientSecret);

/// A failure the fake answers a call with: the status, a <c>Retry-After</c> header, the body
/// <c>{"error":{"code":...,"message":...}}</c> when <see cref="ErrorCode"/> is set, and an
/// <c>X-Correlating-OperationId</c> header.
public sealed record ScriptedFailure(int Status, TimeSpan? RetryAfter = null, string? ErrorCode = null, string? CorrelationId = null)
{
    /// 403 <c>ConversationBlockedByUser</c>: the user blocked or removed the bot.
    public static ScriptedFailure BlockedByUser { get; } = new(403, ErrorCode: "ConversationBlockedByUser");

    /// 404 <c>ConversationNotFound</c>.
    public static ScriptedFailure ConversationNotFound { get; } = new(404, ErrorCode: "ConversationNotFound");

    /// 403 <c>BotNotInConversationRoster</c>: what creating a 1:1 chat answers when the app is not installed for the user.
    public static ScriptedFailure NotInstalled { get; } = new(403, ErrorCode: "BotNotInConversationRoster");

    /// 429 <c>Throttled</c> with <c>Retry-After</c>.
    public static ScriptedFailure Throttled(TimeSpan retryAfter) => new(429, retryAfter, "Throttled");
}

/// The Bot Connector REST API on loopback: create conversation (<c>POST v3/conversations</c>: a
/// 1:1 chat gets one id per user and tenant, the same on every repeat), send, reply and update
/// (<c>PUT</c>) activities, paged members, and an OAuth2 token endpoint
/// (<c>/{tenant}/oauth2/v2.0/token</c>). Records every call. Answers scripted failures: first the
/// next-call ones (<see cref="FailNext"/>), then those aimed at one conversation
/// (<see cref="FailConversation"/>) or one user (<see cref="FailUser"/>: creating their 1:1 chat
/// and every call in the conversation created for them). Optionally, like Teams, it throttles each
/// tenant (<see cref="TenantRateLimit"/>), refuses to open a chat with a user the app is not
/// installed for (<see cref="RequireInstall"/>), and holds calls unanswered (<see cref="HoldAfter"/>).
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ConnectorCall> _calls = [];
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<ConnectorCall>> Done)> _waiters = [];
    private readonly ConcurrentQueue<ScriptedFailure> _failures = new();
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
    private readonly Dictionary<string, string> _personalChats = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _chatUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AimedFailure> _conversationFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AimedFailure> _userFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<JsonObject>> _teamMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptedFailure> _laterPageFailures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notInstalled = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _tenantWindows = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<TaskCompletionSource> _held = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _heldWaiters = [];
    private int? _holdAfter;
    private LoopbackServer? _server;
    private int _nextId;
    private int _tokensIssued;

    private FakeBotConnector()
    {
    }

    /// The connector's service URL, ending with a slash.
    public string ServiceUrl => Server.BaseAddress.ToString();

    /// The members <c>pagedmembers</c> returns, as raw JSON objects.
    public List<JsonObject> Members { get; } = [];

    /// Whether calls keep their parsed JSON body (<see cref="ConnectorCall.Body"/>); the benchmarks
    /// turn it off to count hundreds of thousands of replies cheaply.
    public bool RecordBodies { get; set; } = true;

    /// The page size when a request gives none.
    public int DefaultPageSize { get; set; } = 50;

    /// The lifetime of the access tokens the token endpoint issues (<c>expires_in</c>).
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// Teams' limit across all calls of one tenant: past this many in any one second (counting
    /// the calls let through), a call is answered 429 <c>Throttled</c> with <c>Retry-After: 1</c>.
    /// Null (the default) lets everything through. The tenant is the call's <c>tenantId</c>,
    /// <c>conversation.tenantId</c> or <c>channelData.tenant.id</c>.
    public int? TenantRateLimit { get; set; }

    public IReadOnlyList<ConnectorCall> Calls
    {
        get
        {
            lock (_lock)
                return [.. _calls];
        }
    }

    public IReadOnlyList<TokenRequest> TokenRequests => [.. _tokenRequests];

    private LoopbackServer Server => _server ?? throw new InvalidOperationException("Not started.");

    /// Starts the fake; over HTTPS with <paramref name="certificate"/> when one is given (MSAL asks
    /// for an https authority, so a bot in another process fetches its tokens from such a fake).
    public static async Task<FakeBotConnector> StartAsync(X509Certificate2? certificate = null)
    {
        var fake = new FakeBotConnector();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            // A handler of HttpContext alone would be taken for a RequestDelegate, and its IResult discarded.
            app.MapPost("v3/conversations", (Delegate)((HttpContext context) => fake.HandleAsync(context, null, fake.CreateConversation, readBody: true)));
            app.MapPost("v3/conversations/{conversationId}/activities", (HttpContext context, string conversationId) => fake.HandleAsync(context, conversationId, _ => new JsonObject { ["id"] = fake.NewId("activity") }));
            app.MapPost("v3/conversations/{conversationId}/activities/{activityId}", (HttpContext context, string conversationId) => fake.HandleAsync(context, conversationId, _ => new JsonObject { ["id"] = fake.NewId("activity") }));
            app.MapPut("v3/conversations/{conversationId}/activities/{activityId}", (HttpContext context, string conversationId, string activityId) => fake.HandleAsync(context, conversationId, _ => new JsonObject { ["id"] = activityId }));
            app.MapGet("v3/conversations/{conversationId}/pagedmembers", (HttpContext context, string conversationId) =>
                fake.HandleAsync(context, conversationId, _ => fake.Page(conversationId, context.Request.Query), aimed: fake.LaterPageFailure(conversationId, context.Request.Query)));
            app.MapPost("{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => fake.IssueTokenAsync(context, tenant));
        }, certificate).ConfigureAwait(false);
        return fake;
    }

    /// Answers the next <paramref name="times"/> calls with a failure.
    public void FailNext(int status, TimeSpan? retryAfter = null, string? errorCode = null, string? correlationId = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
            _failures.Enqueue(new ScriptedFailure(status, retryAfter, errorCode, correlationId));
    }

    /// Answers every call in <paramref name="conversationId"/> (send, reply, update, members) with
    /// <paramref name="failure"/>: <paramref name="times"/> times, or until <see cref="ClearFailures"/> when null.
    public void FailConversation(string conversationId, ScriptedFailure failure, int? times = null)
    {
        lock (_lock)
            _conversationFailures[conversationId] = new AimedFailure(failure, times);
    }

    /// Answers creating <paramref name="userId"/>'s 1:1 chat, and every call in the conversation
    /// created for them, with <paramref name="failure"/> (for a user who blocked the bot,
    /// <see cref="ScriptedFailure.BlockedByUser"/>): <paramref name="times"/> times, or until
    /// <see cref="ClearFailures"/> when null. The user is matched by the id the bot created the chat
    /// with (<c>29:…</c> or the Entra object id), ignoring case.
    public void FailUser(string userId, ScriptedFailure failure, int? times = null)
    {
        lock (_lock)
            _userFailures[userId] = new AimedFailure(failure, times);
    }

    /// Refuses to open a 1:1 chat with <paramref name="userId"/> (403 <c>BotNotInConversationRoster</c>,
    /// as Teams does for a user without the app) until <see cref="Install"/> is called for them.
    public void RequireInstall(string userId)
    {
        lock (_lock)
            _notInstalled.Add(userId);
    }

    /// The app is installed for <paramref name="userId"/> (for example by a fake Graph): their chat opens.
    public void Install(string userId)
    {
        lock (_lock)
            _notInstalled.Remove(userId);
    }

    /// Holds every call after the next <paramref name="calls"/> unanswered until <see cref="ReleaseHeld"/>.
    /// A held call is recorded when it arrives: what it carried went, whatever becomes of the caller.
    public void HoldAfter(int calls)
    {
        lock (_lock)
            _holdAfter = _calls.Count + calls;
    }

    /// Completes when at least <paramref name="count"/> calls are being held.
    public Task WaitForHeldAsync(int count, TimeSpan? timeout = null)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_held.Count >= count)
                return Task.CompletedTask;
            _heldWaiters.Add((count, done));
        }
        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// Answers the held calls and holds no more.
    public void ReleaseHeld()
    {
        List<TaskCompletionSource> held;
        lock (_lock)
        {
            _holdAfter = null;
            held = [.. _held];
            _held.Clear();
        }
        foreach (var call in held)
            call.TrySetResult();
    }

    /// Sets the members <c>pagedmembers</c> returns for one conversation (a team, a channel), in place
    /// of <see cref="Members"/>, which answers for every other conversation.
    public void SetTeamMembers(string conversationId, IEnumerable<JsonObject> members)
    {
        lock (_lock)
            _teamMembers[conversationId] = [.. members];
    }

    /// Answers every <c>pagedmembers</c> call of <paramref name="conversationId"/> that carries a
    /// continuation token (the second page on) with <paramref name="failure"/>, until <see cref="ClearFailures"/>:
    /// a member list broken off half way.
    public void FailLaterMemberPages(string conversationId, ScriptedFailure failure)
    {
        lock (_lock)
            _laterPageFailures[conversationId] = failure;
    }

    /// A member record as <c>pagedmembers</c> returns it.
    public static JsonObject Member(string id, string name, string aadObjectId, string? email = null, string? userPrincipalName = null, string? tenantId = null, string userRole = "user") => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["objectId"] = aadObjectId,
        ["email"] = email,
        ["userPrincipalName"] = userPrincipalName,
        ["tenantId"] = tenantId,
        ["userRole"] = userRole,
    };

    /// Drops every failure aimed at a conversation or user, and the next-call ones.
    public void ClearFailures()
    {
        lock (_lock)
        {
            _laterPageFailures.Clear();
            _conversationFailures.Clear();
            _userFailures.Clear();
        }
        _failures.Clear();
    }

    /// The 1:1 conversation created for <paramref name="userId"/>, or null when none was.
    public string? ConversationOf(string userId)
    {
        lock (_lock)
            return _personalChats.Where(c => c.Key.EndsWith("|" + userId, StringComparison.OrdinalIgnoreCase)).Select(c => c.Value).FirstOrDefault();
    }

    public void AddMember(string id, string name, string aadObjectId, string? email = null, string? userPrincipalName = null, string? tenantId = null, string userRole = "user") =>
        Members.Add(Member(id, name, aadObjectId, email, userPrincipalName, tenantId, userRole));

    /// Completes when at least <paramref name="count"/> calls were received (any status).
    public Task<IReadOnlyList<ConnectorCall>> WaitForCallsAsync(int count, TimeSpan? timeout = null)
    {
        TaskCompletionSource<IReadOnlyList<ConnectorCall>> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_calls.Count >= count)
                return Task.FromResult<IReadOnlyList<ConnectorCall>>([.. _calls]);
            _waiters.Add((count, done));
        }

        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        // A test that failed while calls were held: the server would wait for them to stop.
        ReleaseHeld();
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }

    private string NewId(string prefix) => prefix + ":" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    /// <param name="conversationId">The route's conversation, unescaped; null for create conversation.</param>
    /// <param name="answer">The success body, from the request body.</param>
    /// <param name="readBody">Parse the body even when <see cref="RecordBodies"/> is off (create conversation needs its member).</param>
    /// <param name="aimed">A failure the route chose for this call, before any other.</param>
    private async Task<IResult> HandleAsync(HttpContext context, string? conversationId, Func<JsonNode?, JsonNode> answer, bool readBody = false, ScriptedFailure? aimed = null)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        JsonNode? body = null;
        if (!RecordBodies && !readBody)
        {
            await context.Request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }
        else if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = queryStart < 0 ? "" : rawTarget[queryStart..];

        IResult result;
        int status;
        var newChatUser = conversationId is null ? PersonalChatUser(body) : null;
        var failure = aimed ?? Throttled(body, receivedAt);
        if (failure is null && !_failures.TryDequeue(out failure))
            failure = AimedAt(conversationId, newChatUser) ?? NotInstalledFor(newChatUser);
        if (failure is not null)
        {
            status = failure.Status;
            if (failure.RetryAfter is { } retryAfter)
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            if (failure.CorrelationId is not null)
                context.Response.Headers["X-Correlating-OperationId"] = failure.CorrelationId;
            result = failure.ErrorCode is null
                ? Results.StatusCode(status)
                : Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = failure.ErrorCode, ["message"] = "Scripted failure " + failure.ErrorCode } }, statusCode: status);
        }
        else
        {
            status = 200;
            result = Results.Text(answer(body).ToJsonString(), "application/json");
        }

        var hold = Record(new ConnectorCall(context.Request.Method, path, query, context.Request.Headers.Authorization.FirstOrDefault(), RecordBodies ? body : null, status, receivedAt));
        if (hold is not null)
            await hold.ConfigureAwait(false);
        return result;
    }

    /// 429 when the call's tenant had <see cref="TenantRateLimit"/> calls let through in the last second.
    private ScriptedFailure? Throttled(JsonNode? body, DateTimeOffset receivedAt)
    {
        if (TenantRateLimit is not { } limit)
            return null;
        var tenant = Text(body?["tenantId"]) ?? Text(body?["conversation"]?["tenantId"]) ?? Text(body?["channelData"]?["tenant"]?["id"]) ?? "";
        lock (_lock)
        {
            if (!_tenantWindows.TryGetValue(tenant, out var window))
                _tenantWindows[tenant] = window = new Queue<DateTimeOffset>();
            while (window.Count > 0 && window.Peek() <= receivedAt - TimeSpan.FromSeconds(1))
                window.Dequeue();
            if (window.Count >= limit)
                return ScriptedFailure.Throttled(TimeSpan.FromSeconds(1));
            window.Enqueue(receivedAt);
            return null;
        }
    }

    private ScriptedFailure? NotInstalledFor(string? newChatUser)
    {
        lock (_lock)
            return newChatUser is not null && _notInstalled.Contains(newChatUser) ? ScriptedFailure.NotInstalled : null;
    }

    /// The failure aimed at this conversation, its user, or the user whose chat is being created; counts it down.
    private ScriptedFailure? AimedAt(string? conversationId, string? newChatUser)
    {
        lock (_lock)
        {
            var user = newChatUser ?? (conversationId is not null ? _chatUsers.GetValueOrDefault(conversationId) : null);
            foreach (var (rules, key) in new[] { (_conversationFailures, conversationId), (_userFailures, user) })
            {
                if (key is null || !rules.TryGetValue(key, out var aimed))
                    continue;
                if (aimed.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                        rules.Remove(key);
                    else
                        rules[key] = aimed with { Remaining = remaining - 1 };
                }
                return aimed.Failure;
            }
            return null;
        }
    }

    // A 1:1 chat (one member, not a group) has one conversation per tenant and user: the connector answers the same id again.
    private JsonNode CreateConversation(JsonNode? body)
    {
        if (PersonalChatUser(body) is not { } user)
            return new JsonObject { ["id"] = NewId("a:conversation") };
        var tenant = Text(body?["tenantId"]) ?? Text(body?["channelData"]?["tenant"]?["id"]) ?? "";
        lock (_lock)
        {
            if (!_personalChats.TryGetValue(tenant + "|" + user, out var id))
            {
                id = NewId("a:conversation");
                _personalChats[tenant + "|" + user] = id;
                _chatUsers[id] = user;
            }
            return new JsonObject { ["id"] = id };
        }
    }

    private static string? PersonalChatUser(JsonNode? body) =>
        body is JsonObject create && Text(create["isGroup"]) is null or "false" && create["members"] is JsonArray { Count: 1 } members
            ? Text(members[0]?["id"])
            : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    private ScriptedFailure? LaterPageFailure(string conversationId, IQueryCollection query)
    {
        lock (_lock)
            return query.ContainsKey("continuationToken") ? _laterPageFailures.GetValueOrDefault(conversationId) : null;
    }

    private JsonObject Page(string conversationId, IQueryCollection query)
    {
        List<JsonObject> all;
        lock (_lock)
            all = _teamMembers.TryGetValue(conversationId, out var team) ? team : Members;
        var size = int.TryParse(query["pageSize"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : DefaultPageSize;
        var offset = query["continuationToken"].FirstOrDefault() is { } token && token.StartsWith("page-", StringComparison.Ordinal)
            ? int.Parse(token.AsSpan(5), CultureInfo.InvariantCulture)
            : 0;
        var members = new JsonArray([.. all.Skip(offset).Take(size).Select(m => m.DeepClone())]);
        var page = new JsonObject { ["members"] = members };
        if (offset + size < all.Count)
            page["continuationToken"] = "page-" + (offset + size).ToString(CultureInfo.InvariantCulture);
        return page;
    }

    private async Task<IResult> IssueTokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        _tokenRequests.Enqueue(new TokenRequest(tenant, form["grant_type"], form["client_id"], form["scope"], !string.IsNullOrEmpty(form["client_secret"])));
        var n = Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = "fake-access-token-" + n.ToString(CultureInfo.InvariantCulture),
        });
    }

    private sealed record AimedFailure(ScriptedFailure Failure, int? Remaining);

    /// Records the call; returns what to wait for before answering when it is held.
    private Task? Record(ConnectorCall call)
    {
        List<TaskCompletionSource<IReadOnlyList<ConnectorCall>>> ready = [];
        List<TaskCompletionSource> heldReady = [];
        IReadOnlyList<ConnectorCall> snapshot = [];
        TaskCompletionSource? hold = null;
        lock (_lock)
        {
            if (_holdAfter is { } after && _calls.Count >= after)
            {
                hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _held.Add(hold);
                _heldWaiters.RemoveAll(w =>
                {
                    if (_held.Count < w.Count)
                        return false;
                    heldReady.Add(w.Done);
                    return true;
                });
            }
            _calls.Add(call);
            _waiters.RemoveAll(w =>
            {
                if (_calls.Count < w.Count)
                    return false;
                ready.Add(w.Done);
                return true;
            });
            if (ready.Count > 0)
                snapshot = [.. _calls];
        }

        foreach (var done in ready)
            done.TrySetResult(snapshot);
        foreach (var done in heldReady)
            done.TrySetResult();
        return hold?.Task;
    }
}
