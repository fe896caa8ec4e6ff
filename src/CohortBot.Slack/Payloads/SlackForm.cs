using System.Text;

namespace CohortBot.Slack;

/// <summary>Decodes an <c>application/x-www-form-urlencoded</c> body (slash commands, interactions).</summary>
public static class SlackForm
{
    /// <summary>The body's fields; a repeated name keeps its last value.</summary>
    /// <param name="body">The raw form body, UTF-8.</param>
    /// <returns>Each field's decoded value by its decoded name.</returns>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = Encoding.UTF8.GetString(body).AsSpan();
        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            if (pair.IsEmpty)
                continue;
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            fields[Decode(name)] = Decode(value);
        }
        return fields;
    }

    private static string Decode(ReadOnlySpan<char> encoded) => Uri.UnescapeDataString(encoded.ToString().Replace('+', ' '));
}
