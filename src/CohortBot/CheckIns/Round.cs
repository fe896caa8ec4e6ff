using CohortBot.Cohorts;

namespace CohortBot.CheckIns;

internal enum RoundStatus
{
    Scheduled,
    Open,
    Closed,
}

/// One bi-weekly check-in of one cohort.
internal sealed class Round
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }

    /// 1, 2, 3... within the cohort.
    public int Number { get; set; }

    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public RoundStatus Status { get; set; }
}
