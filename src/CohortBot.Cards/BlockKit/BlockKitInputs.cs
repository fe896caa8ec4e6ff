using System.Text.Json.Nodes;
using static CohortBot.Cards.BlockKit.CardJson;

namespace CohortBot.Cards.BlockKit;

/// <summary>Turns what Slack sends back for a rendered card into the data dictionary Teams would send for it.</summary>
public static class BlockKitInputs
{
    /// <summary>
    /// Rebuilds the card's data: each input's id mapped to its value as a string, then the pressed action's <c>data</c>
    /// and (for Action.Execute) its <c>verb</c> under the key <c>"verb"</c>.
    /// </summary>
    /// <param name="stateValues">
    /// Slack's <c>state.values</c> (<c>view.state.values</c> for a modal submission); empty for a message without inputs.
    /// </param>
    /// <param name="actionValue">
    /// The parsed <c>value</c> of the pressed button, or the parsed <c>private_metadata</c> of a submitted modal;
    /// <see langword="null"/> when there is neither.
    /// </param>
    /// <returns>
    /// Input values in Teams' format: multi-selects as comma-separated choice values without spaces, toggles as the card's
    /// valueOn/valueOff, dates as yyyy-MM-dd, times as HH:mm, and an unanswered input as the empty string. As in Teams,
    /// an input's value wins over a data property of the same name.
    /// </returns>
    public static IReadOnlyDictionary<string, string> ToData(JsonObject stateValues, JsonObject? actionValue)
    {
        ArgumentNullException.ThrowIfNull(stateValues);
        var data = new Dictionary<string, string>(StringComparer.Ordinal);

        if (actionValue?["data"] is JsonObject actionData)
        {
            foreach (var (key, value) in actionData)
                data[key] = DataString(value);
        }

        var toggles = actionValue?["toggles"] as JsonObject;
        foreach (var block in stateValues.Select(b => b.Value).OfType<JsonObject>())
        {
            foreach (var (actionId, state) in block)
            {
                if (state is JsonObject element)
                    data[actionId] = Value(element, toggles?[actionId]);
            }
        }

        if (Str(actionValue, "verb") is { } verb)
            data["verb"] = verb;
        return data;
    }

    private static string Value(JsonObject element, JsonNode? toggleOff)
    {
        if (element["selected_options"] is JsonArray options)
        {
            var values = options.Select(o => Str(o, "value")).OfType<string>().ToList();
            if (toggleOff is not null)
                return values.Count > 0 ? values[0] : AsString(toggleOff) ?? "false";
            return string.Join(',', values);
        }

        return Str(element["selected_option"], "value")
            ?? Str(element, "selected_date")
            ?? Str(element, "selected_time")
            ?? Str(element, "value")
            ?? string.Empty;
    }
}
