namespace CohortBot.CheckIns;

/// A teacher asking their coach for help: from a check-in's "yes", at any time with <c>coach</c>, or
/// with a question the library could not answer well (<see cref="Question"/>: "Ask my coach"). The
/// challenge and the coach's reply are free text: never logged.
internal sealed class SupportRequest
{
    /// A question asked of the library, and what it offered (titles and links, as JSON), for the coach.
    public bool Question { get; set; }
    public string? OfferedJson { get; set; }

    /// When an unanswered question was raised to the coach again (once, after two school days).
    public DateTimeOffset? RaisedAgainAt { get; set; }

    public int Id { get; set; }
    public int CohortId { get; set; }
    public int MemberId { get; set; }
    public int? RoundId { get; set; }
    public string? Challenge { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Reply { get; set; }
    public int? RepliedByMemberId { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
}
