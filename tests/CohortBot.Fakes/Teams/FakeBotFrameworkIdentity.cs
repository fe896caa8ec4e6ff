using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CohortBot.Fakes.Teams;

/// Which key signs a minted token.
public enum FakeSigningKey
{
    /// The JWKS key endorsed for msteams and emulator.
    Endorsed,

    /// The JWKS key with no endorsements.
    Unendorsed,

    /// A key the JWKS does not publish (by default under the endorsed key's kid: a forged signature).
    Foreign,
}

/// How a minted token is signed.
public enum FakeTokenAlgorithm
{
    RS256,
    RS384,
    RS512,

    /// Unsigned (<c>alg: none</c>).
    None,

    /// HMAC with a shared secret, which a verifier of RSA keys must refuse.
    HS256,
}

/// The Bot Framework's OpenID metadata and signing keys, served on loopback, with a token minter.
/// Serves <c>/v1/.well-known/openidconfiguration</c> and <c>/v1/.well-known/keys</c>; counts fetches.
public sealed class FakeBotFrameworkIdentity : IAsyncDisposable
{
    public const string DefaultIssuer = "https://api.botframework.com";
    public const string EndorsedKeyId = "endorsed-key";
    public const string UnendorsedKeyId = "unendorsed-key";

    private static readonly string[] DefaultEndorsements = ["msteams", "emulator"];

    // Generating RSA keys is slow; every instance serves the same test keys.
    private static readonly Lazy<RsaSecurityKey> SharedEndorsedKey = new(() => NewKey(EndorsedKeyId));
    private static readonly Lazy<RsaSecurityKey> SharedUnendorsedKey = new(() => NewKey(UnendorsedKeyId));
    private static readonly Lazy<RsaSecurityKey> SharedForeignKey = new(() => NewKey(EndorsedKeyId));
    private readonly Lock _lock = new();
    private readonly List<(string Kid, RsaSecurityKey Key, string[]? Endorsements, X509Certificate2? Certificate)> _published = [];
    private readonly RsaSecurityKey _foreignKey;
    private LoopbackServer? _server;
    private int _metadataFetches;
    private int _keyFetches;

    private FakeBotFrameworkIdentity()
    {
        _published.Add((EndorsedKeyId, SharedEndorsedKey.Value, DefaultEndorsements, null));
        _published.Add((UnendorsedKeyId, SharedUnendorsedKey.Value, null, null));
        _foreignKey = SharedForeignKey.Value;
    }

    /// The metadata document's URL (for <c>Teams:OpenIdMetadataUrl</c>).
    public string MetadataUrl => new Uri(Server.BaseAddress, "v1/.well-known/openidconfiguration").ToString();

