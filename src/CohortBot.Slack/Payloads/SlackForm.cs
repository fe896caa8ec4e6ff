using System.Text;

namespace CohortBot.Slack;

/// <summary>Decodes an <c>application/x-www-form-urlencoded</c> body (slash commands, interactions).</summary>
public static class SlackForm
{
    /// <summary>The body's fields; a repeated name keeps its last value.</summary>
    /// <param name="body">The raw form body, UTF-8.</param>
    /// <returns>Each field's decoded value by its decoded name.</returns>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> body) => Parse(body, refuseRepeats: null);

    /// <summary>The body's fields, refusing a name that appears twice: Slack never repeats one, and two readers could pick different ones.</summary>
    /// <exception cref="SlackPayloadException">A field name appears more than once.</exception>
    internal static IReadOnlyDictionary<string, string> ParseUnique(ReadOnlySpan<byte> body, string what) => Parse(body, what);

    private static Dictionary<string, string> Parse(ReadOnlySpan<byte> body, string? refuseRepeats)
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
            var key = Decode(name);
            if (refuseRepeats is not null && fields.ContainsKey(key))
                throw new SlackPayloadException($"The {refuseRepeats} has the field {key} more than once.", key);
            fields[key] = Decode(value);
        }
        return fields;
    }

    private static string Decode(ReadOnlySpan<char> encoded) => Uri.UnescapeDataString(encoded.ToString().Replace('+', ' '));
}
