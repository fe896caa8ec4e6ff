using CohortBot.Cohorts;

namespace CohortBot.Visits;

/// A host teacher's classroom open to visitors for a while: a blended model in action
/// (<c>offer visit</c>, or roster <c>visits:</c> under the host). Seats are never overbooked:
/// <see cref="BookedSeats"/> only moves by a conditional update.
internal sealed class VisitSlot
{
    public int Id { get; set; }
    public int HostId { get; set; }
    public Member? Host { get; set; }

    /// One of the standard blended models (<see cref="DefaultQuestionSet.BlendedModels"/>).
    public required string Model { get; set; }

    public string? Grade { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }

    /// <see cref="Date"/>, <see cref="Start"/> and <see cref="End"/> in the host's time zone, as instants.
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    public required string Room { get; set; }
    public int Seats { get; set; }

    /// Seats taken by bookings not cancelled.
    public int BookedSeats { get; set; }

    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// When the day-before and hour-before reminders and the visitors' reflection cards went out.
    public DateTimeOffset? RemindedDayBeforeAt { get; set; }
    public DateTimeOffset? RemindedHourBeforeAt { get; set; }
    public DateTimeOffset? FollowedUpAt { get; set; }

    public List<VisitBooking> Bookings { get; } = [];
}

/// A visitor's seat in a slot. Cancelling frees the seat; booking again takes the same row.
internal sealed class VisitBooking
{
    public int Id { get; set; }
    public int SlotId { get; set; }
    public VisitSlot? Slot { get; set; }
    public int VisitorId { get; set; }
    public Member? Visitor { get; set; }
    public DateTimeOffset BookedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// What the visitor saw that they will try, in their words: the coach sees it, the host only
    /// when <see cref="ShareWithHost"/>. Never logged.
    public string? Reflection { get; set; }

    public bool ShareWithHost { get; set; }
    public DateTimeOffset? ReflectedAt { get; set; }
}
