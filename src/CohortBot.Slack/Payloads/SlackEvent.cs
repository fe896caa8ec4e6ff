using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CohortBot.Slack;

/// <summary>An event inside an <c>event_callback</c>: <c>message</c>, <c>app_mention</c>, <c>app_home_opened</c> and others.</summary>
public sealed record SlackEvent
{
    /// <summary>The event type, such as <c>message</c>, <c>app_mention</c> or <c>app_home_opened</c>.</summary>
    public string? Type { get; init; }

    /// <summary>For messages: <c>bot_message</c>, <c>message_changed</c> and so on; absent for a plain user message.</summary>
    public string? Subtype { get; init; }

    /// <summary>The user who caused the event.</summary>
    public string? User { get; init; }

    /// <summary>Present when a bot (possibly this app) posted the message.</summary>
    public string? BotId { get; init; }

    /// <summary>The app that posted the message, when an app did.</summary>
    public string? AppId { get; init; }

    /// <summary>The message text.</summary>
    public string? Text { get; init; }

    /// <summary>The conversation.</summary>
    public string? Channel { get; init; }

    /// <summary><c>channel</c>, <c>group</c>, <c>im</c> or <c>mpim</c>.</summary>
    public string? ChannelType { get; init; }

    /// <summary>The message's timestamp (its id within the channel).</summary>
    public string? Ts { get; init; }

    /// <summary>The parent message's timestamp, for a reply in a thread.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>When the event happened.</summary>
    public string? EventTs { get; init; }

    /// <summary>For <c>app_home_opened</c>: <c>home</c> or <c>messages</c>.</summary>
    public string? Tab { get; init; }

    /// <summary>The workspace of the user.</summary>
    public string? Team { get; init; }

    /// <summary>For messages in a channel shared with another organisation: the workspace of the user who posted.</summary>
    public string? UserTeam { get; init; }

    /// <summary>For messages in a channel shared with another organisation: the workspace the message was posted from.</summary>
    public string? SourceTeam { get; init; }

    /// <summary>For <c>app_home_opened</c>: the Home tab's current view, once one was published.</summary>
    public JsonObject? View { get; init; }

    /// <summary>The message as it is now, for a <c>message_changed</c> subtype.</summary>
    public SlackEvent? Message { get; init; }

    /// <summary>The message as it was, for <c>message_changed</c> and <c>message_deleted</c>.</summary>
    public SlackEvent? PreviousMessage { get; init; }

    /// <summary>The timestamp of the message deleted, for a <c>message_deleted</c> subtype.</summary>
    public string? DeletedTs { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>
    /// Whether a bot caused this event: it carries a <c>bot_id</c>, is a <c>bot_message</c>, or its user is
    /// <paramref name="botUserId"/> (this app's bot user). The bot must ignore such events so it never answers itself.
    /// </summary>
    /// <param name="botUserId">This app's bot user id, when known.</param>
    /// <returns><see langword="true"/> when the event should be ignored as the bot's own.</returns>
    public bool IsFromBot(string? botUserId = null) =>
        BotId is not null
        || string.Equals(Subtype, "bot_message", StringComparison.Ordinal)
        || (botUserId is not null && string.Equals(User, botUserId, StringComparison.Ordinal));
}
