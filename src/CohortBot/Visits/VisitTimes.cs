using CohortBot.CheckIns;

namespace CohortBot.Visits;

/// When a visit is, as each person reads it: the host in their own time zone, a visitor in theirs
/// (with the host's local time beside it when the two differ, so nobody walks in an hour late).
internal static class VisitTimes
{
    public static string For(VisitSlot slot, string hostZone, string viewerZone)
    {
        var mine = Span(slot, viewerZone);
        if (viewerZone == hostZone || mine == Span(slot, hostZone))
            return mine;
        return $"{mine} your time ({CheckInCards.Clock(slot.StartsAt, hostZone)}–{CheckInCards.Clock(slot.EndsAt, hostZone)} in the host's time zone)";
    }

    /// "Wednesday, December 9 at 9:00 AM–9:45 AM".
    public static string Span(VisitSlot slot, string zone) => CheckInCards.Between(slot.StartsAt, slot.EndsAt, zone);
}
