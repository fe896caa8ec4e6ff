using CohortBot.Channels.Identities;
using CohortBot.Outbox;
using CohortBot.Slack;
using CohortBot.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Slack;

/// Finds the roster member behind a Slack request, under the one linking policy
/// (<see cref="IdentityLinks"/>): by user id within the district's workspace; else by the e-mail
/// Slack has for them, looked up at most once a period (<see cref="StrangerCache"/>). Events are
/// handled from a queue, so they may look up at once; a slash command or an interaction must answer
/// within 3 seconds and leaves the lookup to a job, so the person is known from their next request.
internal sealed class SlackIdentities(CohortDbContext db, IdentityLinks links, StrangerCache strangers, SlackApiClient slack, IBackgroundJobClient jobs, ILogger<SlackIdentities> logger)
{
    public async Task<int?> FindAsync(string workspace, string? userId, bool mayLookUp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId))
            return null;
        var person = PersonRef.Of(Platform.Slack, workspace, userId);
        if (await links.FindAsync(person, cancellationToken) is { } identity)
            return identity.MemberId;
        if (!strangers.ShouldLookUp(person))
            return null;
        if (!mayLookUp)
        {
            jobs.Enqueue<SlackIdentities>(job => job.LinkAsync(workspace, userId, CancellationToken.None));
            return null;
        }
        return (await LinkByEmailAsync(person, cancellationToken))?.MemberId;
    }

    /// The job behind a request that could not wait: links the person by their Slack e-mail, if the policy allows.
    public async Task LinkAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        if (await LinkByEmailAsync(PersonRef.Of(Platform.Slack, workspace, userId), cancellationToken) is not null)
            await db.SaveChangesAsync(cancellationToken);
    }

    /// Links the district's members who have no Slack identity yet by their e-mail, from one paged
    /// read of the workspace's users (<c>users.list</c>, 200 a page) rather than one Tier 3
    /// <c>users.lookupByEmail</c> a person, which would take over an hour for 5,000 people.
    public async Task LinkDistrictAsync(int districtId, CancellationToken cancellationToken)
    {
        var workspace = await db.Districts.Where(d => d.Id == districtId).Select(d => d.SlackTeamId).SingleOrDefaultAsync(cancellationToken);
        if (workspace is null)
            return;
        var unlinked = await db.Members
            .Where(m => m.DistrictId == districtId && !db.Identities.Any(i => i.MemberId == m.Id && i.Platform == Platform.Slack))
            .Select(m => m.Email).ToListAsync(cancellationToken);
        if (unlinked.Count == 0)
            return;
        var wanted = unlinked.ToHashSet(StringComparer.OrdinalIgnoreCase);
        try
        {
            await foreach (var user in slack.EnumerateUsersAsync(cancellationToken))
            {
                if (!user.IsBot && !user.Deleted && user.Profile?.Email is { Length: > 0 } email && wanted.Remove(email.Trim()))
                    await links.LinkByEmailAsync(PersonRef.Of(Platform.Slack, workspace, user.Id), email, "slack:users.list", cancellationToken);
                if (wanted.Count == 0)
                    break;
            }
        }
        catch (SlackApiException failure)
        {
            Log.SlackUserUnavailable(logger, failure.Error);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<PlatformIdentity?> LinkByEmailAsync(PersonRef person, CancellationToken cancellationToken)
    {
        SlackUser user;
        try
        {
            user = await slack.GetUserInfoAsync(person.UserId, cancellationToken);
        }
        catch (SlackApiException failure)
        {
            Log.SlackUserUnavailable(logger, failure.Error);
            return null;
        }
        if (user.IsBot || user.Profile?.Email is not { Length: > 0 } email)
            return null;
        return await links.LinkByEmailAsync(person, email, "slack", cancellationToken);
    }
}
