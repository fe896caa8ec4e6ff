namespace CohortBot.Cards.Templating;

/// <summary>
/// Time zones as adaptive-expressions names them (a Windows name or an IANA one, valid only if its table has it)
/// and as Day.js' timezone plugin computes with them; the rules themselves come from the system's time zone data.
/// </summary>
internal static class TimeZones
{
    private static readonly (Dictionary<string, string> WindowsToIana, HashSet<string> Valid) Table = Load();

    /// <summary>TimeZoneConverter.windowsToIana then verifyTimeZoneStr: null for a name the official engine refuses.</summary>
    public static TimeZoneInfo? Find(string name)
    {
        var iana = Table.WindowsToIana.GetValueOrDefault(name, name);
        if (!Table.Valid.Contains(iana))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(iana);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Named in the official table, but this machine's time zone data lacks it: say so rather than guess.
            throw new EvaluationException($"The time zone {iana} is not in this machine's time zone data.");
        }
    }

    /// <summary>The zone's offset from UTC at <paramref name="utc"/>, in whole minutes as Day.js rounds it.</summary>
    public static int OffsetMinutes(TimeZoneInfo zone, DateTime utc) =>
        (int)Math.Round(zone.GetUtcOffset(new DateTimeOffset(utc, TimeSpan.Zero)).TotalMinutes, MidpointRounding.AwayFromZero);

    /// <summary>
    /// dayjs.tz(wallClock, zone): Day.js' fixOffset, starting from the zone's offset now. In a gap or an overlap the
    /// answer depends on that start, in Day.js as here.
    /// </summary>
    public static DateTime WallClockToUtc(TimeZoneInfo zone, DateTime wallClock, DateTime now)
    {
        var local = DateTimeFormat.EpochMs(wallClock);
        var o0 = OffsetMinutes(zone, now);
        var guess = local - (o0 * 60000d);
        var o2 = OffsetMinutes(zone, DateTimeFormat.FromEpochMs(guess));
        if (o0 == o2)
        {
            return DateTimeFormat.FromEpochMs(guess);
        }

        guess -= (o2 - o0) * 60000d;
        var o3 = OffsetMinutes(zone, DateTimeFormat.FromEpochMs(guess));
        return o2 == o3
            ? DateTimeFormat.FromEpochMs(guess)
            : DateTimeFormat.FromEpochMs(local - (Math.Min(o2, o3) * 60000d));
    }

    // TimeZoneConverter.loadData: the first IANA name of a Windows name's "001" row; every name of every row is valid.
    private static (Dictionary<string, string>, HashSet<string>) Load()
    {
        var windowsToIana = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in TimeZoneTable.Rows.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = row.Split(',');
            var iana = fields[2].Split(' ');
            valid.UnionWith(iana);
            valid.Add(fields[0]);
            if (fields[1] == "001")
            {
                windowsToIana.TryAdd(fields[0], iana[0]);
            }
        }

        return (windowsToIana, valid);
    }
}
