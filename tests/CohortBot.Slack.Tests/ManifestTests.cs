using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.References;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CohortBot.Slack.Tests;

public sealed class ManifestTests
{
    private static readonly string SchemaDirectory = Path.Combine(AppContext.BaseDirectory, "conformance", "slack-manifest-schema");
    private static readonly string ManifestPath = Path.Combine(AppContext.BaseDirectory, "manifests", "slack", "manifest.yaml");

    [Fact]
    public async Task Manifest_ValidatesAgainstSlacksSchema()
    {
        var schema = await LoadSchemaAsync();
        var errors = schema.Validate(ManifestJson().ToJsonString());
        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task SchemasOwnValidExample_Validates()
    {
        var schema = await LoadSchemaAsync();
        var errors = schema.Validate(await File.ReadAllTextAsync(Path.Combine(SchemaDirectory, "example.valid.json")));
        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("display_information.name", "A name that is far too long for Slack's limit")]
    [InlineData("display_information.description", null)]
    [InlineData("features.bot_user.always_online", "yes")]
    [InlineData("settings.unknown_setting", "true")]
    public async Task BrokenManifest_IsRejected(string path, string? value)
    {
        var manifest = ManifestJson();
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)manifest, (node, part) => node[part]!).AsObject();
        parent[parts[^1]] = value is null ? JsonValue.Create(new string('x', 141)) : JsonValue.Create(value);
        var schema = await LoadSchemaAsync();
        Assert.NotEmpty(schema.Validate(manifest.ToJsonString()));
    }

    [Fact]
    public void Manifest_BotScopes_AreExactlyThoseTheLibraryNeeds()
    {
        var manifest = ManifestJson();
        var scopes = manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal);
        var events = manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();

        var needed = SlackApiMethods.All.Values.SelectMany(m => m.Scopes)
            .Concat(events.SelectMany(e => SlackApiMethods.Events[e]))
            .Append(SlackApiMethods.CommandsScope)
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(needed, scopes);
    }

    [Fact]
    public void Manifest_SubscribesToExactlyTheEventsInTheLibrarysTable()
    {
        var events = ManifestJson()["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.GetValue<string>());
        Assert.Equal(SlackApiMethods.Events.Keys.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Manifest_PointsEveryRequestUrlAtThePlaceholderHostAndTheAppsRoutes()
    {
        var manifest = ManifestJson();
        Assert.Equal("https://cohortbot.example.com/api/slack/events", manifest["settings"]!["event_subscriptions"]!["request_url"]!.GetValue<string>());
        Assert.Equal("https://cohortbot.example.com/api/slack/interactions", manifest["settings"]!["interactivity"]!["request_url"]!.GetValue<string>());
        var command = manifest["features"]!["slash_commands"]![0]!;
        Assert.Equal("/cohort", command["command"]!.GetValue<string>());
        Assert.Equal("https://cohortbot.example.com/api/slack/commands", command["url"]!.GetValue<string>());
        Assert.False(command["should_escape"]!.GetValue<bool>());
        Assert.False(manifest["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
    }

    private static JsonObject ManifestJson()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(ManifestPath))
            yaml.Load(reader);
        return (JsonObject)ToJson(yaml.Documents[0].RootNode)!;
    }

    // YAML 1.2 core schema for plain scalars: booleans, integers and null are typed; quoted scalars stay strings.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "null" or "~" or "" => null,
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    private static Task<JsonSchema> LoadSchemaAsync() => LoadAsync(Path.Combine(SchemaDirectory, "manifest.schema.json"));

    // NJsonSchema does not validate draft-07's "const" (Slack's own example then matches two oneOf branches), so each
    // "const": x is read as the equivalent "enum": [x] (draft-07, section 6.1.3) before the schema is loaded.
    private static async Task<JsonSchema> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))!;
        ConstToEnum(json);
        return await JsonSchema.FromJsonAsync(json.ToJsonString(), path, Resolver, cancellationToken);
    }

    private static void ConstToEnum(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["const"] is { } value && obj["enum"] is null)
                {
                    obj.Remove("const");
                    obj["enum"] = new JsonArray(value);
                }
                foreach (var child in obj.Select(p => p.Value).ToList())
                    ConstToEnum(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    ConstToEnum(child);
                break;
        }
    }

    private static JsonReferenceResolver Resolver(JsonSchema root) =>
        new LocalSchemaResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()));

    /// Resolves the schema's references to Slack's published schemas to the local copies, so the test runs offline.
    private sealed class LocalSchemaResolver(JsonSchemaAppender appender) : JsonReferenceResolver(appender)
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            var file = Path.GetFileName(new Uri(url).AbsolutePath);
            var local = Path.Combine(SchemaDirectory, file);
            if (!File.Exists(local))
                throw new InvalidOperationException($"The schema reference {url} has no local copy.");
            return await LoadAsync(local, cancellationToken);
        }
    }
}
