using System.Text.Json;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Identities;

/// The one policy that ties platform people to roster members, for Teams and Slack alike:
/// - a person is found by their platform id within their tenant or workspace;
/// - an e-mail links only inside the member's own district's tenant or workspace, only to a member
///   not yet linked on that platform, and never replaces a link or a 1:1 conversation;
/// - every new link is in the audit log.
/// A profile e-mail is written by the admins of the sender's own tenant, so matching it across
/// tenants would let any tenant claim a district's teacher. Changes join the caller's unit of work.
internal sealed class IdentityLinks(CohortDbContext db, TimeProvider time)
{
    /// The identity (with its member id) of <paramref name="person"/>, or null when not linked.
    public async Task<PlatformIdentity?> FindAsync(PersonRef person, CancellationToken cancellationToken) =>
        db.Identities.Local.FirstOrDefault(i => Matches(i, person)) ?? await ByPerson(db, person.Platform, person.TenantId, person.UserId, cancellationToken);

    /// Asked on every turn, so compiled once rather than looked up in EF's query cache each time.
    private static readonly Func<CohortDbContext, Platform, string, string, CancellationToken, Task<PlatformIdentity?>> ByPerson =
        EF.CompileAsyncQuery((CohortDbContext db, Platform platform, string tenant, string user, CancellationToken _) =>
            db.Identities.FirstOrDefault(i => i.Platform == platform && i.TenantId == tenant && i.UserId == user));

    public Task<PlatformIdentity?> OfMemberAsync(int memberId, Platform platform, CancellationToken cancellationToken) =>
        db.Identities.FirstOrDefaultAsync(i => i.MemberId == memberId && i.Platform == platform, cancellationToken);

    /// Links <paramref name="person"/> to the member with <paramref name="email"/> when the policy
    /// allows it; returns the new identity, or null (nobody with that e-mail, another district's
    /// tenant, or the member already linked on this platform).
    public async Task<PlatformIdentity?> LinkByEmailAsync(PersonRef person, string email, string actor, CancellationToken cancellationToken)
    {
        var address = email.Trim().ToLowerInvariant();
        // A person a coordinator erased is never linked again, by their e-mail nor by their platform id.
        if (await Cohorts.Privacy.ErasedMember.IsErasedAsync(db, address, person, cancellationToken))
            return null;
        var candidate = await db.Members.AsNoTracking()
            .Where(m => m.Email == address)
            .Select(m => new { m.Id, District = db.Districts.First(d => d.Id == m.DistrictId) })
            .FirstOrDefaultAsync(cancellationToken);
        if (candidate is null || !IsDistrictTenant(candidate.District, person))
            return null;
        if (await db.Identities.AnyAsync(i => i.MemberId == candidate.Id && i.Platform == person.Platform, cancellationToken)
            || db.Identities.Local.Any(i => i.MemberId == candidate.Id && i.Platform == person.Platform))
            return null;
        return Add(candidate.Id, candidate.District, person, "email", actor);
    }

    /// Links a member to the identity a roster file names. The importer has already checked that no
    /// other member holds it.
    public PlatformIdentity LinkFromRoster(Member member, District district, PersonRef person, string actor, PlatformIdentity? existing)
    {
        if (existing is not null)
        {
            if (existing.TenantId == person.TenantId && existing.UserId == person.UserId)
                return existing;
            // The roster is the coordinator's word: a corrected id replaces the old one, conversation and all.
            db.Identities.Remove(existing);
        }
        var identity = db.Identities.Add(new PlatformIdentity { Member = member, Platform = person.Platform, TenantId = person.TenantId, UserId = person.UserId, LinkedBy = "roster", LinkedAt = time.GetUtcNow() }).Entity;
        Audit(actor, member.Email, district, person, "roster");
        return identity;
    }

    /// Links a member just created from a platform's own roster (a followed team or channel of the
    /// district's tenant or workspace) to the person it was created from.
    public PlatformIdentity LinkCreated(Member member, District district, PersonRef person, string linkedBy, string actor)
    {
        var identity = db.Identities.Add(new PlatformIdentity { Member = member, Platform = person.Platform, TenantId = person.TenantId, UserId = person.UserId, LinkedBy = linkedBy, LinkedAt = time.GetUtcNow() }).Entity;
        Audit(actor, member.Email, district, person, linkedBy);
        return identity;
    }

    /// Remembers where the bot reaches a person it found by their platform id, as they wrote from
    /// their own 1:1 chat: the platform vouches for who wrote and where, so the chat they write from
    /// is theirs (an e-mail link, which the platform does not vouch for, never moves a conversation).
    public static void RecordPersonalConversation(PlatformIdentity identity, string conversationId, string? serviceUrl)
    {
        identity.ConversationId = conversationId;
        if (serviceUrl is not null)
            identity.ServiceUrl = serviceUrl;
        identity.UnreachableReason = null;
    }

    private PlatformIdentity Add(int memberId, District district, PersonRef person, string linkedBy, string actor)
    {
        var identity = db.Identities.Add(new PlatformIdentity
        {
            MemberId = memberId, Platform = person.Platform, TenantId = person.TenantId, UserId = person.UserId, LinkedBy = linkedBy, LinkedAt = time.GetUtcNow(),
        }).Entity;
        Audit(actor, $"member:{memberId}", district, person, linkedBy);
        return identity;
    }

    /// The district is named by its id once it has one (it may be a copy the store does not track),
    /// else by the entity an import is creating.
    private void Audit(string actor, string subject, District district, PersonRef person, string linkedBy) => db.AuditLog.Add(new AuditEntry
    {
        At = time.GetUtcNow(),
        Actor = actor,
        Action = "identity.link",
        Subject = subject,
        DistrictId = district.Id == 0 ? null : district.Id,
        District = district.Id == 0 ? district : null,
        DetailsJson = JsonSerializer.Serialize(new { platform = person.Platform.ToString(), tenant = person.TenantId, user = person.UserId, by = linkedBy }),
    });

    private static bool IsDistrictTenant(District district, PersonRef person) => person.Platform switch
    {
        Platform.Teams => district.TeamsTenantId is { } tenant && string.Equals(tenant, person.TenantId, StringComparison.OrdinalIgnoreCase),
        _ => district.SlackTeamId is { } team && string.Equals(team, person.TenantId, StringComparison.Ordinal),
    };

    private static bool Matches(PlatformIdentity identity, PersonRef person) =>
        identity.Platform == person.Platform && identity.TenantId == person.TenantId && identity.UserId == person.UserId;
}
