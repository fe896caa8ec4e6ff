using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CohortBot.Cards.Templating;

/// <summary>JavaScript's <c>undefined</c>: the official engine tells it apart from <c>null</c> (a missing key vs a null one).</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }

    public override string ToString() => "undefined";
}

/// <summary>
/// A big-integer object (npm big-integer), the official engine's result of <c>ticks</c>: ticks since 0001-01-01
/// pass 2^53, so a double would lose them. It prints as its digits and is written to JSON as a string (its toJSON).
/// </summary>
internal sealed record JsBigInteger(System.Numerics.BigInteger Value)
{
    /// <summary><c>toJSNumber()</c>: the nearest double. BigInteger's own conversion truncates; parsing the digits rounds.</summary>
    public double ToDouble() => double.Parse(ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The engine's runtime values mirror JavaScript's so that results match the official engine:
/// null, <see cref="Undefined"/>, bool, double, string, <c>List&lt;object?&gt;</c> (array) and
/// <c>OrderedDictionary&lt;string, object?&gt;</c> (object, key order kept as JavaScript does).
/// </summary>
internal static partial class Js
{
    public static bool IsNullish(object? v) => v is null or Undefined;

    public static bool IsNumber(object? v) => v is double d && !double.IsNaN(d);

    public static bool IsInteger(object? v) => v is double d && double.IsFinite(d) && Math.Floor(d) == d;

    /// <summary>JavaScript truthiness (<c>!!v</c>).</summary>
    public static bool Truthy(object? v) => v switch
    {
        null or Undefined => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>Adaptive Expressions' notion of a true condition: booleans as they are, null false, anything else true.</summary>
    public static bool IsLogicTrue(object? v) => v switch
    {
        bool b => b,
        null or Undefined => false,
        _ => true,
    };

    /// <summary><c>String(v)</c>.</summary>
    public static string String(object? v) => v switch
    {
        null => "null",
        Undefined => "undefined",
        _ => ToJsString(v),
    };

    /// <summary><c>v.toString()</c>, which throws on null and undefined as it does in JavaScript.</summary>
    public static string ToJsString(object? v) => v switch
    {
        null or Undefined => throw new EvaluationException($"Cannot read properties of {String(v)} (reading 'toString')"),
        string s => s,
        bool b => b ? "true" : "false",
        double d => NumberToString(d),
        List<object?> list => string.Join(",", list.Select(item => IsNullish(item) ? "" : ToJsString(item))),
        OrderedDictionary<string, object?> => "[object Object]",
        JsBigInteger big => big.ToString(),
        _ => v.ToString() ?? "",
    };

    /// <summary><c>Number.prototype.toString()</c>: shortest round-trip digits, laid out as ECMAScript specifies.</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (d == 0)
        {
            return "0";
        }

        if (d < 0)
        {
            return "-" + NumberToString(-d);
        }

        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = intPart + (dot < 0 ? "" : mantissa[(dot + 1)..]);
        var n = intPart.Length + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leading;
        var k = digits.Length;

        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var exp = n - 1;
        var expText = (exp >= 0 ? "+" : "-") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? digits + "e" + expText : digits[..1] + "." + digits[1..] + "e" + expText;
    }

    /// <summary><c>parseInt(s, 10)</c>; NaN when no digits lead the string.</summary>
    public static double ParseInt(string s)
    {
        var m = ParseIntRegex().Match(s);
        return m.Success ? double.Parse(m.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary><c>parseFloat(s)</c>; NaN when no number leads the string.</summary>
    public static double ParseFloat(string s)
    {
        var m = ParseFloatRegex().Match(s);
        if (!m.Success)
        {
            return double.NaN;
        }

        var text = m.Value;
        if (text.EndsWith("Infinity", StringComparison.Ordinal))
        {
            return text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?<=^[\s\uFEFF]*)[+-]?[0-9]+")]
    private static partial Regex ParseIntRegex();

    [GeneratedRegex(@"(?<=^[\s\uFEFF]*)[+-]?(Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)")]
    private static partial Regex ParseFloatRegex();

    /// <summary><c>JSON.stringify(v)</c>, with JavaScript's number layout and escaping.</summary>
    public static string Stringify(object? v)
    {
        var sb = new StringBuilder();
        Write(sb, v);
        return sb.ToString();

        static void Write(StringBuilder sb, object? v)
        {
            switch (v)
            {
                case null or Undefined:
                    sb.Append("null");
                    break;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    break;
                case double d:
                    sb.Append(double.IsFinite(d) ? NumberToString(d) : "null");
                    break;
                case string s:
                    Quote(sb, s);
                    break;
                case List<object?> list:
                    sb.Append('[');
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(',');
                        }

                        Write(sb, list[i]);
                    }

                    sb.Append(']');
                    break;
                case OrderedDictionary<string, object?> obj:
                    sb.Append('{');
                    var first = true;
                    foreach (var (key, value) in obj)
                    {
                        if (value is Undefined)
                        {
                            continue;
                        }

                        if (!first)
                        {
                            sb.Append(',');
                        }

                        first = false;
                        Quote(sb, key);
                        sb.Append(':');
                        Write(sb, value);
                    }

                    sb.Append('}');
                    break;
                default:
                    Quote(sb, v.ToString() ?? "");
                    break;
            }
        }

        static void Quote(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                    default: sb.Append(c); break;
                }
            }

            sb.Append('"');
        }
    }

    /// <summary>Adaptive Expressions' <c>commonStringify</c>: JSON for objects (outer quotes stripped), text otherwise.</summary>
    public static string CommonStringify(object? v) => v switch
    {
        null or Undefined => "",
        List<object?> or OrderedDictionary<string, object?> => Stringify(v).TrimStart('\'', '"').TrimEnd('\'', '"'),
        _ => ToJsString(v),
    };

    /// <summary><c>===</c>.</summary>
    public static bool StrictEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (Undefined, Undefined) => true,
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        _ => ReferenceEquals(a, b),
    };

