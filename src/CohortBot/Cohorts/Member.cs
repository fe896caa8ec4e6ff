namespace CohortBot.Cohorts;

internal enum MemberRole
{
    Teacher,
    Coach,
    Coordinator,
}

/// A person of the district. Who they are on Teams and Slack is kept by the channels
/// (<see cref="Channels.Identities.PlatformIdentity"/>), linked by one policy for both platforms.
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

    /// Where the member is asked when they are on both platforms (Teams unless the roster says otherwise).
    public Outbox.Platform PreferredPlatform { get; set; }

    public List<Cohort> Cohorts { get; } = [];
}
