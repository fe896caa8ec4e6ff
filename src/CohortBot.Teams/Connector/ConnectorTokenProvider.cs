using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CohortBot.Teams;

/// <summary>Gives the bearer token the bot presents to the Bot Connector.</summary>
public interface IConnectorTokenProvider
{
    /// <summary>The access token, or null when calls go without one (no App ID or password configured).</summary>
    /// <param name="cancellationToken">Cancels the request for a token.</param>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Client credentials through MSAL's confidential client, whose in-memory cache keeps and renews
/// the token (valid an hour); no token when the App ID or password is empty.
/// </summary>
internal sealed class MsalConnectorTokenProvider : IConnectorTokenProvider
{
    internal const string HttpClientName = "CohortBot.Teams.Msal";
    private static readonly string[] Scopes = ["https://api.botframework.com/.default"];
    private readonly IConfidentialClientApplication? _application;

    public MsalConnectorTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.AppId) || string.IsNullOrEmpty(settings.AppPassword))
            return;
        _application = ConfidentialClientApplicationBuilder.Create(settings.AppId)
            .WithClientSecret(settings.AppPassword)
            // The authority is configured explicitly; instance discovery would only add a network call.
            .WithAuthority(settings.EffectiveOAuthAuthority, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClientFactory))
            .Build();
    }

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_application is null)
            return null;
        var result = await _application.AcquireTokenForClient(Scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.AccessToken;
    }

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}
