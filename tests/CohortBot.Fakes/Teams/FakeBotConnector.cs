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

/// A failure the fake answers the next call with.
public sealed record ScriptedFailure(int Status, TimeSpan? RetryAfter = null, string? ErrorCode = null, string? CorrelationId = null);

/// The Bot Connector REST API on loopback: conversations, activities, paged members, and an
/// OAuth2 token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>). Records every call; answers
/// scripted failures first.
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ConnectorCall> _calls = [];
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<ConnectorCall>> Done)> _waiters = [];
    private readonly ConcurrentQueue<ScriptedFailure> _failures = new();
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
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
            app.MapPost("v3/conversations", (HttpContext context, HttpRequest request) => fake.HandleAsync(context, () => new JsonObject { ["id"] = fake.NewId("a:conversation") }));
            app.MapPost("v3/conversations/{conversationId}/activities", (HttpContext context, string conversationId) => fake.HandleAsync(context, () => new JsonObject { ["id"] = fake.NewId("activity") }));
            app.MapPost("v3/conversations/{conversationId}/activities/{activityId}", (HttpContext context, string activityId) => fake.HandleAsync(context, () => new JsonObject { ["id"] = fake.NewId("activity") }));
            app.MapPut("v3/conversations/{conversationId}/activities/{activityId}", (HttpContext context, string activityId) => fake.HandleAsync(context, () => new JsonObject { ["id"] = activityId }));
            app.MapGet("v3/conversations/{conversationId}/pagedmembers", (HttpContext context, string conversationId) => fake.HandleAsync(context, () => fake.Page(context.Request.Query)));
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

    public void AddMember(string id, string name, string aadObjectId, string? email = null, string? userPrincipalName = null, string? tenantId = null, string userRole = "user") =>
        Members.Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["objectId"] = aadObjectId,
            ["email"] = email,
            ["userPrincipalName"] = userPrincipalName,
            ["tenantId"] = tenantId,
            ["userRole"] = userRole,
        });

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
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }

    private string NewId(string prefix) => prefix + ":" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private async Task<IResult> HandleAsync(HttpContext context, Func<JsonNode> answer)
    {
        JsonNode? body = null;
        if (!RecordBodies)
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
        if (_failures.TryDequeue(out var failure))
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
            result = Results.Text(answer().ToJsonString(), "application/json");
        }

        Record(new ConnectorCall(context.Request.Method, path, query, context.Request.Headers.Authorization.FirstOrDefault(), body, status, DateTimeOffset.UtcNow));
        return result;
    }

    private JsonObject Page(IQueryCollection query)
    {
        var size = int.TryParse(query["pageSize"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : DefaultPageSize;
        var offset = query["continuationToken"].FirstOrDefault() is { } token && token.StartsWith("page-", StringComparison.Ordinal)
            ? int.Parse(token.AsSpan(5), CultureInfo.InvariantCulture)
            : 0;
        var members = new JsonArray([.. Members.Skip(offset).Take(size).Select(m => m.DeepClone())]);
        var page = new JsonObject { ["members"] = members };
        if (offset + size < Members.Count)
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

    private void Record(ConnectorCall call)
    {
        List<TaskCompletionSource<IReadOnlyList<ConnectorCall>>> ready = [];
        IReadOnlyList<ConnectorCall> snapshot = [];
        lock (_lock)
        {
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
    }
}
