using CohortBot.Outbox;

namespace CohortBot.CheckIns;

/// A channel a cohort's summaries (and, later, resources) go to: linked by a coordinator writing
/// <c>link COHORT</c> there, or by the roster's <c>slackChannel</c>. The address is the channel's own
/// (opaque here).
internal sealed class CohortChannel
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohorts.Cohort? Cohort { get; set; }
    public Platform Platform { get; set; }
    public required string Address { get; set; }

    /// The platform's id of the channel, to find the link again (a Slack channel id, a Teams conversation id).
    public required string ExternalId { get; set; }

    public DateTimeOffset LinkedAt { get; set; }
}
