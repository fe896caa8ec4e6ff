namespace CohortBot.Slack;

/// <summary>A slash command invocation, read from its form body.</summary>
public sealed record SlashCommand
{
    private const string What = "slash command";

    /// <summary>The workspace.</summary>
    public string? TeamId { get; init; }

    /// <summary>The Enterprise Grid organisation of the workspace (<c>enterprise_id</c>); <see langword="null"/> outside one.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>Whether the app is installed on a whole Enterprise Grid organisation (<c>is_enterprise_install</c> is <c>true</c>).</summary>
    public bool IsEnterpriseInstall { get; init; }

    /// <summary>The conversation the command was typed in.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The user who typed it. Always present on a parsed command.</summary>
    public string? UserId { get; init; }

    /// <summary>The user's handle.</summary>
    public string? UserName { get; init; }

    /// <summary>The command, such as <c>/cohort</c>. Always present on a parsed command.</summary>
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
    /// <returns>The command, with its <see cref="UserId"/> and <see cref="Command"/> present.</returns>
    /// <exception cref="SlackPayloadException"><c>user_id</c> or <c>command</c> is missing or empty, or a field appears twice.</exception>
    public static SlashCommand Parse(ReadOnlySpan<byte> formBody)
    {
        var fields = SlackForm.ParseUnique(formBody, What);
        SlackPayloadReader.Required(fields.GetValueOrDefault("user_id"), "user_id", What);
        SlackPayloadReader.Required(fields.GetValueOrDefault("command"), "command", What);
        return new SlashCommand
        {
            TeamId = fields.GetValueOrDefault("team_id"),
            EnterpriseId = fields.GetValueOrDefault("enterprise_id") is { Length: > 0 } enterpriseId ? enterpriseId : null,
            IsEnterpriseInstall = string.Equals(fields.GetValueOrDefault("is_enterprise_install"), "true", StringComparison.OrdinalIgnoreCase),
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