    public string KeysUrl => new Uri(Server.BaseAddress, "v1/.well-known/keys").ToString();

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    private LoopbackServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public static async Task<FakeBotFrameworkIdentity> StartAsync()
    {
        var fake = new FakeBotFrameworkIdentity();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("v1/.well-known/openidconfiguration", () =>
            {
                Interlocked.Increment(ref fake._metadataFetches);
                return Results.Text(fake.MetadataJson(), "application/json");
            });
            app.MapGet("v1/.well-known/keys", () =>
            {
                Interlocked.Increment(ref fake._keyFetches);
                return Results.Text(fake.KeysJson(), "application/json");
            });
        }).ConfigureAwait(false);
        return fake;
    }

    /// Publishes a new key (a rotation); tokens may then be minted with <paramref name="kid"/>.
    public void PublishKey(string kid, params string[] endorsements)
    {
        lock (_lock)
            _published.Add((kid, NewKey(kid), endorsements, null));
    }

    /// Publishes a key as login.botframework.com does, with its self-signed certificate in <c>x5c</c> (and <c>x5t</c>) beside
    /// <c>n</c> and <c>e</c>, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>: an expired one lets a test
    /// prove the verifier checks the signing key, not only the signature. Tokens are minted with it by <paramref name="kid"/>.
    public void PublishCertificateKey(string kid, DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] endorsements)
    {
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + kid, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(notBefore, notAfter);
        lock (_lock)
            _published.Add((kid, new RsaSecurityKey(rsa) { KeyId = kid }, endorsements, certificate));
    }

    /// Mints a token as the Bot Connector would. Defaults: endorsed key, RS256, issuer
    /// https://api.botframework.com, valid from 1 minute ago for 1 hour.
    /// <param name="audience">The <c>aud</c> claim; null leaves it out.</param>
    /// <param name="serviceUrl">The <c>serviceurl</c> claim; null leaves it out.</param>
    /// <param name="keyId">Overrides the <c>kid</c> header (for example an unknown one).</param>
    public string MintToken(
        string? audience,
        string? serviceUrl,
        string issuer = DefaultIssuer,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        string? keyId = null,
        FakeSigningKey key = FakeSigningKey.Endorsed,
        FakeTokenAlgorithm algorithm = FakeTokenAlgorithm.RS256)
    {
        var now = DateTimeOffset.UtcNow;
        var nbf = notBefore ?? now.AddMinutes(-1);
        var exp = expires ?? nbf.AddHours(1);
        // The claims of Microsoft's documented Bot Connector token: no appid or ver (which the
        // JavaScript SDK would take for a skill's token).
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
            claims["serviceurl"] = serviceUrl;

        if (algorithm == FakeTokenAlgorithm.None)
            return UnsignedToken(audience, issuer, nbf, exp, claims, keyId ?? EndorsedKeyId);

        SigningCredentials credentials;
        if (algorithm == FakeTokenAlgorithm.HS256)
        {
            credentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = keyId ?? EndorsedKeyId }, SecurityAlgorithms.HmacSha256);
        }
        else
        {
            var rsa = key switch
            {
                FakeSigningKey.Endorsed => Published(EndorsedKeyId),
                FakeSigningKey.Unendorsed => Published(UnendorsedKeyId),
                _ => _foreignKey,
            };
            if (keyId is not null)
                rsa = Published(keyId) ?? new RsaSecurityKey(rsa!.Rsa) { KeyId = keyId };
            credentials = new SigningCredentials(rsa, algorithm switch
            {
                FakeTokenAlgorithm.RS384 => SecurityAlgorithms.RsaSha384,
                FakeTokenAlgorithm.RS512 => SecurityAlgorithms.RsaSha512,
                _ => SecurityAlgorithms.RsaSha256,
            });
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = nbf.UtcDateTime,
            Expires = exp.UtcDateTime,
            IssuedAt = nbf.UtcDateTime,
            Claims = claims,
            SigningCredentials = credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <c>Bearer {MintToken(...)}</c>.
    public string AuthorizationHeader(string audience, string serviceUrl) => "Bearer " + MintToken(audience, serviceUrl);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var (_, key, _, certificate) in _published.Where(p => p.Certificate is not null))
            {
                certificate!.Dispose();
                key.Rsa.Dispose();
            }
        }
    }

    private RsaSecurityKey? Published(string kid)
    {
        lock (_lock)
            return _published.FirstOrDefault(k => k.Kid == kid).Key;
    }

    private string MetadataJson() => new JsonObject
    {
        ["issuer"] = DefaultIssuer,
        ["authorization_endpoint"] = "https://invalid.botframework.com",
        ["jwks_uri"] = KeysUrl,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    }.ToJsonString();

    private string KeysJson()
    {
        var keys = new JsonArray();
        lock (_lock)
        {
            foreach (var (kid, key, endorsements, certificate) in _published)
            {
                var parameters = key.Rsa.ExportParameters(false);
                var jwk = new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = kid,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                };
                if (certificate is not null)
                {
                    jwk["x5t"] = Base64UrlEncoder.Encode(certificate.GetCertHash());
                    jwk["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData));
                }
                if (endorsements is not null)
                    jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode?)JsonValue.Create(e))]);
                keys.Add(jwk);
            }
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static string UnsignedToken(string? audience, string issuer, DateTimeOffset nbf, DateTimeOffset exp, Dictionary<string, object> claims, string kid)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = kid };
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["nbf"] = nbf.ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
        };
        if (audience is not null)
            payload["aud"] = audience;
        foreach (var (name, value) in claims)
            payload[name] = JsonValue.Create(value.ToString());
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".";
    }
}
