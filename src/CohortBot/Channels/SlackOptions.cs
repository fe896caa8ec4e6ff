using System.ComponentModel.DataAnnotations;

namespace CohortBot.Channels;

/// <c>Slack</c> settings: the app's signing secret and bot token.
internal sealed class SlackOptions
{
    public const string Section = "Slack";

    /// Verifies every inbound Slack request.
    public string? SigningSecret { get; set; }

    /// The <c>xoxb-</c> bot token for the Web API.
    [RegularExpression("^xoxb-.+", ErrorMessage = "Slack:BotToken must be a bot token (it starts with xoxb-).")]
    public string? BotToken { get; set; }

    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";
}
