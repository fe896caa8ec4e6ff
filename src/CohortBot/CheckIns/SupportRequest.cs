namespace CohortBot.CheckIns;

/// A teacher asking their coach for help: from a check-in's "yes", or at any time with <c>coach</c>.
/// The challenge and the coach's reply are free text: never logged.
internal sealed class SupportRequest
{
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
