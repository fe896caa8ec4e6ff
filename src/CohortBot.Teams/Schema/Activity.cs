using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Teams;

/// <summary>An activity of the Bot Framework protocol, as Teams sends it and as the bot sends back.</summary>
public sealed record Activity
{
    /// <summary>The kind of activity (see <see cref="ActivityTypes"/>).</summary>
    public string? Type { get; init; }

    /// <summary>The activity's id in its conversation.</summary>
    public string? Id { get; init; }

    /// <summary>When the channel received or sent it (UTC).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The sender's local time, with its offset.</summary>
    public DateTimeOffset? LocalTimestamp { get; init; }

    /// <summary>Where replies to this activity go (the tenant's Bot Connector endpoint).</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The channel, <c>msteams</c> for Teams.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The sender.</summary>
    public ChannelAccount? From { get; init; }

    /// <summary>The receiver (the bot, on inbound activities).</summary>
    public ChannelAccount? Recipient { get; init; }

    /// <summary>The conversation (1:1 chat, group chat or channel thread).</summary>
    public ConversationAccount? Conversation { get; init; }

    /// <summary>The message text.</summary>
    public string? Text { get; init; }

    /// <summary><c>plain</c>, <c>markdown</c> or <c>xml</c>.</summary>
    public string? TextFormat { get; init; }

    /// <summary>The sender's locale, for example <c>en-US</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>Text to speak.</summary>
    public string? Speak { get; init; }

    /// <summary>Whether the bot expects input after this activity.</summary>
    public string? InputHint { get; init; }

    /// <summary>A summary of the activity shown where attachments cannot be.</summary>
    public string? Summary { get; init; }

    /// <summary>The data of an <c>Action.Submit</c> or the value of an invoke.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The name of an invoke or event.</summary>
    public string? Name { get; init; }

    /// <summary>For <c>installationUpdate</c>: <c>add</c> or <c>remove</c>.</summary>
    public string? Action { get; init; }

    /// <summary>The activity this one answers (the card's message for a submit).</summary>
    public string? ReplyToId { get; init; }

    /// <summary>Cards and files.</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    /// <summary>Mentions and other entities.</summary>
    public IReadOnlyList<Entity>? Entities { get; init; }

    /// <summary>Teams' channel data: tenant, team, channel, event type.</summary>
    public TeamsChannelData? ChannelData { get; init; }

    /// <summary>For <c>conversationUpdate</c>: members who joined.</summary>
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    /// <summary>For <c>conversationUpdate</c>: members who left.</summary>
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
