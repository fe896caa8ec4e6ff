using System.Text.RegularExpressions;

namespace CohortBot.Cards.Templating;

/// <summary>
/// The TIMEX parser of @microsoft/recognizers-text-data-types-timex-expression (timexParsing, timexRegex), as far
/// as the <c>is…</c> functions need it: which fields a TIMEX string sets. The values are the parsed numbers or text.
/// </summary>
internal static partial class TimexParser
{
    private sealed record Entry(Regex Regex, string[] Fields);

    private static readonly Entry[] DatePatterns =
    [
        new(DateRegex(), ["year", "month", "dayOfMonth"]),
        new(WeekdayRegex(), ["dayOfWeek"]),
        new(MonthDayRegex(), ["month", "dayOfMonth"]),
        new(YearRegex(), ["year"]),
        new(YearMonthRegex(), ["year", "month"]),
        new(SeasonRegex(), ["season"]),
        new(YearSeasonRegex(), ["year", "season"]),
        new(YearWeekRegex(), ["year", "weekOfYear"]),
        new(YearWeekendRegex(), ["year", "weekOfYear", "weekend"]),
        new(MonthRegex(), ["month"]),
        new(MonthWeekRegex(), ["month", "weekOfMonth"]),
        new(MonthWeekDayRegex(), ["month", "weekOfMonth", "dayOfWeek"]),
    ];

    private static readonly Entry[] TimePatterns =
    [
        new(HourRegex(), ["hour", "minute", "second"]),
        new(HourMinuteRegex(), ["hour", "minute", "second"]),
        new(HourMinuteSecondRegex(), ["hour", "minute", "second"]),
        new(PartOfDayRegex(), ["partOfDay"]),
    ];

    /// <summary>A field as the package holds it: parsed text becomes a number (Number("03") is 3); other values stay.</summary>
    public static object? Number(IReadOnlyDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value)
            ? value is string text && double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : value
            : null;

    /// <summary>The test of getNextViableTime: TXX:mm:ss anywhere in the text (the official regex is not anchored).</summary>
    public static bool IsMinuteSecondTimex(string text) => MinuteSecondRegex().IsMatch(text);

    [GeneratedRegex("TXX:[0-5][0-9]:[0-5][0-9]")]
    private static partial Regex MinuteSecondRegex();

    public static Dictionary<string, object?> Parse(string timex)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (timex == "PRESENT_REF")
        {
            fields["now"] = true;
        }
        else if (timex.StartsWith('P'))
        {
            ExtractDuration(timex, fields);
        }
        else if (timex.StartsWith('(') && timex.EndsWith(')'))
        {
            var parts = timex[1..^1].Split(',');
            if (parts.Length == 3)
            {
                ExtractDateTime(parts[0], fields);
                ExtractDuration(parts[2], fields);
            }
        }
        else
        {
            ExtractDateTime(timex, fields);
        }

        return fields;
    }

    private static void ExtractDuration(string s, Dictionary<string, object?> fields)
    {
        if (DateDurationRegex().Match(s) is { Success: true } date)
        {
            fields[date.Groups[2].Value switch { "Y" => "years", "M" => "months", "W" => "weeks", _ => "days" }] = date.Groups[1].Value;
        }
        else if (TimeDurationRegex().Match(s) is { Success: true } time)
        {
            fields[time.Groups[2].Value switch { "H" => "hours", "M" => "minutes", _ => "seconds" }] = time.Groups[1].Value;
        }
    }

    private static void ExtractDateTime(string s, Dictionary<string, object?> fields)
    {
        var t = s.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            Extract(DatePatterns, s, fields);
        }
        else
        {
            Extract(DatePatterns, s[..t], fields);
            Extract(TimePatterns, s[t..], fields);
        }
    }

    private static void Extract(Entry[] patterns, string s, Dictionary<string, object?> fields)
    {
        foreach (var entry in patterns)
        {
            if (entry.Regex.Match(s) is { Success: true } m)
            {
                for (var i = 0; i < entry.Fields.Length; i++)
                {
                    fields[entry.Fields[i]] = i + 1 < m.Groups.Count ? m.Groups[i + 1].Value : "0";
                }

                return;
            }
        }
    }

    [GeneratedRegex(@"^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])\z")]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^XXXX-WXX-([0-9])\z")]
    private static partial Regex WeekdayRegex();

    [GeneratedRegex(@"^XXXX-([0-9][0-9])-([0-9][0-9])\z")]
    private static partial Regex MonthDayRegex();

    [GeneratedRegex(@"^([0-9][0-9][0-9][0-9])\z")]
    private static partial Regex YearRegex();

    [GeneratedRegex(@"^([0-9][0-9][0-9][0-9])-([0-9][0-9])\z")]
    private static partial Regex YearMonthRegex();

    [GeneratedRegex(@"^(SP|SU|FA|WI)\z")]
    private static partial Regex SeasonRegex();

    [GeneratedRegex(@"^([0-9][0-9][0-9][0-9])-(SP|SU|FA|WI)\z")]
    private static partial Regex YearSeasonRegex();

    [GeneratedRegex(@"^([0-9][0-9][0-9][0-9])-W([0-9][0-9])\z")]
    private static partial Regex YearWeekRegex();

    [GeneratedRegex(@"^([0-9][0-9][0-9][0-9])-W([0-9][0-9])-WE\z")]
    private static partial Regex YearWeekendRegex();

    [GeneratedRegex(@"^XXXX-([0-9][0-9])\z")]
    private static partial Regex MonthRegex();

    [GeneratedRegex(@"^XXXX-([0-9][0-9])-W([0-9][0-9])\z")]
    private static partial Regex MonthWeekRegex();

    [GeneratedRegex(@"^XXXX-([0-9][0-9])-WXX-([0-9])-([0-9])\z")]
    private static partial Regex MonthWeekDayRegex();

    [GeneratedRegex(@"^T([0-9][0-9])\z")]
    private static partial Regex HourRegex();

    [GeneratedRegex(@"^T([0-9][0-9]):([0-9][0-9])\z")]
    private static partial Regex HourMinuteRegex();

    [GeneratedRegex(@"^T([0-9][0-9]):([0-9][0-9]):([0-9][0-9])\z")]
    private static partial Regex HourMinuteSecondRegex();

    [GeneratedRegex(@"^T(DT|NI|MO|AF|EV)\z")]
    private static partial Regex PartOfDayRegex();

    [GeneratedRegex(@"^P([0-9]*\.?[0-9]+)(Y|M|W|D)\z")]
    private static partial Regex DateDurationRegex();

    [GeneratedRegex(@"^PT([0-9]*\.?[0-9]+)(H|M|S)\z")]
    private static partial Regex TimeDurationRegex();
}
