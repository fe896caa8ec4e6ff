using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CohortBot.Teams;

/// <summary>The JSON conventions of the Bot Connector protocol.</summary>
public static class BotFrameworkJson
{
    /// <summary>
    /// Web defaults (camelCase, case-insensitive reading) with nulls omitted on write; read-only, so
    /// it can be shared.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
