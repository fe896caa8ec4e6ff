using System.Text.Json.Nodes;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>Structural JSON equality: key order ignored, numbers compared by value.</summary>
internal static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual, string because = "")
    {
        if (!AreEqual(expected, actual))
        {
            Assert.Fail($"{because}\nExpected: {Show(expected)}\nActual:   {Show(actual)}");
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    public static bool AreEqual(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && AreEqual(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            x.GetValue<double>() == y.GetValue<double>(),
        (JsonValue x, JsonValue y) => x.GetValueKind() == y.GetValueKind() && x.ToJsonString() == y.ToJsonString(),
        _ => false,
    };
}
