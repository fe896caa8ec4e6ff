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
/// Client credentials through MSAL's confidential client, whose cache keeps and renews the token
/// (valid an hour); no token when the App ID or password is empty. The token in hand is reused
/// until MSAL would refresh it (or 5 minutes before it expires), so a send does not go through
/// MSAL's request pipeline each time.
/// </summary>
internal sealed class MsalConnectorTokenProvider : IConnectorTokenProvider
{
    internal const string HttpClientName = "CohortBot.Teams.Msal";
    private static readonly string[] Scopes = ["https://api.botframework.com/.default"];
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(5);
    private readonly IConfidentialClientApplication? _application;
    private CachedToken? _current;

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
        // MSAL's own clock, the one its expiry times are on.
        if (_current is { } current && DateTimeOffset.UtcNow < current.RenewAt)
            return current.AccessToken;

        var result = await _application.AcquireTokenForClient(Scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var latest = result.ExpiresOn - ExpiryMargin;
        var refreshOn = result.AuthenticationResultMetadata?.RefreshOn;
        _current = new CachedToken(result.AccessToken, refreshOn < latest ? refreshOn.Value : latest);
        return result.AccessToken;
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RenewAt);

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}
