using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CohortBot.Teams;

/// <summary>
/// Authenticates requests from the Bot Connector: the bearer token's issuer, audience, lifetime,
/// RSA signature by a key of the OpenID metadata endorsed for the activity's channel, and its
/// <c>serviceurl</c> claim. Keys are cached and refreshed by a configuration manager; nothing is
/// fetched or parsed per request beyond the token itself.
/// </summary>
public sealed class BotAuthenticator
{
    internal const string ServiceUrlClaim = "serviceurl";
    private const string EndorsementsProperty = "endorsements";
    private static readonly TimeSpan RefreshSpacing = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(5);
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotFrameworkOptions _options;
    private readonly IConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly FrozenSet<string> _issuers;
    private readonly TimeProvider _time;
    private readonly Lock _refreshLock = new();
    private volatile KeyState? _keys;
    private Task<KeyState>? _refresh;
    private long _refreshStartedAt;

    internal BotAuthenticator(IOptions<BotFrameworkOptions> options, IConfigurationManager<OpenIdConnectConfiguration> metadata, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metadata = metadata;
        _time = time;
        _issuers = _options.EffectiveValidIssuers.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Authenticates one request. Anonymous (accepted, <see cref="BotAuthenticationResult.IsAnonymous"/>)
    /// when no App ID is configured; otherwise refused unless every rule holds.
    /// </summary>
    /// <param name="authorizationHeader">The request's <c>Authorization</c> header.</param>
    /// <param name="channelId">The activity's <c>channelId</c>: the signing key must be endorsed for it.</param>
    /// <param name="serviceUrl">The activity's <c>serviceUrl</c>: the token's <c>serviceurl</c> claim must equal it.</param>
    /// <param name="cancellationToken">Cancels a key refresh wait.</param>
    public async Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.AppId))
            return BotAuthenticationResult.Anonymous;
        if (string.IsNullOrEmpty(authorizationHeader))
            return BotAuthenticationResult.Fail("missing authorization header");

        var space = authorizationHeader.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !authorizationHeader.AsSpan(0, space).SequenceEqual("Bearer"))
            return BotAuthenticationResult.Fail("authorization scheme is not Bearer");
        var rawToken = authorizationHeader.AsMemory(space + 1);
        if (rawToken.Length == 0 || rawToken.Span.Contains(' '))
            return BotAuthenticationResult.Fail("authorization header is not two parts");
        if (string.IsNullOrEmpty(channelId))
            return BotAuthenticationResult.Fail("activity has no channelId");
        if (string.IsNullOrEmpty(serviceUrl))
            return BotAuthenticationResult.Fail("activity has no serviceUrl");

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(rawToken);
        }
        catch (ArgumentException)
        {
            return BotAuthenticationResult.Fail("malformed token");
        }

        // Cheap checks first, so forged or foreign tokens cost no signature work.
        if (Array.IndexOf(AllowedAlgorithms, token.Alg) < 0)
            return BotAuthenticationResult.Fail("signature algorithm not allowed");
        if (!_issuers.Contains(token.Issuer ?? string.Empty))
            return BotAuthenticationResult.Fail("invalid issuer");
        if (string.IsNullOrEmpty(token.Kid))
            return BotAuthenticationResult.Fail("token has no key id");

        KeyState keys;
        try
        {
            keys = await GetKeysAsync(cancellationToken).ConfigureAwait(false);
            if (!keys.Endorsements.ContainsKey(token.Kid))
            {
                keys = await RefreshKeysAsync(keys).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!keys.Endorsements.ContainsKey(token.Kid))
                    return BotAuthenticationResult.Fail("unknown signing key");
            }
        }
        catch (InvalidOperationException)
        {
            return BotAuthenticationResult.Fail("signing keys unavailable");
        }

        var result = await _handler.ValidateTokenAsync(token, keys.Parameters).ConfigureAwait(false);
        if (!result.IsValid)
            return BotAuthenticationResult.Fail(Describe(result.Exception));

        if (!keys.Endorsements[token.Kid].Contains(channelId))
            return BotAuthenticationResult.Fail("signing key not endorsed for channel");

        if (!token.TryGetPayloadValue<string>(ServiceUrlClaim, out var claimedServiceUrl) || string.IsNullOrEmpty(claimedServiceUrl))
            return BotAuthenticationResult.Fail("token has no serviceurl claim");
        if (!string.Equals(claimedServiceUrl, serviceUrl, StringComparison.OrdinalIgnoreCase))
            return BotAuthenticationResult.Fail("serviceurl claim does not match activity");

        return BotAuthenticationResult.Success(result.ClaimsIdentity);
    }

    private async ValueTask<KeyState> GetKeysAsync(CancellationToken cancellationToken)
    {
        var configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var keys = _keys;
        if (keys is not null && ReferenceEquals(keys.Configuration, configuration))
            return keys;
        keys = KeyState.Create(configuration, _options, _issuers);
        _keys = keys;
        return keys;
    }

    // Keys rotate: an unknown kid refreshes the metadata, at most once per RefreshSpacing (like the
    // manager's own RequestRefresh limit) so forged kids cannot make the bot hammer the endpoint.
    // The manager refreshes in the background, so the caller waits (bounded) for the new
    // configuration; concurrent callers share one wait.
    private Task<KeyState> RefreshKeysAsync(KeyState stale)
    {
        lock (_refreshLock)
        {
            if (_refresh is { IsCompleted: false } running)
                return running;
            var now = _time.GetTimestamp();
            if (_refreshStartedAt != 0 && _time.GetElapsedTime(_refreshStartedAt, now) < RefreshSpacing)
                return Task.FromResult(_keys ?? stale);
            _refreshStartedAt = now;
            _refresh = RefreshCoreAsync(stale);
            return _refresh;
        }
    }

    private async Task<KeyState> RefreshCoreAsync(KeyState stale)
    {
        _metadata.RequestRefresh();
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < RefreshWait)
        {
            try
            {
                var keys = await GetKeysAsync(CancellationToken.None).ConfigureAwait(false);
                if (!ReferenceEquals(keys.Configuration, stale.Configuration))
                    return keys;
            }
            catch (InvalidOperationException)
            {
                // The metadata endpoint is unreachable: keep the keys we have.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time).ConfigureAwait(false);
        }

        return _keys ?? stale;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidAudienceException => "invalid audience",
        SecurityTokenInvalidIssuerException => "invalid issuer",
        SecurityTokenInvalidAlgorithmException => "signature algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenInvalidSigningKeyException => "signing key not valid",
        SecurityTokenInvalidLifetimeException => "invalid lifetime",
        _ => "invalid token",
    };

    // One per metadata version: the validation parameters and each key's endorsements, built when
    // the configuration manager hands out a new configuration, never per request.
    internal sealed record KeyState(OpenIdConnectConfiguration Configuration, TokenValidationParameters Parameters, FrozenDictionary<string, FrozenSet<string>> Endorsements)
    {
        public static KeyState Create(OpenIdConnectConfiguration configuration, BotFrameworkOptions options, FrozenSet<string> issuers)
        {
            var endorsements = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
            foreach (var key in configuration.JsonWebKeySet?.Keys ?? [])
            {
                if (!string.IsNullOrEmpty(key.Kid) && !endorsements.ContainsKey(key.Kid))
                    endorsements[key.Kid] = ReadEndorsements(key);
            }

            var parameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuers = issuers,
                ValidateAudience = true,
                ValidAudience = options.AppId,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(5),
                RequireSignedTokens = true,
                ValidAlgorithms = AllowedAlgorithms,
                IssuerSigningKeys = configuration.SigningKeys,
                TryAllIssuerSigningKeys = false,
                // Refuses a key whose JWKS entry carries a certificate (x5c) outside its validity, within the clock skew.
                ValidateIssuerSigningKey = true,
            };
            return new KeyState(configuration, parameters, endorsements.ToFrozenDictionary(StringComparer.Ordinal));
        }

        // The JWKS's "endorsements" is not a standard member: the key parser keeps it in AdditionalData.
        private static FrozenSet<string> ReadEndorsements(JsonWebKey key)
        {
            if (!key.AdditionalData.TryGetValue(EndorsementsProperty, out var value) || value is null)
                return FrozenSet<string>.Empty;
            IEnumerable<string?> items = value switch
            {
                JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()),
                IEnumerable<object> list => list.Select(o => o?.ToString()),
                _ => [],
            };
            return items.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }
    }
}
