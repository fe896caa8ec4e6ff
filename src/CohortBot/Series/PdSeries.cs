using CohortBot.Cohorts;

namespace CohortBot.Series;

/// A cohort's professional-development series (roster <c>series:</c>): sessions the teachers commit
/// to as a whole, once a coordinator publishes it. One per cohort.
internal sealed class PdSeries
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public required string Title { get; set; }

    /// When each teacher is reminded of a session: minutes before it starts (a day and an hour by default).
    public List<int> ReminderMinutes { get; set; } = [24 * 60, 60];

    /// When a coordinator published it (<c>publish series COHORT</c>): from then on its teachers are
    /// asked to commit and reminded; before, it is a plan only coordinators see.
    public DateTimeOffset? PublishedAt { get; set; }

    public List<PdSession> Sessions { get; } = [];
}

/// One session of a series, at a fixed time in the cohort's time zone.
internal sealed class PdSession
{
    public int Id { get; set; }
    public int SeriesId { get; set; }
    public PdSeries? Series { get; set; }

    /// 1 for the first session in the file.
    public int Position { get; set; }

    public required string Title { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }

    /// <see cref="Date"/> and <see cref="Start"/>, <see cref="End"/> in the cohort's time zone, as instants.
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// A room, or an online meeting's link.
    public required string Where { get; set; }

    /// Who runs the session and takes attendance (the cohort's coaches when nobody is named).
    public int? FacilitatorId { get; set; }
    public Member? Facilitator { get; set; }

    /// The short code the facilitator shows, for teachers to check themselves in (<c>here 4821</c>).
    public required string Code { get; set; }

    public int Minutes => (int)(EndsAt - StartsAt).TotalMinutes;
}
