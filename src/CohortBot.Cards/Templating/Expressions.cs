using System.Text;

namespace CohortBot.Cards.Templating;

/// <summary>
/// An Adaptive Expressions syntax tree. <see cref="ToString"/> prints it as the official engine does,
/// because that text is what lands in a card when part of an interpolated string fails.
/// </summary>
internal abstract record Expr
{
    public abstract override string ToString();
}

internal sealed record Constant(object? Value) : Expr
{
    public override string ToString() => Value switch
    {
        Undefined => "undefined",
        null => "null",
        string s => "'" + EscapeQuotes(s.Replace("\\", "\\\\", StringComparison.Ordinal)) + "'",
        List<object?> or OrderedDictionary<string, object?> => Js.Stringify(Value),
        _ => Js.ToJsString(Value),
    };

    // A quote gets a backslash unless one already precedes it, as the official printer does.
    private static string EscapeQuotes(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\'' && (i == 0 || s[i - 1] != '\\'))
            {
                sb.Append('\\');
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }
}

/// <summary>A member read: <c>Name</c> on <c>Instance</c>, or on the memory when there is no instance.</summary>
internal sealed record Accessor(string Name, Expr? Instance) : Expr
{
    public override string ToString() => Instance is null ? Name : $"{Instance}.{Name}";
}

/// <summary>An indexer: <c>Instance[Index]</c>.</summary>
internal sealed record Element(Expr Instance, Expr Index) : Expr
{
    public override string ToString() => $"{Instance}[{Index}]";
}

/// <summary>A function or operator application; <c>Name</c> is as written (<c>+</c>, <c>add</c>, <c>concat</c>).</summary>
internal sealed record Call(string Name, TemplateFunction Function, IReadOnlyList<Expr> Args) : Expr
{
    public override string ToString()
    {
        var infix = Name.Length > 0 && !char.IsAsciiLetter(Name[0]) && Args.Count >= 2;
        var separator = infix ? $" {Name} " : ", ";
        return (infix ? "" : Name) + "(" + string.Join(separator, Args) + ")";
    }
}

/// <summary>A template string that holds at least one binding, parsed once when the template is.</summary>
internal sealed record TemplateString(string Text, Expr Expression);
