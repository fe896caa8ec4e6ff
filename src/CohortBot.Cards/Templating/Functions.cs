using System.Globalization;

namespace CohortBot.Cards.Templating;

/// <summary>Adaptive Expressions' ReturnType flags: what an expression is known, before evaluation, to produce.</summary>
[Flags]
internal enum ReturnType
{
    Boolean = 1,
    Number = 2,

    /// <summary>Anything: a path, or a function whose result type is not declared here. Never refused.</summary>
    Object = 4,
    String = 8,
    Array = 16,
}

/// <summary>
/// A built-in function: its arity and argument types (checked when the template is parsed, as the official
/// validators do) and its evaluator. <paramref name="ArgTypes"/> lists the expected type of each position, required
/// and optional alike; null checks none. <paramref name="Returns"/> is what the official engine declares.
/// </summary>
internal sealed record TemplateFunction(
    int MinArgs,
    int MaxArgs,
    Func<Call, Scope, object?> Evaluate,
    bool TakesLambda = false,
    ReturnType Returns = ReturnType.Object,
    IReadOnlyList<ReturnType>? ArgTypes = null)
{
    public void Validate(string name, IReadOnlyList<Expr> args)
    {
        if (args.Count < MinArgs || args.Count > MaxArgs)
        {
            var expected = MinArgs == MaxArgs ? $"{MinArgs}"
                : MaxArgs == int.MaxValue ? $"at least {MinArgs}"
                : $"{MinArgs} to {MaxArgs}";
            throw new TemplateException($"Function '{name}' takes {expected} argument(s), not {args.Count}.");
        }

        if (TakesLambda && args[1] is not Accessor { Instance: null })
        {
            throw new TemplateException($"The second argument of '{name}' must be an iterator name, not '{args[1]}'.");
        }

        // FunctionUtils.validateOrder: only an argument whose type is known and shares nothing with the expected
        // one is refused; a path or an undeclared function could be anything.
        for (var i = 0; ArgTypes is not null && i < args.Count && i < ArgTypes.Count; i++)
        {
            var (expected, actual) = (ArgTypes[i], TypeOf(args[i]));
            if (((expected | actual) & ReturnType.Object) == 0 && (expected & actual) == 0)
            {
                var names = string.Join(", ", Enum.GetValues<ReturnType>().Where(t => expected.HasFlag(t)));
                throw new TemplateException($"{args[i]} is not a {names} expression in {new Call(name, this, args)}.");
            }
        }
    }

    private static ReturnType TypeOf(Expr expression) => expression switch
    {
        Constant { Value: string } => ReturnType.String,
        Constant { Value: bool } => ReturnType.Boolean,
        Constant { Value: var v } when Js.IsNumber(v) => ReturnType.Number,
        Constant { Value: List<object?> } => ReturnType.Array,
        Call call => call.Function.Returns,
        _ => ReturnType.Object,
    };
}

/// <summary>
/// The subset of the Adaptive Expressions built-in functions that templates use, each written after
/// the official implementation (adaptive-expressions 4.23.3, lib/builtinFunctions) so that results,
/// including the odd ones, are the same.
/// </summary>
internal static partial class Functions
{
    private delegate string? Verify(object? value, Expr expression);

    private const int Many = int.MaxValue;

    public static readonly TemplateFunction Concat = new(1, Many, EvaluateConcat);

    private static readonly Dictionary<string, TemplateFunction> Table = AddDateFunctions(Build());

    public static TemplateFunction? Lookup(string name) => Table.GetValueOrDefault(name);

