using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CohortBot.Cards.Templating;

/// <summary>
/// Timestamps as the official engine reads and writes them. It reads with JavaScript's <c>Date</c> (lenient),
/// with its own "ISO" check (the string must be exactly what <c>toISOString</c> prints), or with Day.js; it writes
/// with Day.js, after converting the .NET-style format to a Day.js one (adaptive-expressions' datetimeFormatConverter,
/// falling back to the raw format when the conversion fails), always with English names: the official engine asks
/// Day.js for the locale it is given, but loads none but English.
/// </summary>
/// <remarks>
/// Instants are <see cref="DateTime"/> values in UTC with millisecond precision, as JavaScript dates are. JavaScript
/// reaches further (years before 1 and after 9999); such dates are refused here with an error.
/// </remarks>
internal static partial class DateTimeFormat
{
    /// <summary>FunctionUtils.DefaultDateTimeFormat.</summary>
    public const string DefaultFormat = "YYYY-MM-DDTHH:mm:ss.SSS[Z]";

    private const double MinEpochMs = -62135596800000d;
    private const double MaxEpochMs = 253402300799999d;

    public static object? FormatDateTime(List<object?> args)
    {
        if (args[0] is not string text)
        {
            throw new EvaluationException($"{Js.String(args[0])} is not a valid datetime string.");
        }

        var instant = ParseJsDate(text) ?? throw new EvaluationException($"{text} is not a valid datetime string.");
        return FormatDayJs(instant, ResolveFormat(args, 3, DefaultFormat));
    }

    /// <summary>
    /// FunctionUtils.determineFormatAndLocale without the locale (Day.js has only English here): with all
    /// <paramref name="maxArgs"/> arguments the last two are format and locale; with one fewer the last is the format.
    /// </summary>
    public static string ResolveFormat(List<object?> args, int maxArgs, string format)
    {
        if (args.Count == maxArgs && args[^1] is string && args[^2] is string f)
        {
            return f.Length > 0 ? ConvertOrKeep(f) : DefaultFormat;
        }

        if (args.Count == maxArgs - 1 && args[^1] is string g)
        {
            return g.Length > 0 ? ConvertOrKeep(g) : DefaultFormat;
        }

        return format;
    }

    // --- Reading ----------------------------------------------------------------------------------

    /// <summary>
    /// InternalFunctionUtils.verifyISOTimestamp: the value must be a string that <c>toISOString</c> would print
    /// back unchanged (<c>2018-03-15T12:00:00.000Z</c>). Returns the official error text, or null.
    /// </summary>
    public static string? VerifyIso(object? value, out DateTime instant)
    {
        instant = default;
        if (value is string text && IsoStrictRegex().Match(text) is { Success: true } m)
        {
            var (year, month, day) = (Int(m, "y"), Int(m, "mo"), Int(m, "d"));
            var (h, min, s, ms) = (Int(m, "h"), Int(m, "mi"), Int(m, "s"), Int(m, "f"));
            if (year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && h < 24 && min < 60 && s < 60)
            {
                instant = new DateTime(year, month, day, h, min, s, ms, DateTimeKind.Utc);
                return null;
            }
        }

        // Date accepts much more than it prints; what it accepts is "not ISO", the rest "not valid".
        var readable = value switch
        {
            string s => ParseJsDate(s) is not null,
            double d => double.IsFinite(d),
            _ => false,
        };
        return readable
            ? $"{Js.String(value)} is not a ISO format datetime string."
            : $"{Js.String(value)} is not a valid datetime string.";
    }

    /// <summary>
    /// <c>new Date(text)</c> for the strings people write: ISO 8601 (date, date and time, optional fraction and
    /// offset; without an offset read as UTC, the time zone the engine runs in) and M/D/YYYY [H:mm[:ss]].
    /// V8's other lenient forms ("March 15, 2018") are not reproduced and read as invalid.
    /// </summary>
    public static DateTime? ParseJsDate(string text)
    {
        var iso = IsoRegex().Match(text);
        if (iso.Success)
        {
            var (year, month) = (Int(iso, "y"), Int(iso, "mo"));
            var day = Optional(iso, "d") is > 0 and var d ? d : 1;
            if (year < 1 || day > DateTime.DaysInMonth(year, month) || TryBuild(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), iso) is not { } local)
            {
                return null;
            }

            var tz = iso.Groups["tz"].Value;
            return tz is "" or "Z" ? local : Shift(local, -OffsetMinutes(tz));
        }

        var us = UsRegex().Match(text);
        if (us.Success && Int(us, "y") >= 1 && Int(us, "mo") is >= 1 and <= 12 && Int(us, "d") >= 1 && Int(us, "d") <= DateTime.DaysInMonth(Int(us, "y"), Int(us, "mo")))
        {
            return TryBuild(new DateTime(Int(us, "y"), Int(us, "mo"), Int(us, "d"), 0, 0, 0, DateTimeKind.Utc), us);
        }

