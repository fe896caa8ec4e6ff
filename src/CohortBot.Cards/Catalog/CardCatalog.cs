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
    /// <exception cref="TemplateException">A template or its sample data does not parse, or a template has no
    /// sample data; the message names the file.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static CardCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"No card folder at '{directory}'.");

        var cards = new Dictionary<string, (CardTemplate, JsonNode?)>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Where(p => !p.EndsWith(DataSuffix, StringComparison.OrdinalIgnoreCase)))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var samplePath = Path.Combine(directory, name + DataSuffix);
            if (!File.Exists(samplePath))
                throw new TemplateException($"{Path.GetFileName(path)}: no sample data ({name}{DataSuffix}); the Designer and the tests need it.");

            cards[name] = (Read(path, CardTemplate.Parse), Read(samplePath, text => JsonNode.Parse(text)));
        }

        return new CardCatalog(cards);
    }

    /// <summary>Expands a card with its data.</summary>
    /// <param name="name">The card's name (its file name without <c>.json</c>).</param>
    /// <param name="data">The data bound to <c>$root</c>.</param>
    /// <returns>The expanded card and any binding the data left unresolved.</returns>
    /// <exception cref="KeyNotFoundException">There is no card of that name.</exception>
    public TemplateExpansion Expand(string name, JsonNode? data) => Find(name).Template.Expand(data);

    /// <summary>The sample data that comes with a card, for previews and tests.</summary>
    /// <param name="name">The card's name.</param>
    /// <returns>A copy of the sample data.</returns>
    /// <exception cref="KeyNotFoundException">There is no card of that name.</exception>
    public JsonNode? SampleData(string name) => Find(name).Sample?.DeepClone();

    private (CardTemplate Template, JsonNode? Sample) Find(string name) =>
        _cards.TryGetValue(name, out var card)
            ? card
            : throw new KeyNotFoundException($"There is no card '{name}' (cards: {string.Join(", ", Names)}).");

    private static T Read<T>(string path, Func<string, T> parse)
    {
        try
        {
            return parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is TemplateException or System.Text.Json.JsonException)
        {
            throw new TemplateException($"{Path.GetFileName(path)}: {e.Message}", e);
        }
    }
}
