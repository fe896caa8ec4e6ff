namespace CohortBot.Cards.Templating;

/// <summary>
/// One expansion of a prepared template, following the official engine's Template.internalExpand step by step:
/// the data context is a stack of <c>$data</c> and <c>$index</c>, saved and restored around every node.
/// </summary>
internal sealed class TemplateExpander(object? root, object? host, TimeProvider? clock = null)
{
    private static readonly string[] ReservedKeys = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    // The official engine exposes its own version to templates; ours mirrors the version it matches.
    private static readonly OrderedDictionary<string, object?> Version = Js.FromPairs(
        [("major", 2d), ("minor", 3d), ("patch", 1d), ("suffix", "")]);

    private readonly List<string> _unresolved = [];
    private object? _data = Undefined.Value;
    private object? _index = Undefined.Value;

    public IReadOnlyList<string> Unresolved => _unresolved;

    public object? Expand(object? node)
    {
        var (savedData, savedIndex) = (_data, _index);
        try
        {
            return node switch
            {
                List<object?> array => ExpandArray(array),
                TemplateString binding => Evaluate(binding, substitute: true),
                OrderedDictionary<string, object?> obj => ExpandObject(obj),
                _ => node,
            };
        }
        finally
        {
            (_data, _index) = (savedData, savedIndex);
        }
    }

    // Items that expand to null disappear and arrays are spliced in: that is how $data arrays repeat
    // an element, and (as in the official engine) it also flattens arrays nested in the template.
    private List<object?> ExpandArray(List<object?> array)
    {
        var result = new List<object?>();
        foreach (var item in array)
        {
            switch (Expand(item))
            {
                case null:
                    break;
                case List<object?> items:
                    result.AddRange(items);
                    break;
                case var expanded:
                    result.Add(expanded);
                    break;
            }
        }

        return result;
    }

    private object? ExpandObject(OrderedDictionary<string, object?> node)
    {
        var when = node.GetValueOrDefault("$when", Undefined.Value);
        object? dataContext = node.TryGetValue("$data", out var data) ? data : Undefined.Value;
        if (dataContext is TemplateString binding)
        {
            dataContext = Evaluate(binding, substitute: true);
        }

        var isArray = dataContext is List<object?>;
        var contexts = dataContext as List<object?> ?? [dataContext];
        var result = new List<object?>();
        for (var i = 0; i < contexts.Count; i++)
        {
            if (isArray)
            {
                _index = (double)i;
            }

            if (contexts[i] is not Undefined)
            {
                _data = contexts[i];
            }

            if (Keep(when))
            {
                result.Add(ExpandProperties(node));
            }
        }

        return result.Count switch
        {
            0 => null,
            1 => result[0],
            _ => result,
        };
    }

    // Only a binding that evaluates to boolean true keeps the element; a failure, any other value,
    // or a $when that is not a binding at all (but is truthy) drops it.
    private bool Keep(object? when)
    {
        if (when is TemplateString binding)
        {
            try
            {
                return Evaluate(binding, substitute: false) is true;
            }
            catch (EvaluationException)
            {
                return false;
            }
        }

        return !Js.Truthy(when);
    }

    private OrderedDictionary<string, object?> ExpandProperties(OrderedDictionary<string, object?> node)
    {
        var result = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in node)
        {
            if (!ReservedKeys.Contains(key, StringComparer.Ordinal) && Expand(value) is var expanded and not Undefined)
            {
                result[key] = expanded;
            }
        }

        return result;
    }

    private object? Evaluate(TemplateString binding, bool substitute)
    {
        var memory = new TemplateMemory(Js.FromPairs(
        [
            ("$root", root),
            ("$data", _data is Undefined ? root : _data),
            ("$index", _index),
            ("$host", host),
            ("$_acTemplateVersion", Version),
        ]));
        var scope = new Scope(memory, substitute, Report, clock);

        // A top-level concat (every interpolated string, and a lone concat(...) binding) is evaluated part
        // by part, as the official engine does: a failing part is left as its "${...}" text, and each
        // value is written with JavaScript's toString.
        if (substitute && binding.Expression is Call { Name: "concat" } concat)
        {
            var text = new System.Text.StringBuilder();
            foreach (var part in concat.Args)
            {
                object? value;
                try
                {
                    value = scope.Evaluate(part);
                }
                catch (EvaluationException)
                {
                    Report(part.ToString());
                    value = "${" + part + "}";
                }

                if (Js.IsNullish(value))
                {
                    throw new TemplateException(
                        $"'{part}' is {Js.String(value)} and cannot be written into the string \"{binding.Text}\" (the official engine fails here too).");
                }

                text.Append(Js.ToJsString(value));
            }

            return text.ToString();
        }

        try
        {
            return scope.Evaluate(binding.Expression);
        }
        catch (EvaluationException ex) when (substitute)
        {
            throw new TemplateException($"Cannot evaluate \"{binding.Text}\": {ex.Message}", ex);
        }
    }

    private void Report(string expression)
    {
        if (!_unresolved.Contains(expression, StringComparer.Ordinal))
        {
            _unresolved.Add(expression);
        }
    }
}
