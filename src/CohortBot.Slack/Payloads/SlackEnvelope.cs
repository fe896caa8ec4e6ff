using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Slack;

/// <summary>The body of an Events API request: a <c>url_verification</c> challenge or an <c>event_callback</c> wrapping one event.</summary>
/// <remarks>
/// A signed request proves that Slack sent it, not that it comes from the district's workspace: check <see cref="TeamId"/>,
/// <see cref="EnterpriseId"/>, the <see cref="Authorizations"/>' team and enterprise ids, and <see cref="ApiAppId"/> before
/// anything else.
/// </remarks>
public sealed record SlackEnvelope
{
    private const string What = "Events API body";

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

    /// <summary>The Enterprise Grid organisation the event happened in; <see langword="null"/> outside one.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>The app the event is for.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The workspace of the conversation the event happened in (<c>context_team_id</c>), for Slack Connect channels.</summary>
    public string? ContextTeamId { get; init; }

    /// <summary>The organisation of the conversation the event happened in (<c>context_enterprise_id</c>).</summary>
    public string? ContextEnterpriseId { get; init; }

    /// <summary>Whether the event happened in a channel shared with another organisation (Slack Connect).</summary>
    public bool? IsExtSharedChannel { get; init; }

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
    /// <returns>
    /// The envelope, with its <see cref="Type"/> present; for <c>url_verification</c> its <see cref="Challenge"/>; for
    /// <c>event_callback</c> its <see cref="Event"/> (with a type) and <see cref="EventId"/>.
    /// </returns>
    /// <exception cref="SlackPayloadException">
    /// The body is not a JSON object; a field has the wrong JSON type (<c>event</c> not an object, <c>team_id</c> not a string,
    /// <c>authorizations</c> not an array of objects...) or appears twice; a field named in the return value is missing.
    /// </exception>
    public static SlackEnvelope Parse(ReadOnlySpan<byte> json)
    {
        var envelope = SlackPayloadReader.Deserialize<SlackEnvelope>(json, What);
        var type = SlackPayloadReader.Required(envelope.Type, "$.type", What);
        SlackPayloadReader.NoNullElements(envelope.Authorizations, "$.authorizations", What);
        if (type == UrlVerification)
        {
            SlackPayloadReader.Required(envelope.Challenge, "$.challenge", What);
        }
        else if (type == EventCallback)
        {
            SlackPayloadReader.Required(envelope.EventId, "$.event_id", What);
            SlackPayloadReader.Required(SlackPayloadReader.Required(envelope.Event, "$.event", What).Type, "$.event.type", What);
        }
        return envelope;
    }
}

/// <summary>One installation an event is visible to.</summary>
/// <param name="TeamId">The workspace.</param>
/// <param name="UserId">The installation's user (the bot user for a bot installation).</param>
/// <param name="IsBot">Whether <paramref name="UserId"/> is a bot user.</param>
public sealed record SlackAuthorization(string? TeamId, string? UserId, bool IsBot)
{
    /// <summary>The installation's Enterprise Grid organisation; <see langword="null"/> outside one.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>Whether it is an installation on a whole Enterprise Grid organisation.</summary>
    public bool IsEnterpriseInstall { get; init; }
}
