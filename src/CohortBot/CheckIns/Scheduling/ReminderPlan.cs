using System.Globalization;

namespace CohortBot.CheckIns.Scheduling;

/// When to remind a member who has not answered: each offset before the round closes, moved out
/// of their quiet hours, and not at all when that leaves no time to answer or falls on a day their
/// school is closed.
internal static class ReminderPlan
{
    /// A day before the close: a whole school day to answer in.
    public static IReadOnlyList<TimeSpan> DefaultOffsets { get; } = [TimeSpan.FromDays(1)];

    // No round lasts longer than a few weeks; a larger offset is a typo ("240h" for "24h") that
    // would otherwise be dropped silently at every round.
    public static TimeSpan MaxOffset { get; } = TimeSpan.FromDays(30);

    private const string Form = "a whole number of minutes, hours or days, such as 90m, 24h or 2d";

    /// An offset as <see cref="TryParseOffset"/> reads it: "2d", "24h" is "1d", "90m".
    public static string Format(TimeSpan offset) =>
        offset.TotalMinutes % (24 * 60) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{offset.TotalDays:0}d")
        : offset.TotalMinutes % 60 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{offset.TotalHours:0}h")
        : string.Create(CultureInfo.InvariantCulture, $"{offset.TotalMinutes:0}m");

    /// Reads "90m", "24h" or "2d". On failure <paramref name="error"/> is a sentence for a roster problem.
    public static bool TryParseOffset(string? text, out TimeSpan offset, out string? error)
    {
        offset = TimeSpan.Zero;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length < 2
            || !int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1).TrimEnd(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || UnitOf(trimmed[^1]) is not { } unit)
        {
            error = $"Reminder '{trimmed}' is not {Form}.";
            return false;
        }
        if (count == 0)
        {
            error = $"Reminder '{trimmed}' must be some time before the close, not 0.";
            return false;
        }
        // Compared in minutes so that a huge count cannot overflow a TimeSpan.
        if ((long)count * (long)unit.TotalMinutes > (long)MaxOffset.TotalMinutes)
        {
            error = $"Reminder '{trimmed}' is more than {MaxOffset.TotalDays:0} days before the close.";
            return false;
        }
        offset = count * unit;
        return true;
    }

    /// Reads a roster's list of reminders: null means <see cref="DefaultOffsets"/>, an empty list
    /// means no reminders. The first bad entry is the error.
    public static bool TryParseOffsets(IEnumerable<string>? texts, out IReadOnlyList<TimeSpan> offsets, out string? error)
    {
        offsets = DefaultOffsets;
        error = null;
        if (texts is null)
            return true;
        var parsed = new List<TimeSpan>();
        foreach (var text in texts)
        {
            if (!TryParseOffset(text, out var offset, out error))
            {
                offsets = [];
                return false;
            }
            parsed.Add(offset);
        }
        offsets = [.. parsed.Distinct().Order()];
        return true;
    }

    /// The instants to remind someone in <paramref name="zone"/> of a round open from
    /// <paramref name="opensAt"/> to <paramref name="closesAt"/>, earliest first, in UTC. Each is
    /// <paramref name="closesAt"/> less an offset, moved to the end of the quiet hours if it falls in
    /// them; it is dropped if it is then no longer after the opening and before the close, or if its
    /// date on the member's calendar is in <paramref name="closed"/>. Offsets that end up at the same
    /// instant remind once.
    public static IReadOnlyList<DateTimeOffset> RemindAt(
        DateTimeOffset opensAt,
        DateTimeOffset closesAt,
        IReadOnlyList<TimeSpan> offsets,
        string zone,
        QuietHours quietHours,
        IReadOnlySet<DateOnly> closed)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(quietHours);
        ArgumentNullException.ThrowIfNull(closed);
        var tz = LocalTimes.Zone(zone);
        var instants = new SortedSet<DateTimeOffset>();
        foreach (var offset in offsets)
        {
            var at = quietHours.NextAllowed(closesAt - offset, zone).ToUniversalTime();
            if (at <= opensAt || at >= closesAt || closed.Contains(LocalTimes.DateIn(at, tz)))
                continue;
            instants.Add(at);
        }
        return [.. instants];
    }

    private static TimeSpan? UnitOf(char unit) => char.ToLowerInvariant(unit) switch
    {
        'm' => TimeSpan.FromMinutes(1),
        'h' => TimeSpan.FromHours(1),
        'd' => TimeSpan.FromDays(1),
        _ => null,
    };
}
