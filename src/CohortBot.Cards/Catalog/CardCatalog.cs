using System.Text.Json.Nodes;
using CohortBot.Cards.Templating;

namespace CohortBot.Cards.Catalog;

/// <summary>
/// The card templates of a folder: every <c>NAME.json</c> with its sample data <c>NAME.data.json</c>,
/// parsed once. Callers ask for a card by name with a data object and never write card JSON.
/// </summary>
public sealed class CardCatalog
{
    private const string DataSuffix = ".data.json";
    private readonly Dictionary<string, (CardTemplate Template, JsonNode? Sample)> _cards;

    private CardCatalog(Dictionary<string, (CardTemplate, JsonNode?)> cards) => _cards = cards;

    /// <summary>The names of the cards, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _cards.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Loads and parses every template of a folder.</summary>
    /// <param name="directory">The folder holding <c>NAME.json</c> and <c>NAME.data.json</c> files.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="CardCatalogException">The folder is missing, or a template or its sample data cannot be
    /// read or parsed (bad JSON, a binding that does not parse, a function the engine does not know), or a template
    /// has no sample data. The message is one line naming the file, such as
    /// <c>cards/foo.json: unknown function 'bar' in ${bar(x)}</c>.</exception>
    public static CardCatalog Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw new CardCatalogException($"{directory}: no such card folder.");

        // Files are named as the folder and file name ("cards/foo.json"): what a card author sees in the repository.
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        string Display(string path) => folder + "/" + Path.GetFileName(path);

        var cards = new Dictionary<string, (CardTemplate, JsonNode?)>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Where(p => !p.EndsWith(DataSuffix, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var samplePath = Path.Combine(directory, name + DataSuffix);
            if (!File.Exists(samplePath))
                throw new CardCatalogException($"{Display(path)}: no sample data ({name}{DataSuffix}); the Designer and the tests need it.");

            cards[name] = (Read(Display(path), path, CardTemplate.Parse), Read(Display(samplePath), samplePath, text => JsonNode.Parse(text)));
        }

        return new CardCatalog(cards);
    }

    /// <summary>Expands a card with its data.</summary>
    /// <param name="name">The card's name (its file name without <c>.json</c>).</param>
    /// <param name="data">The data bound to <c>$root</c>.</param>
    /// <param name="clock">What the clock functions (<c>utcNow</c> and the like) read; the system clock when null.</param>
    /// <returns>The expanded card and any binding the data left unresolved.</returns>
    /// <exception cref="KeyNotFoundException">There is no card of that name.</exception>
    /// <exception cref="TemplateException">A binding fails to evaluate with this data.</exception>
    public TemplateExpansion Expand(string name, JsonNode? data, TimeProvider? clock = null) => Find(name).Template.Expand(data, clock: clock);

    /// <summary>The sample data that comes with a card, for previews and tests.</summary>
    /// <param name="name">The card's name.</param>
    /// <returns>A copy of the sample data.</returns>
    /// <exception cref="KeyNotFoundException">There is no card of that name.</exception>
    public JsonNode? SampleData(string name) => Find(name).Sample?.DeepClone();

    private (CardTemplate Template, JsonNode? Sample) Find(string name) =>
        _cards.TryGetValue(name, out var card)
            ? card
            : throw new KeyNotFoundException($"There is no card '{name}' (cards: {string.Join(", ", Names)}).");

    private static T Read<T>(string display, string path, Func<string, T> parse)
    {
        try
        {
            return parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is TemplateException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CardCatalogException($"{display}: {OneLine(e.Message)}", e);
        }
    }

    // Start-up prints the message as the one line it is; a problem quoting a multi-line string must not break it.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
