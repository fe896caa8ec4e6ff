using CohortBot.Cohorts.Following;
using CohortBot.Outbox;
using CohortBot.Slack;

namespace CohortBot.Channels.Slack;

/// A Slack channel's members for a cohort that follows it: <c>conversations.members</c> (Tier 4,
/// cursor paged), then <c>users.info</c> (Tier 4) only for those not linked yet, both paced by the
/// Web API client and retried on 429 after <c>Retry-After</c>. A user of another workspace, or a
/// guest account, is a guest.
internal sealed class SlackGroupRoster(SlackApiClient slack) : IGroupRoster
{
    public Platform Platform => Platform.Slack;

    public string GroupOf(string channelId) => channelId;

    public async Task<IReadOnlyList<GroupMember>> MembersAsync(Follow group, string tenantId, Func<string, bool> needsProfile, CancellationToken cancellationToken)
    {
        try
        {
            var ids = await slack.GetConversationMembersAsync(group.GroupId, cancellationToken);
            var members = new List<GroupMember>(ids.Count);
            foreach (var id in ids)
            {
                if (!needsProfile(id))
                {
                    members.Add(new GroupMember(id));
                    continue;
                }
                var user = await slack.GetUserInfoAsync(id, cancellationToken);
                // On Enterprise Grid the district names the org, and each user their own workspace.
                var foreign = user.TeamId is { Length: > 0 } team && team != tenantId && !tenantId.StartsWith('E');
                members.Add(new GroupMember(
                    id,
                    user.RealName ?? user.Profile?.RealName ?? user.Name,
                    user.Profile?.Email,
                    user.Tz,
                    Guest: foreign || user.IsRestricted || user.IsUltraRestricted,
                    Bot: user.IsBot || user.IsAppUser || user.Deleted || id == "USLACKBOT"));
            }
            return members;
        }
        catch (SlackApiException failure)
        {
            throw new GroupRosterUnavailableException($"Slack answered {failure.Error} for the channel's members", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new GroupRosterUnavailableException("Slack could not be reached for the channel's members", failure);
        }
    }
}
