namespace CohortBot.Channels.Slack;

/// What the app's Slack channel adds to the protocol settings of the same <c>Slack</c> section.
internal sealed class SlackChannelOptions
{
    /// <c>Slack:AppId</c>: when set, requests meant for another app (<c>api_app_id</c>) are dropped.
    public string? AppId { get; set; }
}
