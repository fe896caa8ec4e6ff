using System.ComponentModel.DataAnnotations;

namespace CohortBot.Slack;

/// <summary>The <c>Slack</c> configuration section: the app's signing secret, bot token, Web API address and call policy.</summary>
public sealed class SlackOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Slack";

    /// <summary>The app's signing secret; every inbound request is verified with it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The <c>xoxb-</c> bot token sent to the Web API.</summary>
    [RegularExpression("^xoxb-.+", ErrorMessage = "Slack:BotToken must be a bot token (it starts with xoxb-).")]
    public string? BotToken { get; set; }

    /// <summary>The Web API's root, ending with a slash; the method name is appended to it.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>The largest inbound request body accepted, in bytes; larger requests are refused before verification.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Retries and timeouts of Web API calls.</summary>
    public SlackRetryOptions Retry { get; set; } = new();

    /// <summary>How fast Web API methods are called, per method, under Slack's published rate-limit tiers.</summary>
    public SlackPacingOptions Pacing { get; set; } = new();
}
