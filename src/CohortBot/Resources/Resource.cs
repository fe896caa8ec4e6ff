using CohortBot.Cohorts;

namespace CohortBot.Resources;

internal enum ResourceStatus
{
    /// In the library: found by questions and listed.
    Active,

    /// A teacher's share, waiting for the cohort's coach to approve it.
    Proposed,

    /// Taken out: its message was deleted, or a coach rejected it. Kept so that a vote or a link to it still resolves.
    Retired,
}

/// A link a coach shared with a cohort (in its channel, with <c>share</c>, or from a CSV). One per
/// link and cohort: the same link shared again credits its new author.
internal sealed class Resource
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public required string Title { get; set; }

    /// The link as it was shared.
    public required string Url { get; set; }

    /// The link as compared (scheme and host lower-case, no default port, trailing slash, utm_* or fragment).
    public required string NormalizedUrl { get; set; }
    public string? Description { get; set; }
    public List<string> Tags { get; set; } = [];
    public int? SharedByMemberId { get; set; }

    /// Everyone who shared it, first sharer first.
    public List<int> CreditedMemberIds { get; set; } = [];
    public DateTimeOffset SharedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public ResourceStatus Status { get; set; }

    /// The message it came from (<c>{platform}:{conversation}:{message}</c>), to follow its edits and deletion.
    public string? SourceKey { get; set; }

    /// Where people can read that message (a Slack permalink, a Teams message link).
    public string? SourceLink { get; set; }
}
