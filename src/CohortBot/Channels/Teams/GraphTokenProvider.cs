using System.Collections.Concurrent;
using CohortBot.Teams;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CohortBot.Channels.Teams;

/// App-only tokens for Microsoft Graph (scope <c>https://graph.microsoft.com/.default</c>) by client
/// credentials of the bot's own app registration (<c>Teams:AppId</c>, <c>Teams:AppPassword</c>),
/// through MSAL's confidential client, whose cache keeps and renews them. Graph acts inside one
/// tenant, so the token comes from the tenant's own authority: <c>Teams:TenantId</c> for a
/// single-tenant registration, else the member's tenant, at the host of <c>Teams:OAuthAuthority</c>
/// (sovereign clouds have their own). No token when the App ID or password is empty, as for the
/// connector: only for local development against a fake.
internal sealed class GraphTokenProvider(IOptions<BotFrameworkOptions> protocol, IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "CohortBot.Teams.Graph.Msal";
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    private readonly ConcurrentDictionary<string, IConfidentialClientApplication> _applications = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<string?> GetTokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        var settings = protocol.Value;
        if (string.IsNullOrEmpty(settings.AppId) || string.IsNullOrEmpty(settings.AppPassword))
            return null;
        var tenant = string.IsNullOrWhiteSpace(settings.TenantId) ? tenantId : settings.TenantId.Trim();
        var application = _applications.GetOrAdd(tenant, Create);
        var result = await application.AcquireTokenForClient(Scopes).ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }

    private IConfidentialClientApplication Create(string tenant)
    {
        var settings = protocol.Value;
        var host = new Uri(settings.EffectiveOAuthAuthority);
        return ConfidentialClientApplicationBuilder.Create(settings.AppId)
            .WithClientSecret(settings.AppPassword)
            .WithAuthority($"{host.Scheme}://{host.Authority}/{Uri.EscapeDataString(tenant)}", validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new HttpClients(httpClientFactory))
            .Build();
    }

    private sealed class HttpClients(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}
