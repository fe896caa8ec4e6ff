using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CohortBot.Cards.BlockKit;

/// <summary>Tolerant readers: an expanded card may hold any JSON where a string is expected, and must never throw.</summary>
internal static class CardJson
{
    public static string? Str(JsonNode? node, string key) => AsString(node is JsonObject o ? o[key] : null);

    public static string? AsString(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    public static bool? Bool(JsonNode? node, string key) => node is JsonObject o && o[key] is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var b) => b,
            _ => null,
        }
        : null;

    public static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Teams sends every data value as a string; objects and arrays as their JSON.</summary>
    public static string DataString(JsonNode? node) => AsString(node) ?? node?.ToJsonString() ?? string.Empty;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
