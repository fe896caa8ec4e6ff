using System.Diagnostics.CodeAnalysis;
using NodaTime;
using NodaTime.TimeZones;

namespace CohortBot.CheckIns.Scheduling;

/// Where a wall-clock time in someone's zone becomes an instant, so that every scheduling rule
/// treats daylight-saving changes the same way.
internal static class LocalTimes
{
    // A time skipped by spring-forward (02:30 in Chicago) happens at the first instant after the
    // gap, 03:00: the earliest moment the clock on the wall is past the time asked for. A time that
    // happens twice at fall-back takes its first occurrence, so nobody waits an extra hour.
    private static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public static bool TryFindZone([NotNullWhen(true)] string? id, [NotNullWhen(true)] out DateTimeZone? zone)
    {
        zone = string.IsNullOrWhiteSpace(id) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        return zone is not null;
    }

    public static DateTimeZone Zone(string id) =>
        TryFindZone(id, out var zone)
            ? zone
            : throw new ArgumentException($"'{id}' is not a known IANA time zone (such as America/Chicago).", nameof(id));

    public static Instant Resolve(LocalDateTime local, DateTimeZone zone) => local.InZone(zone, Resolver).ToInstant();

    /// The first instant at which the wall clock shows <paramref name="local"/> that comes after
    /// <paramref name="after"/>: when the time happens twice, the second pass counts if the first
    /// is already over.
    public static Instant ResolveAfter(LocalDateTime local, DateTimeZone zone, Instant after)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count == 2 && mapping.First().ToInstant() <= after
            ? mapping.Last().ToInstant()
            : Resolve(local, zone);
    }

    public static DateTimeOffset ToUtc(Instant instant) => instant.ToDateTimeOffset();

    /// When the wall clock in <paramref name="zone"/> shows <paramref name="time"/> on <paramref name="date"/>.
    public static DateTimeOffset At(DateOnly date, TimeOnly time, string zone) =>
        ToUtc(Resolve(LocalDate.FromDateOnly(date).At(LocalTime.FromTimeOnly(time)), Zone(zone)));

    public static Instant ToInstant(DateTimeOffset at) => Instant.FromDateTimeOffset(at);

    /// The date on the member's wall calendar at <paramref name="at"/>.
    public static DateOnly DateIn(DateTimeOffset at, DateTimeZone zone) => ToInstant(at).InZone(zone).Date.ToDateOnly();
}
