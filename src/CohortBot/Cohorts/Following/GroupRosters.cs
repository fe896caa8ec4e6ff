using CohortBot.Outbox;

namespace CohortBot.Cohorts.Following;

/// What a cohort follows: a Teams team or channel, or a Slack channel, by the platform's own id.
internal sealed record Follow(Platform Platform, string GroupId)
{
    public static Follow TeamsTeam(string teamId) => new(Platform.Teams, teamId.Trim());

    public static Follow SlackChannel(string channelId) => new(Platform.Slack, channelId.Trim());

    public string Describe() => Platform == Platform.Teams ? "the Teams team" : $"the Slack channel {GroupId}";
}

/// One person of a followed team or channel, as the platform describes them. The profile (name,
/// e-mail, time zone) is given only when asked for, or when the platform gives it anyway.
internal sealed record GroupMember(string UserId, string? Name = null, string? Email = null, string? TimeZone = null, bool Guest = false, bool Bot = false);

/// The members of a team or channel, read from one platform within its rate limits (implemented by
/// the channels, so that following stays platform-neutral).
internal interface IGroupRoster
{
    Platform Platform { get; }

    /// The team or channel a turn's channel id (<see cref="Turns.Turn.ChannelId"/>) belongs to, to follow it.
    string GroupOf(string channelId);

    /// Every member of <paramref name="group"/> in the district's <paramref name="tenantId"/>; whole,
    /// or <see cref="GroupRosterUnavailableException"/>. <paramref name="needsProfile"/> says of a
    /// user id whether its profile is wanted (someone not linked yet).
    Task<IReadOnlyList<GroupMember>> MembersAsync(Follow group, string tenantId, Func<string, bool> needsProfile, CancellationToken cancellationToken);
}

/// The platform would not give the whole roster: the sync changes nothing and is tried again.
internal sealed class GroupRosterUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
