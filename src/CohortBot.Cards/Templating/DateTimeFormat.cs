using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CohortBot.Cards.Templating;

/// <summary>
/// <c>formatDateTime</c> as the official engine computes it: the .NET-style format is converted to a
/// Day.js format (adaptive-expressions' datetimeFormatConverter, falling back to the raw format when the
/// conversion fails), and Day.js formats the instant in UTC with English names.
/// </summary>
internal static partial class DateTimeFormat
{
    private const string DefaultFormat = "YYYY-MM-DDTHH:mm:ss.SSS[Z]";

    public static object? FormatDateTime(List<object?> args)
    {
        if (args[0] is not string text)
        {
            throw new EvaluationException($"{Js.String(args[0])} is not a valid datetime string.");
        }

        var instant = ParseTimestamp(text) ?? throw new EvaluationException($"{text} is not a valid datetime string.");
        var format = args.Count switch
        {
            3 when args[1] is string f && args[2] is string => f.Length > 0 ? ConvertOrKeep(f) : DefaultFormat,
            2 when args[1] is string f => ConvertOrKeep(f),
            _ => DefaultFormat,
        };
        return FormatDayJs(instant, format);
    }

    // Strings without an offset are read as UTC: the official engine appends "Z" to them.
    // Accepted: ISO 8601 (date, date and time, optional fraction and offset) and M/D/YYYY [H:mm[:ss]].
    private static DateTime? ParseTimestamp(string text)
    {
        var iso = IsoRegex().Match(text);
        if (iso.Success)
        {
            var (year, month) = (Int(iso, "y"), Int(iso, "mo"));
            var day = Optional(iso, "d") is > 0 and var d ? d : 1;
            if (day > DateTime.DaysInMonth(year, month) || TryBuild(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), iso) is not { } local)
            {
                return null;
            }

            var tz = iso.Groups["tz"].Value;
            return tz is "" or "Z" ? local : local.AddMinutes(-OffsetMinutes(tz));
        }

        var us = UsRegex().Match(text);
        if (us.Success && Int(us, "mo") is >= 1 and <= 12 && Int(us, "d") >= 1 && Int(us, "d") <= DateTime.DaysInMonth(Int(us, "y"), Int(us, "mo")))
        {
            return TryBuild(new DateTime(Int(us, "y"), Int(us, "mo"), Int(us, "d"), 0, 0, 0, DateTimeKind.Utc), us);
        }

        return null;
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
        return date.AddHours(h).AddMinutes(min).AddSeconds(s).AddMilliseconds(ms);
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int Optional(Match m, string group) => m.Groups[group].Success ? Int(m, group) : 0;

    private static int OffsetMinutes(string tz)
    {
        var sign = tz[0] == '-' ? -1 : 1;
        var digits = tz[1..].Replace(":", "", StringComparison.Ordinal);
        return sign * ((int.Parse(digits[..2], CultureInfo.InvariantCulture) * 60) + int.Parse(digits[2..], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>0[1-9]|1[0-2])(-(?<d>0[1-9]|[12]\d|3[01]))?([T ](?<h>\d{2}):(?<mi>\d{2})(:(?<s>\d{2})(\.(?<f>\d+))?)?)?(?<tz>Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoRegex();

    [GeneratedRegex(@"^(?<mo>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4})( (?<h>\d{1,2}):(?<mi>\d{2})(:(?<s>\d{2}))?)?$")]
    private static partial Regex UsRegex();

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
    internal static string FormatDayJs(DateTime t, string format)
    {
        if (format.Length == 0)
        {
            format = "YYYY-MM-DDTHH:mm:ss[Z]";
        }

        var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return DayJsToken().Replace(format, m => m.Groups[1].Success ? m.Groups[1].Value : m.Value switch
        {
            "YY" => (t.Year % 100).ToString("00", CultureInfo.InvariantCulture),
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
            "Z" => "+00:00",
            _ => "+0000",
        });

        static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
        static string Pad(int n) => n.ToString("00", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\[([^\]]+)]|YYYY|YY|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS")]
    private static partial Regex DayJsToken();
}
