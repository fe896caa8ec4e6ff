using CohortBot.Cohorts;

namespace CohortBot.CheckIns;

/// One member's answers to one round: at most one per member per round.
internal sealed class CheckIn
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public Round? Round { get; set; }
    public int MemberId { get; set; }
    public Member? Member { get; set; }

    /// Answers keyed by question key. Free text in here is never logged.
    public required string AnswersJson { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? LastEditedAt { get; set; }
}
