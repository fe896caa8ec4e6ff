using System.Text.Json.Nodes;
using CohortBot.Cards.Catalog;
using CohortBot.Cards.Tests.Templating;

namespace CohortBot.Cards.Tests.Catalog;

/// The repository's cards, expanded by our engine, must be cards Microsoft's own parser (adaptivecards 3.0.6, schema 1.5)
/// accepts without a single parse or validation event: Teams drops or degrades what it does not understand, silently.
public sealed class OfficialParserTests
{
    [Fact]
    public void EveryCard_ExpandedWithItsSampleData_ParsesWithoutEvents()
    {
        var catalog = CardCatalog.Load(CardCatalogTests.CardsDirectory);
        var cards = catalog.Names.Select(name => (Name: name, Card: catalog.Expand(name, catalog.SampleData(name)).Card!)).ToList();
        Assert.NotEmpty(cards);

        var results = Parse(cards.Select(c => c.Card));

        var problems = cards.Zip(results)
            .SelectMany(p => Problems(p.Second).Select(problem => $"{p.First.Name}: {problem}"))
            .Concat(cards.Where(c => c.Card.ToJsonString().Contains("${", StringComparison.Ordinal)).Select(c => $"{c.Name}: still holds ${{"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// The control: the same script and the same checks see what is wrong, so a silent parser cannot pass the test above.
    [Fact]
    public void BrokenCards_ProduceTheEventsTheirFaultsCallFor()
    {
        var broken = new (string Body, string Event)[]
        {
            ("""[{"type":"Carousel3D","id":"spin"}]""", "UnknownElementType"),
            ("""[{"type":"Input.Text","id":"name","label":"Name","labelPosition":"inline"}]""", "UnsupportedProperty"), // 1.6
            ("""[{"type":"Input.Text","label":"Name"}]""", "PropertyCantBeNull"), // an input without an id
        };

        var results = Parse(broken.Select(b => JsonNode.Parse($$"""{"type":"AdaptiveCard","version":"1.5","body":{{b.Body}}}""")!));

        foreach (var ((body, expected), result) in broken.Zip(results))
        {
            var events = result["events"]!.AsArray().Select(e => (string?)e!["event"]).ToList();
            Assert.True(events.Contains(expected), $"{body}: expected {expected}, got [{string.Join(", ", events)}]");
        }
    }

    private static IReadOnlyList<JsonObject> Parse(IEnumerable<JsonNode> cards) =>
        [.. OfficialEngine.Run("parse.js", "adaptivecards", new JsonArray([.. cards.Select(c => c.DeepClone())])).AsArray().Select(r => r!.AsObject())];

    private static IEnumerable<string> Problems(JsonObject result) =>
        result["error"] is { } error
            ? [$"the parser threw: {error}"]
            : result["events"]!.AsArray().Select(e =>
                $"{e!["phase"]} {e["event"]}{(e["source"] is { } source ? $" at {source}" : string.Empty)}: {e["message"]}");
}
