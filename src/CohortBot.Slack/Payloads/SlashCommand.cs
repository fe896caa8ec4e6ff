namespace CohortBot.Slack;

/// <summary>A slash command invocation, read from its form body.</summary>
public sealed record SlashCommand
{
    /// <summary>The workspace.</summary>
    public string? TeamId { get; init; }

    /// <summary>The conversation the command was typed in.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The user who typed it.</summary>
    public string? UserId { get; init; }

    /// <summary>The user's handle.</summary>
    public string? UserName { get; init; }

    /// <summary>The command, such as <c>/cohort</c>.</summary>
    public string? Command { get; init; }

    /// <summary>What followed the command (may be empty).</summary>
    public string Text { get; init; } = "";

    /// <summary>Posts back into the conversation: 5 times within 30 minutes.</summary>
    public string? ResponseUrl { get; init; }

    /// <summary>Opens a modal: single use, valid for 3 seconds.</summary>
    public string? TriggerId { get; init; }

    /// <summary>The app.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>Every field of the form, including those not named above.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads a slash command from its raw form body.</summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body.</param>
    /// <returns>The command.</returns>
    public static SlashCommand Parse(ReadOnlySpan<byte> formBody)
    {
        var fields = SlackForm.Parse(formBody);
        return new SlashCommand
        {
            TeamId = fields.GetValueOrDefault("team_id"),
            ChannelId = fields.GetValueOrDefault("channel_id"),
            UserId = fields.GetValueOrDefault("user_id"),
            UserName = fields.GetValueOrDefault("user_name"),
            Command = fields.GetValueOrDefault("command"),
            Text = fields.GetValueOrDefault("text") ?? "",
            ResponseUrl = fields.GetValueOrDefault("response_url"),
            TriggerId = fields.GetValueOrDefault("trigger_id"),
            ApiAppId = fields.GetValueOrDefault("api_app_id"),
            Fields = fields,
        };
    }
}
