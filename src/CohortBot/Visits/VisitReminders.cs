using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Visits;

/// The minutely job <c>visits:due</c>: the day before a visit and an hour before it, the host and
/// each visitor are reminded; once it is over, each visitor gets the reflection card. Each step is
/// marked on the slot in the same unit of work as its messages, and keyed per slot and person, so a
/// second run (or a second instance) sends nothing twice. Quiet hours hold a reminder until they end;
/// one that could only arrive after the visit began is dropped.
internal sealed class VisitReminders(CohortDbContext db, OutboxWriter outbox, TurnPipeline pipeline, VisitPeople people, TimeProvider time)
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);

    /// A visit that ended longer ago than this (imported late, or the bot was down) gets no reflection card.
    public static readonly TimeSpan FollowUpWithin = TimeSpan.FromDays(7);

    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayFrom = now + DayBefore;
        var hourFrom = now + HourBefore;
        var due = await db.VisitSlots.Where(s => s.CancelledAt == null && (
                s.RemindedDayBeforeAt == null && s.StartsAt <= dayFrom && s.StartsAt > now
                || s.RemindedHourBeforeAt == null && s.StartsAt <= hourFrom && s.StartsAt > now
                || s.FollowedUpAt == null && s.EndsAt <= now))
            .OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var id in due)
            await RunAsync(id, now, cancellationToken);
    }

    private async Task RunAsync(int slotId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slot = await db.VisitSlots.Include(s => s.Host).ThenInclude(h => h!.Site).SingleAsync(s => s.Id == slotId, cancellationToken);
        var bookings = await db.VisitBookings.AsNoTracking().Include(b => b.Visitor).Where(b => b.SlotId == slotId && b.CancelledAt == null).ToListAsync(cancellationToken);
        var host = slot.Host!;

        if (slot.StartsAt > now && slot.StartsAt - now <= HourBefore && slot.RemindedHourBeforeAt is null)
        {
            // The hour-before reminder says it all: a day-before one not sent by now is not sent any more.
            slot.RemindedDayBeforeAt ??= now;
            slot.RemindedHourBeforeAt = now;
            await RemindAsync(slot, bookings, "hour", "Your visit is in an hour", now, cancellationToken);
        }
        else if (slot.StartsAt > now && slot.StartsAt - now <= DayBefore && slot.RemindedDayBeforeAt is null)
        {
            slot.RemindedDayBeforeAt = now;
            await RemindAsync(slot, bookings, "day", "Your visit is tomorrow", now, cancellationToken);
        }

        if (slot.EndsAt <= now && slot.FollowedUpAt is null)
        {
            slot.FollowedUpAt = now;
            slot.RemindedDayBeforeAt ??= now;
            slot.RemindedHourBeforeAt ??= now;
            if (now - slot.EndsAt <= FollowUpWithin)
            {
                foreach (var booking in bookings)
                {
                    var visitor = booking.Visitor!;
                    outbox.ToMember($"visit:{slot.Id}/booking:{booking.Id}/reflect", visitor.Id, VisitCards.Reflect(booking, slot, host, visitor), await people.HeldUntilAsync(visitor, now, cancellationToken));
                }
            }
        }
        await pipeline.CommitAsync(cancellationToken);
    }

    /// One reminder to the host and one to each visitor, unless nobody booked (the host needs no reminder of an empty room).
    private async Task RemindAsync(VisitSlot slot, List<VisitBooking> bookings, string which, string heading, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (bookings.Count == 0)
            return;
        var host = slot.Host!;
        var visitors = string.Join(", ", bookings.Select(b => b.Visitor!.DisplayName));
        await ToAsync(host, $"visit:{slot.Id}/remind:{which}/member:{host.Id}",
            VisitCards.Slot(slot, host, host, heading, $"Visiting: {visitors}.", VisitCards.SlotAction.None,
                text: $"{heading}: {slot.Model} in {slot.Room}, {VisitTimes.Span(slot, host.TimeZone)}. Visiting: {visitors}."));
        foreach (var booking in bookings)
        {
            var visitor = booking.Visitor!;
            await ToAsync(visitor, $"visit:{slot.Id}/remind:{which}/member:{visitor.Id}",
                VisitCards.Slot(slot, host, visitor, heading, $"{host.DisplayName} expects you in {slot.Room}.", VisitCards.SlotAction.CancelBooking, booking.Id,
                    text: $"{heading}: {slot.Model} in {host.DisplayName}'s classroom, {VisitTimes.For(slot, host.TimeZone, visitor.TimeZone)}, {slot.Room}."));
        }

        async Task ToAsync(Cohorts.Member member, string key, CardMessage card)
        {
            var at = await people.AllowedAsync(member, now, cancellationToken);
            if (at >= slot.StartsAt)
                return; // quiet hours last until the visit begins: a reminder then would only be noise
            outbox.ToMember(key, member.Id, card, at > now ? at : null);
        }
    }
}
