using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Slack;

/// <summary>The JSON settings of Slack's payloads: snake_case names, nulls left out.</summary>
public static class SlackJson
{
    /// <summary>Options for reading and writing Slack payloads (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
