using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CohortBot.Fakes.Teams;

/// One request to install an app for a user that the fake Graph received.
/// <param name="TeamsAppBind">The body's <c>teamsApp@odata.bind</c>.</param>
/// <param name="Status">The status the fake answered with.</param>
public sealed record GraphInstall(string UserId, string? TeamsAppBind, string? Authorization, int Status);

/// Microsoft Graph's installation of Teams apps for users, on loopback:
/// <c>POST v1.0/users/{id}/teamwork/installedApps</c> with <c>{"teamsApp@odata.bind":".../appCatalogs/teamsApps/{appId}"}</c>
/// installs the app (201, then 409 <c>Conflict</c> for the same user and app), and
/// <see cref="Installed"/> is told, so that a test can let the fake connector open the user's chat.
/// Also an OAuth2 token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>). Records every request.
public sealed class FakeGraph : IAsyncDisposable
{
    private readonly ConcurrentQueue<GraphInstall> _installs = new();
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
    private readonly ConcurrentQueue<(int Status, string? ErrorCode)> _failures = new();
    private readonly ConcurrentDictionary<string, byte> _installed = new(StringComparer.OrdinalIgnoreCase);
    private LoopbackServer? _server;
    private int _tokensIssued;

    private FakeGraph()
    {
    }

    /// The Graph root to configure (<c>Teams:GraphBaseUrl</c>), ending with <c>v1.0/</c>.
    public string GraphBaseUrl => Server.BaseAddress + "v1.0/";

    /// The server's root, where the token endpoint is.
    public Uri BaseAddress => Server.BaseAddress;

    /// Called with the user id when the app is newly installed for a user.
    public Action<string>? Installed { get; set; }

    public IReadOnlyList<GraphInstall> Installs => [.. _installs];

    public IReadOnlyList<TokenRequest> TokenRequests => [.. _tokenRequests];

    private LoopbackServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public static async Task<FakeGraph> StartAsync()
    {
        var fake = new FakeGraph();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("v1.0/users/{userId}/teamwork/installedApps", (HttpContext context, string userId) => fake.InstallAsync(context, userId));
            app.MapPost("{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => fake.IssueTokenAsync(context, tenant));
        }).ConfigureAwait(false);
        return fake;
    }

    /// Answers the next install request with <paramref name="status"/> (and Graph's error body when
    /// <paramref name="errorCode"/> is given), installing nothing.
    public void FailNext(int status, string? errorCode = null) => _failures.Enqueue((status, errorCode));

    public bool IsInstalled(string userId) => _installed.Keys.Any(k => k.StartsWith(userId + "|", StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> InstallAsync(HttpContext context, string userId)
    {
        string? bind = null;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
            bind = body?["teamsApp@odata.bind"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        }
        catch (JsonException)
        {
            // Recorded with no bind, and refused below.
        }

        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        const string Catalog = "appCatalogs/teamsApps/";
        var at = bind?.IndexOf(Catalog, StringComparison.Ordinal) ?? -1;
        if (at < 0 || at + Catalog.Length == bind!.Length)
            return Answer(userId, bind, authorization, 400, "BadRequest");
        if (_failures.TryDequeue(out var failure))
            return Answer(userId, bind, authorization, failure.Status, failure.ErrorCode);

        var app = bind[(at + Catalog.Length)..];
        if (!_installed.TryAdd(userId + "|" + app, 0))
            return Answer(userId, bind, authorization, 409, "Conflict");
        _installs.Enqueue(new GraphInstall(userId, bind, authorization, 201));
        Installed?.Invoke(userId);
        return Results.Json(new JsonObject { ["id"] = "installation-" + userId }, statusCode: 201);
    }

    private IResult Answer(string userId, string? bind, string? authorization, int status, string? errorCode)
    {
        _installs.Enqueue(new GraphInstall(userId, bind, authorization, status));
        return errorCode is null
            ? Results.StatusCode(status)
            : Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = errorCode, ["message"] = "Fake Graph: " + errorCode } }, statusCode: status);
    }

    private async Task<IResult> IssueTokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        _tokenRequests.Enqueue(new TokenRequest(tenant, form["grant_type"], form["client_id"], form["scope"], !string.IsNullOrEmpty(form["client_secret"])));
        var n = Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["access_token"] = "fake-graph-token-" + n.ToString(CultureInfo.InvariantCulture),
        });
    }
}
