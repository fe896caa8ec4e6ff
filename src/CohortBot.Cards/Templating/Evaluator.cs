namespace CohortBot.Cards.Templating;

/// <summary>An expression failed to evaluate. Where it surfaces depends on the context, as in the official engine.</summary>
internal sealed class EvaluationException(string message) : Exception(message);

/// <summary>Where paths are looked up; returns <see cref="Undefined"/> when a path leads nowhere.</summary>
internal interface IMemory
{
    object? GetValue(string path);
}

/// <summary>A plain value seen as memory (the left side of <c>f(x).path</c>).</summary>
internal sealed class ObjectMemory(object? scope) : IMemory
{
    public object? GetValue(string path) => Js.ResolvePath(scope, path);
}

/// <summary>The template's memory: names without a leading <c>$</c> are read from <c>$data</c>.</summary>
internal sealed class TemplateMemory(OrderedDictionary<string, object?> context) : IMemory
{
    public object? GetValue(string path) =>
        Js.ResolvePath(context, path.Length > 0 && path[0] != '$' ? "$data." + path : path);
}

/// <summary>A lambda's iterator, looked up before the memory it was pushed on.</summary>
internal sealed class LambdaMemory(IMemory parent, string name, object? item) : IMemory
{
    private readonly OrderedDictionary<string, object?> _local = new(StringComparer.Ordinal) { [name] = item };

    public object? GetValue(string path) => Js.ResolvePath(_local, path) is var value and not Undefined ? value : parent.GetValue(path);
}

/// <summary>
/// The evaluation state. <paramref name="Substitute"/> is the official engine's null substitution: a path
/// that resolves to nothing evaluates to its own <c>${path}</c> text (and is reported), except inside
/// conditions (comparisons, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, the test of <c>if</c>), which switch it off.
/// </summary>
internal readonly record struct Scope(IMemory Memory, bool Substitute, Action<string>? Unresolved, TimeProvider? Clock = null)
{
    public Scope WithoutSubstitution() => this with { Substitute = false };

    /// <summary>Now, to the millisecond as JavaScript's clock gives it.</summary>
    public DateTime UtcNow()
    {
        var now = (Clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    public object? Evaluate(Expr expression) => expression switch
    {
        Constant c => c.Value,
        Accessor a => EvaluateAccessor(a),
        Element e => EvaluateElement(e),
        Call call => call.Function.Evaluate(call, this),
        _ => throw new InvalidOperationException($"Unknown expression {expression.GetType().Name}."),
    };

    private object? EvaluateAccessor(Accessor accessor)
    {
        var (path, left) = AccumulatePath(accessor);
        var memory = left is null ? Memory : new ObjectMemory(Evaluate(left));
        var value = memory.GetValue(path);
        if (value is not Undefined || !Substitute)
        {
            return value;
        }

        Unresolved?.Invoke(path);
        return "${" + path + "}";
    }

    // Folds a chain of member and index accesses into one path string, as FunctionUtils.tryAccumulatePath:
    // the memory then resolves the whole path, so a miss anywhere along it is a miss, not an error.
    private (string Path, Expr? Left) AccumulatePath(Accessor accessor)
    {
        var path = "";
        Expr? current = accessor;
        while (current is not null)
        {
            if (current is Accessor a)
            {
                path = a.Name + "." + path;
                current = a.Instance;
            }
            else if (current is Element e)
            {
                var index = Evaluate(e.Index);
                if (!double.IsNaN(Js.ParseInt(Js.String(index))))
                {
                    path = $"[{Js.String(index)}].{path}";
                }
                else if (index is string s)
                {
                    path = $"['{s}'].{path}";
                }
                else
                {
                    throw new EvaluationException($"{e.Index} doesn't return an int or string");
                }

                current = e.Instance;
            }
            else
            {
                break;
            }
        }

        return (path.TrimEnd('.').Replace(".[", "[", StringComparison.Ordinal), current);
    }

    private object? EvaluateElement(Element element)
    {
        var instance = Evaluate(element.Instance);
        var index = WithoutSubstitution().Evaluate(element.Index);
        return index switch
        {
            _ when Js.IsInteger(index) => Js.AccessIndex(instance, (double)index!),
            string s => Js.AccessProperty(instance, s),
            _ => throw new EvaluationException($"Could not coerce {element.Index} to an int or string."),
        };
    }
}
