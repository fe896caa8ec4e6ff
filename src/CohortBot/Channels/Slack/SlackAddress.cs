using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Channels.Slack;

/// Where a Slack message goes: a channel (a user id means the user's DM with the app), optionally a
/// thread; or a message only <see cref="EphemeralUser"/> sees in that channel; or the Home tab of
/// <see cref="HomeUser"/>. The outbox stores it as the delivery's address.
internal sealed record SlackAddress(string Channel, string? ThreadTs = null, string? EphemeralUser = null, string? HomeUser = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static SlackAddress Home(string userId) => new(userId, HomeUser: userId);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static SlackAddress Parse(string address) =>
        JsonSerializer.Deserialize<SlackAddress>(address, Json) ?? throw new FormatException("Not a Slack address.");

    /// The id the outbox records for a sent message; <c>chat.update</c> and the modal button need both parts.
    public static string MessageId(string channel, string ts) => $"{channel}/{ts}";

    public static (string Channel, string Ts) ParseMessageId(string messageId) =>
        messageId.Split('/', 2) is [var channel, var ts] ? (channel, ts) : throw new FormatException("Not a Slack message id.");
}
