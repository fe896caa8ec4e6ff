using System.Numerics;

namespace CohortBot.Cards.Templating;

/// <summary>
/// The date and time functions of adaptive-expressions 4.23.3, each after its source (lib/builtinFunctions),
/// including what it does with odd input: <c>addDays</c> truncates the sum of day and count as
/// <c>Date.setDate</c> does, <c>addToTime</c> with an unknown unit adds milliseconds, <c>convertToUTC</c> drops
/// the milliseconds. The engine's local time is UTC (the official engine uses the host's zone, and the conformance
/// runs pin it to UTC). What reads the clock (<c>utcNow</c>, <c>getFutureTime</c>, <c>getPastTime</c>, the
/// <c>get…ViableDate</c> and <c>get…ViableTime</c> functions, and <c>convertToUTC</c> in a daylight saving gap or
/// overlap) reads the scope's, so tests can fix it.
/// </summary>
/// <remarks>
/// <c>timexResolve</c> has a class in the package but is not in its function table, so the official engine
/// refuses it, and so does this one.
/// </remarks>
internal static partial class Functions
{
    private const ReturnType S = ReturnType.String;
    private const ReturnType N = ReturnType.Number;

    // InternalFunctionUtils.UnixMilliSecondToTicksConstant: ticks (100 ns since 0001-01-01) at 1970-01-01.
    private static readonly BigInteger UnixEpochTicks = BigInteger.Parse("621355968000000000", System.Globalization.CultureInfo.InvariantCulture);

    // ConvertFromUTC.NoneUtcDefaultDateTimeFormat.
    private const string LocalDefaultFormat = "YYYY-MM-DDTHH:mm:ss.SSS0000";

