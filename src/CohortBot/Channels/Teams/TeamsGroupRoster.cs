using CohortBot.Cohorts.Following;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Teams;

/// A team's (or channel's) members for a cohort that follows it, from <c>pagedmembers</c> (paced per
/// tenant and conversation by the connector client), at the service URL the bot last saw for the
/// team, else for the tenant, else <c>Teams:DefaultServiceUrl</c>. A member record of another tenant,
/// or with the guest role, is a guest.
internal sealed class TeamsGroupRoster(CohortDbContext db, ConnectorClient connector, TrustedServiceUrls trusted, IOptions<TeamsChannelOptions> options) : IGroupRoster
{
    public Platform Platform => Platform.Teams;

    /// A channel message's conversation id names the thread after a <c>;messageid=</c>: the channel is what comes before.
    public string GroupOf(string channelId) => channelId.Split(';', 2)[0];

    public async Task<IReadOnlyList<GroupMember>> MembersAsync(Follow group, string tenantId, Func<string, bool> needsProfile, CancellationToken cancellationToken)
    {
        var serviceUrl = await db.Conversations.Where(c => c.Platform == Platform.Teams && (c.ExternalId == group.GroupId || c.TeamId == group.GroupId) && c.ServiceUrl != null)
                .OrderByDescending(c => c.Id).Select(c => c.ServiceUrl).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Identities.Where(i => i.Platform == Platform.Teams && i.TenantId == tenantId && i.ServiceUrl != null)
                .OrderByDescending(i => i.Id).Select(i => i.ServiceUrl).FirstOrDefaultAsync(cancellationToken)
            ?? options.Value.DefaultServiceUrl;
        // Service URLs in the store came on authenticated activities, or from configuration.
        trusted.Trust(serviceUrl);
        var members = new List<GroupMember>();
        try
        {
            await foreach (var member in connector.GetAllMembersAsync(serviceUrl, group.GroupId, tenantId: tenantId, cancellationToken: cancellationToken))
            {
                var guest = string.Equals(member.UserRole, "guest", StringComparison.OrdinalIgnoreCase)
                    || (member.TenantId is { Length: > 0 } tenant && !string.Equals(tenant, tenantId, StringComparison.OrdinalIgnoreCase));
                var email = new[] { member.Email, member.UserPrincipalName }.FirstOrDefault(e => e is not null && e.Contains('@', StringComparison.Ordinal));
                // Without an object id there is nobody to link: listed as a person with no e-mail to match.
                members.Add(member.AadObjectId is { Length: > 0 } aad
                    ? new GroupMember(aad, member.Name, email, Guest: guest)
                    : new GroupMember(member.Id ?? "", member.Name, null, Guest: guest));
            }
        }
        catch (ConnectorException failure)
        {
            throw new GroupRosterUnavailableException($"Teams answered {(int)failure.StatusCode} {failure.ErrorCode} for the team's members", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new GroupRosterUnavailableException("Teams could not be reached for the team's members", failure);
        }
        return members;
    }
}
