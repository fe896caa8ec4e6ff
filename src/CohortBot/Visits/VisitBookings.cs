using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Visits;

/// Taking and giving back seats. A seat is taken by one conditional update of the slot (free seat,
/// not cancelled, not begun), in the same transaction as the booking row that holds it, so however
/// many press Book on the last seat at once, one gets it and the store's check constraint is never
/// what stops the others. Each change and the message it owes (to the host, to the visitors) are
/// committed together; keys carry the booking's <see cref="VisitBooking.BookedAt"/>, so booking
/// again after a cancellation is news again, and a redelivered press is not.
internal sealed class VisitBookings(CohortDbContext db, OutboxWriter outbox, TurnPipeline pipeline, VisitPeople people, TimeProvider time)
{
    public enum Outcome
    {
        Booked,
        AlreadyHolding,
        JustTaken,
        Gone,
        OwnSlot,
        Cancelled,
        AlreadyCancelled,
        Begun,
    }

    public sealed record Result(Outcome Outcome, VisitSlot? Slot = null, int? BookingId = null);

    public async Task<Result> BookAsync(int slotId, Member visitor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var slot = await SlotAsync(slotId, cancellationToken);
        if (slot is null || slot.CancelledAt is not null || slot.StartsAt <= now || !await people.ShareACohortAsync(visitor.Id, slot.HostId, cancellationToken))
            return new(Outcome.Gone, slot);
        if (slot.HostId == visitor.Id)
            return new(Outcome.OwnSlot, slot);
        var existing = await db.VisitBookings.AsNoTracking().FirstOrDefaultAsync(b => b.SlotId == slotId && b.VisitorId == visitor.Id, cancellationToken);
        if (existing is { CancelledAt: null })
            return new(Outcome.AlreadyHolding, slot, existing.Id);

        // What the turn changed so far is saved first: a booking rolled back takes nothing else with it.
        await pipeline.CommitAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        VisitBooking? added = null;
        try
        {
            if (existing is not null)
            {
                var reactivated = await db.VisitBookings.Where(b => b.Id == existing.Id && b.CancelledAt != null)
                    .ExecuteUpdateAsync(set => set.SetProperty(b => b.CancelledAt, (DateTimeOffset?)null).SetProperty(b => b.BookedAt, now), cancellationToken);
                if (reactivated != 1)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    return new(Outcome.AlreadyHolding, slot, existing.Id);
                }
            }
            else
            {
                added = db.VisitBookings.Add(new VisitBooking { SlotId = slotId, VisitorId = visitor.Id, BookedAt = now }).Entity;
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // The same visitor pressing twice at once: the other press holds the seat.
                    db.Entry(added).State = EntityState.Detached;
                    await transaction.RollbackAsync(CancellationToken.None);
                    return new(Outcome.AlreadyHolding, slot);
                }
            }

