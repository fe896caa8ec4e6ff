using System.Text.Json;

namespace CohortBot.Channels;

/// Card data as features see it: input id to text. Strings stay as they are, numbers and booleans
/// become their JSON text, objects and arrays their JSON. (Teams already sends multi-selects as
/// the comma-separated string features expect; Slack's are converted by the cards library.)
internal static class TurnData
{
    public static IReadOnlyDictionary<string, string> From(JsonElement? data)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is not { ValueKind: JsonValueKind.Object } value)
            return result;
        foreach (var property in value.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => property.Value.GetRawText(),
            };
        }
        return result;
    }

    /// The verb a card's data carries (Action.Submit has no verb of its own; our cards put it in data).
    public static string? Verb(IReadOnlyDictionary<string, string> data) => data.GetValueOrDefault("verb");
}
