namespace CohortBot.Resources;

/// A teacher's Helpful / Not helpful on a resource an answer offered them, with the question they
/// asked (free text: never logged), so that the vote lifts or lowers it for similar questions.
internal sealed class ResourceVote
{
    public int Id { get; set; }
    public int ResourceId { get; set; }
    public int MemberId { get; set; }
    public required string Question { get; set; }
    public bool Helpful { get; set; }
    public DateTimeOffset At { get; set; }
}
