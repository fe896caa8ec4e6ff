using CohortBot.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Channels.Identities;

/// Who a roster member is on one platform, and where the bot reaches them there. One per member and
/// platform; one member per platform user. Ids are opaque text; Teams' AAD and tenant ids are kept
/// lower-case, as Teams compares them without case.
internal sealed class PlatformIdentity
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    public Cohorts.Member? Member { get; set; }
    public Platform Platform { get; set; }

    /// Teams: the Microsoft 365 tenant. Slack: the workspace (team id), or the Enterprise Grid org.
    public required string TenantId { get; set; }

    /// Teams: the AAD object id. Slack: the user id.
    public required string UserId { get; set; }

    /// The 1:1 conversation with the bot, once known (Teams' conversation id; Slack's DM channel).
    public string? ConversationId { get; set; }

    /// Teams: the Bot Connector service URL the 1:1 conversation lives at.
    public string? ServiceUrl { get; set; }

    /// How the link was made: <c>roster</c> (the file named the id), <c>email</c> (the platform's
    /// profile e-mail matched inside the district's own tenant or workspace).
    public required string LinkedBy { get; set; }

    public DateTimeOffset LinkedAt { get; set; }

    /// Set when the platform said the person cannot be reached (blocked the bot, left); cleared when
    /// they write to the bot again.
    public string? UnreachableReason { get; set; }
}

internal sealed class PlatformIdentityMapping : IEntityTypeConfiguration<PlatformIdentity>
{
    public void Configure(EntityTypeBuilder<PlatformIdentity> identity)
    {
        identity.ToTable("Identities");
        identity.Property(i => i.TenantId).HasMaxLength(100);
        identity.Property(i => i.UserId).HasMaxLength(100);
        identity.Property(i => i.ConversationId).HasMaxLength(500);
        identity.Property(i => i.ServiceUrl).HasMaxLength(500);
        identity.Property(i => i.LinkedBy).HasMaxLength(16);
        identity.Property(i => i.UnreachableReason).HasMaxLength(300);
        identity.HasIndex(i => new { i.Platform, i.TenantId, i.UserId }).IsUnique();
        identity.HasIndex(i => new { i.MemberId, i.Platform }).IsUnique();
        identity.HasOne(i => i.Member).WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
