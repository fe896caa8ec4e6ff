using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Resources;

internal sealed class ResourceMapping : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> resource)
    {
        resource.Property(r => r.Title).HasMaxLength(300);
        resource.Property(r => r.Url).HasMaxLength(2000);
        resource.Property(r => r.NormalizedUrl).HasMaxLength(2000);
        resource.Property(r => r.Description).HasMaxLength(4000);
        resource.Property(r => r.SourceKey).HasMaxLength(400);
        resource.Property(r => r.SourceLink).HasMaxLength(2000);
        resource.HasIndex(r => new { r.CohortId, r.SharedAt });
        resource.HasIndex(r => new { r.CohortId, r.NormalizedUrl }).IsUnique();
        resource.HasIndex(r => r.SourceKey);
    }
}

internal sealed class ResourceVoteMapping : IEntityTypeConfiguration<ResourceVote>
{
    public void Configure(EntityTypeBuilder<ResourceVote> vote)
    {
        vote.Property(v => v.Question).HasMaxLength(500);
        vote.HasIndex(v => new { v.ResourceId, v.MemberId, v.Question }).IsUnique();
    }
}