    // lodash isEqual compares two big-integer objects by their fields, so equal values are equal.
    private static bool BigIntegersEqual(object? a, object? b) => a is JsBigInteger x && b is JsBigInteger y && x.Value == y.Value;

    // Number.EPSILON; .NET's double.Epsilon is the smallest subnormal instead.
    private const double JsEpsilon = 2.220446049250313E-16;

    /// <summary>Adaptive Expressions' <c>commonEquals</c>, behind <c>==</c> and <c>equals</c>.</summary>
    public static bool CommonEquals(object? a, object? b)
    {
        if (IsNullish(a) || IsNullish(b))
        {
            return IsNullish(a) && IsNullish(b);
        }

        if (a is List<object?> la && b is List<object?> lb)
        {
            return la.Count == lb.Count && la.Zip(lb).All(p => CommonEquals(p.First, p.Second));
        }

        if (a is OrderedDictionary<string, object?> && b is OrderedDictionary<string, object?>)
        {
            return DeepEquals(a, b);
        }

        if (BigIntegersEqual(a, b))
        {
            return true;
        }

        if (a is double x && b is double y && Math.Abs(x - y) < JsEpsilon)
        {
            return true;
        }

        return StrictEquals(a, b);
    }

    // lodash isEqual, which commonEquals uses for objects: structural, NaN equal to itself.
    private static bool DeepEquals(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x == y || (double.IsNaN(x) && double.IsNaN(y)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => DeepEquals(p.First, p.Second)),
        (OrderedDictionary<string, object?> x, OrderedDictionary<string, object?> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var other) && DeepEquals(kv.Value, other)),
        _ => BigIntegersEqual(a, b) || StrictEquals(a, b),
    };

    /// <summary>Property lookup as Adaptive Expressions does it: case-insensitive, first matching key wins.</summary>
    public static object? AccessProperty(object? instance, string property)
    {
        if (!Truthy(instance))
        {
            return Undefined.Value;
        }

        var wanted = property.ToLowerInvariant();
        switch (instance)
        {
            case OrderedDictionary<string, object?> obj:
                foreach (var (key, value) in obj)
                {
                    if (string.Equals(key.ToLowerInvariant(), wanted, StringComparison.Ordinal))
                    {
                        return value;
                    }
                }

                return Undefined.Value;
            case List<object?> list when IsCanonicalIndex(property, list.Count, out var i):
                return list[i];
            case string s when IsCanonicalIndex(property, s.Length, out var i):
                return s[i].ToString();
            default:
                return Undefined.Value;
        }
    }

    // Object.keys of an array or string are its indices written without leading zeros.
    private static bool IsCanonicalIndex(string key, int count, out int index) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index < count
        && index.ToString(CultureInfo.InvariantCulture) == key;

    /// <summary>Index lookup; out of range or not a list is an error, a missing instance is undefined.</summary>
    public static object? AccessIndex(object? instance, double index)
    {
        if (IsNullish(instance))
        {
            return Undefined.Value;
        }

        if (instance is not List<object?> list)
        {
            throw new EvaluationException($"{ToJsString(instance)} is not a collection.");
        }

        if (index < 0 || index >= list.Count)
        {
            throw new EvaluationException($"{NumberToString(index)} is out of range for {ToJsString(list)}");
        }

        return list[(int)index];
    }

    /// <summary>Adaptive Expressions' <c>SimpleObjectMemory.getValue</c>: walks a dotted, bracketed path; undefined on any miss.</summary>
    public static object? ResolvePath(object? scope, string path)
    {
        if (scope is Undefined || path.Length == 0)
        {
            return Undefined.Value;
        }

        object? value = Undefined.Value;
        var current = scope;
        foreach (var raw in PathSeparator().Split(path))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            var part = raw.Length >= 2 && ((raw[0] == '"' && raw[^1] == '"') || (raw[0] == '\'' && raw[^1] == '\''))
                ? raw[1..^1]
                : raw;
            var index = ParseInt(part);
            if (!double.IsNaN(index) && current is List<object?> list)
            {
                if (index < 0 || index >= list.Count)
                {
                    return Undefined.Value;
                }

                value = list[(int)index];
            }
            else
            {
                value = AccessProperty(current, part);
            }

            current = value;
        }

        return value;
    }

    [GeneratedRegex(@"[.\[\]]+")]
    private static partial Regex PathSeparator();

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => FromJsonObject(obj),
        JsonArray array => array.Select(FromJson).ToList(),
        // Parsed JSON holds JsonElements; nodes built in code hold strings, numbers and booleans.
        JsonValue value => FromJson(value.TryGetValue<JsonElement>(out var element) ? element : JsonSerializer.SerializeToElement(value)),
        _ => throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}.", nameof(node)),
    };

    // A parsed object with a repeated key (JSON.parse allows it, and Microsoft's ExpenseReport sample has one) cannot
    // be enumerated as nodes; its text still can be read, keeping the last value as JSON.parse does.
    private static OrderedDictionary<string, object?> FromJsonObject(JsonObject obj)
    {
        try
        {
            return FromPairs(obj.Select(p => (p.Key, FromJson(p.Value))));
        }
        catch (ArgumentException)
        {
            using var document = JsonDocument.Parse(obj.ToJsonString());
            return (OrderedDictionary<string, object?>)FromJson(document.RootElement)!;
        }
    }

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromPairs(element.EnumerateObject().Select(p => (p.Name, FromJson(p.Value)))),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    // Like JSON.parse, a repeated key keeps its first position and its last value.
    public static OrderedDictionary<string, object?> FromPairs(IEnumerable<(string Key, object? Value)> pairs)
    {
        var obj = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            obj[key] = value;
        }

        return obj;
    }

    /// <summary>Converts a runtime value to JSON the way <c>JSON.stringify</c> would.</summary>
    public static JsonNode? ToJson(object? v) => v switch
    {
        null or Undefined => null,
        bool b => JsonValue.Create(b),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        string s => JsonValue.Create(s),
        List<object?> list => new JsonArray([.. list.Select(ToJson)]),
        OrderedDictionary<string, object?> obj => ToJsonObject(obj),
        TemplateString t => JsonValue.Create(t.Text),
        JsBigInteger big => JsonValue.Create(big.ToString()),
        _ => JsonValue.Create(v.ToString()),
    };

    private static JsonObject ToJsonObject(OrderedDictionary<string, object?> obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (value is not Undefined)
            {
                result[key] = ToJson(value);
            }
        }

        return result;
    }
}
