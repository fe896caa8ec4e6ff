using System.Text.Json.Nodes;
using CohortBot.Cards.Templating;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>
/// Microsoft's own fixtures (conformance/fixtures, copied from microsoft/AdaptiveCards): the unit fixtures
/// against their expected output, the element and scenario samples against what the official engine produces.
/// </summary>
public sealed class ConformanceTests
{
    private static string Unit(string name) => Path.Combine(OfficialEngine.FixturesDirectory, "unit", name);

    private static string Elements(string name) => Path.Combine(OfficialEngine.FixturesDirectory, "elements", name);

    private static string Scenarios(string name) => Path.Combine(OfficialEngine.FixturesDirectory, "scenarios", name);

    private static JsonNode? ReadOptional(string path) => File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;

    public static TheoryData<string> UnitFixtures() =>
    [
        .. Directory.GetFiles(Path.Combine(OfficialEngine.FixturesDirectory, "unit"), "*.json")
            .Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".data.json", StringComparison.Ordinal)
                && !f.EndsWith(".host.json", StringComparison.Ordinal)
                && !f.EndsWith(".output.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => f![..^".json".Length]),
    ];

    public static TheoryData<string> ElementFixtures() =>
    [
        .. Directory.GetFiles(Path.Combine(OfficialEngine.FixturesDirectory, "elements"), "Template.*.json")
            .Select(Path.GetFileName)
            .Where(f => f != "Template.data.json")
            .Order(StringComparer.Ordinal)
            .Select(f => f!),
    ];

    private static readonly string[] ScenarioNames =
    [
        .. Directory.GetFiles(Path.Combine(OfficialEngine.FixturesDirectory, "scenarios"), "*.template.json")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(f => f![..^".template.json".Length]),
    ];

    public static TheoryData<string> ScenarioFixtures() => [.. ScenarioNames];

    // The official engine's answers for all scenarios, from one node process.
    private static readonly Lazy<Dictionary<string, JsonObject>> OfficialScenarios = new(() =>
    {
        var answers = OfficialEngine.ExpandAll(ScenarioNames.Select(n =>
            (JsonNode.Parse(File.ReadAllText(Scenarios(n + ".template.json"))), JsonNode.Parse(File.ReadAllText(Scenarios(n + ".data.json"))))));
        return ScenarioNames.Zip(answers).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    });

    [Fact]
    public void Fixtures_AreAllFound()
    {
        // Guards the theories below against passing vacuously on an empty or misplaced folder.
        Assert.Equal(5, UnitFixtures().Count);
        Assert.Equal(10, ElementFixtures().Count);
        Assert.Equal(28, ScenarioFixtures().Count);
    }

    [Theory]
    [MemberData(nameof(UnitFixtures))]
    public void Expand_UnitFixture_MatchesExpectedOutput(string name)
    {
        // version-template-fail and -invalid share one expected output, as the README says.
        var expectedFile = name.StartsWith("version-template-f", StringComparison.Ordinal) || name == "version-template-invalid"
            ? Unit("version-template-fail-invalid.output.json")
            : Unit(name + ".output.json");
        var template = CardTemplate.Parse(File.ReadAllText(Unit(name + ".json")));

        var result = template.Expand(ReadOptional(Unit(name + ".data.json")), ReadOptional(Unit(name + ".host.json")));

        JsonAssert.Equal(JsonNode.Parse(File.ReadAllText(expectedFile)), result.Card, name);
        Assert.Empty(result.Unresolved);
    }

    [Theory]
    [MemberData(nameof(ElementFixtures))]
    public void Expand_ElementSample_MatchesOfficialEngine(string file)
    {
        var templateText = File.ReadAllText(Elements(file));
        var data = JsonNode.Parse(File.ReadAllText(Elements("Template.data.json")));
        var official = OfficialEngine.Expand(JsonNode.Parse(templateText), data);
        Assert.False(official.ContainsKey("error"), $"the official engine failed: {official["error"]}");

        var result = CardTemplate.Parse(templateText).Expand(data);

        JsonAssert.Equal(official["output"], result.Card, file);
    }

    [Theory]
    [MemberData(nameof(ScenarioFixtures))]
    public void Expand_ScenarioSample_MatchesOfficialEngine(string name)
    {
        var official = OfficialScenarios.Value[name];
        Assert.False(official.ContainsKey("error"), $"the official engine failed: {official["error"]}");

        var result = CardTemplate.Parse(File.ReadAllText(Scenarios(name + ".template.json")))
            .Expand(JsonNode.Parse(File.ReadAllText(Scenarios(name + ".data.json"))));

        JsonAssert.Equal(official["output"], result.Card, name);
    }

    [Fact]
    public void Expand_ConditionalLayoutSample_ReportsTheMissingType()
    {
        // The third request in Template.data.json has no "type": the official engine leaves "${type}" in the
        // card without a word; we leave it too, and report it.
        var result = CardTemplate.Parse(File.ReadAllText(Elements("Template.ConditionalLayout.json")))
            .Expand(JsonNode.Parse(File.ReadAllText(Elements("Template.data.json"))));

        Assert.Equal(["type"], result.Unresolved);
        Assert.Contains("Item Requested Type: ${type}", result.Card!.ToJsonString(), StringComparison.Ordinal);
    }
}
