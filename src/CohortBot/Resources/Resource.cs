using CohortBot.Cohorts;

namespace CohortBot.Resources;

/// A link or document a coach shared with a cohort.
internal sealed class Resource
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public required string Title { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    public List<string> Tags { get; set; } = [];
    public int? SharedByMemberId { get; set; }
    public DateTimeOffset SharedAt { get; set; }
}
