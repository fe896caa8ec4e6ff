namespace CohortBot.Cohorts;

/// A school district: the root of everything a coordinator imports.
internal sealed class District
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// The IANA zone a member falls back to when the roster gives none.
    public required string TimeZone { get; set; }

    /// The Microsoft 365 tenant the district's Teams users live in, when it has one.
    public string? TeamsTenantId { get; set; }

    /// The Slack workspace (team id, or the Enterprise Grid org id) the district's Slack users live in.
    public string? SlackTeamId { get; set; }

    public List<Site> Sites { get; } = [];
    public List<Cohort> Cohorts { get; } = [];
    public List<Member> Members { get; } = [];
    public List<QuestionSet> QuestionSets { get; } = [];
}
