using System.Text.Json;

namespace CohortBot.Channels.Teams;

/// Where a Teams message goes: the outbox stores it as the delivery's target, opaque to everyone but
/// this channel. <see cref="ReplyToId"/> threads a reply under the activity it answers.
internal sealed record TeamsAddress(string ServiceUrl, string ConversationId, string? TenantId, string? ReplyToId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static TeamsAddress Parse(string target) =>
        JsonSerializer.Deserialize<TeamsAddress>(target, Json) ?? throw new FormatException("Not a Teams address.");
}
