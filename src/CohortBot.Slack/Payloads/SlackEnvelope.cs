using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Slack;

/// <summary>The body of an Events API request: a <c>url_verification</c> challenge or an <c>event_callback</c> wrapping one event.</summary>
public sealed record SlackEnvelope
{
    /// <summary>The <see cref="Type"/> of the handshake Slack sends when the events URL is set.</summary>
    public const string UrlVerification = "url_verification";

    /// <summary>The <see cref="Type"/> of an envelope carrying an event.</summary>
    public const string EventCallback = "event_callback";

    /// <summary><c>url_verification</c>, <c>event_callback</c> or another envelope type.</summary>
    public string? Type { get; init; }

    /// <summary>For <c>url_verification</c>: the value to answer with.</summary>
    public string? Challenge { get; init; }

    /// <summary>The deprecated verification token (requests are verified by signature instead).</summary>
    public string? Token { get; init; }

    /// <summary>The workspace the event happened in.</summary>
    public string? TeamId { get; init; }

    /// <summary>The app the event is for.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The event itself.</summary>
    public SlackEvent? Event { get; init; }

    /// <summary>The event's unique id, the same on every redelivery: de-duplicate by it.</summary>
    public string? EventId { get; init; }

    /// <summary>When the event happened, in Unix seconds.</summary>
    public long? EventTime { get; init; }

    /// <summary>The installations the event is visible to.</summary>
    public IReadOnlyList<SlackAuthorization>? Authorizations { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Reads an Events API body.</summary>
    /// <param name="json">The raw JSON body.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static SlackEnvelope Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SlackEnvelope>(json, SlackJson.Options) ?? throw new JsonException("The Events API body is null.");
}

/// <summary>One installation an event is visible to.</summary>
/// <param name="TeamId">The workspace.</param>
/// <param name="UserId">The installation's user (the bot user for a bot installation).</param>
/// <param name="IsBot">Whether <paramref name="UserId"/> is a bot user.</param>
public sealed record SlackAuthorization(string? TeamId, string? UserId, bool IsBot);
