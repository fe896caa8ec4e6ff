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

    /// The round's place in the cohort's rhythm (1 for the anchor date): skipped dates keep their numbers.
    public int Number { get; set; }

    /// The local date the round opens on (each member is asked at the schedule's local time of it, in their own zone).
    public DateOnly Date { get; set; }

    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public RoundStatus Status { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// The round's figures as they were when it closed (<see cref="RoundTotals"/>, as JSON): summaries
    /// are computed from the check-ins at read time, and erasing a member takes their check-ins away,
    /// so a closed round keeps its figures here. Null for a round not closed yet (or closed before
    /// this was kept, until an erasure fills it).
    public string? ClosedTotalsJson { get; set; }

    /// The questions the round was opened with (<see cref="RoundQuestions"/>, as JSON): a round keeps
    /// asking, validating and summing up what its teachers were asked, whatever its question set
    /// becomes afterwards. Null for a round not opened yet (it asks its cohort's set as it is then).
    public string? QuestionsJson { get; set; }

    public List<RoundStep> Steps { get; } = [];
}

internal enum RoundStepKind
{
    Open,
    Remind,
    Close,
}

/// Something a round must do at a time: open, remind (at an offset before it closes), close. The
/// table is the truth; Hangfire only executes, and every pending step is registered again at start-up.
internal sealed class RoundStep
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public RoundStepKind Kind { get; set; }

    /// For a reminder: how long before the close, in minutes (0 for open and close).
    public int OffsetMinutes { get; set; }

    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }

    /// The id of the Hangfire job for this step: derived from the round, so it names what it does.
    public string JobName => Kind == RoundStepKind.Remind ? $"round:{RoundId}/remind:{OffsetMinutes}m" : $"round:{RoundId}/{Kind.ToString().ToLowerInvariant()}";
}