        return null;
    }

    /// <summary>
    /// <c>dayjs(text)</c>: a string not ending in Z that fits Day.js' own pattern is read field by field (a
    /// fraction gives milliseconds from its first three digits as written, so ".5" is 5 ms; fields overflow as
    /// in <c>Date.UTC</c>); anything else goes to <c>new Date</c>.
    /// </summary>
    public static DateTime? ParseDayJs(string text)
    {
        if (!text.EndsWith('Z') && !text.EndsWith('z') && DayJsParseRegex().Match(text) is { Success: true } m)
        {
            var year = Int(m, "y");
            var month = m.Groups["mo"].Value is { Length: > 0 } mo ? int.Parse(mo, CultureInfo.InvariantCulture) - 1 : 0;
            var day = m.Groups["d"].Value is { Length: > 0 } dd ? int.Parse(dd, CultureInfo.InvariantCulture) : 1;
            var fraction = m.Groups["f"].Value;
            var ms = fraction.Length == 0 ? 0 : int.Parse(fraction[..Math.Min(3, fraction.Length)], CultureInfo.InvariantCulture);
            var monthStart = (year * 12) + month;
            if (monthStart < 12 || monthStart >= 12 * 10000)
            {
                return null;
            }

            var first = new DateTime(monthStart / 12, (monthStart % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var epochMs = EpochMs(first) + ((day - 1) * 86400000d) + (Optional(m, "h") * 3600000d) + (Optional(m, "mi") * 60000d) + (Optional(m, "s") * 1000d) + ms;
            return FromEpochMsOrNull(epochMs);
        }

        return ParseJsDate(text);
    }

    private static DateTime? TryBuild(DateTime date, Match m)
    {
        var (h, min, s) = (Optional(m, "h"), Optional(m, "mi"), Optional(m, "s"));
        if (h > 24 || min > 59 || s > 59 || (h == 24 && (min > 0 || s > 0)))
        {
            return null;
        }

        var fraction = m.Groups["f"].Value;
        var ms = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(3, '0')[..3], CultureInfo.InvariantCulture);
        return FromEpochMsOrNull(EpochMs(date) + (h * 3600000d) + (min * 60000d) + (s * 1000d) + ms);
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int Optional(Match m, string group) => m.Groups[group].Success && m.Groups[group].Length > 0 ? Int(m, group) : 0;

    private static int OffsetMinutes(string tz)
    {
        var sign = tz[0] == '-' ? -1 : 1;
        var digits = tz[1..].Replace(":", "", StringComparison.Ordinal);
        return sign * ((int.Parse(digits[..2], CultureInfo.InvariantCulture) * 60) + int.Parse(digits[2..], CultureInfo.InvariantCulture));
    }

    private static DateTime? Shift(DateTime t, int minutes) => FromEpochMsOrNull(EpochMs(t) + (minutes * 60000d));

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})T(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})\.(?<f>[0-9]{3})Z\z")]
    private static partial Regex IsoStrictRegex();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>0[1-9]|1[0-2])(-(?<d>0[1-9]|[12][0-9]|3[01]))?([T ](?<h>[0-9]{2}):(?<mi>[0-9]{2})(:(?<s>[0-9]{2})(\.(?<f>[0-9]+))?)?)?(?<tz>Z|[+-][0-9]{2}:?[0-9]{2})?\z")]
    private static partial Regex IsoRegex();

    [GeneratedRegex(@"^(?<mo>[0-9]{1,2})/(?<d>[0-9]{1,2})/(?<y>[0-9]{4})( (?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(:(?<s>[0-9]{2}))?)?\z")]
    private static partial Regex UsRegex();

    // Day.js' REGEX_PARSE.
    [GeneratedRegex(@"^(?<y>[0-9]{4})[-/]?(?<mo>[0-9]{1,2})?[-/]?(?<d>[0-9]{0,2})[Tt\s]*(?<h>[0-9]{1,2})?:?(?<mi>[0-9]{1,2})?:?(?<s>[0-9]{1,2})?[.:]?(?<f>[0-9]+)?\z")]
    private static partial Regex DayJsParseRegex();

    // --- Instants as epoch milliseconds ---------------------------------------------------------

    public static double EpochMs(DateTime t) => (t - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>A JavaScript time value (truncated to whole milliseconds, as TimeClip does) as an instant.</summary>
    public static DateTime FromEpochMs(double ms) =>
        FromEpochMsOrNull(ms) ?? throw new EvaluationException($"The date {Js.NumberToString(ms)} ms from 1970 is outside the years 1 to 9999 this engine supports.");

    private static DateTime? FromEpochMsOrNull(double ms)
    {
        ms = Math.Truncate(ms);
        return double.IsFinite(ms) && ms >= MinEpochMs && ms <= MaxEpochMs
            ? DateTime.UnixEpoch.AddTicks((long)ms * TimeSpan.TicksPerMillisecond)
            : null;
    }

    // --- Writing -----------------------------------------------------------------------------------

    private static string ConvertOrKeep(string format)
    {
        try
        {
            return ConvertToDayJs(format);
        }
        catch (FormatException)
        {
            // The official engine swallows the conversion error and hands Day.js the raw format.
            return format;
        }
    }

    /// <summary>adaptive-expressions' convertCSharpDateTimeToDayjs: letters are read in runs, like its state machine.</summary>
    internal static string ConvertToDayJs(string format)
    {
        if (format.Length == 1)
        {
            format = format switch
            {
                "R" or "r" or "U" or "u" => throw new FormatException($"Format '{format}' is not supported in Day.js."),
                "O" or "o" => "YYYY-MM-DDTHH:mm:ss.SSS0000Z",
                _ => format,
            };
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if ("dfFghHmMstyz".Contains(c, StringComparison.Ordinal))
            {
                var run = 1;
                while (i + run < format.Length && format[i + run] == c)
                {
                    run++;
                }

                sb.Append(Token(c, run));
                i += run;
                continue;
            }

            i++;
            switch (c)
            {
                case 'K':
                    sb.Append('Z');
                    break;
                case '%':
                    break;
                case '\'' or '`':
                    // Literal text is copied without brackets, so Day.js still reads tokens in it.
                    var close = format.IndexOf(c, i);
                    if (close < 0)
                    {
                        throw new FormatException("Invalid Format String");
                    }

                    sb.Append(format, i, close - i);
                    i = close + 1;
                    break;
                case '\\':
                    if (i >= format.Length)
                    {
                        throw new FormatException("Invalid Format String");
                    }

                    sb.Append(format[i++]);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static string Token(char c, int run) => c switch
    {
        'd' => run switch { 1 => "D", 2 => "DD", 3 => "ddd", _ => "dddd" },
        'f' or 'F' => run >= 3 ? "SSS" : throw new FormatException("S and SS are not supported in Day.js."),
        'g' => throw new FormatException("Era not supported in Day.js"),
        'h' => run == 1 ? "h" : "hh",
        'H' => run == 1 ? "H" : "HH",
        'm' => run == 1 ? "m" : "mm",
        'M' => run switch { 1 => "M", 2 => "MM", 3 => "MMM", _ => "MMMM" },
        's' => run == 1 ? "s" : "ss",
        't' => "A",
        'y' => run <= 2 ? "YY" : "YYYY",
        'z' => run <= 2 ? "ZZ" : "Z",
        _ => throw new InvalidOperationException($"Unexpected format letter {c}."),
    };

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>Day.js <c>format</c> of a UTC instant with the English locale.</summary>
    internal static string FormatDayJs(DateTime t, string format) => FormatDayJs(t, 0, format);

    /// <summary>
    /// Day.js <c>format</c> with the English locale of the wall-clock time <paramref name="t"/> at
    /// <paramref name="offsetMinutes"/> from UTC (what the Z and ZZ tokens print).
    /// </summary>
    internal static string FormatDayJs(DateTime t, int offsetMinutes, string format)
    {
        if (format.Length == 0)
        {
            // Day.js' default; its utc plugin writes a literal Z instead of the offset when the offset is zero.
            format = offsetMinutes == 0 ? "YYYY-MM-DDTHH:mm:ss[Z]" : "YYYY-MM-DDTHH:mm:ssZ";
        }

        var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        var zone = (offsetMinutes >= 0 ? "+" : "-") + Pad(Math.Abs(offsetMinutes) / 60) + ":" + Pad(Math.Abs(offsetMinutes) % 60);
        return DayJsToken().Replace(format, m => m.Groups[1].Success ? m.Groups[1].Value : m.Value switch
        {
            // String(year).slice(-2): no padding, so the year 5 is "5".
            "YY" => t.Year.ToString(CultureInfo.InvariantCulture) is var y && y.Length > 2 ? y[^2..] : y,
            "YYYY" => t.Year.ToString("0000", CultureInfo.InvariantCulture),
            "M" => Num(t.Month),
            "MM" => Pad(t.Month),
            "MMM" => Months[t.Month - 1][..3],
            "MMMM" => Months[t.Month - 1],
            "D" => Num(t.Day),
            "DD" => Pad(t.Day),
            "d" => Num((int)t.DayOfWeek),
            "dd" => Weekdays[(int)t.DayOfWeek][..2],
            "ddd" => Weekdays[(int)t.DayOfWeek][..3],
            "dddd" => Weekdays[(int)t.DayOfWeek],
            "H" => Num(t.Hour),
            "HH" => Pad(t.Hour),
            "h" => Num(hour12),
            "hh" => Pad(hour12),
            "a" => t.Hour < 12 ? "am" : "pm",
            "A" => t.Hour < 12 ? "AM" : "PM",
            "m" => Num(t.Minute),
            "mm" => Pad(t.Minute),
            "s" => Num(t.Second),
            "ss" => Pad(t.Second),
            "SSS" => t.Millisecond.ToString("000", CultureInfo.InvariantCulture),
            "Z" => zone,
            _ => zone.Replace(":", "", StringComparison.Ordinal),
        });

        static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
    }

    private static string Pad(int n) => n.ToString("00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[([^\]]+)]|YYYY|YY|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS")]
    private static partial Regex DayJsToken();
}
