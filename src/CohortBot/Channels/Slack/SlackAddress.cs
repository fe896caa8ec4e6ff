using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Channels.Slack;

/// Where a Slack message goes: a channel (a user id means the user's DM with the app), optionally a
/// thread, or the message to replace. The outbox stores it as the delivery's target.
internal sealed record SlackAddress(string Channel, string? ThreadTs = null, string? UpdateTs = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static SlackAddress Parse(string target) =>
        JsonSerializer.Deserialize<SlackAddress>(target, Json) ?? throw new FormatException("Not a Slack address.");

    /// The id the outbox records for a sent message; <c>chat.update</c> and the modal button need both parts.
    public static string MessageId(string channel, string ts) => $"{channel}/{ts}";
}
