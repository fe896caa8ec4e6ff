using System.Text.Json;
using System.Text.Json.Nodes;

namespace CohortBot.Slack;

/// <summary>
/// Reads inbound payloads strictly and turns every shape problem into a <see cref="SlackPayloadException"/>, so no
/// <see cref="JsonException"/>, <see cref="ArgumentException"/> or later <see cref="NullReferenceException"/> escapes the parsers.
/// </summary>
internal static class SlackPayloadReader
{
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, string what)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(utf8Json, SlackJson.Inbound);
        }
        catch (JsonException failure)
        {
            throw Wrong(what, failure.Path, failure);
        }
        catch (ArgumentException failure)
        {
            // A JsonObject member (container, message, view...) named twice: the strict options refuse duplicates, and JsonObject
            // reports them as an ArgumentException rather than a JsonException.
            throw Wrong(what, null, failure);
        }
        return value ?? throw Wrong(what, "$");
    }

    public static T Deserialize<T>(string json, string what)
        where T : class =>
        Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json), what);

    /// <summary>The value, or a <see cref="SlackPayloadException"/> naming <paramref name="path"/> when it is missing or empty.</summary>
    public static string Required(string? value, string path, string what) =>
        string.IsNullOrEmpty(value) ? throw new SlackPayloadException($"The {what} has no {path}.", path) : value;

    /// <summary>The object, or a <see cref="SlackPayloadException"/> naming <paramref name="path"/> when it is missing.</summary>
    public static T Required<T>(T? value, string path, string what)
        where T : class =>
        value ?? throw new SlackPayloadException($"The {what} has no {path}.", path);

    /// <summary>Refuses a list with a <see langword="null"/> element (<c>[null]</c>), which the serializer lets through.</summary>
    public static void NoNullElements<T>(IReadOnlyList<T?>? list, string path, string what)
        where T : class
    {
        if (list is null)
            return;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
                throw new SlackPayloadException($"The {what} has a null element at {path}[{i}].", $"{path}[{i}]");
        }
    }

    /// <summary>Refuses a member of <paramref name="node"/> that is present, not null, and not a JSON string.</summary>
    public static void StringOrAbsent(JsonObject? node, string name, string path, string what)
    {
        if (node?[name] is { } member && !(member is JsonValue value && value.GetValueKind() == JsonValueKind.String))
            throw new SlackPayloadException($"The {what} has a {member.GetValueKind()} where a string belongs at {path}.{name}.", $"{path}.{name}");
    }

    /// <summary>Refuses a member of <paramref name="node"/> that is present, not null, and not a JSON boolean.</summary>
    public static void BooleanOrAbsent(JsonObject? node, string name, string path, string what)
    {
        if (node?[name] is { } member && member.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            throw new SlackPayloadException($"The {what} has a {member.GetValueKind()} where a boolean belongs at {path}.{name}.", $"{path}.{name}");
    }

    /// <summary>A string member of <paramref name="node"/>; <see langword="null"/> when absent or of another JSON type. Never throws.</summary>
    public static string? String(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static SlackPayloadException Wrong(string what, string? path, Exception? cause = null) =>
        new(path is null ? $"The {what} does not have Slack's shape." : $"The {what} does not have Slack's shape at {path}.", path, cause);
}
