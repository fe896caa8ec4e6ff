using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Slack;

/// <summary>A posted message: where it is and its timestamp (its id within the channel).</summary>
/// <param name="Channel">The conversation id (a DM's id when the message was posted to a user id).</param>
/// <param name="Ts">The message's timestamp; keep it to update the message or reply in its thread.</param>
public sealed record SlackMessageRef(string Channel, string Ts);

/// <summary>A Slack user, from <c>users.info</c>, <c>users.lookupByEmail</c> or <c>users.list</c>.</summary>
public sealed record SlackUser
{
    /// <summary>The user id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The user's workspace.</summary>
    public string? TeamId { get; init; }

    /// <summary>The user's handle.</summary>
    public string? Name { get; init; }

    /// <summary>The user's full name.</summary>
    public string? RealName { get; init; }

    /// <summary>Whether the user is a bot.</summary>
    public bool IsBot { get; init; }

    /// <summary>Whether the account is deactivated.</summary>
    public bool Deleted { get; init; }

    /// <summary>Whether the user is a guest (multi-channel or single-channel).</summary>
    public bool IsRestricted { get; init; }

    /// <summary>Whether the user is a single-channel guest.</summary>
    public bool IsUltraRestricted { get; init; }

    /// <summary>Whether the account is an app's user.</summary>
    public bool IsAppUser { get; init; }

    /// <summary>The user's IANA time zone, such as <c>America/Chicago</c>.</summary>
    public string? Tz { get; init; }

    /// <summary>The user's profile.</summary>
    public SlackUserProfile? Profile { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A user's profile.</summary>
/// <param name="Email">The e-mail address (needs <c>users:read.email</c>).</param>
/// <param name="DisplayName">The display name the user chose.</param>
/// <param name="RealName">The user's full name.</param>
public sealed record SlackUserProfile(string? Email, string? DisplayName, string? RealName);

/// <summary>A conversation, from <c>conversations.info</c>.</summary>
public sealed record SlackConversation
{
    /// <summary>The conversation id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The channel's name (absent for DMs).</summary>
    public string? Name { get; init; }

    /// <summary>Whether it is a channel.</summary>
    public bool IsChannel { get; init; }

    /// <summary>Whether it is a private channel.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>Whether it is a DM.</summary>
    public bool IsIm { get; init; }

    /// <summary>Whether it is archived.</summary>
    public bool IsArchived { get; init; }

    /// <summary>Whether the bot is a member.</summary>
    public bool IsMember { get; init; }

    /// <summary>For a DM: the other user.</summary>
    public string? User { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }
}