    private static Dictionary<string, TemplateFunction> Build()
    {
        var add = new TemplateFunction(2, Many, Sequence(AddPair, VerifyNumberOrStringOrUndefined));
        var subtract = Numeric((a, b) => a - b, VerifyNumber);
        var multiply = Numeric((a, b) => a * b, VerifyNumber);
        var divide = new TemplateFunction(2, Many, EvaluateDivide);
        var modulo = new TemplateFunction(2, 2, Apply(Modulo, VerifyInteger));
        var power = Numeric(Math.Pow, VerifyNumberOrNumericList);
        var equal = Comparison(2, 2, a => Js.CommonEquals(a[0], a[1]));
        var notEqual = Comparison(2, 2, a => !Js.CommonEquals(a[0], a[1]));
        var less = Comparison(2, 2, a => Compare(a) < 0, VerifyNotNull);
        var lessOrEqual = Comparison(2, 2, a => Compare(a) <= 0, VerifyNotNull);
        var greater = Comparison(2, 2, a => Compare(a) > 0, VerifyNotNull);
        var greaterOrEqual = Comparison(2, 2, a => Compare(a) >= 0, VerifyNotNull);
        var and = new TemplateFunction(1, Many, (c, s) => EvaluateAnd(c, s));
        var or = new TemplateFunction(1, Many, EvaluateOr);
        var not = new TemplateFunction(1, 1, (c, s) => EvaluateNot(c, s));
        var coalesce = new TemplateFunction(1, Many, Apply(a => a.FirstOrDefault(v => !Js.IsNullish(v), Undefined.Value)));
        var select = new TemplateFunction(3, 3, EvaluateSelect, TakesLambda: true);

        return new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
        {
            ["+"] = add,
            ["add"] = add,
            ["-"] = subtract,
            ["sub"] = subtract,
            ["*"] = multiply,
            ["mul"] = multiply,
            ["/"] = divide,
            ["div"] = divide,
            ["%"] = modulo,
            ["mod"] = modulo,
            ["^"] = power,
            ["exp"] = power,
            ["=="] = equal,
            ["equals"] = equal,
            ["!="] = notEqual,
            ["<"] = less,
            ["less"] = less,
            ["<="] = lessOrEqual,
            ["lessOrEquals"] = lessOrEqual,
            [">"] = greater,
            ["greater"] = greater,
            [">="] = greaterOrEqual,
            ["greaterOrEquals"] = greaterOrEqual,
            ["&&"] = and,
            ["and"] = and,
            ["||"] = or,
            ["or"] = or,
            ["!"] = not,
            ["not"] = not,
            ["??"] = coalesce,
            ["coalesce"] = coalesce,
            ["&"] = Concat,
            ["concat"] = Concat,
            ["if"] = new(3, 3, EvaluateIf),
            ["exists"] = Comparison(1, 1, a => !Js.IsNullish(a[0]), VerifyNotNull),
            ["empty"] = Comparison(1, 1, a => IsEmpty(a[0]), VerifyContainerOrNull),
            ["count"] = new(1, 1, Apply(Count, VerifyContainer)),
            ["length"] = new(1, 1, Apply(a => (double)StringOrEmpty(a[0]).Length, VerifyStringOrUndefined)),
            ["join"] = new(2, 3, Apply(Join)),
            ["string"] = new(1, 2, Apply(ToText)),
            ["int"] = new(1, 1, Apply(ToInt)),
            ["float"] = new(1, 1, Apply(ToFloat)),
            ["toUpper"] = new(1, 2, Apply(a => a[0] is string or Undefined ? StringOrEmpty(a[0]).ToUpperInvariant() : Undefined.Value, VerifyStringOrUndefined)),
            ["toLower"] = new(1, 2, Apply(a => a[0] is string or Undefined ? StringOrEmpty(a[0]).ToLowerInvariant() : Undefined.Value, VerifyStringOrUndefined)),
            ["trim"] = new(1, 1, Apply(a => a[0] is string or Undefined ? StringOrEmpty(a[0]).Trim().Trim('\ufeff') : Undefined.Value, VerifyStringOrUndefined)),
            ["substring"] = new(2, 3, EvaluateSubstring),
            ["first"] = new(1, 1, Apply(a => a[0] switch
            {
                string { Length: > 0 } s => s[..1],
                List<object?> { Count: > 0 } l => l[0],
                _ => Undefined.Value,
            })),
            ["last"] = new(1, 1, Apply(a => a[0] switch
            {
                string { Length: > 0 } s => s[^1..],
                List<object?> { Count: > 0 } l => l[^1],
                _ => Undefined.Value,
            })),
            ["min"] = new(1, Many, Apply(a => Numbers(a).Aggregate(double.PositiveInfinity, JsMin), VerifyNumberOrNumericList)),
            ["max"] = new(1, Many, Apply(a => Numbers(a).Aggregate(double.NegativeInfinity, JsMax), VerifyNumberOrNumericList)),
            ["sum"] = new(1, 1, Apply(Sum, VerifyNumericList)),
            ["select"] = select,
            ["foreach"] = select,
            ["where"] = new(3, 3, EvaluateWhere, TakesLambda: true),
            ["createArray"] = new(0, Many, Apply(a => a.ToList())),
            ["json"] = new(1, 1, Apply(ParseJson)),
            ["indexOf"] = new(2, 2, Apply(a => IndexOf(a, last: false))),
            ["lastIndexOf"] = new(2, 2, Apply(a => IndexOf(a, last: true))),
            ["replace"] = new(3, 3, Apply(Replace, VerifyStringOrUndefined)),
            ["split"] = new(1, 2, Apply(Split, VerifyStringOrUndefined)),
            ["startsWith"] = new(2, 2, Apply(a => StringOrEmpty(a[0]).StartsWith(StringOrEmpty(a[1]), StringComparison.Ordinal), VerifyStringOrUndefined)),
            ["endsWith"] = new(2, 2, Apply(a => StringOrEmpty(a[0]).EndsWith(StringOrEmpty(a[1]), StringComparison.Ordinal), VerifyStringOrUndefined)),
            ["contains"] = new(2, 2, (c, s) => EvaluateContains(c, s)),
            ["formatNumber"] = new(2, 3, Apply(FormatNumber)),
        };
    }