    private static Dictionary<string, TemplateFunction> AddDateFunctions(Dictionary<string, TemplateFunction> table)
    {
        TemplateFunction Transform(Func<DateTime, double, double> shift) =>
            new(2, 4, WithCall((call, a) => TimeTransform(call, a, shift)), Returns: S, ArgTypes: [S, N, S, S]);

        TemplateFunction OnIsoString(Func<DateTime, object?> body, ReturnType returns) =>
            new(1, 1, Apply(a => body(Iso(a[0])), VerifyString), Returns: returns, ArgTypes: [S]);

        TemplateFunction StartOf(Func<DateTime, DateTime> start) =>
            new(1, 3, WithCall((call, a) => a[0] is string
                ? DateTimeFormat.FormatDayJs(start(Iso(a[0])), DateTimeFormat.ResolveFormat(a, 3, DateTimeFormat.DefaultFormat))
                : throw new EvaluationException($"{call} should contain an ISO format timestamp and an optional output format string.")), Returns: S, ArgTypes: [S, S, S]);

        TemplateFunction TicksTo(double ticksPerUnit) =>
            new(1, 1, WithCall((call, a) => a[0] switch
            {
                _ when Js.IsInteger(a[0]) => (double)a[0]! / ticksPerUnit,
                JsBigInteger big => big.ToDouble() / ticksPerUnit,
                _ => throw new EvaluationException($"{call} should contain an integer of ticks"),
            }), Returns: N, ArgTypes: [N]);

        TemplateFunction Timex(Func<IReadOnlyDictionary<string, object?>, bool> test) =>
            new(1, 1, Apply(a => IsTimex(a[0], test)), Returns: ReturnType.Boolean);

        var dates = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
        {
            ["formatDateTime"] = new(1, 3, Apply(DateTimeFormat.FormatDateTime), Returns: S, ArgTypes: [S, S, S]),
            ["formatEpoch"] = new(1, 3, Apply(FormatEpoch), Returns: S, ArgTypes: [N, S, S]),
            ["formatTicks"] = new(1, 3, Apply(FormatTicks), Returns: S, ArgTypes: [N, S, S]),
            ["addDays"] = Transform((t, n) => Ms(new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc)) + ((Math.Truncate(t.Day + n) - 1) * 86400000) + t.TimeOfDay.TotalMilliseconds),
            ["addHours"] = Transform((t, n) => Ms(t.Date) + (Math.Truncate(t.Hour + n) * 3600000) + (t.Minute * 60000) + (t.Second * 1000) + t.Millisecond),
            ["addMinutes"] = Transform((t, n) => Ms(t.Date) + (t.Hour * 3600000) + (Math.Truncate(t.Minute + n) * 60000) + (t.Second * 1000) + t.Millisecond),
            ["addSeconds"] = Transform((t, n) => Ms(t.Date) + (t.Hour * 3600000) + (t.Minute * 60000) + (Math.Truncate(t.Second + n) * 1000) + t.Millisecond),
            ["addToTime"] = new(3, 5, WithCall(AddToTime), Returns: S, ArgTypes: [S, N, S, S, S]),
            ["subtractFromTime"] = new(3, 5, WithCall(SubtractFromTime), Returns: S, ArgTypes: [S, N, S, S, S]),
            ["getFutureTime"] = new(2, 4, (call, scope) => RelativeToNow(call, scope, +1), Returns: S, ArgTypes: [N, S, S, S]),
            ["getPastTime"] = new(2, 4, (call, scope) => RelativeToNow(call, scope, -1), Returns: S, ArgTypes: [N, S, S, S]),
            ["utcNow"] = new(0, 2, (call, scope) => DateTimeFormat.FormatDayJs(
                scope.UtcNow(), DateTimeFormat.ResolveFormat(Arguments(call, scope), 2, DateTimeFormat.DefaultFormat)), Returns: S, ArgTypes: [S, S]),
            ["startOfDay"] = StartOf(t => t.Date),
            ["startOfHour"] = StartOf(t => t.Date.AddHours(t.Hour)),
            ["startOfMonth"] = StartOf(t => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc)),
            ["dayOfMonth"] = OnIsoString(t => (double)t.Day, N),
            ["dayOfWeek"] = OnIsoString(t => (double)(int)t.DayOfWeek, N),
            ["dayOfYear"] = OnIsoString(t => (double)t.DayOfYear, N),
            ["month"] = OnIsoString(t => (double)t.Month, N),
            ["year"] = OnIsoString(t => (double)t.Year, N),
            ["date"] = OnIsoString(t => DateTimeFormat.FormatDayJs(t, "M/DD/YYYY"), S),
            ["getTimeOfDay"] = new(1, 1, Apply(GetTimeOfDay, VerifyString), Returns: S, ArgTypes: [S]),
            ["ticks"] = new(1, 1, WithCall((call, a) => a[0] is string
                ? new JsBigInteger(UnixEpochTicks + ((BigInteger)(long)Ms(Iso(a[0])) * TimeSpan.TicksPerMillisecond))
                : throw new EvaluationException($"{call} should contain an ISO format timestamp.")), Returns: N, ArgTypes: [S]),
            ["ticksToDays"] = TicksTo(TimeSpan.TicksPerDay),
            ["ticksToHours"] = TicksTo(TimeSpan.TicksPerHour),
            ["ticksToMinutes"] = TicksTo(TimeSpan.TicksPerMinute),
            ["dateTimeDiff"] = new(2, 2, Apply(a => (Ms(Iso(a[0])) - Ms(Iso(a[1]))) * TimeSpan.TicksPerMillisecond), Returns: N, ArgTypes: [S, S]),
            ["convertFromUTC"] = new(2, 4, WithCall((call, a) => ConvertFromUtc(call, a)), Returns: S, ArgTypes: [S, S, S, S]),
            ["convertToUTC"] = new(2, 4, (call, scope) => ConvertToUtc(call, Arguments(call, scope), scope.UtcNow()), Returns: S, ArgTypes: [S, S, S, S]),
            ["isDateTime"] = new(1, 1, Apply(a => a[0] is string && DateTimeFormat.VerifyIso(a[0], out _) is null), Returns: ReturnType.Boolean),
            ["isDate"] = Timex(p => (p.ContainsKey("month") && p.ContainsKey("dayOfMonth")) || p.ContainsKey("dayOfWeek")),
            ["isTime"] = Timex(p => p.ContainsKey("hour") && p.ContainsKey("minute") && p.ContainsKey("second")),
            ["isDuration"] = Timex(p => ((string[])["years", "months", "weeks", "days", "hours", "minutes", "seconds"]).Any(p.ContainsKey)),
            ["isDateRange"] = Timex(p =>
                (p.ContainsKey("year") && !p.ContainsKey("dayOfMonth"))
                || (p.ContainsKey("month") && !p.ContainsKey("dayOfMonth"))
                || p.ContainsKey("season") || p.ContainsKey("weekOfYear") || p.ContainsKey("weekOfMonth")),
            ["isTimeRange"] = Timex(p => p.ContainsKey("partOfDay")),
            ["isDefinite"] = Timex(p => p.ContainsKey("year") && p.ContainsKey("month") && p.ContainsKey("dayOfMonth")),
            ["isPresent"] = Timex(p => p.ContainsKey("now")),
            ["dateReadBack"] = new(2, 2, Apply(DateReadBack, VerifyString), Returns: S, ArgTypes: [S, S]),
            ["getNextViableDate"] = new(1, 2, (call, scope) => ViableDate(Arguments(call, scope), scope.UtcNow(), next: true), Returns: S, ArgTypes: [S, S]),
            ["getPreviousViableDate"] = new(1, 2, (call, scope) => ViableDate(Arguments(call, scope), scope.UtcNow(), next: false), Returns: S, ArgTypes: [S, S]),
            ["getNextViableTime"] = new(1, 2, (call, scope) => ViableTime(Arguments(call, scope), scope.UtcNow(), next: true), Returns: S, ArgTypes: [S, S]),
            ["getPreviousViableTime"] = new(1, 2, (call, scope) => ViableTime(Arguments(call, scope), scope.UtcNow(), next: false), Returns: S, ArgTypes: [S, S]),
        };

        foreach (var (name, function) in dates)
        {
            table.Add(name, function);
        }

        return table;
    }

    private static Func<Call, Scope, object?> WithCall(Func<Call, List<object?>, object?> body) =>
        (call, scope) => body(call, Arguments(call, scope));

    private static string? VerifyString(object? v, Expr e) => v is string ? null : $"{e} is not a string.";

    private static double Ms(DateTime t) => DateTimeFormat.EpochMs(t);

    // verifyISOTimestamp, failing with its message.
    private static DateTime Iso(object? value) =>
        DateTimeFormat.VerifyIso(value, out var instant) is { } error ? throw new EvaluationException(error) : instant;

    private static string Format(DateTime t, List<object?> a, int maxArgs) =>
        DateTimeFormat.FormatDayJs(t, DateTimeFormat.ResolveFormat(a, maxArgs, DateTimeFormat.DefaultFormat));

    private static object? FormatEpoch(List<object?> a)
    {
        if (!Js.IsNumber(a[0]))
        {
            throw new EvaluationException($"formatEpoch first argument {Js.String(a[0])} must be a number");
        }

        return Format(DateTimeFormat.FromEpochMs((double)a[0]! * 1000), a, 3);
    }

    private static object? FormatTicks(List<object?> a)
    {
        var ticks = a[0] switch
        {
            double d when Js.IsNumber(d) => Js.IsInteger(d)
                ? new BigInteger(d)
                : throw new EvaluationException($"The number {Js.NumberToString(d)} cannot be converted to a BigInt because it is not an integer"),
            string s => ParseBigInteger(s),
            JsBigInteger big => big.Value,
            _ => throw new EvaluationException($"formatTicks first argument {Js.String(a[0])} is not a number, numeric string or bigInt"),
        };

        // big-integer's divide truncates towards zero.
        var ms = new JsBigInteger(BigInteger.Divide(ticks - UnixEpochTicks, TimeSpan.TicksPerMillisecond)).ToDouble();
        return Format(DateTimeFormat.FromEpochMs(ms), a, 3);
    }

    // bigInt(string): what Number() reads exactly as an integer, else plain digits with an optional sign and exponent.
    private static BigInteger ParseBigInteger(string text)
    {
        var number = JsNumber(text);
        if (Math.Abs(number) < 9007199254740992d)
        {
            return Math.Truncate(number) == number ? new BigInteger(number) : throw new EvaluationException($"Invalid integer: {text}");
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var parts = digits.Split('e', 'E');
        if (parts.Length == 2 && int.TryParse(parts[1].TrimStart('+'), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var exponent))
        {
            var dot = parts[0].IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0)
            {
                exponent -= parts[0].Length - dot - 1;
                parts[0] = parts[0].Remove(dot, 1);
            }

            digits = exponent >= 0 ? parts[0] + new string('0', exponent) : throw new EvaluationException("Cannot include negative exponent part for integers");
        }

        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? BigInteger.Parse((negative ? "-" : "") + digits, System.Globalization.CultureInfo.InvariantCulture)
            : throw new EvaluationException($"Invalid integer: {digits}");
    }

    // JavaScript's Number(value), as the comparisons of the viable-date functions apply it.
    private static double ToNumber(object? value) => value switch
    {
        double d => d,
        string s => JsNumber(s),
        bool b => b ? 1 : 0,
        null => 0,
        _ => double.NaN,
    };

    // Number(string) for decimal text; hexadecimal and the other literal forms read as NaN here.
    private static double JsNumber(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return 0;
        }

        return double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && (char.IsAsciiDigit(trimmed[^1]) || trimmed[^1] == '.')
            ? value
            : double.NaN;
    }

    // TimeTransformEvaluator (addDays, addHours, addMinutes, addSeconds): the count may be any number.
    private static string TimeTransform(Call call, List<object?> a, Func<DateTime, double, double> shift)
    {
        if (a[0] is not string || !Js.IsNumber(a[1]))
        {
            throw new EvaluationException($"{call} should contain an ISO format timestamp and a time interval integer.");
        }

        return Format(DateTimeFormat.FromEpochMs(shift(Iso(a[0]), (double)a[1]!)), a, 4);
    }

    // InternalFunctionUtils.timeUnitTransformer: the C# unit names; null for any other.
    private static (double Amount, string? Unit) TimeUnit(double amount, object? unit) => unit switch
    {
        "Day" => (amount, "day"),
        "Week" => (amount * 7, "day"),
        "Second" => (amount, "second"),
        "Minute" => (amount, "minute"),
        "Hour" => (amount, "hour"),
        "Month" => (amount, "month"),
        "Year" => (amount, "year"),
        _ => (amount, null),
    };

    // Day.js add in UTC. Months and years keep the day but not past the month's end; no unit means milliseconds.
    private static DateTime DayJsAdd(DateTime t, double amount, string? unit)
    {
        try
        {
            return unit switch
            {
                "day" => t.AddDays(amount),
                "month" => t.AddMonths(checked((int)amount)),
                "year" => t.AddYears(checked((int)amount)),
                "hour" => DateTimeFormat.FromEpochMs(Ms(t) + (amount * 3600000)),
                "minute" => DateTimeFormat.FromEpochMs(Ms(t) + (amount * 60000)),
                "second" => DateTimeFormat.FromEpochMs(Ms(t) + (amount * 1000)),
                _ => DateTimeFormat.FromEpochMs(Ms(t) + amount),
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new EvaluationException($"Adding {Js.NumberToString(amount)} {unit ?? "millisecond"}(s) to {t:O} leaves the years 1 to 9999 this engine supports.");
        }
    }

    private static object? AddToTime(Call call, List<object?> a)
    {
        if (a[0] is not string || !Js.IsInteger(a[1]) || a[2] is not string)
        {
            throw new EvaluationException($"{call} should contain an ISO format timestamp, a time interval integer, a string unit of time and an optional output format string.");
        }

        var (amount, unit) = TimeUnit((double)a[1]!, a[2]);
        return Format(DayJsAdd(Iso(a[0]), amount, unit), a, 5);
    }

    private static object? SubtractFromTime(Call call, List<object?> a)
    {
        if (a[0] is not string || !Js.IsInteger(a[1]) || a[2] is not string)
        {
            throw new EvaluationException($"{call} should contain an ISO format timestamp, a time interval integer, a string unit of time and an optional output format string.");
        }

        var (amount, unit) = TimeUnit((double)a[1]!, a[2]);
        if (unit is null)
        {
            throw new EvaluationException($"{Js.String(a[2])} is not a valid time unit.");
        }

        return Format(DayJsAdd(Iso(a[0]), -amount, unit), a, 5);
    }

    private static string RelativeToNow(Call call, Scope scope, int direction)
    {
        var a = Arguments(call, scope);
        if (!Js.IsInteger(a[0]) || a[1] is not string)
        {
            throw new EvaluationException($"{call} should contain a time interval integer, a string unit of time and an optional output format string.");
        }

        var (amount, unit) = TimeUnit((double)a[0]!, a[1]);
        if (unit is null)
        {
            // The official message names the third argument (the format), not the unit.
            throw new EvaluationException($"{Js.String(a.Count > 2 ? a[2] : Undefined.Value)} is not a valid time unit.");
        }

        return Format(DayJsAdd(scope.UtcNow(), direction * amount, unit), a, 4);
    }

    private static object? GetTimeOfDay(List<object?> a)
    {
        var text = (string)a[0]!;
        int time;
        if (DateTimeFormat.VerifyIso(text, out var instant) is null)
        {
            time = (instant.Hour * 100) + instant.Minute;
        }
        else if (DateTimeFormat.ParseJsDate(text) is null)
        {
            throw new EvaluationException($"{text} is not a valid datetime string.");
        }
        else if (DateTimeFormat.ParseDayJs(text) is { } local && DateTimeFormat.FormatDayJs(local, LocalDefaultFormat) == text)
        {
            time = (local.Hour * 100) + local.Minute;
        }
        else
        {
            // A readable date in another layout: the official engine returns nothing, and no error.
            return Undefined.Value;
        }

        return time switch
        {
            0 => "midnight",
            < 1200 => "morning",
            1200 => "noon",
            < 1800 => "afternoon",
            <= 2200 => "evening",
            _ => "night",
        };
    }

    private static string ConvertFromUtc(Call call, List<object?> a)
    {
        var format = DateTimeFormat.ResolveFormat(a, 4, LocalDefaultFormat);
        if (a[0] is not string || a[1] is not string zoneName)
        {
            throw new EvaluationException($"{call} should contain an ISO format timestamp, an origin time zone string and an optional output format string.");
        }

        var isoError = DateTimeFormat.VerifyIso(a[0], out var instant);
        var zone = TimeZones.Find(zoneName) ?? throw new EvaluationException($"{zoneName} is not a valid timezone");
        if (isoError is not null)
        {
            throw new EvaluationException(isoError);
        }

        // Day.js' tz(): the wall clock in the zone, the offset rounded to whole minutes.
        var offset = TimeZones.OffsetMinutes(zone, instant);
        return DateTimeFormat.FormatDayJs(instant.AddMinutes(offset), offset, format);
    }

    private static string ConvertToUtc(Call call, List<object?> a, DateTime now)
    {
        var format = DateTimeFormat.ResolveFormat(a, 4, DateTimeFormat.DefaultFormat);
        if (a[0] is not string text || a[1] is not string zoneName)
        {
            throw new EvaluationException($"{call} should contain an ISO format timestamp, a destination time zone string and an optional output format string.");
        }

        var zone = TimeZones.Find(zoneName) ?? throw new EvaluationException($"{zoneName} is not a valid timezone");

        // dayjs.tz(text, zone) reads the text's wall clock (a trailing Z changes nothing; an offset is applied
        // first) as the zone's; the result goes through Day.js' default format, which drops the milliseconds.
        var wallClock = DateTimeFormat.ParseDayJs(text) ?? throw new EvaluationException($"{text} is a invalid datetime");
        var utc = TimeZones.WallClockToUtc(zone, wallClock, now);
        return DateTimeFormat.FormatDayJs(utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)), format);
    }

    private static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    // The TIMEX package's convertTimexToStringRelative for the date of the second timestamp, seen from the first:
    // today, tomorrow, yesterday, this/next/last weekday (weeks start on Sunday), else "15th March 2018".
    private static string DateReadBack(List<object?> a)
    {
        var reference = Iso(a[0]);
        var date = Iso(a[1]).Date;
        var day = reference.Date;
        if (date == day)
        {
            return "today";
        }

        if (date == day.AddDays(1))
        {
            return "tomorrow";
        }

        if (date == day.AddDays(-1))
        {
            return "yesterday";
        }

        var weekStart = day.AddDays(-(int)day.DayOfWeek);
        var weekday = Weekdays[(int)date.DayOfWeek];
        foreach (var (start, word) in ((DateTime, string)[])[(weekStart, "this"), (weekStart.AddDays(7), "next"), (weekStart.AddDays(-7), "last")])
        {
            if (date >= start && date < start.AddDays(7))
            {
                return $"{word} {weekday}";
            }
        }

        // The suffix goes by the last digit alone, so the package writes "11st" and "12nd"; so do we.
        var suffix = (date.Day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return $"{date.Day}{suffix} {MonthNames[date.Month - 1]} {date.Year}";
    }

    // Now as the wall clock of the optional time zone argument (UTC without one, or when it is not a string).
    private static DateTime WallClock(List<object?> a, DateTime now)
    {
        if (a.Count == 2 && a[1] is string zoneName)
        {
            var zone = TimeZones.Find(zoneName) ?? throw new EvaluationException($"{zoneName} is not a valid timezone");
            return now.AddMinutes(TimeZones.OffsetMinutes(zone, now));
        }

        return now;
    }

    // getNextViableDate / getPreviousViableDate: the nearest date, from today on (or back), with the TIMEX's month
    // and day; a 29 February waits for a leap year.
    private static string ViableDate(List<object?> a, DateTime now, bool next)
    {
        var fields = TimexFields(a[0]);
        var (year, month, day) = (TimexParser.Number(fields, "year"), TimexParser.Number(fields, "month"), TimexParser.Number(fields, "dayOfMonth"));
        if (Js.Truthy(year) || !Js.Truthy(month) || !Js.Truthy(day))
        {
            throw new EvaluationException($"{Js.String(a[0])} must be a timex string which only contains month and day-of-month, for example: 'XXXX-10-31'.");
        }

        var today = WallClock(a, now);
        var (m, d) = (ToNumber(month), ToNumber(day));
        var thisYear = next
            ? m > today.Month || (m == today.Month && d >= today.Day)
            : m < today.Month || (m == today.Month && d < today.Day);
        var validYear = thisYear ? today.Year : today.Year + (next ? 1 : -1);
        if (m == 2 && d == 29)
        {
            while (!DateTime.IsLeapYear(validYear))
            {
                validYear += next ? 1 : -1;
            }
        }

        // new Date(year, month - 1, day): an out-of-range month or day rolls over.
        var date = DateTimeFormat.FromEpochMs(Ms(new DateTime(validYear, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths((int)m - 1)) + ((Math.Truncate(d) - 1) * 86400000));
        return DateTimeFormat.FormatDayJs(date, "YYYY-MM-DD");
    }

    // getNextViableTime / getPreviousViableTime: the nearest time, from now on (or back), with the TIMEX's minute and
    // second, written as TIMEX (T14, T14:15 or T14:15:28).
    private static string ViableTime(List<object?> a, DateTime now, bool next)
    {
        var timex = a[0] as string ?? Js.String(a[0]);
        if (!TimexParser.IsMinuteSecondTimex(timex))
        {
            throw new EvaluationException($"{Js.String(a[0])}  must be a timex string which only contains minutes and seconds, for example: 'TXX:15:28'");
        }

        var clock = WallClock(a, now);
        var fields = TimexParser.Parse(ReplaceFirst(timex, "XX", "00"));
        var (minute, second) = (ToNumber(TimexParser.Number(fields, "minute")), ToNumber(TimexParser.Number(fields, "second")));
        var sameHour = next
            ? minute > clock.Minute || (minute == clock.Minute && second >= clock.Second)
            : minute < clock.Minute || (minute == clock.Minute && second < clock.Second);
        var hour = (clock.Hour + (sameHour ? 0 : next ? 1 : -1) + 24) % 24;

        var hh = hour.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var mm = minute.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var ss = second.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        return (minute, second) switch
        {
            (0, 0) => $"T{hh}",
            (_, 0) => $"T{hh}:{mm}",
            _ => $"T{hh}:{mm}:{ss}",
        };

        static string ReplaceFirst(string text, string old, string replacement) =>
            text.IndexOf(old, StringComparison.Ordinal) is var i and >= 0 ? text[..i] + replacement + text[(i + old.Length)..] : text;
    }

    // InternalFunctionUtils.parseTimexProperty and TimexProperty's fields: a string is parsed as TIMEX, an
    // object's own keys are taken as they are; anything else without keys is an error.
    private static bool IsTimex(object? value, Func<IReadOnlyDictionary<string, object?>, bool> test) => test(TimexFields(value));

    private static Dictionary<string, object?> TimexFields(object? value)
    {
        Dictionary<string, object?> fields;
        if (value is string timex)
        {
            fields = TimexParser.Parse(timex);
        }
        else
        {
            fields = value switch
            {
                OrderedDictionary<string, object?> obj => obj.Where(kv => kv.Value is not Undefined).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                List<object?> list => Enumerable.Range(0, list.Count).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => list[i], StringComparer.Ordinal),
                _ => [],
            };
            if (fields.Count == 0)
            {
                throw new EvaluationException($"{Js.String(value)} requires a TimexProperty or a string as a argument");
            }

            if (fields.ContainsKey("hour"))
            {
                fields.TryAdd("minute", 0d);
                fields.TryAdd("second", 0d);
            }
        }

        return fields;
    }
}
