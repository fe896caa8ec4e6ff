using System.Collections.Frozen;
using CohortBot.Fakes.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Teams.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "bot-app-id";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string Channel = "msteams";

    private FakeBotFrameworkIdentity _identity = null!;
    private ServiceProvider _services = null!;

    private BotAuthenticator Authenticator => _services.GetRequiredService<BotAuthenticator>();

    public async ValueTask InitializeAsync()
    {
        _identity = await FakeBotFrameworkIdentity.StartAsync();
        _services = Build(AppId);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task Authenticate_ValidToken_IsAuthenticatedWithItsClaims()
    {
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl));

        Assert.True(result.IsAuthenticated, result.Failure);
        Assert.False(result.IsAnonymous);
        Assert.Null(result.Failure);
        Assert.Equal(ServiceUrl, result.Identity!.FindFirst("serviceurl")?.Value);
        Assert.Equal(AppId, result.Identity.FindFirst("aud")?.Value);
    }

    [Fact]
    public async Task Authenticate_TokenSignedWithRs512_IsAuthenticated()
    {
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, algorithm: FakeTokenAlgorithm.RS512));

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_TokenSignedWithRs384_IsAuthenticated()
    {
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, algorithm: FakeTokenAlgorithm.RS384));

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_KeyWithACurrentCertificate_IsAuthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        _identity.PublishCertificateKey("certified-key", now.AddDays(-30), now.AddDays(30), "msteams");

        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, keyId: "certified-key"));

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_KeyWhoseCertificateExpired_IsRefused()
    {
        // The signature is genuine; only checking the signing key itself (ValidateIssuerSigningKey) can refuse it.
        var now = DateTimeOffset.UtcNow;
        _identity.PublishCertificateKey("expired-key", now.AddYears(-2), now.AddDays(-1), "msteams");

        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, keyId: "expired-key")), "signing key not valid");
    }

    [Fact]
    public async Task Authenticate_KeyWhoseCertificateIsNotYetValid_IsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        _identity.PublishCertificateKey("future-key", now.AddDays(1), now.AddYears(1), "msteams");

        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, keyId: "future-key")), "signing key not valid");
    }

    [Fact]
    public void ValidationParameters_RequireRsaSignedTokensFromAValidKey()
    {
        var options = new BotFrameworkOptions { AppId = AppId };
        var parameters = BotAuthenticator.KeyState.Create(
            new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration(), options, options.EffectiveValidIssuers.ToFrozenSet()).Parameters;

        Assert.True(parameters.ValidateIssuerSigningKey);
        Assert.True(parameters.RequireSignedTokens);
        Assert.Equal(["RS256", "RS384", "RS512"], parameters.ValidAlgorithms.Order(StringComparer.Ordinal));
        Assert.Equal((true, true, true, true), (parameters.ValidateIssuer, parameters.ValidateAudience, parameters.ValidateLifetime, parameters.RequireExpirationTime));
        Assert.Equal(TimeSpan.FromMinutes(5), parameters.ClockSkew);
        Assert.False(parameters.TryAllIssuerSigningKeys);
    }

    [Fact]
    public async Task Authenticate_ServiceUrlDiffersOnlyInCase_IsAuthenticated()
    {
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl.ToUpperInvariant()));

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_ExpiredWithinClockSkew_IsAuthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-3)));

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_NotYetValidWithinClockSkew_IsAuthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, notBefore: now.AddMinutes(3), expires: now.AddHours(1)));

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_TokenSignedByForeignKeyUnderKnownKeyId_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, key: FakeSigningKey.Foreign)), "invalid signature");

    [Fact]
    public async Task Authenticate_UnknownKeyId_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, keyId: "no-such-key", key: FakeSigningKey.Foreign)), "unknown signing key");

    [Fact]
    public async Task Authenticate_ExpiredBeyondClockSkew_IsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-6))), "token expired");
    }

    [Fact]
    public async Task Authenticate_NotYetValidBeyondClockSkew_IsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, notBefore: now.AddMinutes(10), expires: now.AddHours(1))), "token not yet valid");
    }

    [Fact]
    public async Task Authenticate_WrongAudience_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken("another-bot", ServiceUrl)), "invalid audience");

    [Fact]
    public async Task Authenticate_MissingAudience_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(audience: null, ServiceUrl)), "invalid audience");

    [Fact]
    public async Task Authenticate_WrongIssuer_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, issuer: "https://sts.windows.net/evil/")), "invalid issuer");

    [Fact]
    public async Task Authenticate_ServiceUrlClaimDifferent_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, "https://evil.example.com/")), "serviceurl claim does not match activity");

    [Fact]
    public async Task Authenticate_ServiceUrlClaimMissing_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, serviceUrl: null)), "token has no serviceurl claim");

    [Fact]
    public async Task Authenticate_TokenSignedByUnendorsedKey_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, key: FakeSigningKey.Unendorsed)), "signing key not endorsed for channel");

    [Fact]
    public async Task Authenticate_ChannelNotInKeyEndorsements_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl), channelId: "slack"), "signing key not endorsed for channel");

    [Fact]
    public async Task Authenticate_EmulatorChannelEndorsedByKey_IsAuthenticated()
    {
        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl), channelId: "emulator");

        Assert.True(result.IsAuthenticated, result.Failure);
    }

    [Fact]
    public async Task Authenticate_UnsignedAlgNoneToken_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, algorithm: FakeTokenAlgorithm.None)), "signature algorithm not allowed");

    [Fact]
    public async Task Authenticate_Hs256Token_IsRefused() =>
        AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, algorithm: FakeTokenAlgorithm.HS256)), "signature algorithm not allowed");

    [Fact]
    public async Task Authenticate_NoHeader_IsRefused() =>
        AssertRefused(await Authenticator.AuthenticateAsync(null, Channel, ServiceUrl, TestContext.Current.CancellationToken), "missing authorization header");

    [Fact]
    public async Task Authenticate_BasicScheme_IsRefused() =>
        AssertRefused(await Authenticator.AuthenticateAsync("Basic " + _identity.MintToken(AppId, ServiceUrl), Channel, ServiceUrl, TestContext.Current.CancellationToken), "authorization scheme is not Bearer");

    [Fact]
    public async Task Authenticate_LowercaseBearerScheme_IsRefused() =>
        AssertRefused(await Authenticator.AuthenticateAsync("bearer " + _identity.MintToken(AppId, ServiceUrl), Channel, ServiceUrl, TestContext.Current.CancellationToken), "authorization scheme is not Bearer");

    [Fact]
    public async Task Authenticate_HeaderOfThreeParts_IsRefused() =>
        AssertRefused(await Authenticator.AuthenticateAsync("Bearer " + _identity.MintToken(AppId, ServiceUrl) + " extra", Channel, ServiceUrl, TestContext.Current.CancellationToken), "authorization header is not two parts");

    [Fact]
    public async Task Authenticate_GarbageToken_IsRefused() =>
        AssertRefused(await AuthenticateAsync("not.a-token"), "malformed token");

    [Fact]
    public async Task Authenticate_Refused_FailureNeverContainsTheToken()
    {
        var token = _identity.MintToken("another-bot", ServiceUrl);

        var result = await AuthenticateAsync(token);

        Assert.False(result.IsAuthenticated);
        Assert.DoesNotContain(token.Split('.')[1], result.Failure!, StringComparison.Ordinal);
        Assert.True(result.Failure!.Length < 60);
    }

    [Fact]
    public async Task Authenticate_ManyTokens_FetchesMetadataAndKeysOnce()
    {
        for (var i = 0; i < 25; i++)
            Assert.True((await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl))).IsAuthenticated);

        Assert.Equal(1, _identity.MetadataFetches);
        Assert.Equal(1, _identity.KeyFetches);
    }

    [Fact]
    public async Task Authenticate_RepeatedUnknownKeyIds_RefreshMetadataAtMostOnce()
    {
        Assert.True((await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl))).IsAuthenticated);

        for (var i = 0; i < 10; i++)
            AssertRefused(await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, keyId: "unknown-" + i, key: FakeSigningKey.Foreign)), "unknown signing key");

        Assert.Equal(2, _identity.MetadataFetches);
        Assert.Equal(2, _identity.KeyFetches);
    }

    [Fact]
    public async Task Authenticate_KeyPublishedAfterFirstFetch_IsFoundByRefresh()
    {
        Assert.True((await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl))).IsAuthenticated);
        _identity.PublishKey("rotated-key", "msteams");

        var result = await AuthenticateAsync(_identity.MintToken(AppId, ServiceUrl, keyId: "rotated-key"));

        Assert.True(result.IsAuthenticated, result.Failure);
        Assert.Equal(2, _identity.KeyFetches);
    }

    [Fact]
    public async Task Authenticate_NoAppIdConfigured_AcceptsAnonymouslyWithoutToken()
    {
        await using var anonymous = Build(appId: null);

        var result = await anonymous.GetRequiredService<BotAuthenticator>().AuthenticateAsync(null, Channel, ServiceUrl, TestContext.Current.CancellationToken);

        Assert.True(result.IsAuthenticated);
        Assert.True(result.IsAnonymous);
        Assert.Null(result.Identity);
        Assert.Equal(0, _identity.MetadataFetches);
    }

    [Fact]
    public async Task Authenticate_IssuerConfiguredForSovereignCloud_ReplacesTheDefault()
    {
        const string Sovereign = "https://api.botframework.us";
        await using var services = Build(AppId, options => options.ValidIssuers.Add(Sovereign));
        var authenticator = services.GetRequiredService<BotAuthenticator>();

        var sovereign = await authenticator.AuthenticateAsync("Bearer " + _identity.MintToken(AppId, ServiceUrl, issuer: Sovereign), Channel, ServiceUrl, TestContext.Current.CancellationToken);
        var publicCloud = await authenticator.AuthenticateAsync("Bearer " + _identity.MintToken(AppId, ServiceUrl), Channel, ServiceUrl, TestContext.Current.CancellationToken);

        Assert.True(sovereign.IsAuthenticated, sovereign.Failure);
        AssertRefused(publicCloud, "invalid issuer");
    }

    private static void AssertRefused(BotAuthenticationResult result, string reason)
    {
        Assert.False(result.IsAuthenticated);
        Assert.False(result.IsAnonymous);
        Assert.Null(result.Identity);
        Assert.Equal(reason, result.Failure);
    }

    private Task<BotAuthenticationResult> AuthenticateAsync(string token, string channelId = Channel) =>
        Authenticator.AuthenticateAsync("Bearer " + token, channelId, ServiceUrl, TestContext.Current.CancellationToken);

    private ServiceProvider Build(string? appId, Action<BotFrameworkOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddBotFramework();
        services.Configure<BotFrameworkOptions>(options =>
        {
            options.AppId = appId;
            options.OpenIdMetadataUrl = _identity.MetadataUrl;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }
}
