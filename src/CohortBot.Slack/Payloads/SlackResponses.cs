using System.Text.Json.Nodes;

namespace CohortBot.Slack;

/// <summary>Bodies of the HTTP answer to a <c>view_submission</c>.</summary>
public static class ViewSubmissionResponse
{
    /// <summary><c>{"response_action":"errors","errors":{block_id: message}}</c>: keeps the modal open with the messages under the inputs.</summary>
    /// <param name="byBlockId">The message to show under each input block, by <c>block_id</c>.</param>
    /// <returns>The response body.</returns>
    public static JsonObject Errors(IReadOnlyDictionary<string, string> byBlockId)
    {
        ArgumentNullException.ThrowIfNull(byBlockId);
        var errors = new JsonObject();
        foreach (var (blockId, message) in byBlockId)
            errors[blockId] = message;
        return new JsonObject { ["response_action"] = "errors", ["errors"] = errors };
    }

    /// <summary><c>{"response_action":"update","view":...}</c>: replaces the submitted modal.</summary>
    /// <param name="view">The new view.</param>
    /// <returns>The response body.</returns>
    public static JsonObject Update(JsonObject view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new JsonObject { ["response_action"] = "update", ["view"] = view.DeepClone() };
    }

    /// <summary><c>{"response_action":"clear"}</c>: closes every modal of the stack.</summary>
    /// <returns>The response body.</returns>
    public static JsonObject Clear() => new() { ["response_action"] = "clear" };
}

/// <summary>Bodies of the HTTP answer to a slash command.</summary>
public static class SlashCommandResponse
{
    /// <summary><c>{"response_type":"ephemeral","text":...,"blocks":[...]}</c>: seen only by the user who typed the command.</summary>
    /// <param name="text">The text, also the fallback of the blocks for notifications and screen readers.</param>
    /// <param name="blocks">Block Kit blocks, or <see langword="null"/> for text only.</param>
    /// <returns>The response body.</returns>
    public static JsonObject Ephemeral(string text, JsonArray? blocks = null) => Create("ephemeral", text, blocks);

    /// <summary><c>{"response_type":"in_channel",...}</c>: seen by everyone in the conversation.</summary>
    /// <param name="text">The text, also the fallback of the blocks.</param>
    /// <param name="blocks">Block Kit blocks, or <see langword="null"/> for text only.</param>
    /// <returns>The response body.</returns>
    public static JsonObject InChannel(string text, JsonArray? blocks = null) => Create("in_channel", text, blocks);

    private static JsonObject Create(string responseType, string text, JsonArray? blocks)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = new JsonObject { ["response_type"] = responseType, ["text"] = text };
        if (blocks is not null)
            body["blocks"] = blocks.DeepClone();
        return body;
    }
}
