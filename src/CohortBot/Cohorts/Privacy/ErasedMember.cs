using System.Security.Cryptography;
using System.Text;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Cohorts.Privacy;

/// What is left of a member who was erased: enough to recognise them again, nothing to know who they
/// were. A roster import skips an e-mail held here and the platforms' linking never links the people
/// held here, so neither a seed nor a sync brings an erased person back. Only hashes are kept (the
/// e-mail and the platform user ids are what an import and a sync compare); they are not secret from
/// someone who already knows the e-mail, and are kept for exactly that comparison.
internal sealed class ErasedMember
{
    public int Id { get; set; }
    public int DistrictId { get; set; }

    /// The member row left behind, anonymised (other people's records still point at it: the visits
    /// they made to the erased host, the replies the erased coach wrote to them).
    public int MemberId { get; set; }

    /// SHA-256 of the lower-case e-mail, hex.
    public required string EmailHash { get; set; }

    /// SHA-256 of <c>teams:{tenant}:{aad id}</c> and <c>slack:{workspace}:{user id}</c>, when they had one.
    public string? TeamsUserHash { get; set; }
    public string? SlackUserHash { get; set; }

    public DateTimeOffset ErasedAt { get; set; }

    public static string HashEmail(string email) => Hash(email.Trim().ToLowerInvariant());

    public static string HashPerson(Platform platform, string tenantId, string userId) =>
        Hash($"{platform.ToString().ToLowerInvariant()}:{tenantId}:{userId}");

    /// Whether the person with <paramref name="email"/>, or the platform user <paramref name="person"/>, was erased.
    public static async Task<bool> IsErasedAsync(CohortDbContext db, string? email, Channels.Identities.PersonRef? person, CancellationToken cancellationToken)
    {
        var emailHash = email is null ? null : HashEmail(email);
        var personHash = person is null ? null : HashPerson(person.Platform, person.TenantId, person.UserId);
        return await db.ErasedMembers.AnyAsync(e =>
            (emailHash != null && e.EmailHash == emailHash)
            || (personHash != null && (e.TeamsUserHash == personHash || e.SlackUserHash == personHash)), cancellationToken);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

internal sealed class ErasedMemberMapping : IEntityTypeConfiguration<ErasedMember>
{
    public void Configure(EntityTypeBuilder<ErasedMember> erased)
    {
        erased.Property(e => e.EmailHash).HasMaxLength(64);
        erased.Property(e => e.TeamsUserHash).HasMaxLength(64);
        erased.Property(e => e.SlackUserHash).HasMaxLength(64);
        erased.HasIndex(e => e.EmailHash);
        erased.HasIndex(e => e.TeamsUserHash);
        erased.HasIndex(e => e.SlackUserHash);
        erased.HasIndex(e => e.MemberId).IsUnique();
        erased.HasOne<District>().WithMany().HasForeignKey(e => e.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}
