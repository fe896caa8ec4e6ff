namespace CohortBot.Cohorts;

internal enum MemberRole
{
    Teacher,
    Coach,
    Coordinator,
}

/// A person of the district. The roster links their Teams and Slack identities by e-mail.
/// Platform ids are opaque text: never parsed, AAD and tenant ids kept lower-case.
internal sealed class Member
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public int? SiteId { get; set; }
    public Site? Site { get; set; }
    public required string DisplayName { get; set; }

    /// Lower-case; the key that roster imports match on.
    public required string Email { get; set; }

    public MemberRole Role { get; set; }

    /// IANA time zone: nobody is messaged at 3 a.m. their time.
    public required string TimeZone { get; set; }

    public string? TeamsAadObjectId { get; set; }
    public string? TeamsTenantId { get; set; }

    /// The 1:1 conversation with the bot, once Teams has told us of it.
    public string? TeamsConversationId { get; set; }

    /// Where that conversation lives (the Bot Connector's service URL for the member's region).
    public string? TeamsServiceUrl { get; set; }

    public string? SlackTeamId { get; set; }
    public string? SlackUserId { get; set; }

    public List<Cohort> Cohorts { get; } = [];
}
