using CohortBot.Channels.Identities;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Teams;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Teams;

/// Finds the roster member behind a Teams activity, under the one linking policy
/// (<see cref="IdentityLinks"/>): by AAD object id within the activity's tenant; else, for a person
/// writing from their 1:1 chat, by the e-mail or UPN of their Teams member record, looked up at most
/// once a period (<see cref="StrangerCache"/>) and never for an invoke, which must answer at once.
/// Also remembers the teams, channels and group chats the bot is in.
internal sealed class TeamsIdentities(CohortDbContext db, IdentityLinks links, StrangerCache strangers, ConnectorClient connector, TimeProvider time, ILogger<TeamsIdentities> logger)
{
    /// How long a member-record lookup may hold up the answer to a message before it goes on without.
    private static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(2);

    /// The person who sent <paramref name="activity"/>, or null when Teams named nobody we can compare.
    public static PersonRef? Person(Activity activity) =>
        activity.TenantId() is { Length: > 0 } tenant && activity.From?.AadObjectId is { Length: > 0 } aad ? PersonRef.Of(Platform.Teams, tenant, aad) : null;

    /// The member id of the sender, or null for someone not on a roster. In their 1:1 chat, the
    /// conversation is remembered so check-ins can be sent there later.
    public async Task<int?> FindSenderAsync(Activity activity, bool mayLookUp, CancellationToken cancellationToken)
    {
        if (Person(activity) is not { } person)
            return null;
        var personal = activity.Kind() == ConversationKind.Personal;
        var identity = await links.FindAsync(person, cancellationToken);
        if (identity is null && personal && mayLookUp && strangers.ShouldLookUp(person))
            identity = await LinkByEmailAsync(activity, person, cancellationToken);

        if (identity is not null && personal && activity.Conversation?.Id is { } conversationId)
            IdentityLinks.RecordPersonalConversation(identity, conversationId, activity.ServiceUrl);
        return identity?.MemberId;
    }

    /// Remembers (or forgets) a team, channel or group chat the bot was added to.
    public async Task RecordConversationAsync(Activity activity, bool removed, CancellationToken cancellationToken)
    {
        // A reply in a channel's thread names the thread after ";messageid=": the channel is before it.
        if (activity.Conversation?.Id?.Split(';', 2)[0] is not { Length: > 0 } conversationId)
            return;
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Platform == Platform.Teams && c.ExternalId == conversationId, cancellationToken);
        if (conversation is null)
        {
            if (removed)
                return;
            conversation = db.Conversations.Add(new Conversation { Platform = Platform.Teams, ExternalId = conversationId, AddedAt = time.GetUtcNow() }).Entity;
        }
        conversation.Kind = activity.Kind() == ConversationKind.Channel ? ConversationKind.Channel : ConversationKind.Group;
        conversation.TenantId = activity.TenantId()?.ToLowerInvariant();
        conversation.TeamId = activity.ChannelData?.Team?.Id;
        conversation.ServiceUrl = activity.ServiceUrl;
        conversation.Name = activity.ChannelData?.Channel?.Name ?? activity.ChannelData?.Team?.Name ?? activity.Conversation.Name ?? conversation.Name;
        conversation.RemovedAt = removed ? time.GetUtcNow() : null;
    }

    /// A channel or group chat that writes to the bot although its install was never seen (the app was
    /// added before installs were kept, or by the Agents Playground): remembered as if just added, so a
    /// cohort can follow its team and read the members at the service URL it came from.
    public async Task RememberConversationAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Kind() == ConversationKind.Personal || activity.Conversation?.Id?.Split(';', 2)[0] is not { Length: > 0 } conversationId)
            return;
        if (!await db.Conversations.AnyAsync(c => c.Platform == Platform.Teams && c.ExternalId == conversationId && c.RemovedAt == null && c.ServiceUrl == activity.ServiceUrl, cancellationToken))
            await RecordConversationAsync(activity, removed: false, cancellationToken);
    }

    private async Task<PlatformIdentity?> LinkByEmailAsync(Activity activity, PersonRef person, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(LookupBudget);
        TeamsChannelAccount? record = null;
        try
        {
            await foreach (var member in connector.GetAllMembersAsync(activity.ServiceUrl!, activity.Conversation!.Id!, tenantId: activity.TenantId(), cancellationToken: budget.Token))
            {
                if (member.Id == activity.From?.Id || string.Equals(member.AadObjectId, person.UserId, StringComparison.OrdinalIgnoreCase))
                {
                    record = member;
                    break;
                }
            }
        }
        catch (ConnectorException failure)
        {
            Log.TeamsMembersUnavailable(logger, (int)failure.StatusCode, failure.ErrorCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Out of time: answer now as to someone we do not know, and look again next period.
        }

        foreach (var email in new[] { record?.Email, record?.UserPrincipalName }.OfType<string>().Where(e => e.Contains('@', StringComparison.Ordinal)))
        {
            if (await links.LinkByEmailAsync(person, email, "teams", cancellationToken) is { } linked)
                return linked;
        }
        return null;
    }
}
