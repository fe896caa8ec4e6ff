using System.Globalization;
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
    /// Input values in Teams' format: multi-selects as comma-separated choice values without spaces in the card's choice
    /// order, toggles as the card's valueOn/valueOff, dates as yyyy-MM-dd, times as HH:mm, and an unanswered input as the
    /// empty string. As in Teams, an input's value wins over a data property of the same name.
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

    /// <summary>
    /// The value a multi-select's option carries: the choice's position in the card, a colon, then the choice's value.
    /// Slack reports <c>selected_options</c> in its own order, Teams in the card's; the position lets <see cref="ToData"/>
    /// restore the card's order without having the card.
    /// </summary>
    internal static string PositionedValue(int position, string value) => Invariant($"{position}:{value}");

    private static string Value(JsonObject element, JsonNode? toggleOff)
    {
        if (element["selected_options"] is JsonArray options)
        {
            var values = options.Select(o => Str(o, "value")).OfType<string>();
            if (toggleOff is not null)
                return values.FirstOrDefault() ?? AsString(toggleOff) ?? "false";
            return string.Join(',', values.Select(Unposition).OrderBy(v => v.Position).Select(v => v.Value));
        }

        return Str(element["selected_option"], "value")
            ?? Str(element, "selected_date")
            ?? Str(element, "selected_time")
            ?? Str(element, "value")
            ?? string.Empty;
    }

    private static (int Position, string Value) Unposition(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? (position, value[(colon + 1)..])
            : (int.MaxValue, value); // not one of ours: keep it, after the ones whose place is known
    }
}