            var taken = await db.VisitSlots.Where(s => s.Id == slotId && s.CancelledAt == null && s.BookedSeats < s.Seats && s.StartsAt > now)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.BookedSeats, s => s.BookedSeats + 1), cancellationToken);
            if (taken != 1)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                if (added is not null)
                    db.Entry(added).State = EntityState.Detached;
                return new(Outcome.JustTaken, slot);
            }

            var bookingId = added?.Id ?? existing!.Id;
            slot.BookedSeats = await db.VisitSlots.Where(s => s.Id == slotId).Select(s => s.BookedSeats).SingleAsync(cancellationToken);
            var host = slot.Host!;
            var card = VisitCards.Slot(slot, host, host, $"{visitor.DisplayName} booked a seat", $"{slot.BookedSeats} of {slot.Seats} seats are booked now.", VisitCards.SlotAction.CancelSlot,
                text: $"{visitor.DisplayName} booked a seat at your {slot.Model} visit, {VisitTimes.Span(slot, host.TimeZone)}.");
            outbox.ToMember($"visit:{slotId}/booking:{bookingId}/booked:{now.UtcTicks}/host", host.Id, card, await people.HeldUntilAsync(host, now, cancellationToken));
            await pipeline.CommitAsync(transaction, cancellationToken);
            return new(Outcome.Booked, slot, bookingId);
        }
        catch
        {
            await RollBackQuietlyAsync(transaction);
            throw;
        }
    }

    /// The visitor gives their seat back: it is free for the next colleague, and the host is told.
    public async Task<Result> CancelBookingAsync(int bookingId, Member visitor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var booking = await db.VisitBookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId && b.VisitorId == visitor.Id, cancellationToken);
        var slot = booking is null ? null : await SlotAsync(booking.SlotId, cancellationToken);
        if (booking is null || slot is null)
            return new(Outcome.Gone);
        if (booking.CancelledAt is not null || slot.CancelledAt is not null)
            return new(Outcome.AlreadyCancelled, slot, bookingId);
        if (slot.StartsAt <= now)
            return new(Outcome.Begun, slot, bookingId);

        await pipeline.CommitAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var cancelled = await db.VisitBookings.Where(b => b.Id == bookingId && b.CancelledAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.CancelledAt, now), cancellationToken);
            if (cancelled != 1)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return new(Outcome.AlreadyCancelled, slot, bookingId);
            }
            await db.VisitSlots.Where(s => s.Id == slot.Id && s.BookedSeats > 0)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.BookedSeats, s => s.BookedSeats - 1), cancellationToken);
            // Reminders to them still held back would now be wrong.
            await WithdrawAsync(slot.Id, visitor.Id, cancellationToken);
            slot.BookedSeats = await db.VisitSlots.Where(s => s.Id == slot.Id).Select(s => s.BookedSeats).SingleAsync(cancellationToken);
            var host = slot.Host!;
            var text = $"{visitor.DisplayName} can't come to your {slot.Model} visit on {VisitTimes.Span(slot, host.TimeZone)} after all: the seat is free again ({slot.BookedSeats} of {slot.Seats} booked).";
            outbox.ToMember($"visit:{slot.Id}/booking:{bookingId}/cancelled:{booking.BookedAt.UtcTicks}/host", host.Id, CheckInCards.Notice(text), await people.HeldUntilAsync(host, now, cancellationToken));
            await pipeline.CommitAsync(transaction, cancellationToken);
            return new(Outcome.Cancelled, slot, bookingId);
        }
        catch
        {
            await RollBackQuietlyAsync(transaction);
            throw;
        }
    }

    /// The host closes a slot: nobody can book it any more, reminders held back are withdrawn, and
    /// every visitor holding a seat is told.
    public async Task<Result> CancelSlotAsync(int slotId, Member host, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var slot = await SlotAsync(slotId, cancellationToken);
        if (slot is null || slot.HostId != host.Id)
            return new(Outcome.Gone);
        if (slot.CancelledAt is not null)
            return new(Outcome.AlreadyCancelled, slot);
        if (slot.StartsAt <= now)
            return new(Outcome.Begun, slot);

        await pipeline.CommitAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var cancelled = await db.VisitSlots.Where(s => s.Id == slotId && s.CancelledAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.CancelledAt, now), cancellationToken);
            if (cancelled != 1)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return new(Outcome.AlreadyCancelled, slot);
            }
            await WithdrawAsync(slotId, memberId: null, cancellationToken);
            var visitors = await db.VisitBookings.AsNoTracking().Where(b => b.SlotId == slotId && b.CancelledAt == null).Select(b => b.Visitor!).ToListAsync(cancellationToken);
            foreach (var visitor in visitors)
            {
                var text = $"{host.DisplayName} had to cancel the {slot.Model} visit on {VisitTimes.For(slot, host.TimeZone, visitor.TimeZone)}. Sorry! Write \"visits\" to find another classroom to visit.";
                outbox.ToMember($"visit:{slotId}/cancelled/visitor:{visitor.Id}", visitor.Id, CheckInCards.Notice(text), await people.HeldUntilAsync(visitor, now, cancellationToken));
            }
            slot.CancelledAt = now;
            await pipeline.CommitAsync(transaction, cancellationToken);
            return new(Outcome.Cancelled, slot, visitors.Count);
        }
        catch
        {
            await RollBackQuietlyAsync(transaction);
            throw;
        }
    }

    public Task<VisitSlot?> SlotAsync(int slotId, CancellationToken cancellationToken) =>
        db.VisitSlots.AsNoTracking().Include(s => s.Host).ThenInclude(h => h!.Site).FirstOrDefaultAsync(s => s.Id == slotId, cancellationToken);

    /// Messages about the slot still held back (quiet hours) and not yet being sent are no longer sent:
    /// to one member, or to everyone.
    private async Task WithdrawAsync(int slotId, int? memberId, CancellationToken cancellationToken)
    {
        var prefix = $"visit:{slotId}/";
        await db.Deliveries.KeyedUnder(prefix).Where(d => (memberId == null || d.MemberId == memberId) && d.Status == DeliveryStatus.Pending && d.LeaseUntil == null)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled), cancellationToken);
    }

    private static async Task RollBackQuietlyAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Committed or rolled back already.
        }
    }
}
