using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Outbox;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Teams;

/// Installs the app for a member through Microsoft Graph
/// (<c>POST {Teams:GraphBaseUrl}users/{aadObjectId}/teamwork/installedApps</c> with the catalog
/// app's <c>teamsApp@odata.bind</c>), so that the bot can open their 1:1 chat. 409 means it is
/// installed already, which is as good. A refusal that asking again will not change (no
/// permission, no such user or app) fails the delivery without marking the member unreachable:
/// it is the setup that is wrong, and once it is put right the next message installs the app.
internal sealed class TeamsAppInstaller(HttpClient http, GraphTokenProvider tokens, IOptions<TeamsChannelOptions> options, ILogger<TeamsAppInstaller> logger)
{
    public async Task InstallAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var graph = options.Value.GraphBaseUrl.EndsWith('/') ? options.Value.GraphBaseUrl : options.Value.GraphBaseUrl + "/";
        var app = options.Value.CatalogAppId ?? throw new InvalidOperationException("Teams:CatalogAppId is not set.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{graph}users/{Uri.EscapeDataString(aadObjectId)}/teamwork/installedApps"))
        {
            Content = JsonContent.Create(new JsonObject { ["teamsApp@odata.bind"] = $"{graph}appCatalogs/teamsApps/{Uri.EscapeDataString(app)}" }),
        };
        if (await tokens.GetTokenAsync(tenantId, cancellationToken) is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict)
        {
            Log.TeamsAppInstalled(logger, alreadyInstalled: response.StatusCode == HttpStatusCode.Conflict);
            return;
        }

        var status = (int)response.StatusCode;
        var code = await ErrorCodeAsync(response, cancellationToken);
        Log.TeamsAppInstallFailed(logger, status, code);
        var description = $"Microsoft Graph answered {status} {code ?? response.StatusCode.ToString()} to installing the Teams app for the member";
        if (status is >= 500 or 429 or 408)
            throw new HttpRequestException(description, null, response.StatusCode);
        throw new DeliveryRefusedException(description, recipientUnreachable: false);
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return body?["error"]?["code"] is JsonValue code && code.TryGetValue<string>(out var text) ? text : null;
        }
        catch (Exception failure) when (failure is JsonException or NotSupportedException)
        {
            // A body that is not Graph's error shape leaves the code unknown; the status still tells.
            return null;
        }
    }
}
