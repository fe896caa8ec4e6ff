using CohortBot.Cohorts;

namespace CohortBot.Series;

/// A teacher's answer to a published series: all sessions, or all but some (and why, for the
/// coach). One per teacher per series, editable until the first session starts.
internal sealed class SeriesCommitment
{
    public int Id { get; set; }
    public int SeriesId { get; set; }
    public int MemberId { get; set; }
    public Member? Member { get; set; }

    /// The sessions they said they cannot make (empty: they commit to all).
    public List<int> MissingSessionIds { get; set; } = [];

    /// Why, in their words, for the coach. Never logged.
    public string? Reason { get; set; }

    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }

    public bool CommitsToAll => MissingSessionIds.Count == 0;
}

internal enum AttendanceSource
{
    /// Ticked on the facilitator's attendance card.
    Card,

    /// The teacher wrote the session's code during it.
    Code,
}

/// A teacher was at a session: one per teacher per session, however it was recorded.
internal sealed class SessionAttendance
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public PdSession? Session { get; set; }
    public int MemberId { get; set; }
    public Member? Member { get; set; }
    public AttendanceSource Source { get; set; }

    /// Who ticked it (the facilitator or a coach); null when the teacher checked in with the code.
    public int? RecordedById { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// What an attendee made of a session: how useful (1-5), and what they will try first, which
/// becomes their plan for the next check-in. Free text in here is never logged.
internal sealed class SessionReflection
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public PdSession? Session { get; set; }
    public int MemberId { get; set; }
    public int Usefulness { get; set; }
    public string? TryFirst { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

internal enum SessionStepKind
{
    /// A reminder to the teachers who will be there, at an offset before the start.
    Remind,

    /// The attendance card to the facilitator (or the coaches), at the start.
    Attendance,

    /// The reflection card to those who attended, at the end.
    Reflect,
}

/// Something a session's time made due that has been done: the series' minutely job works out
/// from the sessions what is due, and this row says it ran, saved with the messages it wrote.
internal sealed class SessionStep
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public SessionStepKind Kind { get; set; }

    /// For a reminder: how long before the start, in minutes (0 otherwise).
    public int OffsetMinutes { get; set; }

    public DateTimeOffset DoneAt { get; set; }
}
