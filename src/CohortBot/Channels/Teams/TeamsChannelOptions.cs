using System.ComponentModel.DataAnnotations;

namespace CohortBot.Channels.Teams;

/// What the app's Teams channel adds to the protocol settings of the same <c>Teams</c> section.
internal sealed class TeamsChannelOptions : IValidatableObject
{
    public const string PublicCloudServiceUrl = "https://smba.trafficmanager.net/teams/";
    public const string PublicCloudGraphBaseUrl = "https://graph.microsoft.com/v1.0/";

    /// <c>Teams:DefaultServiceUrl</c>: where 1:1 conversations are created for members of a tenant
    /// no activity has come from yet (Microsoft's global endpoint for proactive messages; sovereign
    /// clouds have their own). Trusted like <c>Teams:ServiceUrls</c>.
    [Url]
    public string DefaultServiceUrl { get; set; } = PublicCloudServiceUrl;

    /// <c>Teams:InstallForMembers</c>: when a member's 1:1 chat cannot be opened because the app is
    /// not installed for them, install it through Microsoft Graph (application permission
    /// <c>TeamsAppInstallation.ReadWriteSelfForUser.All</c>) and open it again. Off by default:
    /// districts usually pre-install the app with a Teams app setup policy.
    public bool InstallForMembers { get; set; }

    /// <c>Teams:CatalogAppId</c>: the app's id in the tenant's Teams app catalog (not the manifest
    /// or bot id), which <c>InstallForMembers</c> installs.
    public string? CatalogAppId { get; set; }

    /// <c>Teams:GraphBaseUrl</c>: Microsoft Graph (sovereign clouds have their own).
    [Url]
    public string GraphBaseUrl { get; set; } = PublicCloudGraphBaseUrl;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!InstallForMembers)
            yield break;
        if (string.IsNullOrWhiteSpace(CatalogAppId))
            yield return new ValidationResult(
                "Teams:InstallForMembers is true but Teams:CatalogAppId is empty: set it to the app's id in the Teams app catalog (Teams admin center, Manage apps), which is what gets installed for members.",
                [nameof(CatalogAppId)]);
        // The app's Graph token goes there: plain http only to this machine (a fake in tests).
        if (Uri.TryCreate(GraphBaseUrl, UriKind.Absolute, out var graph) && graph.Scheme != Uri.UriSchemeHttps && !graph.IsLoopback)
            yield return new ValidationResult(
                "Teams:GraphBaseUrl must be an https URL when Teams:InstallForMembers is true: the app's Microsoft Graph token is sent to it.",
                [nameof(GraphBaseUrl)]);
    }
}
