using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CohortBot.Slack;

/// <summary>The JSON settings of Slack's payloads: snake_case names, nulls left out.</summary>
public static class SlackJson
{
    /// <summary>
    /// Options for reading and writing Slack payloads (read-only). Properties marked <see cref="JsonIgnoreAttribute"/> (values
    /// computed from others, such as <see cref="SlackInteraction.MessageTs"/>) take no part in the contract, so a payload member
    /// of the same name is kept in the type's extension data instead of being dropped.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// <see cref="Options"/> made strict for inbound payloads: a member named twice (in any case) is refused rather than the last
    /// one winning, and <see langword="null"/> is refused where the type does not allow it.
    /// </summary>
    internal static JsonSerializerOptions Inbound { get; } = CreateInbound();

    private static JsonSerializerOptions Create()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(RemoveIgnoredProperties);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = resolver,
        };
        options.MakeReadOnly();
        return options;
    }

    private static JsonSerializerOptions CreateInbound()
    {
        var options = new JsonSerializerOptions(Options)
        {
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly();
        return options;
    }

    // An ignored property still claims its JSON name, and the serializer skips a member of that name: a computed TeamId or
    // MessageTs would silently swallow a real team_id or message_ts (message_action payloads carry one at the top level).
    private static void RemoveIgnoredProperties(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: false) == true)
                typeInfo.Properties.RemoveAt(i);
        }
    }
}
