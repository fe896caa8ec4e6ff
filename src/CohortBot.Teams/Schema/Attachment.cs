using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CohortBot.Teams;

/// <summary>A card or file attached to an activity.</summary>
public sealed record Attachment
{
    /// <summary>The content type, for example <see cref="ContentTypes.AdaptiveCard"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The content itself (the card JSON).</summary>
    public JsonNode? Content { get; init; }

    /// <summary>Where the content can be downloaded, instead of <see cref="Content"/>.</summary>
    public string? ContentUrl { get; init; }

    /// <summary>The attachment's name.</summary>
    public string? Name { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>An Adaptive Card attachment.</summary>
    /// <param name="card">The card JSON.</param>
    public static Attachment AdaptiveCard(JsonNode card) => new() { ContentType = ContentTypes.AdaptiveCard, Content = card };
}

/// <summary>An entity of an activity; Teams uses <c>mention</c> entities for <c>&lt;at&gt;</c> mentions.</summary>
public sealed record Entity
{
    /// <summary>The entity type, for example <c>mention</c>.</summary>
    public string? Type { get; init; }

    /// <summary>For a mention: the account mentioned.</summary>
    public ChannelAccount? Mentioned { get; init; }

    /// <summary>For a mention: the text of the mention in the message, for example <c>&lt;at&gt;Bot&lt;/at&gt;</c>.</summary>
    public string? Text { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
