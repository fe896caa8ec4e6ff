using System.Text.Json;
using System.Text.Json.Nodes;

namespace CohortBot.Cards.Templating;

/// <summary>
/// An Adaptive Card template in the Adaptive Cards Templating language, parsed once and expandable
/// against any number of data objects. Expansion gives the same card as Microsoft's JavaScript engine
/// (adaptivecards-templating 2.3.1 with adaptive-expressions 4.23.3) for the supported part of the language.
/// </summary>
public sealed class CardTemplate
{
    private readonly object? _template;

    private CardTemplate(object? template) => _template = template;

    /// <summary>Parses a template from its JSON text, including every <c>${...}</c> binding in it.</summary>
    /// <param name="json">The template, a JSON document.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="TemplateException">The JSON is malformed (the message gives the line and position), a binding
    /// does not parse, or it calls a function this engine does not know.</exception>
    public static CardTemplate Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new TemplateException(
                $"The template is not valid JSON: line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}. {ex.Message}", ex);
        }

        using (document)
        {
            return new CardTemplate(Prepare(document.RootElement));
        }
    }

    /// <summary>Expands the template.</summary>
    /// <param name="root">The data bound to <c>$root</c> (and to <c>$data</c> until a <c>$data</c> property changes it); null for none.</param>
    /// <param name="host">The data bound to <c>$host</c>; null for none.</param>
    /// <param name="clock">What <c>utcNow</c>, <c>getFutureTime</c> and <c>getPastTime</c> read; the system clock when null.</param>
    /// <returns>The expanded card and the bindings that could not be resolved.</returns>
    /// <exception cref="TemplateException">A binding that makes up a whole value fails to evaluate (the official engine
    /// throws there too), or a value that cannot be written as text is interpolated into a string.</exception>
    public TemplateExpansion Expand(JsonNode? root, JsonNode? host = null, TimeProvider? clock = null)
    {
        var expander = new TemplateExpander(
            root is null ? Undefined.Value : Js.FromJson(root),
            host is null ? Undefined.Value : Js.FromJson(host),
            clock);
        var card = expander.Expand(_template);
        return new TemplateExpansion(Js.ToJson(card), expander.Unresolved);
    }

    // Mirrors Template.prepare: strings holding a binding are parsed up front, everything else is kept.
    private static object? Prepare(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Js.FromPairs(element.EnumerateObject().Select(p => (p.Name, Prepare(p.Value)))),
        JsonValueKind.Array => element.EnumerateArray().Select(Prepare).ToList(),
        JsonValueKind.String => element.GetString() is var s && ExpressionParser.ParseTemplateString(s!) is { } parsed ? parsed : s,
        _ => Js.FromJson(element),
    };
}

/// <summary>The result of <see cref="CardTemplate.Expand"/>.</summary>
/// <param name="Card">The expanded card; null when the root element was dropped by its own <c>$when</c>.</param>
/// <param name="Unresolved">The bindings left in the card as their literal <c>${...}</c> text because they resolved to
/// nothing, each as written between the braces (for example <c>employee.name</c>), without duplicates, in order of
/// first appearance. The official engine leaves them in silently; a card meant for people should have none.</param>
public sealed record TemplateExpansion(JsonNode? Card, IReadOnlyList<string> Unresolved)
{
    /// <summary>True when every binding resolved.</summary>
    public bool IsFullyResolved => Unresolved.Count == 0;
}

/// <summary>A template that cannot be parsed or expanded.</summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TemplateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, and where.</param>
    public TemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, and where.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