    // --- How arguments are evaluated -------------------------------------------------------------

    private static List<object?> Arguments(Call call, Scope scope, Verify? verify = null)
    {
        var values = new List<object?>(call.Args.Count);
        foreach (var arg in call.Args)
        {
            var value = scope.Evaluate(arg);
            if (verify?.Invoke(value, arg) is { } error)
            {
                throw new EvaluationException(error);
            }

            values.Add(value);
        }

        return values;
    }

    private static Func<Call, Scope, object?> Apply(Func<List<object?>, object?> body, Verify? verify = null) =>
        (call, scope) => body(Arguments(call, scope, verify));

    private static Func<Call, Scope, object?> Sequence(Func<object?, object?, object?> pair, Verify? verify = null) =>
        Apply(args => args.Skip(1).Aggregate(args[0], pair), verify);

    private static TemplateFunction Numeric(Func<double, double, double> pair, Verify verify) =>
        new(2, Many, Sequence((a, b) => pair((double)a!, (double)b!), verify));

    // Conditions evaluate without null substitution, and a failing argument makes them false, not an error.
    private static TemplateFunction Comparison(int min, int max, Func<List<object?>, bool> test, Verify? verify = null) =>
        new(min, max, (call, scope) =>
        {
            List<object?> args;
            try
            {
                args = Arguments(call, scope.WithoutSubstitution(), verify);
            }
            catch (EvaluationException)
            {
                return false;
            }

            return test(args);
        });

    // --- Verifiers, with the official messages ------------------------------------------------

    private static string? VerifyNumber(object? v, Expr e) => Js.IsNumber(v) ? null : $"{e} is not a number.";

    private static string? VerifyInteger(object? v, Expr e) => Js.IsInteger(v) ? null : $"{e} is not a integer.";

    private static string? VerifyNotNull(object? v, Expr e) => Js.IsNullish(v) ? $"{e} is null." : null;

    private static string? VerifyNumberOrNumericList(object? v, Expr e) => v switch
    {
        _ when Js.IsNumber(v) => null,
        List<object?> list => list.FirstOrDefault(x => !Js.IsNumber(x), Undefined.Value) is var bad and not Undefined ? $"{Js.String(bad)} is not a number in {e}." : null,
        _ => $"{e} is neither a list nor a number.",
    };

