using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Teams;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Teams;

/// Links Teams people to roster members and remembers where the bot can reach them. A member is
/// found by AAD object id, else by the e-mail or UPN that Teams' member record gives (then the AAD
/// id is remembered, so the lookup happens once). Changes join the caller's unit of work.
internal sealed class TeamsRoster(CohortDbContext db, ConnectorClient connector, TimeProvider time, ILogger<TeamsRoster> logger)
{
    /// The roster member who sent <paramref name="activity"/>, or null for someone not on a roster.
    /// In a 1:1 chat, also records the conversation so check-ins can be sent there later.
    public async Task<Member?> FindSenderAsync(Activity activity, CancellationToken cancellationToken)
    {
        var personal = activity.Kind() == ConversationKind.Personal;
        var member = await FindByAadAsync(activity.TenantId(), activity.From?.AadObjectId, cancellationToken);
        if (member is null && personal && activity.From?.Id is { } userId)
        {
            var record = await LookUpAsync(activity, userId, cancellationToken);
            if (record is not null)
                member = await LinkAsync(record, activity.TenantId(), cancellationToken);
        }

        if (member is not null && personal && activity.Conversation?.Id is { } conversationId)
        {
            member.TeamsConversationId = conversationId;
            member.TeamsServiceUrl = activity.ServiceUrl;
            member.TeamsTenantId ??= Lower(activity.TenantId());
        }
        return member;
    }

    /// Links the team's members (only <paramref name="added"/> when given) to the roster by e-mail.
    public async Task LinkTeamMembersAsync(Activity activity, IReadOnlyList<ChannelAccount> added, CancellationToken cancellationToken)
    {
        var teamId = activity.ChannelData?.Team?.Id ?? activity.Conversation?.Id;
        if (teamId is null || activity.ServiceUrl is null)
            return;
        var wanted = added.Select(a => a.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        try
        {
            await foreach (var record in connector.GetAllMembersAsync(activity.ServiceUrl, teamId, tenantId: activity.TenantId(), cancellationToken: cancellationToken))
            {
                if (wanted.Count == 0 || (record.Id is { } id && wanted.Contains(id)))
                    await LinkAsync(record, record.TenantId ?? activity.TenantId(), cancellationToken);
            }
        }
        catch (ConnectorException failure)
        {
            Log.TeamsMembersUnavailable(logger, (int)failure.StatusCode, failure.ErrorCode);
        }
    }

    /// Remembers (or forgets) a team, channel or group chat the bot was added to.
    public async Task RecordConversationAsync(Activity activity, bool removed, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId)
            return;
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Platform == Platform.Teams && c.ExternalId == conversationId, cancellationToken);
        if (conversation is null)
        {
            if (removed)
                return;
            conversation = db.Conversations.Add(new Conversation { Platform = Platform.Teams, ExternalId = conversationId, AddedAt = time.GetUtcNow() }).Entity;
        }
        conversation.Kind = activity.Kind() == ConversationKind.Channel ? ConversationKind.Channel : ConversationKind.Group;
        conversation.TenantId = Lower(activity.TenantId());
        conversation.TeamId = activity.ChannelData?.Team?.Id;
        conversation.ServiceUrl = activity.ServiceUrl;
        conversation.Name = activity.ChannelData?.Channel?.Name ?? activity.ChannelData?.Team?.Name ?? activity.Conversation.Name ?? conversation.Name;
        conversation.RemovedAt = removed ? time.GetUtcNow() : null;
    }

    private async Task<Member?> FindByAadAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(aadObjectId))
            return null;
        var (tenant, aad) = (Lower(tenantId), aadObjectId.ToLowerInvariant());
        return db.Members.Local.FirstOrDefault(m => m.TeamsAadObjectId == aad && (m.TeamsTenantId == tenant || m.TeamsTenantId == null))
            ?? await MemberByAad(db, aad, tenant, cancellationToken);
    }

    /// Asked on every Teams activity, so compiled once rather than looked up in EF's query cache each time.
    private static readonly Func<CohortDbContext, string, string?, CancellationToken, Task<Member?>> MemberByAad =
        EF.CompileAsyncQuery((CohortDbContext db, string aad, string? tenant, CancellationToken _) =>
            db.Members.FirstOrDefault(m => m.TeamsAadObjectId == aad && (m.TeamsTenantId == tenant || m.TeamsTenantId == null)));

    /// The member a Teams member record belongs to; links its AAD id when found by e-mail or UPN.
    private async Task<Member?> LinkAsync(TeamsChannelAccount record, string? tenantId, CancellationToken cancellationToken)
    {
        if (await FindByAadAsync(tenantId, record.AadObjectId, cancellationToken) is { } known)
            return known;
        string[] addresses = [.. new[] { record.Email, record.UserPrincipalName }.OfType<string>().Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Contains('@', StringComparison.Ordinal))];
        if (addresses.Length == 0)
            return null;
        var member = await db.Members.FirstOrDefaultAsync(m => addresses.Contains(m.Email), cancellationToken);
        if (member is null || record.AadObjectId is null)
            return member;
        if (member.TeamsAadObjectId is null || member.TeamsAadObjectId == Lower(record.AadObjectId))
        {
            member.TeamsAadObjectId = Lower(record.AadObjectId);
            member.TeamsTenantId = Lower(tenantId) ?? member.TeamsTenantId;
        }
        return member;
    }

    /// Teams' member record for one person in the conversation, with their e-mail and UPN.
    private async Task<TeamsChannelAccount?> LookUpAsync(Activity activity, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var record in connector.GetAllMembersAsync(activity.ServiceUrl!, activity.Conversation!.Id!, tenantId: activity.TenantId(), cancellationToken: cancellationToken))
            {
                if (record.Id == userId)
                    return record;
            }
        }
        catch (ConnectorException failure)
        {
            Log.TeamsMembersUnavailable(logger, (int)failure.StatusCode, failure.ErrorCode);
        }
        return null;
    }

    private static string? Lower(string? id) => id?.ToLowerInvariant();
}
