using System.Globalization;
using NodaTime;

namespace CohortBot.CheckIns.Scheduling;

/// The hours of the night when nobody is messaged, on each member's own wall clock: from
/// <see cref="Start"/> (quiet) until <see cref="End"/> (allowed again), across midnight when Start
/// is the later of the two ("20:00-07:00").
internal sealed class QuietHours
{
    private const string Form = "HH:mm-HH:mm, such as 20:00-07:00, or empty for none";

    private QuietHours(TimeOnly start, TimeOnly end, bool isNone)
    {
        Start = start;
        End = end;
        IsNone = isNone;
    }

    /// No quiet hours: everything is sent when it is due.
    public static QuietHours None { get; } = new(default, default, isNone: true);

    public TimeOnly Start { get; }
    public TimeOnly End { get; }
    public bool IsNone { get; }

    /// Reads "20:00-07:00" (also "7:00", "24:00" as an end, spaces and an en dash). Empty or null
    /// means <see cref="None"/>. On failure <paramref name="hours"/> is <see cref="None"/> and
    /// <paramref name="error"/> is a sentence for a roster problem.
    public static bool TryParse(string? text, out QuietHours hours, out string? error)
    {
        hours = None;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;

        var parts = text.Split(['-', '–'], 2);
        if (parts.Length != 2 || !TryParseTime(parts[0], out var start) || !TryParseTime(parts[1], out var end, allowMidnightAsEnd: true))
        {
            error = $"Quiet hours '{text.Trim()}' are not of the form {Form}.";
            return false;
        }
        if (start == end)
        {
            // Whether "07:00-07:00" means never or always is a guess either way; ask.
            error = $"Quiet hours '{text.Trim()}' start and end at the same time: write them as {Form}.";
            return false;
        }
        hours = new QuietHours(start, end, isNone: false);
        return true;
    }

    /// Whether <paramref name="at"/> falls in the quiet hours of someone in <paramref name="zone"/>.
    public bool Contains(DateTimeOffset at, string zone) =>
        !IsNone && IsQuiet(LocalTimes.ToInstant(at).InZone(LocalTimes.Zone(zone)).TimeOfDay.ToTimeOnly());

    /// <paramref name="at"/> itself when it is outside the quiet hours in <paramref name="zone"/>;
    /// otherwise the instant they end on that person's wall clock (when daylight saving skips the
    /// end time, the end of the gap; when the end time happens twice, the first pass still ahead).
    public DateTimeOffset NextAllowed(DateTimeOffset at, string zone)
    {
        if (IsNone)
            return at;
        var tz = LocalTimes.Zone(zone);
        var instant = LocalTimes.ToInstant(at);
        var local = instant.InZone(tz).LocalDateTime;
        var time = local.TimeOfDay.ToTimeOnly();
        if (!IsQuiet(time))
            return at;
        // Quiet before the end on the same date ("03:00" in 20:00-07:00), or late in the evening
        // with the end on the next morning.
        var endDate = time < End ? local.Date : local.Date.PlusDays(1);
        var end = endDate.At(LocalTime.FromTimeOnly(End));
        return LocalTimes.ToUtc(LocalTimes.ResolveAfter(end, tz, instant));
    }

    public override string ToString() =>
        IsNone ? "" : string.Create(CultureInfo.InvariantCulture, $"{Start:HH:mm}-{End:HH:mm}");

    /// Whether a wall-clock <paramref name="time"/> falls in the quiet hours.
    public bool Covers(TimeOnly time) => !IsNone && IsQuiet(time);

    private bool IsQuiet(TimeOnly time) =>
        Start < End ? Start <= time && time < End : time >= Start || time < End;

    private static bool TryParseTime(string text, out TimeOnly time, bool allowMidnightAsEnd = false)
    {
        var trimmed = text.Trim();
        if (allowMidnightAsEnd && trimmed == "24:00")
        {
            time = TimeOnly.MinValue;
            return true;
        }
        return TimeOnly.TryParseExact(trimmed, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}