    private static string? VerifyNumericList(object? v, Expr e) => v switch
    {
        List<object?> list => list.FirstOrDefault(x => !Js.IsNumber(x), Undefined.Value) is var bad and not Undefined ? $"{Js.String(bad)} is not a number in {e}." : null,
        _ => $"{e} is not a list.",
    };

    // typeof null is "object", so null passes; undefined does not.
    private static string? VerifyContainer(object? v, Expr e) =>
        v is null or string or List<object?> or OrderedDictionary<string, object?> ? null : $"{e} must be a string, list, map or object.";

    private static string? VerifyContainerOrNull(object? v, Expr e) =>
        v is Undefined ? null : VerifyContainer(v, e);

    // Only undefined counts as "null" here: a JSON null is rejected, as in the official engine.
    private static string? VerifyStringOrUndefined(object? v, Expr e) =>
        v is string or Undefined ? null : $"{e} is neither a string nor a null object.";

    private static string? VerifyNumberOrStringOrUndefined(object? v, Expr e) =>
        v is string or Undefined || Js.IsNumber(v) ? null : $"{e} is neither a number nor string";

    // --- Implementations ------------------------------------------------------------------------

    private static string StringOrEmpty(object? v) => v as string ?? "";

    private static object? AddPair(object? a, object? b)
    {
        if ((Js.IsNullish(a) && Js.IsNumber(b)) || (Js.IsNullish(b) && Js.IsNumber(a)))
        {
            throw new EvaluationException("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
        }

        if (Js.IsNumber(a) && Js.IsNumber(b))
        {
            return (double)a! + (double)b!;
        }

        return (Js.IsNullish(a) ? "" : Js.ToJsString(a)) + (Js.IsNullish(b) ? "" : Js.ToJsString(b));
    }

    private static object? EvaluateDivide(Call call, Scope scope)
    {
        var position = 0;
        var args = Arguments(call, scope, (v, e) =>
            VerifyNumber(v, e) ?? (position++ > 0 && (double)v! == 0 ? $"Cannot divide by 0 from {call}" : null));

        // Integers divide to an integer (floored), as in the official engine.
        return args.Skip(1).Aggregate(args[0], (a, b) =>
        {
            var (x, y) = ((double)a!, (double)b!);
            return Js.IsInteger(x) && Js.IsInteger(y) ? Math.Floor(x / y) : x / y;
        });
    }

    private static object? Modulo(List<object?> a) =>
        (double)a[1]! == 0 ? throw new EvaluationException("Cannot mod by 0.") : (double)a[0]! % (double)a[1]!;

