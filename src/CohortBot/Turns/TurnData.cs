namespace CohortBot.Turns;

/// A submitted card's inputs merged with its action's data, the same from every platform: input id
/// to its values. A multi-select travels as its list of choice values; everything else as one value.
/// Teams sends a multi-select as one comma-joined string, so a card's choice values never hold a comma
/// (cards use keys such as <c>station-rotation</c> as values, never the prompt's text); <see cref="Values"/>
/// splits such a string.
internal sealed class TurnData
{
    public static TurnData Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _values;

    public TurnData(IReadOnlyDictionary<string, IReadOnlyList<string>> values) => _values = values;

    public static TurnData From(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)[v.Value], StringComparer.Ordinal));

    public IEnumerable<string> Keys => _values.Keys;

    public bool Has(string key) => _values.ContainsKey(key);

    /// The input's value as typed (a multi-select's values joined with commas); null when absent.
    public string? Value(string key) => _values.TryGetValue(key, out var values) ? string.Join(',', values) : null;

    /// A multi-select's choice values, in the card's order; empty when nothing was chosen.
    public IReadOnlyList<string> Values(string key) => _values.TryGetValue(key, out var values) switch
    {
        false => [],
        _ when values is [var joined] => joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => values,
    };

    /// The verb the data carries (Action.Submit has no verb of its own; our cards put it in data).
    public string? Verb => Value("verb");
}
