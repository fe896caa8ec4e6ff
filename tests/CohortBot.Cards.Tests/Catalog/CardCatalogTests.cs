using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Cards.Catalog;
using CohortBot.Cards.Templating;
using CohortBot.Cards.Tests.Templating;

namespace CohortBot.Cards.Tests.Catalog;

/// The repository's own cards/, as coordinators edit them in the Designer.
public sealed class CardCatalogTests : IDisposable
{
    internal static readonly string CardsDirectory = Path.GetFullPath(Path.Combine(OfficialEngine.ConformanceDirectory, "..", "..", "..", "cards"));
    private static readonly CardCatalog Catalog = CardCatalog.Load(CardsDirectory);
    private readonly string _scratch = Directory.CreateTempSubdirectory("cohortbot-cards-").FullName;

    public static TheoryData<string> CardNames => [.. CardCatalog.Load(CardsDirectory).Names];

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Catalog_HasTheFirstCards() => Assert.Superset(new HashSet<string> { "welcome", "help" }, Catalog.Names.ToHashSet());

    [Theory, MemberData(nameof(CardNames))]
    public void Card_WithItsSampleData_ResolvesEveryBindingAndAgreesWithTheOfficialEngine(string name)
    {
        var data = Catalog.SampleData(name);

        var ours = Catalog.Expand(name, data);

        Assert.Empty(ours.Unresolved);
        Assert.DoesNotContain("${", ours.Card!.ToJsonString(), StringComparison.Ordinal);
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(CardsDirectory, name + ".json")));
        JsonAssert.Equal(OfficialEngine.Expand(template, data)["output"], ours.Card, name);
    }

    [Theory, MemberData(nameof(CardNames))]
    public void Card_TargetsAdaptiveCards15AndStaysUnder28KB(string name)
    {
        var card = Catalog.Expand(name, Catalog.SampleData(name)).Card!.AsObject();

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.True(Encoding.UTF8.GetByteCount(card.ToJsonString()) < 28 * 1024, $"{name} is over 28 KB");
    }

    [Theory, MemberData(nameof(CardNames))]
    public void Card_ExecuteActions_HaveAVerbAndASubmitFallbackWithTheSameData(string name)
    {
        var card = Catalog.Expand(name, Catalog.SampleData(name)).Card!;

        foreach (var action in Descendants(card).OfType<JsonObject>().Where(o => (string?)o["type"] == "Action.Execute"))
        {
            Assert.False(string.IsNullOrEmpty((string?)action["verb"]), $"{name}: an Action.Execute without a verb");
            var fallback = Assert.IsType<JsonObject>(action["fallback"]);
            Assert.Equal("Action.Submit", (string?)fallback["type"]);
            JsonAssert.Equal(action["data"], fallback["data"], name);
        }
    }

    [Fact]
    public void Load_TemplateThatDoesNotParse_NamesTheFile()
    {
        File.WriteAllText(Path.Combine(_scratch, "broken.json"), """{ "type": "AdaptiveCard", "body": [ """);
        File.WriteAllText(Path.Combine(_scratch, "broken.data.json"), "{}");

        var error = Assert.Throws<TemplateException>(() => CardCatalog.Load(_scratch));

        Assert.StartsWith("broken.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TemplateWithoutSampleData_NamesTheMissingFile()
    {
        File.WriteAllText(Path.Combine(_scratch, "lonely.json"), """{ "type": "AdaptiveCard", "version": "1.5", "body": [] }""");

        var error = Assert.Throws<TemplateException>(() => CardCatalog.Load(_scratch));

        Assert.Contains("lonely.data.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_UnknownCard_NamesTheCardsThereAre()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Catalog.Expand("checkin-typo", null));

        Assert.Contains("'checkin-typo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("help, home, welcome", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_DataMissingABinding_ReportsIt()
    {
        var expansion = Catalog.Expand("welcome", JsonNode.Parse("""{ "intervalText": "two weeks" }"""));

        Assert.Equal(["firstName"], expansion.Unresolved);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => [o, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)],
        JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants),
        _ => [node],
    };
}