    private static int Compare(List<object?> a) => (a[0], a[1]) switch
    {
        (double x, double y) when !double.IsNaN(x) && !double.IsNaN(y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => throw new EvaluationException($"{Js.String(a[0])} and {Js.String(a[1])} must be comparable."),
    };

    private static bool EvaluateAnd(Call call, Scope scope)
    {
        foreach (var arg in call.Args)
        {
            try
            {
                if (!Js.IsLogicTrue(scope.WithoutSubstitution().Evaluate(arg)))
                {
                    return false;
                }
            }
            catch (EvaluationException)
            {
                return false;
            }
        }

        return true;
    }

    // Without a true operand the official "or" returns the last operand's value, not false.
    private static object? EvaluateOr(Call call, Scope scope)
    {
        object? last = false;
        foreach (var arg in call.Args)
        {
            try
            {
                last = scope.WithoutSubstitution().Evaluate(arg);
                if (Js.IsLogicTrue(last))
                {
                    return true;
                }
            }
            catch (EvaluationException)
            {
                last = Undefined.Value;
            }
        }

        return last;
    }

    private static bool EvaluateNot(Call call, Scope scope)
    {
        try
        {
            return !Js.IsLogicTrue(scope.WithoutSubstitution().Evaluate(call.Args[0]));
        }
        catch (EvaluationException)
        {
            return true;
        }
    }

    private static object? EvaluateIf(Call call, Scope scope)
    {
        bool condition;
        try
        {
            condition = Js.IsLogicTrue(scope.WithoutSubstitution().Evaluate(call.Args[0]));
        }
        catch (EvaluationException)
        {
            condition = false;
        }

        return scope.Evaluate(call.Args[condition ? 1 : 2]);
    }

    private static object? EvaluateConcat(Call call, Scope scope)
    {
        var args = Arguments(call, scope);
        return args.Skip(1).Aggregate(args[0], ConcatPair);
    }

    private static object? ConcatPair(object? a, object? b) => (a, b) switch
    {
        _ when Js.IsNullish(a) && Js.IsNullish(b) => Undefined.Value,
        (_, List<object?>) when Js.IsNullish(a) => b,
        (List<object?>, _) when Js.IsNullish(b) => a,
        (List<object?> x, List<object?> y) => x.Concat(y).ToList(),
        _ => Js.CommonStringify(a) + Js.CommonStringify(b),
    };

    private static bool IsEmpty(object? v) => v switch
    {
        null or Undefined => true,
        string s => s.Length == 0,
        List<object?> l => l.Count == 0,
        OrderedDictionary<string, object?> o => o.Count == 0,
        _ => false,
    };

    private static object? Count(List<object?> a) => a[0] switch
    {
        string s => (double)s.Length,
        List<object?> l => (double)l.Count,
        OrderedDictionary<string, object?> o => (double)o.Count,
        _ => throw new EvaluationException("Cannot convert undefined or null to object"),
    };

    // Array.prototype.join: null and undefined items are empty, the separator defaults to ",".
    private static string JsJoin(IEnumerable<object?> items, object? separator) =>
        string.Join(separator is Undefined ? "," : Js.String(separator), items.Select(i => Js.IsNullish(i) ? "" : Js.ToJsString(i)));

    private static object? Join(List<object?> a)
    {
        if (a[0] is not List<object?> list)
        {
            throw new EvaluationException($"{Js.String(a[0])} is not a list.");
        }

        if (a.Count == 2 || list.Count < 3)
        {
            return JsJoin(list, a[^1]);
        }

        return JsJoin(list.Take(list.Count - 1), a[1]) + Js.String(a[2]) + Js.String(list[^1]);
    }

    private static object? ToText(List<object?> a)
    {
        RequireDefaultLocale(a, 2);
        return a[0] switch
        {
            string s => s,
            double d when !double.IsNaN(d) => NumberFormat.Fixed(d, DecimalsOf(d)),
            _ => Js.CommonStringify(a[0]),
        };

        // As many decimals as the number shows, so string() adds grouping but never rounds.
        static int DecimalsOf(double d) =>
            Js.NumberToString(d) is var text && text.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? text.Length - dot - 1 : 0;
    }

    private static object? ToInt(List<object?> a) => a[0] switch
    {
        string s => Js.ParseInt(s) is var n && !double.IsNaN(n) ? n : throw new EvaluationException($"parameter {s} is not a valid number string."),
        double d when !double.IsNaN(d) => Js.ParseInt(Js.NumberToString(d)),
        _ => Undefined.Value,
    };

    private static object? ToFloat(List<object?> a) => a[0] switch
    {
        string s => Js.ParseFloat(s) is var n && !double.IsNaN(n) ? n : throw new EvaluationException($"parameter {s} is not a valid number string."),
        double d when !double.IsNaN(d) => d,
        _ => Undefined.Value,
    };

    private static string EvaluateSubstring(Call call, Scope scope)
    {
        var value = scope.Evaluate(call.Args[0]);
        if (value is Undefined)
        {
            return "";
        }

        if (value is not string s)
        {
            throw new EvaluationException($"{call.Args[0]} is neither a string nor a null object.");
        }

        var start = scope.Evaluate(call.Args[1]);
        if (!Js.IsInteger(start))
        {
            throw new EvaluationException($"{call.Args[1]} is not an integer.");
        }

        var from = (double)start!;
        if (from < 0 || from > s.Length)
        {
            throw new EvaluationException($"{call.Args[1]}={Js.String(start)} which is out of range for {s}");
        }

        var length = s.Length - from;
        if (call.Args.Count == 3)
        {
            var requested = scope.Evaluate(call.Args[2]);
            if (!Js.IsInteger(requested))
            {
                throw new EvaluationException($"{call.Args[2]} is not an integer");
            }

            length = (double)requested!;
            if (length < 0 || from + length > s.Length)
            {
                throw new EvaluationException($"{call.Args[2]}={Js.String(requested)} which is out of range for {s}");
            }
        }

        return s.Substring((int)from, (int)length);
    }

    private static IEnumerable<double> Numbers(List<object?> args) =>
        args.SelectMany(a => a is List<object?> list ? list.Cast<double>() : [(double)a!]);

    // Math.min and Math.max: NaN wins, and -0 is below +0.
    private static double JsMin(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);

    private static double JsMax(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    private static object? Sum(List<object?> a)
    {
        var list = (List<object?>)a[0]!;
        return list.Count == 0
            ? throw new EvaluationException("Reduce of empty array with no initial value")
            : list.Cast<double>().Aggregate((x, y) => x + y);
    }

    // An object iterates as {key, value} pairs; anything else cannot be iterated.
    private static List<object?>? AsList(object? instance) => instance switch
    {
        List<object?> list => list,
        OrderedDictionary<string, object?> obj => [.. obj.Select(kv => (object?)Js.FromPairs([("key", kv.Key), ("value", kv.Value)]))],
        null => throw new EvaluationException("Cannot convert undefined or null to object"),
        _ => null,
    };

    private static List<object?> EvaluateSelect(Call call, Scope scope)
    {
        var instance = scope.Evaluate(call.Args[0]);
        if (!Js.Truthy(instance))
        {
            throw new EvaluationException($"'{call.Args[0]}' evaluated to null.");
        }

        var list = AsList(instance) ?? throw new EvaluationException($"{call.Args[0]} is not a collection or structure object to run Foreach");
        var name = ((Accessor)call.Args[1]).Name;
        return list.Select(item => (scope with { Memory = new LambdaMemory(scope.Memory, name, item) }).Evaluate(call.Args[2])).ToList();
    }

    private static object? EvaluateWhere(Call call, Scope scope)
    {
        var instance = scope.Evaluate(call.Args[0]);
        var list = AsList(instance) ?? throw new EvaluationException($"{call.Args[0]} is not a collection or structure object to run Where");
        var name = ((Accessor)call.Args[1]).Name;
        var kept = list.Where(item =>
        {
            try
            {
                return Js.IsLogicTrue((scope with { Memory = new LambdaMemory(scope.Memory, name, item) }).Evaluate(call.Args[2]));
            }
            catch (EvaluationException)
            {
                return false;
            }
        }).ToList();

        return instance is List<object?>
            ? kept
            : Js.FromPairs(kept.Cast<OrderedDictionary<string, object?>>().Select(kv => (Js.String(kv["key"]), kv["value"])));
    }

    private static object? ParseJson(List<object?> a)
    {
        if (a[0] is not string text)
        {
            throw new EvaluationException($"{Js.String(a[0])} is not a string.");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text.Trim());
            return Js.FromJson(document.RootElement);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new EvaluationException(ex.Message);
        }
    }

    private static double IndexOf(List<object?> a, bool last)
    {
        switch (a[0])
        {
            case null or string:
                if (a[1] is not (Undefined or string))
                {
                    throw new EvaluationException("Can only look for indexof string.");
                }

                var (text, search) = (StringOrEmpty(a[0]), StringOrEmpty(a[1]));
                return (double)(last
                    ? (text.Length == 0 ? (search.Length == 0 ? 0 : -1) : text.LastIndexOf(search, text.Length - 1, StringComparison.Ordinal))
                    : text.IndexOf(search, StringComparison.Ordinal));
            case List<object?> list:
                return (double)(last ? list.FindLastIndex(x => Js.StrictEquals(x, a[1])) : list.FindIndex(x => Js.StrictEquals(x, a[1])));
            default:
                throw new EvaluationException("indexOf works only on string or list.");
        }
    }

    private static object? Replace(List<object?> a)
    {
        var old = StringOrEmpty(a[1]);
        return old.Length == 0
            ? throw new EvaluationException($"{Js.String(a[1])} should be a string with length at least 1")
            : StringOrEmpty(a[0]).Replace(old, StringOrEmpty(a[2]), StringComparison.Ordinal);
    }

    // String.prototype.split: an empty separator splits into UTF-16 units, and "" splits to [] then.
    private static object? Split(List<object?> a)
    {
        var text = StringOrEmpty(a[0]);
        var separator = a.Count > 1 && Js.Truthy(a[1]) ? StringOrEmpty(a[1]) : "";
        return separator.Length == 0
            ? text.Select(c => (object?)c.ToString()).ToList()
            : text.Split(separator).Select(s => (object?)s).ToList();
    }

    private static bool EvaluateContains(Call call, Scope scope)
    {
        List<object?> a;
        try
        {
            a = Arguments(call, scope);
        }
        catch (EvaluationException)
        {
            return false;
        }

        return (a[0], a[1]) switch
        {
            (string s, string part) => s.Contains(part, StringComparison.Ordinal),
            (List<object?> list, _) => list.Any(x => Js.CommonEquals(x, a[1])),
            (_, string key) => Js.AccessProperty(a[0], key) is not Undefined,
            _ => false,
        };
    }

    private static object? FormatNumber(List<object?> a)
    {
        RequireDefaultLocale(a, 3);
        if (!Js.IsNumber(a[0]))
        {
            throw new EvaluationException($"formatNumber first argument {Js.String(a[0])} must be a number");
        }

        if (!Js.IsNumber(a[1]))
        {
            throw new EvaluationException($"formatNumber second argument {Js.String(a[1])} must be a number");
        }

        var (number, precision) = ((double)a[0]!, (double)a[1]!);
        if (!Js.IsInteger(precision) || precision < 0)
        {
            throw new EvaluationException($"invalid format: ,.{Js.NumberToString(precision)}f");
        }

        var scale = Math.Pow(10, precision);
        return NumberFormat.Fixed(NumberFormat.JsRound(number * scale) / scale, (int)precision);
    }

    // The official engine formats with the host's locale; ours is pinned to en-US (and the conformance
    // runs pin the official engine to it too). Other locales are refused rather than silently ignored.
    private static void RequireDefaultLocale(List<object?> a, int localePosition)
    {
        if (a.Count == localePosition && a[^1] is string locale && locale != "en-US")
        {
            throw new TemplateException($"Locale '{locale}' is not supported; only en-US is.");
        }
    }
}

/// <summary>Number layouts of the official engine (d3-format's ",.Nf" with the en-US locale).</summary>
internal static class NumberFormat
{
    /// <summary>Groups thousands with ',', shows <paramref name="decimals"/> decimals, and uses U+2212 for minus, as d3-format does.</summary>
    public static string Fixed(double value, int decimals)
    {
        decimals = Math.Clamp(decimals, 0, 20);
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var text = Math.Abs(value).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            text = double.IsNaN(value) ? "NaN" : "Infinity";
        }

        // A negative number that rounds to zero loses its sign.
        if (negative && text.All(c => c is '0' or '.'))
        {
            negative = false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[dot..];
        if (integer.All(char.IsAsciiDigit))
        {
            for (var i = integer.Length - 3; i > 0; i -= 3)
            {
                integer = integer.Insert(i, ",");
            }
        }

        return (negative ? "\u2212" : "") + integer + fraction;
    }

    /// <summary><c>Math.round</c>: halves go up, towards positive infinity.</summary>
    public static double JsRound(double x)
    {
        var floor = Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor;
    }
}
