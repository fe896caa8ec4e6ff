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

    private string Scratch(string file) => Path.GetFileName(_scratch) + "/" + file;

    private CardCatalogException LoadFails(string name, string template, string data = "{}")
    {
        File.WriteAllText(Path.Combine(_scratch, name + ".json"), template);
        File.WriteAllText(Path.Combine(_scratch, name + ".data.json"), data);
        var error = Assert.Throws<CardCatalogException>(() => CardCatalog.Load(_scratch));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Load_TemplateThatDoesNotParse_NamesTheFileInOneLine()
    {
        var error = LoadFails("broken", """{ "type": "AdaptiveCard", "body": [ """);

        Assert.StartsWith(Scratch("broken.json") + ": The template is not valid JSON: line 1", error.Message, StringComparison.Ordinal);
        Assert.IsType<TemplateException>(error.InnerException);
    }

    [Fact]
    public void Load_TemplateCallingAnUnknownFunction_NamesTheFileTheFunctionAndTheBinding()
    {
        var error = LoadFails("foo", """{ "type": "AdaptiveCard", "body": [ { "type": "TextBlock", "text": "Hi ${bar(x)}" } ] }""");

        Assert.Equal(Scratch("foo.json") + ": unknown function 'bar' in ${bar(x)}", error.Message);
    }

    [Fact]
    public void Load_TemplateCallingAnOfficialFunctionNotImplementedHere_SaysSo()
    {
        var error = LoadFails("greeting", """{ "type": "AdaptiveCard", "body": [ { "type": "TextBlock", "text": "${titleCase(name)}" } ] }""");

        Assert.Equal(
            Scratch("greeting.json") + ": unknown function 'titleCase' (Adaptive Expressions has it, this engine does not implement it) in ${titleCase(name)}",
            error.Message);
    }

    [Fact]
    public void Load_TemplateWithAWrongArgumentType_NamesTheFunction()
    {
        var error = LoadFails("weather", """{ "type": "AdaptiveCard", "body": [ { "type": "TextBlock", "text": "${formatEpoch('today', 'dddd')}" } ] }""");

        Assert.StartsWith(Scratch("weather.json") + ": 'today' is not a Number expression in formatEpoch('today', 'dddd') in ${formatEpoch(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BindingWithASyntaxError_QuotesTheBindingInOneLine()
    {
        // The string holds a newline outside the binding; the message still fits on one line.
        var error = LoadFails("multi", """{ "type": "AdaptiveCard", "body": [ { "type": "TextBlock", "text": "Line one\nthen ${1 +}" } ] }""");

        Assert.StartsWith(Scratch("multi.json") + ": Syntax error", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("in ${1 +}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SampleDataThatDoesNotParse_NamesTheDataFile()
    {
        var error = LoadFails("welcome", """{ "type": "AdaptiveCard", "body": [] }""", """{ "firstName": """);

        Assert.StartsWith(Scratch("welcome.data.json") + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TemplateWithoutSampleData_NamesTheMissingFile()
    {
        File.WriteAllText(Path.Combine(_scratch, "lonely.json"), """{ "type": "AdaptiveCard", "version": "1.5", "body": [] }""");

        var error = Assert.Throws<CardCatalogException>(() => CardCatalog.Load(_scratch));

        Assert.StartsWith(Scratch("lonely.json") + ": no sample data (lonely.data.json)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_FailsWithTheSameExceptionType()
    {
        var missing = Path.Combine(_scratch, "nowhere");

        var error = Assert.Throws<CardCatalogException>(() => CardCatalog.Load(missing));

        Assert.Equal(missing + ": no such card folder.", error.Message);
    }

    [Fact]
    public void Load_TemplateUsingDateFunctions_LoadsAndExpands()
    {
        File.WriteAllText(Path.Combine(_scratch, "due.json"), """{ "type": "TextBlock", "text": "Due ${formatEpoch(due, 'dddd d MMMM')}, ${formatTicks(ticks(start), 'HH:mm')}" }""");
        File.WriteAllText(Path.Combine(_scratch, "due.data.json"), """{ "due": 1521117296, "start": "2018-03-15T09:30:00.000Z" }""");
        var catalog = CardCatalog.Load(_scratch);

        var card = catalog.Expand("due", catalog.SampleData("due")).Card;

        Assert.Equal("Due Thursday 15 March, 09:30", (string?)card!["text"]);
    }

    [Fact]
    public void Expand_UnknownCard_NamesTheCardsThereAre()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Catalog.Expand("checkin-typo", null));

        Assert.Contains("'checkin-typo'", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", Catalog.Names), error.Message, StringComparison.Ordinal);
        Assert.Contains("welcome", Catalog.Names);
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
