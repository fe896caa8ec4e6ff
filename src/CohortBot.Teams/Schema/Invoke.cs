using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CohortBot.Teams;

/// <summary>The value of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardInvokeValue
{
    /// <summary>The action the user took.</summary>
    public AdaptiveCardInvokeAction? Action { get; init; }

    /// <summary><c>manual</c> (a user's click) or <c>automatic</c> (a card's refresh).</summary>
    public string? Trigger { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The action of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardInvokeAction
{
    /// <summary><c>Action.Execute</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The action's verb.</summary>
    public string? Verb { get; init; }

    /// <summary>The action's data merged with the card's inputs.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The action's id.</summary>
    public string? Id { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The body answering an <c>adaptiveCard/action</c> invoke.</summary>
/// <param name="StatusCode">200, or 4xx for an error.</param>
/// <param name="Type">The content type of <paramref name="Value"/>.</param>
/// <param name="Value">A card, a text, or an error.</param>
public sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, JsonNode? Value)
{
    /// <summary>Replace the card, for the user who acted, with <paramref name="card"/>.</summary>
    /// <param name="card">The new card.</param>
    public static AdaptiveCardInvokeResponse Card(JsonNode card) => new(200, ContentTypes.AdaptiveCard, card);

    /// <summary>Show <paramref name="text"/> to the user who acted; the card stays.</summary>
    /// <param name="text">The message.</param>
    public static AdaptiveCardInvokeResponse Message(string text) => new(200, ContentTypes.ActivityMessage, JsonValue.Create(text));

    /// <summary>Report an error to the user who acted.</summary>
    /// <param name="statusCode">A 4xx or 5xx status.</param>
    /// <param name="code">A short machine-readable code.</param>
    /// <param name="message">What the user sees.</param>
    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        return new(statusCode, ContentTypes.Error, new JsonObject { ["code"] = code, ["message"] = message });
    }
}

/// <summary>The HTTP answer to an invoke activity: a status and a JSON body.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The body, serialised with <see cref="BotFrameworkJson.Options"/>; null for none.</param>
public sealed record InvokeResponse(int Status, object? Body)
{
    /// <summary>The answer carrying an Adaptive Card action's response (HTTP status 200).</summary>
    /// <param name="response">The response body.</param>
    public static InvokeResponse From(AdaptiveCardInvokeResponse response) => new(200, response);
}
