using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Visits;

/// Classroom visits, for the people who make them: <c>offer visit</c> opens the form and
/// <c>visit.offer</c> stores the slot (errors beside the inputs, nothing stored); <c>visits [MODEL]</c>
/// lists the cohort mates' open slots with Book, the person's bookings and the slots they host;
/// <c>visit.book</c>, <c>visit.cancel</c> and <c>visit.cancel-slot</c> take and give back seats
/// (<see cref="VisitBookings"/>); <c>visit.reflect</c> keeps what a visitor will try, for their
/// coaches, and for the host only when the visitor says so.
internal sealed class VisitHandler(CohortDbContext db, VisitBookings bookings, VisitPeople people, OutboxWriter outbox, TimeProvider time) : ITurnHandler
{
    public const string OfferForm = "visit.offer-form";
    public const string Offer = "visit.offer";
    public const string Book = "visit.book";
    public const string CancelBooking = "visit.cancel";
    public const string CancelSlot = "visit.cancel-slot";
    public const string Reflect = "visit.reflect";

    /// How many slots of each kind the list shows: it stays inside a Slack message's 50 blocks.
    private const int Shown = 8;

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (member is null)
            return Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster.");
        return turn.Verb switch
        {
            Offer => await SubmitOfferAsync(turn, member, cancellationToken),
            OfferForm => OpenOffer(member, turn.Data.Value("model")),
            Book => await BookAsync(turn, member, cancellationToken),
            CancelBooking => await CancelBookingAsync(turn, member, cancellationToken),
            CancelSlot => await CancelSlotAsync(turn, member, cancellationToken),
            Reflect => await ReflectAsync(turn, member, cancellationToken),
            _ when turn.Command == "offer visit" => OpenOffer(member, VisitModels.Find(turn.Arguments)),
            _ => await ListAsync(turn, member, cancellationToken),
        };
    }

    private static TurnResponse OpenOffer(Member member, string? model) => member.Role == MemberRole.Coordinator
        ? Notice("Visits are hosted by teachers and coaches in their own classrooms, so there is nothing to offer as a coordinator.")
        : TurnResponse.OpenForm(VisitCards.Offer(VisitOfferForm.Empty(VisitRoster.Model(model)), member.TimeZone));

    private async Task<TurnResponse> SubmitOfferAsync(Turn turn, Member host, CancellationToken cancellationToken)
    {
        if (host.Role == MemberRole.Coordinator)
            return OpenOffer(host, null);
        var form = VisitOfferForm.From(turn.Data);
        var (slot, errors) = form.Check(host.TimeZone, time.GetUtcNow());
        if (slot is not null && await db.VisitSlots.AnyAsync(s => s.HostId == host.Id && s.StartsAt == slot.StartsAt, cancellationToken))
            errors["start"] = "You already offer a visit that starts then.";
        if (errors.Count > 0)
            return TurnResponse.Invalid(VisitCards.Offer(form, host.TimeZone, errors), errors);

        var stored = db.VisitSlots.Add(new VisitSlot
        {
            HostId = host.Id,
            Model = slot!.Model,
            Grade = slot.Grade,
            Date = slot.Date,
            Start = slot.Start,
            End = slot.End,
            StartsAt = slot.StartsAt,
            EndsAt = slot.EndsAt,
            Room = slot.Room,
            Seats = slot.Seats,
            Note = slot.Note,
            CreatedAt = time.GetUtcNow(),
        }).Entity;
        // The confirmation's Cancel slot names the slot, so it needs its id now.
        await db.SaveChangesAsync(cancellationToken);
        return TurnResponse.Replace(VisitCards.Slot(stored, host, host, "Your classroom is open for a visit",
            "Colleagues in your cohorts can book a seat now. I'll tell you who books, and remind you the day before and an hour before.", VisitCards.SlotAction.CancelSlot,
            text: $"Your {stored.Model} visit is open: {VisitTimes.Span(stored, host.TimeZone)}, {stored.Room}, {stored.Seats} seat(s)."));
    }

    private async Task<TurnResponse> ListAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        string? model = null;
        if (turn.Arguments.Length > 0 && (model = VisitModels.Find(turn.Arguments)) is null)
            return Notice(VisitModels.Unknown(turn.Arguments));
        return Direct(turn, await ListCardAsync(member, model, note: null, cancellationToken));
    }

    private async Task<CardMessage> ListCardAsync(Member member, string? model, string? note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var me = member.Id;
        var cohorts = await people.CohortIdsAsync(me, cancellationToken);
        var open = await db.VisitSlots.AsNoTracking().Include(s => s.Host).ThenInclude(h => h!.Site)
            .Where(s => s.CancelledAt == null && s.StartsAt > now && s.BookedSeats < s.Seats && s.HostId != me
                && s.Host!.Cohorts.Any(c => cohorts.Contains(c.Id))
                && !s.Bookings.Any(b => b.VisitorId == me && b.CancelledAt == null)
                && (model == null || s.Model == model))
            .OrderBy(s => s.StartsAt).Take(Shown).ToListAsync(cancellationToken);
        var booked = await db.VisitBookings.AsNoTracking().Include(b => b.Slot).ThenInclude(s => s!.Host)
            .Where(b => b.VisitorId == me && b.CancelledAt == null && b.Slot!.CancelledAt == null && b.Slot.EndsAt > now)
            .OrderBy(b => b.Slot!.StartsAt).Take(Shown).ToListAsync(cancellationToken);
        var hosted = await db.VisitSlots.AsNoTracking()
            .Where(s => s.HostId == me && s.CancelledAt == null && s.EndsAt > now)
            .OrderBy(s => s.StartsAt).Take(Shown).ToListAsync(cancellationToken);
        return VisitCards.List(member, model, [.. open.Select(s => (s, s.Host!))], [.. booked.Select(b => (b, b.Slot!.Host!))], hosted, note);
    }

    private async Task<TurnResponse> BookAsync(Turn turn, Member visitor, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("slotId"), out var slotId))
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that visit any more."));
        var result = await bookings.BookAsync(slotId, visitor, cancellationToken);
        var slot = result.Slot;
        return result.Outcome switch
        {
            VisitBookings.Outcome.Booked => TurnResponse.Replace(VisitCards.Slot(slot!, slot!.Host!, visitor, "You're booked",
                $"{slot.Host!.DisplayName} knows you're coming. I'll remind you the day before and an hour before.", VisitCards.SlotAction.CancelBooking, result.BookingId,
                text: $"You're booked: {slot.Model} in {slot.Host.DisplayName}'s classroom, {VisitTimes.For(slot, slot.Host.TimeZone, visitor.TimeZone)}, {slot.Room}.")),
            VisitBookings.Outcome.AlreadyHolding => TurnResponse.Replace(VisitCards.Slot(slot!, slot!.Host!, visitor, "You have a seat already",
                "Nothing changed: the seat is yours.", VisitCards.SlotAction.CancelBooking, result.BookingId)),
            VisitBookings.Outcome.OwnSlot => TurnResponse.Replace(await ListCardAsync(visitor, null, "That's your own classroom: no need to book it.", cancellationToken)),
            VisitBookings.Outcome.JustTaken => TurnResponse.Replace(await ListCardAsync(visitor, null,
                $"Sorry, the last seat of {slot!.Host!.DisplayName}'s {slot.Model} visit was just taken. Here is what is still open.", cancellationToken)),
            _ => TurnResponse.Replace(await ListCardAsync(visitor, null, "That visit is no longer open. Here is what is.", cancellationToken)),
        };
    }

    private async Task<TurnResponse> CancelBookingAsync(Turn turn, Member visitor, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("bookingId"), out var bookingId))
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that booking any more."));
        var result = await bookings.CancelBookingAsync(bookingId, visitor, cancellationToken);
        var note = result.Outcome switch
        {
            VisitBookings.Outcome.Cancelled => $"Done: your seat at {result.Slot!.Host!.DisplayName}'s {result.Slot.Model} visit is free for someone else, and {CheckInCards.FirstName(result.Slot.Host.DisplayName)} knows.",
            VisitBookings.Outcome.AlreadyCancelled => "That booking was cancelled already: nothing changed.",
            VisitBookings.Outcome.Begun => "That visit has begun, so the booking stays. If you can't make it, let the host know.",
            _ => "I can't find that booking any more.",
        };
        return TurnResponse.Replace(await ListCardAsync(visitor, null, note, cancellationToken));
    }

    private async Task<TurnResponse> CancelSlotAsync(Turn turn, Member host, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("slotId"), out var slotId))
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that visit any more."));
        var result = await bookings.CancelSlotAsync(slotId, host, cancellationToken);
        var note = result.Outcome switch
        {
            VisitBookings.Outcome.Cancelled => result.BookingId is > 0
                ? $"Cancelled your {result.Slot!.Model} visit. I told the {(result.BookingId == 1 ? "visitor" : $"{result.BookingId} visitors")}."
                : $"Cancelled your {result.Slot!.Model} visit. Nobody had booked it yet.",
            VisitBookings.Outcome.AlreadyCancelled => "That visit was cancelled already: nothing changed.",
            VisitBookings.Outcome.Begun => "That visit has begun, so it can't be cancelled any more.",
            _ => "Only the host can cancel a visit, and I can't find one of yours like that.",
        };
        return TurnResponse.Replace(await ListCardAsync(host, null, note, cancellationToken));
    }

    private async Task<TurnResponse> ReflectAsync(Turn turn, Member visitor, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("bookingId"), out var bookingId)
            || await db.VisitBookings.Include(b => b.Slot).ThenInclude(s => s!.Host).FirstOrDefaultAsync(b => b.Id == bookingId && b.VisitorId == visitor.Id, cancellationToken) is not { } booking)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that visit any more."));
        var slot = booking.Slot!;
        var host = slot.Host!;
        if (booking.CancelledAt is not null || slot.CancelledAt is not null)
            return TurnResponse.Replace(CheckInCards.Notice("That visit did not take place for you, so there is nothing to reflect on."));
        if (booking.ReflectedAt is not null)
            return TurnResponse.Replace(CheckInCards.Notice("Your reflection on this visit is in already. Thank you!"));
        var words = turn.Data.Value("reflection")?.Trim();
        var share = turn.Data.Value("share") == "true";
        if (string.IsNullOrEmpty(words) || words.Length > CheckInForm.MaxTextLength)
        {
            var error = string.IsNullOrEmpty(words) ? "Tell me one thing you saw that you will try." : $"Please keep this to {CheckInForm.MaxTextLength} characters (it has {words.Length}).";
            return TurnResponse.Invalid(VisitCards.Reflect(booking, slot, host, visitor, words, share, error), new Dictionary<string, string> { ["reflection"] = error });
        }

        var now = time.GetUtcNow();
        booking.Reflection = words;
        booking.ShareWithHost = share;
        booking.ReflectedAt = now;
        var key = $"visit:{slot.Id}/booking:{booking.Id}/reflection";
        foreach (var coach in await people.CoachesAsync(visitor, cancellationToken))
            outbox.ToMember($"{key}/coach:{coach.Id}", coach.Id, VisitCards.Reflection(slot, host, visitor, coach, words), await people.HeldUntilAsync(coach, now, cancellationToken));
        // The host hears thanks either way; the visitor's words only when they chose to share them.
        var thanks = share
            ? VisitCards.Reflection(slot, host, visitor, host, words)
            : CheckInCards.Notice($"{visitor.DisplayName} thanks you for opening your classroom for the {slot.Model} visit.");
        outbox.ToMember($"{key}/host", host.Id, thanks, await people.HeldUntilAsync(host, now, cancellationToken));
        return TurnResponse.Replace(CheckInCards.Notice(share
            ? $"Thank you! Your coach and {CheckInCards.FirstName(host.DisplayName)} will read it."
            : $"Thank you! Your coach will read it; {CheckInCards.FirstName(host.DisplayName)} gets your thanks, not your words."));
    }

    /// A card the person comes back to: a message of its own in their 1:1 chat or DM; a slash
    /// command's passing answer says where it went.
    private static TurnResponse Direct(Turn turn, CardMessage card) => turn.Kind == TurnKind.Command
        ? new TurnResponse { Direct = [card], PrivateReplies = [CheckInCards.Notice("It is in our direct messages: have a look there.")] }
        : new TurnResponse { Direct = [card] };

    private static TurnResponse Notice(string text) => TurnResponse.ReplyPrivately(CheckInCards.Notice(text));
}
