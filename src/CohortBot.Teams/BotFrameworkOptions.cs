using System.ComponentModel.DataAnnotations;

namespace CohortBot.Teams;

/// <summary>
/// Settings of the bot's Microsoft App registration and of the Bot Framework endpoints
/// (configuration section <c>Teams</c>). The defaults are the public cloud's; sovereign clouds and
/// tests point the URLs elsewhere.
/// </summary>
public sealed class BotFrameworkOptions : IValidatableObject
{
    /// <summary>The public cloud's OpenID metadata document for tokens the Bot Connector sends.</summary>
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The issuer of the Bot Connector's tokens in the public cloud.</summary>
    public const string DefaultIssuer = "https://api.botframework.com";

    /// <summary>The multi-tenant authority for the bot's own client-credential tokens.</summary>
    public const string DefaultOAuthAuthority = "https://login.microsoftonline.com/botframework.com";

    /// <summary>
    /// The bot's Microsoft App ID: the audience inbound tokens must carry and the client id of
    /// outbound tokens. Empty means anonymous: inbound requests are accepted without a token and
    /// outbound calls carry none (only for local development against an emulator).
    /// </summary>
    public string? AppId { get; set; }

    /// <summary>The client secret of the app registration; empty means outbound calls carry no token.</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// The tenant of a single-tenant app registration. When set and <see cref="OAuthAuthority"/> is
    /// left at its default, outbound tokens come from <c>https://login.microsoftonline.com/{TenantId}</c>.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>The OpenID metadata document whose <c>jwks_uri</c> lists the keys that sign inbound tokens.</summary>
    [Required, Url]
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>
    /// Issuers accepted on inbound tokens; empty means <see cref="DefaultIssuer"/>. A list default
    /// would be appended to (not replaced) by configuration binding, hence <see cref="EffectiveValidIssuers"/>.
    /// </summary>
    public List<string> ValidIssuers { get; set; } = [];

    /// <summary>The issuers actually accepted: <see cref="ValidIssuers"/>, or <see cref="DefaultIssuer"/> when it is empty.</summary>
    public IReadOnlyList<string> EffectiveValidIssuers => ValidIssuers.Count > 0 ? ValidIssuers : [DefaultIssuer];

    /// <summary>
    /// The authority of outbound client-credential tokens. Left at <see cref="DefaultOAuthAuthority"/>
    /// with <see cref="TenantId"/> set, the tenant's own authority is used instead (single-tenant
    /// registrations, the default since multi-tenant bots were deprecated); a customised value is used as is.
    /// </summary>
    [Required, Url]
    public string OAuthAuthority { get; set; } = DefaultOAuthAuthority;

    /// <summary>The authority outbound tokens are requested from, after the single-tenant rule of <see cref="OAuthAuthority"/>.</summary>
    public string EffectiveOAuthAuthority =>
        !string.IsNullOrWhiteSpace(TenantId) && string.Equals(OAuthAuthority.TrimEnd('/'), DefaultOAuthAuthority, StringComparison.OrdinalIgnoreCase)
            ? "https://login.microsoftonline.com/" + TenantId.Trim()
            : OAuthAuthority;

    /// <summary>Service URLs trusted from configuration, in addition to those of authenticated activities.</summary>
    public List<string> ServiceUrls { get; set; } = [];

    /// <summary>MSAL asks for tokens only from an https authority: a plain-http one is refused at start, not at the first reply.</summary>
    /// <param name="validationContext">Unused.</param>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(AppPassword)
            && (!Uri.TryCreate(EffectiveOAuthAuthority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps))
            yield return new ValidationResult("must be an https URL: outbound tokens are requested from it with the app password.", [nameof(OAuthAuthority)]);
    }
}
