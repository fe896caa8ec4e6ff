using System.ComponentModel.DataAnnotations;

namespace CohortBot.Channels.Teams;

/// What the app's Teams channel adds to the protocol settings of the same <c>Teams</c> section.
internal sealed class TeamsChannelOptions
{
    public const string PublicCloudServiceUrl = "https://smba.trafficmanager.net/teams/";

    /// <c>Teams:DefaultServiceUrl</c>: where 1:1 conversations are created for members of a tenant
    /// no activity has come from yet (Microsoft's global endpoint for proactive messages; sovereign
    /// clouds have their own). Trusted like <c>Teams:ServiceUrls</c>.
    [Url]
    public string DefaultServiceUrl { get; set; } = PublicCloudServiceUrl;
}
