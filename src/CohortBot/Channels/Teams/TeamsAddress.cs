using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Channels.Teams;

/// Where a Teams message goes: the outbox stores it as the delivery's address, opaque to everyone but
/// this channel. <see cref="ReplyToId"/> threads a reply under the activity it answers.
internal sealed record TeamsAddress(string ServiceUrl, string ConversationId, string? TenantId, string? ReplyToId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static TeamsAddress Parse(string address) =>
        JsonSerializer.Deserialize<TeamsAddress>(address, Json) ?? throw new FormatException("Not a Teams address.");
}
