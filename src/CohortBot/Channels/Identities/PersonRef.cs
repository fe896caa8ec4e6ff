using CohortBot.Outbox;

namespace CohortBot.Channels.Identities;

/// A person as a platform names them on an authenticated request: the platform, the tenant or
/// workspace the request came from (already checked to be a district's), and their user id there
/// (Teams: the AAD object id; Slack: the user id).
internal sealed record PersonRef(Platform Platform, string TenantId, string UserId)
{
    /// Teams compares AAD and tenant ids without case; Slack ids are case-sensitive.
    public static PersonRef Of(Platform platform, string tenantId, string userId) =>
        platform == Platform.Teams ? new(platform, tenantId.ToLowerInvariant(), userId.ToLowerInvariant()) : new(platform, tenantId, userId);
}
