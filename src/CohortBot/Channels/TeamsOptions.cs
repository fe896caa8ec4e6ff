using System.ComponentModel.DataAnnotations;

namespace CohortBot.Channels;

/// <c>Teams</c> settings: the bot's Azure registration and where Bot Framework tokens come from.
internal sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// Microsoft App ID. Empty means no inbound authentication: Development only.
    public string? AppId { get; set; }

    /// Client secret for outbound tokens.
    public string? AppPassword { get; set; }

    /// The bot's tenant (single-tenant bots, the default for new registrations).
    public string? TenantId { get; set; }

    [Required, Url]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// Accepted <c>iss</c> values; empty means Bot Framework's public one. (A list default would be
    /// appended to, not replaced, by configuration binding.)
    public List<string> ValidIssuers { get; set; } = [];

    public IReadOnlyList<string> EffectiveValidIssuers => ValidIssuers.Count > 0 ? ValidIssuers : ["https://api.botframework.com"];

    [Required, Url]
    public string OAuthAuthority { get; set; } = "https://login.microsoftonline.com/botframework.com";
}
